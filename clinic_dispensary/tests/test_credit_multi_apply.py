# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.base.tests.common import new_test_user

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCreditMultiApply(CreditCommon):
    """One credit applied to several open invoices of its client at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="clinic_credit_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def setUp(self):
        super().setUp()
        self.credit = self._new_credit(self.client_emma, 300.0)
        # Created newest first: the wizard offers them by due date.
        self.newest = self._invoice_due(80.0, days_ago=2)
        self.oldest = self._invoice_due(100.0, days_ago=20)
        self.middle = self._invoice_due(150.0, days_ago=10)

    def _invoice_due(self, amount, days_ago):
        day = self.today_date - timedelta(days=days_ago)
        return self._invoice(
            self.client_emma, amount, invoice_date=day, invoice_date_due=day
        )

    def _apply_form(self, user=None):
        # What the credit's "Apply" button opens.
        credit = self.credit.with_user(user) if user else self.credit
        action = credit.action_open_apply_wizard()
        return Form(credit.env[action["res_model"]].with_context(**action["context"]))

    def _lines(self, form):
        lines = []
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                lines.append((line.invoice_id, line.amount))
        return lines

    def _set_amounts(self, form, amounts):
        """Type ``amounts`` ({line index: amount}) in the wizard's lines."""
        for index, amount in amounts.items():
            with form.line_ids.edit(index) as line:
                line.amount = amount

    def _residuals(self):
        invoices = self.oldest | self.middle | self.newest
        invoices.invalidate_recordset()
        return invoices.mapped("amount_residual")

    def test_one_credit_pays_the_oldest_invoices_first(self):
        form = self._apply_form(self.accountant)
        # The client's open invoices, oldest due first, filled until the 300
        # are used up.
        self.assertEqual(
            self._lines(form),
            [(self.oldest, 100.0), (self.middle, 150.0), (self.newest, 50.0)],
        )
        self.assertEqual(form.amount_total, 300.0)
        form.save().action_confirm()
        self.assertEqual(self._residuals(), [0.0, 0.0, 30.0])
        self.assertEqual(self.credit.amount_applied, 300.0)
        self.assertEqual(self.credit.amount_remaining, 0.0)
        self.assertEqual(self.credit.state, "used")
        self.assertEqual(
            self.credit.applied_invoice_ids, self.oldest | self.middle | self.newest
        )
        self.assertEqual(self.newest.payment_state, "partial")
        self.assertBooksRight(self.client_emma)

        # Unapplying one invoice gives back its part only.
        form = Form(
            self.env["clinic.credit.unapply"]
            .with_user(self.accountant)
            .with_context(default_credit_id=self.credit.id)
        )
        form.invoice_id = self.middle
        form.save().action_confirm()
        self.assertEqual(self._residuals(), [0.0, 150.0, 30.0])
        self.assertEqual(self.credit.amount_applied, 150.0)
        self.assertEqual(self.credit.amount_remaining, 150.0)
        self.assertEqual(self.credit.applied_invoice_ids, self.oldest | self.newest)
        self.assertBooksRight(self.client_emma)

    def test_amounts_edited_per_invoice(self):
        form = self._apply_form(self.accountant)
        # Nothing for the middle one: it is left as it is.
        self._set_amounts(form, {0: 60.0, 1: 0.0, 2: 80.0})
        self.assertEqual(form.amount_total, 140.0)
        form.save().action_confirm()
        self.assertEqual(self._residuals(), [40.0, 150.0, 0.0])
        self.assertEqual(self.middle.payment_state, "not_paid")
        self.assertEqual(self.credit.amount_remaining, 160.0)
        self.assertEqual(self.credit.applied_invoice_ids, self.oldest | self.newest)
        self.assertBooksRight(self.client_emma)

    def _assert_refused(self, wizard, message):
        """Refused, and nothing written: checked without rolling back, so
        that an application reconciled before the refusal would show."""
        try:
            wizard.action_confirm()
        except UserError as error:
            self.assertIn(message, str(error))
        else:
            self.fail("the application was not refused")
        self.assertEqual(self._residuals(), [100.0, 150.0, 80.0])
        self.assertEqual(self.credit.amount_remaining, 300.0)
        self.assertFalse(self.credit.move_line_id.matched_debit_ids)
        self.assertBooksRight(self.client_emma)

    def test_more_than_the_credit_in_total_changes_nothing(self):
        form = self._apply_form(self.accountant)
        # Each invoice fully: 330, 30 more than the credit.
        self._set_amounts(form, {2: 80.0})
        self._assert_refused(form.save(), "has only")

    def test_more_than_an_invoice_owes_changes_nothing(self):
        form = self._apply_form(self.accountant)
        self._set_amounts(form, {0: 50.0, 2: 90.0})
        self._assert_refused(form.save(), "left to pay")

    def test_negative_amount_changes_nothing(self):
        form = self._apply_form(self.accountant)
        self._set_amounts(form, {2: -10.0})
        self._assert_refused(form.save(), "cannot be negative")

    def test_invoice_of_another_client_changes_nothing(self):
        other = self._invoice(self.client_noah, 40.0)
        form = self._apply_form(self.accountant)
        self._set_amounts(form, {2: 0.0})
        with form.line_ids.new() as line:
            line.invoice_id = other
            line.amount = 40.0
        self._assert_refused(form.save(), "not to the client of")
        self.assertEqual(other.amount_residual, 40.0)

    def test_same_invoice_twice_changes_nothing(self):
        form = self._apply_form(self.accountant)
        self._set_amounts(form, {1: 0.0})
        with form.line_ids.edit(2) as line:
            line.invoice_id = self.oldest
            line.amount = 10.0
        self._assert_refused(form.save(), "listed twice")

    def test_reception_cannot_apply_credits(self):
        # Reception settles invoices with credits at checkout only.
        with self.assertRaises(AccessError):
            self._apply_form(self.user_reception)
        with self.assertRaises(AccessError):
            self.credit.with_user(self.user_reception).action_apply_to_invoices(
                [(self.oldest.id, 100.0)]
            )
        self.assertEqual(self._residuals(), [100.0, 150.0, 80.0])

    def test_several_credits_to_one_invoice_one_by_one(self):
        second = self._new_credit(self.client_emma, 40.0)
        self.credit.action_apply_to_invoice(self.oldest.id, 70.0)
        # From the invoice: only that invoice is offered, for what it owes.
        action = self.env.ref("clinic_dispensary.action_clinic_credit_apply")
        form = Form(
            self.env[action.res_model]
            .with_user(self.accountant)
            .with_context(default_invoice_id=self.oldest.id)
        )
        form.credit_id = second
        self.assertEqual(self._lines(form), [(self.oldest, 30.0)])
        form.save().action_confirm()
        self.assertEqual(self._residuals(), [0.0, 150.0, 80.0])
        self.assertEqual(second.amount_remaining, 10.0)
        self.assertBooksRight(self.client_emma)
