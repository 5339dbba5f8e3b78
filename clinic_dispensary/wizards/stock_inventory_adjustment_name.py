# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockInventoryAdjustmentName(models.TransientModel):
    _inherit = "stock.inventory.adjustment.name"

    clinic_reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Reason Code",
        help="Kept on each adjustment's audit line and stock move.",
    )
    clinic_note = fields.Char(string="Note")

    def action_apply(self):
        if self.clinic_reason_tag_id or self.clinic_note:
            quants = self.quant_ids.filtered("inventory_quantity_set")
            quants.with_context(clinic_applying_inventory=True).write(
                {
                    "clinic_reason_tag_id": self.clinic_reason_tag_id.id,
                    "clinic_adjustment_note": self.clinic_note,
                }
            )
        return super().action_apply()
