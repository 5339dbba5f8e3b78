# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .stock_move import CLINIC_MOVE_LINKS


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # Moves a procurement creates for a dispensing line (an exchange)
        # keep serving that line.
        return super()._get_custom_move_fields() + list(CLINIC_MOVE_LINKS)
