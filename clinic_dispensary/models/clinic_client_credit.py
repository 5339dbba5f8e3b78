# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_is_zero

CREDIT_ORIGINS = [
    ("manual", "Manual"),
    ("invoice", "From Invoice"),
    ("return", "From Return"),
    ("overpayment", "Overpayment"),
]


class ClinicClientCredit(models.Model):
    """Money the clinic owes a client, read straight from the books.

    One record per receivable journal item with a credit balance: a posted
    customer credit note, or a customer payment that is more than what it
    paid of the invoices it was registered for (an overpayment, or a payment
    made before its invoice). A payment that only settles its invoices never
    was money owed to the client: it is no credit. Its id is the journal
    item's, so it is stable while the credit exists. Applying is reconciliation,
    refunding is an outbound payment reconciled with it: no parallel ledger.
    """

    _name = "clinic.client.credit"
    _description = "Client Credit"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"
    # Flushed before the view is read.
    _depends = {
        "account.move.line": [
            "move_id",
            "partner_id",
            "company_id",
            "company_currency_id",
            "date",
            "account_id",
            "balance",
            "amount_residual",
            "parent_state",
            "name",
            "display_type",
            "sequence",
        ],
        "account.move": [
            "clinic_credit_origin",
            "clinic_credit_reason",
            "ref",
            "name",
            "move_type",
            "origin_payment_id",
        ],
        "account.account": ["account_type"],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id"],
        "account.payment": ["invoice_ids"],
    }

    move_line_id = fields.Many2one("account.move.line", readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(readonly=True)
    origin = fields.Selection(CREDIT_ORIGINS, readonly=True)
    reason = fields.Char(readonly=True)
    amount_original = fields.Monetary(string="Original", readonly=True)
    amount_applied = fields.Monetary(
        string="Applied",
        readonly=True,
        help="Paid of the client's invoices.",
    )
    amount_refunded = fields.Monetary(
        string="Refunded",
        readonly=True,
        help="Paid back to the client.",
    )
    amount_remaining = fields.Monetary(string="Remaining", readonly=True)
    age = fields.Selection(
        [("0_30", "0-30 days"), ("31_90", "31-90 days"), ("over_90", "Over 90 days")],
        readonly=True,
        help="How long the clinic has owed it: days since the credit's date.",
    )
    state = fields.Selection(
        [("open", "Open"), ("partial", "Partly Used"), ("used", "Used")],
        readonly=True,
    )
    applied_invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices Paid",
        compute="_compute_applications",
    )
    refund_payment_ids = fields.Many2many(
        "account.payment",
        string="Refunds",
        compute="_compute_applications",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT aml.id AS id,
                   aml.id AS move_line_id,
                   aml.move_id AS move_id,
                   aml.partner_id AS partner_id,
                   aml.company_id AS company_id,
                   aml.company_currency_id AS currency_id,
                   aml.date AS date,
                   COALESCE(
                       move.clinic_credit_origin,
                       CASE WHEN move.origin_payment_id IS NOT NULL
                            THEN 'overpayment' ELSE 'manual' END
                   ) AS origin,
                   COALESCE(
                       NULLIF(move.clinic_credit_reason, ''),
                       NULLIF(move.ref, ''),
                       (SELECT NULLIF(label.name, '')
                          FROM account_move_line label
                         WHERE label.move_id = move.id
                           AND label.display_type = 'product'
                         ORDER BY label.sequence, label.id
                         LIMIT 1),
                       NULLIF(aml.name, ''),
                       move.name
                   ) AS reason,
                   -aml.balance AS amount_original,
                   aml.amount_residual - aml.balance
                       - COALESCE(refunded.amount, 0) AS amount_applied,
                   COALESCE(refunded.amount, 0) AS amount_refunded,
                   -aml.amount_residual AS amount_remaining,
                   CASE WHEN aml.amount_residual = 0 THEN 'used'
                        WHEN aml.amount_residual = aml.balance THEN 'open'
                        ELSE 'partial' END AS state,
                   CASE WHEN CURRENT_DATE - aml.date <= 30 THEN '0_30'
                        WHEN CURRENT_DATE - aml.date <= 90 THEN '31_90'
                        ELSE 'over_90' END AS age
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              -- Matched with a payment to the client: paid back (refunded);
              -- whatever else it matches paid the client's invoices.
              LEFT JOIN LATERAL (
                   SELECT SUM(partial.amount) AS amount
                     FROM account_partial_reconcile partial
                     JOIN account_move_line paid_line
                       ON paid_line.id = partial.debit_move_id
                     JOIN account_move paid_move
                       ON paid_move.id = paid_line.move_id
                    WHERE partial.credit_move_id = aml.id
                      AND paid_move.origin_payment_id IS NOT NULL
                   ) refunded ON TRUE
             WHERE aml.parent_state = 'posted'
               AND account.account_type = 'asset_receivable'
               AND aml.partner_id IS NOT NULL
               AND aml.balance < 0
               AND (move.move_type = 'out_refund'
                    OR (move.origin_payment_id IS NOT NULL
                        AND -aml.balance > COALESCE((
                            SELECT SUM(partial.amount)
                              FROM account_partial_reconcile partial
                              JOIN account_move_line invoice_line
                                ON invoice_line.id = partial.debit_move_id
                              JOIN account_move__account_payment paid
                                ON paid.invoice_id = invoice_line.move_id
                               AND paid.payment_id = move.origin_payment_id
                             WHERE partial.credit_move_id = aml.id
                        ), 0)))
            """
        )

    @api.depends("move_line_id")
    def _compute_applications(self):
        for credit in self:
            moves = credit.move_line_id.matched_debit_ids.debit_move_id.move_id
            credit.applied_invoice_ids = moves.filtered(
                lambda move: not move.origin_payment_id
            )
            credit.refund_payment_ids = moves.origin_payment_id

    @api.depends("move_id.name", "reason")
    def _compute_display_name(self):
        for credit in self:
            entry = credit.move_id.name
            credit.display_name = (
                f"{entry} - {credit.reason}"
                if credit.reason and credit.reason != entry
                else entry
            )

    @api.model
    def _invalidate_credits(self):
        """The view reads journal items: after changing them, forget what was
        read of it (the ORM cannot know the two are linked)."""
        self.env.flush_all()
        self.env["clinic.client.credit"].invalidate_model()

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _check_credit_rights(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("account.group_account_user")
            or user.has_group("account.group_account_manager")
        ):
            raise AccessError(
                _("Only accountants may create, change, apply or refund credits.")
            )

    def _check_company_currency(self, invoice=None):
        for credit in self:
            line = credit.move_line_id
            if line.currency_id != line.company_currency_id:
                raise UserError(
                    _(
                        "Credit %(credit)s is in %(currency)s: credits are handled "
                        "in the company currency only.",
                        credit=credit.move_id.name,
                        currency=line.currency_id.name,
                    )
                )
        if invoice and invoice.currency_id != invoice.company_id.currency_id:
            raise UserError(
                _(
                    "Invoice %(invoice)s is in %(currency)s: credits can only be "
                    "applied to invoices in the company currency.",
                    invoice=invoice.name,
                    currency=invoice.currency_id.name,
                )
            )

    def _get_invoice_receivable_lines(self, invoice):
        return invoice.line_ids.filtered(
            lambda line: (
                line.account_id == self.move_line_id.account_id and not line.reconciled
            )
        )

    def _get_invoice_residual(self, invoice):
        """What ``invoice`` still owes on this credit's receivable account:
        the most this credit can pay of it."""
        return sum(
            self._get_invoice_receivable_lines(invoice).mapped("amount_residual")
        )

    def _check_invoice_for_credit(self, invoice):
        self.ensure_one()
        if (
            invoice.move_type != "out_invoice"
            or invoice.state != "posted"
            or invoice.payment_state in ("paid", "in_payment", "reversed")
        ):
            raise UserError(
                _(
                    "%(invoice)s is not an open customer invoice: credits apply to "
                    "posted, unpaid or partly paid invoices only.",
                    invoice=invoice.display_name,
                )
            )
        if invoice.company_id != self.company_id:
            raise UserError(
                _(
                    "Credit %(credit)s belongs to %(company)s and cannot be applied "
                    "to an invoice of another company.",
                    credit=self.move_id.name,
                    company=self.company_id.name,
                )
            )
        if invoice.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise UserError(
                _(
                    "Credit %(credit)s is owed to %(client)s, not to the client of "
                    "%(invoice)s.",
                    credit=self.move_id.name,
                    client=self.partner_id.display_name,
                    invoice=invoice.name,
                )
            )
        self._check_company_currency(invoice)

    # ------------------------------------------------------------------
    # Create
    # ------------------------------------------------------------------
    @api.model
    def _create_credit(
        self,
        partner,
        amount,
        reason,
        invoice=None,
        date=None,
        journal=None,
        company=None,
        apply_to_invoice=True,
    ):
        """Credit ``amount`` to the client: a posted customer credit note
        for ``reason``. Created from ``invoice``, it is applied to it at once
        (as much as the invoice still owes) unless told otherwise.

        :param partner: the client (the invoice's when not given)
        :param company: the invoice's, else the current company
        :param journal: a sales journal; the company's first one if empty
        :return: the credit (``clinic.client.credit``)
        """
        self._check_credit_rights()
        invoice = invoice or self.env["account.move"]
        partner = partner or invoice.commercial_partner_id
        company = company or invoice.company_id or self.env.company
        self._check_new_credit(partner, amount, invoice, company)
        credit_note = self.env["account.move"].create(
            self._prepare_credit_note_vals(
                partner,
                amount,
                reason,
                invoice,
                date or fields.Date.context_today(self),
                self._get_credit_journal(company, journal),
                company,
            )
        )
        credit_note.action_post()
        credit = self.search([("move_id", "=", credit_note.id)], limit=1)
        if invoice and apply_to_invoice and invoice.amount_residual:
            credit.action_apply_to_invoice(
                invoice.id, min(amount, invoice.amount_residual)
            )
        return credit

    @api.model
    def _check_new_credit(self, partner, amount, invoice, company):
        currency = company.currency_id
        if float_compare(amount, 0.0, precision_rounding=currency.rounding) <= 0:
            raise UserError(_("A credit's amount must be positive."))
        if not partner:
            raise UserError(_("Choose the client to credit."))
        if not invoice:
            return
        if invoice.company_id != company:
            raise UserError(
                _(
                    "Invoice %(invoice)s belongs to %(company)s: the credit must "
                    "be created in that company.",
                    invoice=invoice.name,
                    company=invoice.company_id.name,
                )
            )
        if invoice.commercial_partner_id != partner.commercial_partner_id:
            raise UserError(_("The credit must be for the invoice's client."))
        if invoice.currency_id != currency:
            raise UserError(
                _(
                    "Invoice %(invoice)s is in %(currency)s: credits are created "
                    "in the company currency only.",
                    invoice=invoice.name,
                    currency=invoice.currency_id.name,
                )
            )

    @api.model
    def _get_credit_journal(self, company, journal=None):
        journal = journal or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
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

    @api.model
    def _prepare_credit_note_vals(
        self, partner, amount, reason, invoice, date, journal, company
    ):
        return {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "currency_id": company.currency_id.id,
            "invoice_date": date,
            "clinic_credit_origin": "invoice" if invoice else "manual",
            "clinic_credit_reason": reason,
            "clinic_credit_invoice_id": invoice.id,
            "invoice_origin": invoice.name,
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": reason,
                        "account_id": journal.default_account_id.id,
                        "quantity": 1.0,
                        "price_unit": amount,
                        "tax_ids": [fields.Command.clear()],
                    }
                )
            ],
        }

    # ------------------------------------------------------------------
    # Apply / unapply
    # ------------------------------------------------------------------
    def action_apply_to_invoice(self, invoice_id, amount=None):
        """Apply (reconcile) this credit to an open invoice of the client,
        fully or for ``amount``; returns the amount applied."""
        return self.action_apply_to_invoices([(invoice_id, amount)])

    def _get_open_invoices(self):
        """The client's invoices this credit may pay, oldest due first: the
        order in which a credit is best used (oldest debts first)."""
        self.ensure_one()
        if self.move_line_id.currency_id != self.move_line_id.company_currency_id:
            return self.env["account.move"]
        invoices = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("company_id", "=", self.company_id.id),
                ("currency_id", "=", self.company_id.currency_id.id),
                (
                    "commercial_partner_id",
                    "=",
                    self.partner_id.commercial_partner_id.id,
                ),
            ],
            order="invoice_date_due, invoice_date, id",
        )
        # Owing on another receivable account: not for this credit to pay.
        return invoices.filtered(
            lambda invoice: (
                not self.currency_id.is_zero(self._get_invoice_residual(invoice))
            )
        )

    def _propose_amounts(self, invoices):
        """What to apply to each of ``invoices``, in their order: each as much
        as it still owes until the credit is used up.

        :return: [(invoice, amount)]
        """
        self.ensure_one()
        currency = self.currency_id
        left = max(-self.move_line_id.amount_residual, 0.0)
        proposal = []
        for invoice in invoices:
            amount = currency.round(
                min(left, max(self._get_invoice_residual(invoice), 0.0))
            )
            proposal.append((invoice, amount))
            left = currency.round(left - amount)
        return proposal

    def action_apply_to_invoices(self, applications):
        """Apply (reconcile) this credit to open invoices of the client, in
        one go: all of it or, when one application is refused, nothing.

        :param applications: [(invoice id, amount)]; an amount of None applies
            as much as the invoice owes and the credit has left, an amount of
            zero skips the invoice
        :return: the total amount applied
        """
        self.ensure_one()
        self._check_credit_rights()
        planned = self._check_applications(applications)
        credit_line = self.move_line_id
        for invoice, amount in planned:
            # What the invoice's outstanding credits widget does (Odoo's
            # reconcile(): installments by due date, cash basis taxes,
            # payment state), for ``amount`` of the credit only.
            invoice.with_context(
                clinic_reconcile_limits={credit_line.id: amount}
            ).js_assign_outstanding_line(credit_line.id)
        self._invalidate_credits()
        return sum(amount for __, amount in planned)

    def _check_applications(self, applications):
        """Check every application before anything is reconciled, so that a
        refused one leaves the books as they were.

        :return: [(invoice, amount)] to apply, zero amounts left out
        """
        self.ensure_one()
        currency = self.currency_id
        remaining = -self.move_line_id.amount_residual
        left = remaining
        planned = []
        seen = self.env["account.move"]
        for invoice_id, amount in applications:
            invoice = self.env["account.move"].browse(invoice_id).exists()
            if not invoice:
                raise UserError(_("The invoice to apply the credit to does not exist."))
            if invoice in seen:
                raise UserError(
                    _(
                        "Invoice %(invoice)s is listed twice: apply the credit "
                        "to it once.",
                        invoice=invoice.name,
                    )
                )
            seen |= invoice
            self._check_invoice_for_credit(invoice)
            residual = self._get_invoice_residual(invoice)
            if amount is None:
                amount = max(min(left, residual), 0.0)
            if float_compare(amount, 0.0, precision_rounding=currency.rounding) < 0:
                raise UserError(
                    _(
                        "The amount to apply to %(invoice)s cannot be negative.",
                        invoice=invoice.name,
                    )
                )
            if (
                float_compare(amount, residual, precision_rounding=currency.rounding)
                > 0
            ):
                raise UserError(
                    _(
                        "Cannot apply %(amount)s to %(invoice)s: it has only "
                        "%(residual)s left to pay.",
                        amount=tools.format_amount(self.env, amount, currency),
                        invoice=invoice.name,
                        residual=tools.format_amount(self.env, residual, currency),
                    )
                )
            if float_is_zero(amount, precision_rounding=currency.rounding):
                continue
            planned.append((invoice, amount))
            left -= amount
        if not planned:
            raise UserError(_("The amount to apply must be positive."))
        total = sum(amount for __, amount in planned)
        if float_compare(total, remaining, precision_rounding=currency.rounding) > 0:
            raise UserError(
                _(
                    "Cannot apply %(amount)s: credit %(credit)s has only "
                    "%(remaining)s left.",
                    amount=tools.format_amount(self.env, total, currency),
                    credit=self.move_id.name,
                    remaining=tools.format_amount(self.env, remaining, currency),
                )
            )
        return planned

    @api.model
    def _apply_open_credits(self, invoices):
        """Settle posted customer invoices with their clients' open credits,
        oldest first, each up to what its invoice still owes: the desk's
        one-step checkout. Whoever may post these invoices (reception) may
        apply existing credits to them this way, and only this way: nothing
        is created, changed or refunded, so it runs as superuser within the
        invoices' companies and clients.

        :return: {invoice: amount applied}
        """
        applied = {}
        invoices = invoices.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )
        if not invoices:
            return applied
        invoices.check_access("write")
        credits = self.sudo().search(
            [
                ("company_id", "in", invoices.company_id.ids),
                (
                    "partner_id.commercial_partner_id",
                    "in",
                    invoices.commercial_partner_id.ids,
                ),
                ("amount_remaining", ">", 0),
            ],
            order="date, id",
        )
        # Credits are handled in the company currency only (see
        # _check_company_currency): others are left to the accountant.
        credits = credits.filtered(
            lambda c: c.move_line_id.currency_id == c.move_line_id.company_currency_id
        )
        for invoice in invoices.sudo():
            applied[invoice] = 0.0
            currency = invoice.currency_id
            if currency != invoice.company_id.currency_id:
                continue
            for credit in credits:
                if currency.is_zero(invoice.amount_residual) or (
                    invoice.payment_state not in ("not_paid", "partial")
                ):
                    break
                if (
                    credit.company_id != invoice.company_id
                    or credit.partner_id.commercial_partner_id
                    != invoice.commercial_partner_id
                    or currency.is_zero(credit.amount_remaining)
                ):
                    continue
                applied[invoice] += credit.action_apply_to_invoice(invoice.id)
        return applied

    def _get_partials_with(self, invoice):
        credit_line = self.move_line_id
        return credit_line.matched_debit_ids.filtered(
            lambda partial: partial.debit_move_id.move_id == invoice
        )

    def action_unapply(self, invoice_id):
        """Remove this credit's application to the invoice."""
        self.ensure_one()
        self._check_credit_rights()
        invoice = self.env["account.move"].browse(invoice_id)
        partials = self._get_partials_with(invoice)
        if not partials:
            raise UserError(
                _(
                    "Credit %(credit)s is not applied to %(invoice)s.",
                    credit=self.move_id.name,
                    invoice=invoice.display_name,
                )
            )
        # What the invoice's payments widget does to remove one.
        for partial in partials:
            invoice.js_remove_outstanding_partial(partial.id)
        self._invalidate_credits()
        return True

    # ------------------------------------------------------------------
    # Edit / delete
    # ------------------------------------------------------------------
    def _check_editable(self, action):
        self.ensure_one()
        if self.origin == "overpayment":
            raise UserError(
                _(
                    "Credit %(credit)s comes from an overpayment and cannot be "
                    "%(action)s: edit the original payment instead.",
                    credit=self.move_id.name,
                    action=action,
                )
            )
        if not float_is_zero(
            self.amount_applied + self.amount_refunded,
            precision_rounding=self.currency_id.rounding,
        ):
            raise UserError(
                _(
                    "Credit %(credit)s is already (partly) applied or refunded "
                    "and cannot be %(action)s: unapply it first.",
                    credit=self.move_id.name,
                    action=action,
                )
            )

    def _check_not_locked(self, action):
        """Refuse to change a credit note dated in a locked period (Odoo's
        lock dates, with the user's exceptions), before anything is written."""
        for credit in self:
            move = credit.move_id
            lock_dates = move._get_violated_lock_dates(
                move.date, bool(move._affect_tax_report())
            )
            if lock_dates:
                raise UserError(
                    _(
                        "Credit %(credit)s is dated %(date)s, in a locked period "
                        "(%(lock_dates)s): it cannot be %(action)s.",
                        credit=move.name,
                        date=tools.format_date(self.env, move.date),
                        lock_dates=self.env["res.company"]._format_lock_dates(
                            lock_dates
                        ),
                        action=action,
                    )
                )

    def _edit_credit(self, amount=None, reason=None, date=None):
        """Change amount, reason or date of an unapplied credit note.

        The credit note is reset to draft, changed and posted again, so its
        receivable item (and this credit's id) stays the same."""
        self.ensure_one()
        self._check_credit_rights()
        self._check_editable(_("edited"))
        move = self.move_id
        changes = []
        move_vals = {}
        if reason is not None and reason != self.reason:
            changes.append(_("reason: %(old)s → %(new)s", old=self.reason, new=reason))
            move_vals["clinic_credit_reason"] = reason
        if date is not None and fields.Date.to_date(date) != move.invoice_date:
            changes.append(
                _("date: %(old)s → %(new)s", old=move.invoice_date, new=date)
            )
            move_vals["invoice_date"] = date
        currency = self.currency_id
        if amount is not None and float_compare(
            amount, self.amount_original, precision_rounding=currency.rounding
        ):
            if float_compare(amount, 0.0, precision_rounding=currency.rounding) <= 0:
                raise UserError(_("A credit's amount must be positive."))
            lines = move.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )
            if len(lines) != 1 or lines.tax_ids:
                raise UserError(
                    _(
                        "The amount of credit %(credit)s comes from several lines "
                        "or taxes: edit its credit note instead.",
                        credit=move.name,
                    )
                )
            changes.append(
                _(
                    "amount: %(old)s → %(new)s",
                    old=tools.format_amount(self.env, self.amount_original, currency),
                    new=tools.format_amount(self.env, amount, currency),
                )
            )
            move_vals["invoice_line_ids"] = [
                fields.Command.update(lines.id, {"price_unit": amount})
            ]
        if not changes:
            return False
        self._check_not_locked(_("edited"))
        move.button_draft()
        move.write(move_vals)
        move.action_post()
        move.message_post(body=_("Credit edited: %s", "; ".join(changes)))
        self._invalidate_credits()
        return True

    def action_delete_credit(self):
        """Delete an unapplied credit: its credit note is removed, or
        cancelled when its number can no longer be freed."""
        self._check_credit_rights()
        for credit in self:
            credit._check_editable(_("deleted"))
        self._check_not_locked(_("deleted"))
        moves = self.move_id
        moves.button_draft()
        for move in moves:
            try:
                with self.env.cr.savepoint():
                    move.unlink()
            except UserError:
                move.button_cancel()
                move.message_post(body=_("Credit deleted (credit note cancelled)."))
        self._invalidate_credits()
        return True

    # ------------------------------------------------------------------
    # UI actions
    # ------------------------------------------------------------------
    def _open_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_credit_id": self.id},
        }

    def action_credit_to_refund(self):
        self.ensure_one()
        self._check_credit_rights()
        return self._open_wizard("clinic.credit.refund", _("Convert to Refund"))

    def action_open_apply_wizard(self):
        self.ensure_one()
        self._check_credit_rights()
        return self._open_wizard("clinic.credit.apply", _("Apply Credit"))

    def action_open_edit_wizard(self):
        self.ensure_one()
        self._check_credit_rights()
        self._check_editable(_("edited"))
        return self._open_wizard("clinic.credit.edit", _("Edit Credit"))

    def action_new_credit(self):
        # A list header button: called on the selection, possibly empty.
        self._check_credit_rights()
        return {
            "type": "ir.actions.act_window",
            "name": _("New Credit"),
            "res_model": "clinic.credit.create",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.env.context.get("default_partner_id"),
            },
        }

    def action_open_entry(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
