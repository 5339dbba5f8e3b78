# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicCreditEdit(models.TransientModel):
    _name = "clinic.credit.edit"
    _description = "Edit a Client Credit"

    credit_id = fields.Many2one("clinic.client.credit", required=True, readonly=True)
    currency_id = fields.Many2one(related="credit_id.currency_id")
    amount = fields.Monetary(required=True)
    reason = fields.Char(required=True)
    date = fields.Date(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        credit = self.env["clinic.client.credit"].browse(res.get("credit_id"))
        if credit:
            res.update(
                amount=credit.amount_original,
                reason=credit.reason,
                date=credit.move_id.invoice_date or credit.date,
            )
        return res

    def action_confirm(self):
        self.ensure_one()
        self.credit_id._edit_credit(
            amount=self.amount, reason=self.reason, date=self.date
        )
        return {"type": "ir.actions.act_window_close"}
