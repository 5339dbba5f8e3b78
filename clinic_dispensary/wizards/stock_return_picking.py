# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    clinic_create_credit = fields.Boolean(
        string="Create a Credit",
        help="When the return is validated, credit the client with the value "
        "of the returned goods.",
    )
    clinic_is_customer_return = fields.Boolean(
        compute="_compute_clinic_is_customer_return"
    )

    @api.depends("picking_id")
    def _compute_clinic_is_customer_return(self):
        for wizard in self:
            wizard.clinic_is_customer_return = (
                wizard.picking_id.picking_type_code == "outgoing"
                and bool(wizard.picking_id.partner_id)
            )

    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        if self.clinic_create_credit and self.clinic_is_customer_return:
            vals["clinic_credit_on_done"] = True
        return vals

    def _get_proc_values(self, line):
        # An exchange delivers again for the line the return came from.
        vals = super()._get_proc_values(line)
        if line.move_id:
            vals.update(line.move_id._clinic_link_vals())
        return vals
