# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import float_compare


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

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
