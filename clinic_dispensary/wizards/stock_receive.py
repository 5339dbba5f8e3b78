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
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The order's currency, or the company's for a direct receipt.",
    )
    line_ids = fields.One2many("clinic.stock.receive.line", "wizard_id", string="Items")
    backorder = fields.Selection(
        [
            ("backorder", "Expect the rest later (backorder)"),
            ("close", "Close short (nothing more expected)"),
        ],
        string="Missing Quantities",
        default="backorder",
        required=True,
        help="What the order still expects after this delivery: a backorder "
        "waiting for the rest, or nothing (the rest is cancelled).",
    )
    confirm_expired = fields.Boolean(
        string="Receive Expired Lots",
        help="Tick to receive a lot whose expiry date is already past.",
    )
    picking_id = fields.Many2one("stock.picking", readonly=True)

    @api.depends("purchase_id")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.purchase_id:
                wizard.partner_id = wizard.purchase_id.partner_id

    @api.depends("purchase_id", "company_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = (
                wizard.purchase_id.currency_id or wizard.company_id.currency_id
            )

    @api.depends("purchase_id")
    def _compute_reference(self):
        for wizard in self:
            if wizard.purchase_id:
                wizard.reference = wizard.purchase_id.name

    @api.onchange("purchase_id")
    def _onchange_purchase_id(self):
        if self.purchase_id:
            self.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in self._get_order_lines_vals()
            ]

    def _get_order_lines_vals(self):
        """What the order expects: what the supplier's advance shipping
        notices (sent, not received) announce, lot by lot with the expiry
        dates, and none of the lines they leave out; without a notice, what
        is left of every line."""
        notice_lines = self.purchase_id._clinic_pending_notice_lines()
        announced = notice_lines.grouped("purchase_line_id")
        # An order split across clinics has a receipt per clinic: the lines
        # of the first one waiting.
        receipt = self._clinic_pending_receipts()[:1]
        vals_list = []
        for line in self.purchase_id.order_line:
            if not line.product_id.is_storable or line.product_qty <= line.qty_received:
                continue
            if receipt and receipt not in line.move_ids.picking_id:
                continue
            vals = {
                "product_id": line.product_id.id,
                "quantity": 0.0
                if notice_lines
                else line.product_qty - line.qty_received,
                "uom_id": line.product_uom.id,
                "price_unit": line.price_unit,
                "purchase_line_id": line.id,
            }
            vals_list += [
                dict(
                    vals,
                    quantity=notice_line.quantity,
                    uom_id=notice_line.product_uom_id.id,
                    price_unit=line.product_uom._compute_price(
                        line.price_unit, notice_line.product_uom_id
                    ),
                    lot_name=notice_line.lot_name,
                    expiration_date=notice_line._get_expiration_datetime(),
                    notice_line_id=notice_line.id,
                )
                for notice_line in announced.get(line, [])
            ] or [vals]
        return vals_list

    def _check_lines(self):
        for line in self.line_ids:
            if line.quantity < 0:
                raise UserError(
                    _(
                        "The quantity of %s received cannot be negative: enter "
                        "what came, or 0 if none did.",
                        line.product_id.display_name,
                    )
                )
        if not self._get_received_lines():
            raise UserError(_("Add the items received."))
        for line in self._get_received_lines():
            if line.product_id.tracking != "none" and not line.lot_name:
                raise UserError(
                    _(
                        "%s is tracked by lot: enter the lot number.",
                        line.product_id.display_name,
                    )
                )
        self._check_expiry()

    def _get_received_lines(self):
        """The lines of what came: an item of the order entered as 0 did not."""
        return self.line_ids.filtered(lambda line: line.quantity > 0)

    def _check_expiry(self):
        """An expired lot, new (its expiry date entered) or known, is received
        only when explicitly confirmed: refused before anything is written,
        rather than asked by product_expiry once the receipt is prepared."""
        if self.confirm_expired:
            return
        now = fields.Datetime.now()
        lots = self._get_existing_lots()
        expired = []
        for line in self._get_received_lines():
            lot = lots.get((line.product_id, line.lot_name))
            expiry = lot.expiration_date if lot else line.expiration_date
            if line.product_id.tracking != "none" and expiry and expiry <= now:
                expired.append(
                    _(
                        "%(item)s lot %(lot)s (expired on %(date)s)",
                        item=line.product_id.display_name,
                        lot=line.lot_name,
                        date=fields.Date.to_string(expiry),
                    )
                )
        if expired:
            raise UserError(
                _(
                    "These lots are expired already:\n%s\nTick Receive Expired "
                    "Lots to receive them anyway.",
                    "\n".join(expired),
                )
            )

    def _clinic_pending_receipts(self):
        return self.purchase_id.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).sorted("id")

    def _get_receipt(self):
        """The purchase order's pending receipt, or a new direct receipt."""
        if self.purchase_id:
            picking = self._clinic_pending_receipts()[:1]
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
        lines_by_key = self._get_received_lines().grouped(lambda line: line._move_key())
        for key, lines in lines_by_key.items():
            product, order_line = key
            move = open_moves.filtered(
                lambda m, product=product, order_line=order_line: (
                    m.product_id == product
                    and (not order_line or m.purchase_line_id == order_line)
                )
            )
            if move:
                moves[key] = move[:1]
            else:
                to_create[key] = lines._prepare_move_vals(picking)
        created = self.env["stock.move"].create(list(to_create.values()))
        moves.update(zip(to_create, created, strict=True))
        return moves

    def _get_existing_lots(self):
        """Lots entered that already exist ({(product, name): lot}): receiving
        more of one goes to it, so Odoo's checks see it (an expired lot)."""
        tracked = self._get_received_lines().filtered(
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

    def _get_order_costs(self):
        """The cost per unit entered for each order line, in its unit: the
        weighted average when it came in several lots."""
        costs = {}
        received = self._get_received_lines()
        for order_line, lines in received.grouped(
            lambda line: line._get_order_line()
        ).items():
            if not order_line:
                continue
            unit = order_line.product_uom
            quantities = [
                line.uom_id._compute_quantity(line.quantity, unit) for line in lines
            ]
            value = sum(
                quantity * line.uom_id._compute_price(line.price_unit, unit)
                for quantity, line in zip(quantities, lines, strict=True)
            )
            costs[order_line] = value / sum(quantities)
        return costs

    def action_confirm(self):
        """Receive what was entered, once. The lines become the receipt's
        detailed operations, replacing what Odoo expected (an item of the
        order not entered did not come), then Odoo validates the receipt as
        its Validate button does, so its checks run (lots, product_expiry's
        expired lots). What the order still expects stays in a backorder,
        or is cancelled when the order is closed short, as Odoo's backorder
        dialog does. A cost entered for an order line becomes its price
        first, so the valuation follows it."""
        self.ensure_one()
        self._check_lines()
        picking = self._get_receipt()
        if self.purchase_id:
            self.purchase_id._clinic_set_received_costs(self._get_order_costs())
        moves = self._get_receipt_moves(picking)
        picking.action_confirm()
        picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ).move_line_ids.unlink()
        lots = self._get_existing_lots()
        self.env["stock.move.line"].create(
            [
                line._prepare_move_line_vals(
                    moves[line._move_key()], lots.get((line.product_id, line.lot_name))
                )
                for line in self._get_received_lines()
            ]
        )
        self.env["stock.move"].concat(*moves.values()).picked = True
        self.picking_id = picking
        context = {"skip_backorder": True, "skip_expired": self.confirm_expired}
        if self.purchase_id and self.backorder == "close":
            context["picking_ids_not_to_backorder"] = picking.ids
        result = picking.with_context(**context).button_validate()
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
    purchase_line_id = fields.Many2one(
        "purchase.order.line", string="Order Line", readonly=True
    )
    notice_line_id = fields.Many2one(
        "clinic.shipping.notice.line",
        string="Shipping Notice Line",
        readonly=True,
        help="The supplier's advance shipping notice this line comes from.",
    )
    ordered_qty = fields.Float(
        string="Ordered",
        related="purchase_line_id.product_qty",
        digits="Product Unit of Measure",
    )
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
    currency_id = fields.Many2one(related="wizard_id.currency_id")
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

    def _move_key(self):
        """The receipt's move this line goes to: its item's, its order
        line's when it has one (an order may list an item twice)."""
        return self.product_id, self._get_order_line()

    def _get_order_line(self):
        """The order line this line receives, unless its item was changed."""
        self.ensure_one()
        order_line = self.purchase_line_id
        return (
            order_line
            if order_line.product_id == self.product_id
            else order_line.browse()
        )

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
            "clinic_notice_line_id": self.notice_line_id.id,
        }
        if lot:
            vals["lot_id"] = lot.id
        elif self.product_id.tracking != "none":
            vals["lot_name"] = self.lot_name
            if self.expiration_date:
                vals["expiration_date"] = self.expiration_date
        return vals
