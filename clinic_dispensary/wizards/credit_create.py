# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class ClinicCreditCreate(models.TransientModel):
    """New Credit: a customer credit note owed to the client, optionally
    applied at once to the invoice it was created from."""

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

    def _check_values(self):
        self.ensure_one()
        if (
            float_compare(
                self.amount, 0.0, precision_rounding=self.currency_id.rounding
            )
            <= 0
        ):
            raise UserError(_("A credit's amount must be positive."))
        if self.invoice_id:
            if (
                self.invoice_id.commercial_partner_id
                != self.partner_id.commercial_partner_id
            ):
                raise UserError(_("The credit must be for the invoice's client."))
            if self.invoice_id.currency_id != self.currency_id:
                raise UserError(
                    _(
                        "Invoice %(invoice)s is in %(currency)s: credits are created "
                        "in the company currency only.",
                        invoice=self.invoice_id.name,
                        currency=self.invoice_id.currency_id.name,
                    )
                )

    def _get_journal(self):
        journal = self.journal_id or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal.default_account_id:
            raise UserError(
                _(
                    "Set a sales journal with a default income account to create "
                    "credits."
                )
            )
        return journal

    def _prepare_credit_note_vals(self):
        journal = self._get_journal()
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "currency_id": self.currency_id.id,
            "invoice_date": self.date,
            "clinic_credit_origin": "invoice" if self.invoice_id else "manual",
            "clinic_credit_reason": self.reason,
            "clinic_credit_invoice_id": self.invoice_id.id,
            "invoice_origin": self.invoice_id.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.reason,
                        "account_id": journal.default_account_id.id,
                        "quantity": 1.0,
                        "price_unit": self.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def action_confirm(self):
        self.ensure_one()
        self.env["clinic.client.credit"]._check_credit_rights()
        self._check_values()
        credit_note = self.env["account.move"].create(self._prepare_credit_note_vals())
        credit_note.action_post()
        credit = self.env["clinic.client.credit"].search(
            [("move_id", "=", credit_note.id)], limit=1
        )
        if (
            self.invoice_id
            and self.apply_to_invoice
            and self.invoice_id.amount_residual
        ):
            credit.action_apply_to_invoice(
                self.invoice_id.id,
                min(self.amount, self.invoice_id.amount_residual),
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "clinic.client.credit",
            "res_id": credit.id,
            "view_mode": "form",
            "name": _("Credit"),
        }
