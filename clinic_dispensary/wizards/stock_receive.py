# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class ClinicStockReceive(models.TransientModel):
    """Receive Stock: a validated receipt with lots, expiry dates and costs,
    from a purchase order or directly from a supplier."""

    _name = "clinic.stock.receive"
    _description = "Receive Stock"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        check_company=True,
        domain="[('state', 'in', ('purchase', 'done'))]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    reference = fields.Char(
        compute="_compute_reference",
        store=True,
        readonly=False,
        precompute=True,
        help="Purchase order or delivery note reference.",
    )
    line_ids = fields.One2many("clinic.stock.receive.line", "wizard_id", string="Items")
    picking_id = fields.Many2one("stock.picking", readonly=True)

    @api.depends("purchase_id")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.purchase_id:
                wizard.partner_id = wizard.purchase_id.partner_id

    @api.depends("purchase_id")
    def _compute_reference(self):
        for wizard in self:
            if wizard.purchase_id:
                wizard.reference = wizard.purchase_id.name

    @api.onchange("purchase_id")
    def _onchange_purchase_id(self):
        if self.purchase_id:
            self.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "quantity": line.product_qty - line.qty_received,
                        "uom_id": line.product_uom.id,
                        "price_unit": line.price_unit,
                    }
                )
                for line in self.purchase_id.order_line
                if line.product_id.is_storable and line.product_qty > line.qty_received
            ]

    def _check_lines(self):
        if not self.line_ids:
            raise UserError(_("Add the items received."))
        for line in self.line_ids:
            if line.quantity <= 0:
                raise UserError(
                    _(
                        "The quantity of %s received must be positive.",
                        line.product_id.display_name,
                    )
                )
            if line.product_id.tracking != "none" and not line.lot_name:
                raise UserError(
                    _(
                        "%s is tracked by lot: enter the lot number.",
                        line.product_id.display_name,
                    )
                )

    def _get_receipt(self):
        """The purchase order's pending receipt, or a new direct receipt."""
        if self.purchase_id:
            picking = self.purchase_id.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )[:1]
            if not picking:
                raise UserError(
                    _(
                        "Purchase order %s has nothing left to receive.",
                        self.purchase_id.name,
                    )
                )
            return picking
        warehouse = self.warehouse_id
        return self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": self.partner_id.id,
                "origin": self.reference,
                "location_id": self.partner_id.property_stock_supplier.id
                or self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "company_id": self.company_id.id,
            }
        )

    def _get_receipt_moves(self, picking):
        """The receipt's move of each item entered: the order's own, or a new
        one for an item it did not list (or for a direct receipt)."""
        open_moves = picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        moves = {}
        to_create = {}
        for product, lines in self.line_ids.grouped("product_id").items():
            move = open_moves.filtered(
                lambda m, product=product: m.product_id == product
            )
            if move:
                moves[product] = move[:1]
            else:
                to_create[product] = lines._prepare_move_vals(picking)
        created = self.env["stock.move"].create(list(to_create.values()))
        moves.update(zip(to_create, created, strict=True))
        return moves

    def _get_existing_lots(self):
        """Lots entered that already exist ({(product, name): lot}): receiving
        more of one goes to it, so Odoo's checks see it (an expired lot)."""
        tracked = self.line_ids.filtered(
            lambda line: line.product_id.tracking != "none"
        )
        if not tracked:
            return {}
        lots = self.env["stock.lot"].search(
            [
                ("product_id", "in", tracked.product_id.ids),
                ("name", "in", tracked.mapped("lot_name")),
                ("company_id", "in", (False, self.company_id.id)),
            ]
        )
        return {(lot.product_id, lot.name): lot for lot in lots}

    def action_confirm(self):
        """Receive what was entered, once. The lines become the receipt's
        detailed operations, replacing what Odoo expected (an item of the
        order not entered did not come), then Odoo validates the receipt as
        its Validate button does, so its checks run (lots, product_expiry's
        expired lots). What the order still expects stays in a backorder."""
        self.ensure_one()
        self._check_lines()
        picking = self._get_receipt()
        moves = self._get_receipt_moves(picking)
        picking.action_confirm()
        picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ).move_line_ids.unlink()
        lots = self._get_existing_lots()
        self.env["stock.move.line"].create(
            [
                line._prepare_move_line_vals(
                    moves[line.product_id], lots.get((line.product_id, line.lot_name))
                )
                for line in self.line_ids
            ]
        )
        self.env["stock.move"].concat(*moves.values()).picked = True
        self.picking_id = picking
        result = picking.with_context(skip_backorder=True).button_validate()
        if picking.state != "done":
            # Odoo asks first (e.g. to confirm receiving an expired lot); its
            # dialog completes the validation.
            return result
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }


class ClinicStockReceiveLine(models.TransientModel):
    _name = "clinic.stock.receive.line"
    _description = "Receive Stock Line"

    wizard_id = fields.Many2one(
        "clinic.stock.receive", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        domain="[('is_storable', '=', True)]",
    )
    tracking = fields.Selection(related="product_id.tracking")
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", required=True
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_name = fields.Char(string="Lot")
    expiration_date = fields.Datetime()
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    price_unit = fields.Monetary(
        string="Cost per Unit",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="Defaults to the item's cost; the stock valuation follows it.",
    )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.product_id.uom_id

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.standard_price

    def _prepare_move_vals(self, picking):
        """One move for these lines of one product; its cost is their
        weighted average, in the product's unit."""
        product = self.product_id
        product.ensure_one()
        quantity = sum(
            line.uom_id._compute_quantity(line.quantity, product.uom_id)
            for line in self
        )
        value = sum(
            line.uom_id._compute_quantity(line.quantity, product.uom_id)
            * line.uom_id._compute_price(line.price_unit, product.uom_id)
            for line in self
        )
        return {
            "name": product.display_name,
            "product_id": product.id,
            "product_uom_qty": quantity,
            "product_uom": product.uom_id.id,
            "price_unit": value / quantity if quantity else 0.0,
            "picking_id": picking.id,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "company_id": picking.company_id.id,
        }

    def _prepare_move_line_vals(self, move, lot=None):
        """What this line received, as a detailed operation of `move`; an
        existing `lot` keeps its own expiration date."""
        vals = {
            "product_id": self.product_id.id,
            "quantity": self.quantity,
            "product_uom_id": self.uom_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "picking_id": move.picking_id.id,
        }
        if lot:
            vals["lot_id"] = lot.id
        elif self.product_id.tracking != "none":
            vals["lot_name"] = self.lot_name
            if self.expiration_date:
                vals["expiration_date"] = self.expiration_date
        return vals
