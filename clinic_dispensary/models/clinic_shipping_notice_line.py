# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.tools import float_compare, format_date


class ClinicShippingNoticeLine(models.Model):
    """What is shipped of one order line, in one lot: a line shipped in
    several lots has a notice line per lot."""

    _name = "clinic.shipping.notice.line"
    _description = "Advance Shipping Notice Line"
    _order = "notice_id, purchase_line_id, id"
    _check_company_auto = True

    notice_id = fields.Many2one(
        "clinic.shipping.notice", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="notice_id.company_id", store=True)
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Order Line",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('order_id', '=', parent.purchase_id), ('display_type', '=', False)]",
    )
    product_id = fields.Many2one(
        related="purchase_line_id.product_id", string="Item", store=True
    )
    tracking = fields.Selection(related="product_id.tracking")
    use_expiration_date = fields.Boolean(related="product_id.use_expiration_date")
    quantity = fields.Float(
        string="Quantity Shipped", digits="Product Unit of Measure", default=0.0
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    lot_name = fields.Char(string="Lot/Serial Number")
    expiration_date = fields.Date(string="Expiry Date")

    @api.depends("purchase_line_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.purchase_line_id.product_uom

    def _get_order_quantity(self):
        """The quantity shipped, in the order line's unit."""
        self.ensure_one()
        return self.product_uom_id._compute_quantity(
            self.quantity, self.purchase_line_id.product_uom
        )

    def _get_send_errors(self):
        errors = []
        today = fields.Date.context_today(self)
        for line in self:
            item = line.product_id.display_name
            if line.purchase_line_id.order_id != line.notice_id.purchase_id:
                errors.append(
                    _("%s is not on the purchase order of this notice.", item)
                )
            rounding = line.product_uom_id.rounding
            if float_compare(line.quantity, 0.0, precision_rounding=rounding) < 0:
                errors.append(_("%s: the quantity shipped cannot be negative.", item))
                continue
            if float_compare(line.quantity, 0.0, precision_rounding=rounding) == 0:
                continue
            if line.tracking != "none" and not (line.lot_name or "").strip():
                errors.append(
                    _("%s is tracked by lot: enter the lot number shipped.", item)
                )
            if line.tracking == "serial" and (
                float_compare(
                    line.product_uom_id._compute_quantity(
                        line.quantity, line.product_id.uom_id
                    ),
                    1.0,
                    precision_rounding=line.product_id.uom_id.rounding,
                )
            ):
                errors.append(
                    _(
                        "%s is tracked by serial number: enter one line per "
                        "unit, with its serial number.",
                        item,
                    )
                )
            if line.use_expiration_date and not line.expiration_date:
                errors.append(
                    _(
                        "%(item)s lot %(lot)s: enter its expiry date.",
                        item=item,
                        lot=line.lot_name or "",
                    )
                )
            if line.expiration_date and line.expiration_date <= today:
                errors.append(
                    _(
                        "%(item)s lot %(lot)s: its expiry date %(date)s is past; "
                        "the clinic does not receive expired lots.",
                        item=item,
                        lot=line.lot_name or "",
                        date=format_date(self.env, line.expiration_date),
                    )
                )
        return errors

    def _get_expiration_datetime(self):
        """The expiry date as the lot stores it: midday, so it shows on the
        same day in every timezone."""
        self.ensure_one()
        if not self.expiration_date:
            return False
        return datetime.combine(self.expiration_date, time(12, 0))

    def _prepare_move_line_vals(self, move):
        """This line as a detailed operation of the receipt's `move`."""
        self.ensure_one()
        vals = {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": self.product_id.id,
            "product_uom_id": self.product_uom_id.id,
            "quantity": self.quantity,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "clinic_notice_line_id": self.id,
        }
        if self.tracking != "none":
            vals["lot_name"] = self.lot_name.strip()
            if self.use_expiration_date:
                vals["expiration_date"] = self._get_expiration_datetime()
        return vals
