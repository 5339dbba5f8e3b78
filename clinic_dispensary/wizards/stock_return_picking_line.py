# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    def _prepare_move_default_values(self, new_picking):
        # A return still serves the invoice line (or appointment) of the move
        # it brings back: the line's net delivered quantity counts it.
        vals = super()._prepare_move_default_values(new_picking)
        if self.move_id:
            vals.update(self.move_id._clinic_link_vals())
        return vals
