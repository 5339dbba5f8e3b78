# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    clinic_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Clinic",
        compute="_compute_clinic_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The clinic the line is bought for. A clinic other than the "
        "order's gets the line in a receipt of its own (Local), or through "
        "the company's central warehouse and a transfer (Centralized), as "
        "the clinic's Purchases setting says.",
    )

    @api.depends("order_id.picking_type_id")
    def _compute_clinic_warehouse_id(self):
        for line in self:
            if not line.clinic_warehouse_id:
                line.clinic_warehouse_id = line.order_id.picking_type_id.warehouse_id

    def _clinic_split_warehouse(self):
        """The clinic of the line when it is not the order's own (no split
        for a dropship)."""
        self.ensure_one()
        order = self.order_id
        ordering = order.picking_type_id.warehouse_id
        warehouse = self.clinic_warehouse_id
        if not warehouse or not ordering or warehouse == ordering:
            return self.env["stock.warehouse"]
        if order.dest_address_id and order.picking_type_id.code == "dropship":
            return self.env["stock.warehouse"]
        return warehouse

    def write(self, vals):
        if "clinic_warehouse_id" in vals or "product_qty" in vals:
            self._clinic_check_planned_change(vals)
        return super().write(vals)

    def _clinic_check_planned_change(self, vals):
        """Once a line's receipt is planned, Odoo adjusts that receipt when
        the quantity changes, and nothing else: a line's clinic is then
        fixed, and so is the quantity of a line received centrally (its
        transfer to the clinic would keep the old quantity)."""
        for line in self.filtered("move_ids"):
            if "clinic_warehouse_id" in vals and (
                vals["clinic_warehouse_id"] != line.clinic_warehouse_id.id
            ):
                raise UserError(
                    _(
                        "%(item)s on %(order)s is already expected at "
                        "%(clinic)s: its clinic cannot change. Order it for "
                        "the other clinic on a new line.",
                        item=line.product_id.display_name,
                        order=line.order_id.name,
                        clinic=line.clinic_warehouse_id.display_name,
                    )
                )
            warehouse = line._clinic_split_warehouse()
            if (
                "product_qty" in vals
                and warehouse.clinic_supply_mode == "central"
                and float_compare(
                    vals["product_qty"],
                    line.product_qty,
                    precision_rounding=line.product_uom.rounding,
                )
            ):
                raise UserError(
                    _(
                        "%(item)s for %(clinic)s is received at the central "
                        "warehouse and transferred: its quantity on %(order)s "
                        "cannot change once confirmed. Order the difference "
                        "on a new order, or cancel this one and order again.",
                        item=line.product_id.display_name,
                        clinic=warehouse.display_name,
                        order=line.order_id.name,
                    )
                )

    def _prepare_stock_move_vals(
        self, picking, price_unit, product_uom_qty, product_uom
    ):
        """A line for another clinic is received there, in that clinic's
        receipt (Odoo gathers the moves of a receipt type into one picking
        when they are confirmed), or, for a centralized clinic, at the
        company's central warehouse, its move chained to the transfer."""
        vals = super()._prepare_stock_move_vals(
            picking, price_unit, product_uom_qty, product_uom
        )
        warehouse = self._clinic_split_warehouse()
        if not warehouse:
            return vals
        receiving = warehouse._clinic_receiving_warehouse()
        if receiving == self.order_id.picking_type_id.warehouse_id:
            return vals
        receipt_type = receiving.in_type_id
        vals.update(
            {
                "picking_id": False,
                "picking_type_id": receipt_type.id,
                "location_dest_id": receipt_type.default_location_dest_id.id,
                "location_final_id": receiving.lot_stock_id.id,
                "warehouse_id": receiving.id,
            }
        )
        return vals

    def _clinic_nothing_more_expected(self):
        """Received in full, or its receipt closed short (the rest cancelled,
        no move left open)."""
        self.ensure_one()
        if (
            float_compare(
                self.qty_received,
                self.product_qty,
                precision_rounding=self.product_uom.rounding,
            )
            >= 0
        ):
            return True
        moves = self.move_ids
        return bool(moves) and all(m.state in ("done", "cancel") for m in moves)

    def _clinic_quantity_left(self, pending_notice_lines):
        """What the supplier may still ship of this line, in its unit: not
        received yet, nor announced by `pending_notice_lines` (the notices
        sent and not received)."""
        self.ensure_one()
        announced = sum(
            line._get_order_quantity()
            for line in pending_notice_lines
            if line.purchase_line_id == self
        )
        return self.product_qty - self.qty_received - announced
