# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicCreditApply(models.TransientModel):
    """Apply a credit to an open invoice: opened from the credit (credit
    given, invoice chosen) or from the invoice (invoice given, credit
    chosen among the client's open credits)."""

    _name = "clinic.credit.apply"
    _description = "Apply a Client Credit"

    credit_id = fields.Many2one(
        "clinic.client.credit",
        required=True,
        domain="[('partner_id', '=', invoice_partner_id),"
        " ('company_id', '=', invoice_company_id),"
        " ('amount_remaining', '>', 0)]",
    )
    partner_id = fields.Many2one(related="credit_id.partner_id")
    company_id = fields.Many2one(related="credit_id.company_id")
    currency_id = fields.Many2one(related="credit_id.currency_id")
    amount_remaining = fields.Monetary(related="credit_id.amount_remaining")
    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', partner_id),"
        " ('company_id', '=', company_id),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    invoice_partner_id = fields.Many2one(
        related="invoice_id.commercial_partner_id", string="Invoiced Client"
    )
    invoice_company_id = fields.Many2one(
        related="invoice_id.company_id", string="Invoicing Company"
    )
    invoice_residual = fields.Monetary(
        related="invoice_id.amount_residual", string="Invoice Amount Due"
    )
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False, precompute=True
    )

    @api.depends("invoice_id", "credit_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = min(
                wizard.credit_id.amount_remaining,
                wizard.invoice_id.amount_residual or wizard.credit_id.amount_remaining,
            )

    def action_confirm(self):
        self.ensure_one()
        self.credit_id.action_apply_to_invoice(self.invoice_id.id, self.amount)
        return {"type": "ir.actions.act_window_close"}
