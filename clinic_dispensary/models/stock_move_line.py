# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _clinic_supplier(self):
        self.ensure_one()
        partner = self.picking_id.partner_id or self.move_id.partner_id
        return partner.commercial_partner_id

    def _action_done(self):
        # Batch sourcing: a lot remembers the supplier of its first receipt.
        receipts = self.filtered(lambda ml: ml.location_id.usage == "supplier")
        res = super()._action_done()
        for line in receipts.exists():
            lot = line.lot_id
            if lot and not lot.clinic_supplier_id:
                lot.sudo().clinic_supplier_id = line._clinic_supplier()
        return res
