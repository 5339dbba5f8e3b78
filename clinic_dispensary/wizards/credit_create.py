# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class ClinicCreditCreate(models.TransientModel):
    """New Credit: collects what ``clinic.client.credit._create_credit``
    needs (a customer credit note owed to the client, optionally applied at
    once to the invoice it was created from)."""

    _name = "clinic.credit.create"
    _description = "New Client Credit"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_id = fields.Many2one(
        "account.move",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount = fields.Monetary(required=True)
    reason = fields.Char(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Sales journal of the credit note; the company's first one if empty.",
    )
    apply_to_invoice = fields.Boolean(
        string="Apply to the Invoice",
        default=True,
        help="Reconcile the credit with the invoice; it can be unapplied later.",
    )

    @api.depends("invoice_id")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.invoice_id:
                wizard.partner_id = wizard.invoice_id.commercial_partner_id

    def action_confirm(self):
        self.ensure_one()
        credit = self.env["clinic.client.credit"]._create_credit(
            self.partner_id,
            self.amount,
            self.reason,
            invoice=self.invoice_id,
            date=self.date,
            journal=self.journal_id,
            company=self.company_id,
            apply_to_invoice=self.apply_to_invoice,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "clinic.client.credit",
            "res_id": credit.id,
            "view_mode": "form",
            "name": _("Credit"),
        }
