# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicCreditUnapply(models.TransientModel):
    """Remove a credit's application to one of the invoices it pays."""

    _name = "clinic.credit.unapply"
    _description = "Unapply a Client Credit"

    credit_id = fields.Many2one("clinic.client.credit", required=True, readonly=True)
    currency_id = fields.Many2one(related="credit_id.currency_id")
    applied_invoice_ids = fields.Many2many(related="credit_id.applied_invoice_ids")
    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        domain="[('id', 'in', applied_invoice_ids)]",
        compute="_compute_invoice_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("applied_invoice_ids")
    def _compute_invoice_id(self):
        for wizard in self:
            # The only invoice it pays is the obvious choice.
            if len(wizard.applied_invoice_ids) == 1:
                wizard.invoice_id = wizard.applied_invoice_ids
            elif wizard.invoice_id not in wizard.applied_invoice_ids:
                wizard.invoice_id = False

    def action_confirm(self):
        self.ensure_one()
        self.credit_id.action_unapply(self.invoice_id.id)
        return {"type": "ir.actions.act_window_close"}
