# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date


class ClinicCreditRefund(models.TransientModel):
    """Convert (part of) a credit to money paid back to the client: an
    outbound customer payment, reconciled with the credit by Odoo's own
    Register Payment."""

    _name = "clinic.credit.refund"
    _description = "Convert a Client Credit to a Refund"

    credit_id = fields.Many2one("clinic.client.credit", required=True, readonly=True)
    company_id = fields.Many2one(related="credit_id.company_id")
    currency_id = fields.Many2one(related="credit_id.currency_id")
    partner_id = fields.Many2one(related="credit_id.partner_id")
    amount_remaining = fields.Monetary(related="credit_id.amount_remaining")
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False, precompute=True
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    payment_method_line_id = fields.Many2one(
        "account.payment.method.line",
        string="Payment Method",
        required=True,
        domain="[('journal_id', '=', journal_id), ('payment_type', '=', 'outbound')]",
        compute="_compute_payment_method_line_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    memo = fields.Char()
    payment_id = fields.Many2one("account.payment", readonly=True)

    @api.depends("credit_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.credit_id.amount_remaining

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(
                        wizard.company_id
                    ),
                    ("type", "in", ("bank", "cash")),
                ],
                limit=1,
            )

    @api.depends("journal_id")
    def _compute_payment_method_line_id(self):
        for wizard in self:
            wizard.payment_method_line_id = (
                wizard.journal_id.outbound_payment_method_line_ids[:1]
            )

    def _check_amount(self):
        rounding = self.currency_id.rounding
        if float_compare(self.amount, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(_("The refund amount must be positive."))
        if (
            float_compare(
                self.amount, self.amount_remaining, precision_rounding=rounding
            )
            > 0
        ):
            raise UserError(
                _(
                    "Cannot refund more than the credit's remaining %(amount)s.",
                    amount=self.amount_remaining,
                )
            )

    def _get_payment_date(self):
        """The refund's date; in a locked period, the first open day (today at
        the earliest). Set here, the payment and its entry keep the same date
        (left to Odoo, only the entry would move past the lock)."""
        lock_dates = self.company_id._get_violated_lock_dates(
            self.date, False, self.journal_id
        )
        if not lock_dates:
            return self.date
        return max(
            lock_dates[-1][0] + timedelta(days=1), fields.Date.context_today(self)
        )

    def _prepare_register_vals(self):
        return {
            "amount": self.amount,
            "journal_id": self.journal_id.id,
            "payment_method_line_id": self.payment_method_line_id.id,
            "payment_date": self._get_payment_date(),
            "communication": self.memo
            or _("Refund of credit %s", self.credit_id.move_id.name),
            "payment_difference_handling": "open",
        }

    def action_confirm(self):
        self.ensure_one()
        credit = self.credit_id
        credit._check_credit_rights()
        credit._check_company_currency()
        self._check_amount()
        register = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move.line",
                active_ids=credit.move_line_id.ids,
            )
            .create(self._prepare_register_vals())
        )
        payment = register._create_payments()
        self.payment_id = payment
        credit._invalidate_credits()
        body = _("Credit refunded to the client: %s", payment._get_html_link())
        if payment.date != self.date:
            body = _(
                "Credit refunded to the client: %(payment)s, dated %(date)s: "
                "%(requested)s is in a locked period.",
                payment=payment._get_html_link(),
                date=format_date(self.env, payment.date),
                requested=format_date(self.env, self.date),
            )
        credit.move_id.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}
