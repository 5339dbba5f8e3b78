# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PurchaseRequisitionLine(models.Model):
    _inherit = "purchase.requisition.line"

    def _create_supplier_info(self):
        res = super()._create_supplier_info()
        self._clinic_sync_supplier_dates()
        return res

    def _clinic_sync_supplier_dates(self):
        """The contract's vendor prices are valid for its period only, so
        that Odoo's vendor price selection stops using them on its end."""
        for line in self:
            line.supplier_info_ids.sudo().write(
                {
                    "date_start": line.requisition_id.date_start,
                    "date_end": line.requisition_id.date_end,
                }
            )
