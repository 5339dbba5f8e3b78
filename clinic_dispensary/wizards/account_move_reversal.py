# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        # The new draft's lines are copies of the invoice's: they learn in
        # this context what their goods already delivered (see
        # account.move.line._copy_data_extend_business_fields).
        wizard = self.with_context(clinic_redraft=True) if is_modify else self
        return super(AccountMoveReversal, wizard).reverse_moves(is_modify=is_modify)

    def _modify_default_reverse_values(self, origin_move):
        # "Reverse and create new draft": the new invoice's values are the
        # invoice's rules (see account.move._clinic_modify_default_values).
        values = super()._modify_default_reverse_values(origin_move)
        values.update(origin_move._clinic_modify_default_values())
        return values
