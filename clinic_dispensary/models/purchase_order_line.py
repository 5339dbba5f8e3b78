# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
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
