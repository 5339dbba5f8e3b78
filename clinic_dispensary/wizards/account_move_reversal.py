# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def _modify_default_reverse_values(self, origin_move):
        # "Reverse and create new draft": the new invoice's values are the
        # invoice's rules (see account.move._clinic_modify_default_values).
        values = super()._modify_default_reverse_values(origin_move)
        values.update(origin_move._clinic_modify_default_values())
        return values
