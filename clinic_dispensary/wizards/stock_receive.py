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

    def action_confirm(self):
        self.ensure_one()
        self._check_lines()
        picking = self._get_receipt()
        lines_by_product = {}
        for line in self.line_ids:
            lines_by_product.setdefault(line.product_id, []).append(line)
        moves = {}
        for product, lines in lines_by_product.items():
            move = picking.move_ids.filtered(
                lambda m, product=product: (
                    m.product_id == product and m.state not in ("done", "cancel")
                )
            )[:1]
            moves[product] = move or self.env["stock.move"].create(
                self.line_ids.concat(*lines)._prepare_move_vals(picking)
            )
        picking.action_confirm()
        for product, lines in lines_by_product.items():
            move = moves[product]
            move.move_line_ids.unlink()
            move.move_line_ids = [
                Command.create(line._prepare_move_line_vals(move)) for line in lines
            ]
        picking.move_ids.filtered("quantity").picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        self.picking_id = picking
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

    def _prepare_move_line_vals(self, move):
        vals = {
            "product_id": self.product_id.id,
            "quantity": self.quantity,
            "product_uom_id": self.uom_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "picking_id": move.picking_id.id,
        }
        if self.product_id.tracking != "none":
            vals["lot_name"] = self.lot_name
            if self.expiration_date:
                vals["expiration_date"] = self.expiration_date
        return vals
