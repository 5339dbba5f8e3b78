# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestCheckoutCredits(PackageCheckoutCommon):
    """One-step checkout: *Post and apply credits* settles the visit at the
    desk with what the package and the client's credits pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Credit = cls.env["clinic.client.credit"]

    def _credit(self, partner, amount, days_ago):
        return self.Credit._create_credit(
            partner,
            amount,
            f"Goodwill {amount:g}",
            date=self.today - timedelta(days=days_ago),
        )

    def _desk_checkout(self, events, apply_credits=True):
        """Reception checks the chosen appointments out on the wizard."""
        form = Form(
            self.env["clinic.express.checkout"]
            .with_user(self.user_reception)
            .with_context(active_model="calendar.event", active_ids=events.ids)
        )
        form.apply_credits = apply_credits
        wizard = form.save()
        wizard.action_create_invoices()
        return wizard.invoice_ids.with_env(self.env)

    def test_reception_posts_and_applies_the_oldest_credits_up_to_the_amount_due(
        self,
    ):
        newer = self._credit(self.client_emma, 50.0, days_ago=2)
        older = self._credit(self.client_emma, 100.0, days_ago=10)
        noahs = self._credit(self.client_noah, 40.0, days_ago=20)
        event = self._create_event()

        invoice = self._desk_checkout(event)

        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 138.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        # Settled by credit notes only, Odoo calls it "reversed".
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(event.billing_state, "billed")
        self.assertRecordValues(
            older | newer | noahs,
            [
                {"amount_remaining": 0.0, "state": "used"},
                {"amount_remaining": 12.0, "state": "partial"},
                {"amount_remaining": 40.0, "state": "open"},
            ],
        )
        self.assertEqual(older.applied_invoice_ids, invoice)
        self.assertEqual(newer.applied_invoice_ids, invoice)

    def test_visit_paid_by_package_and_credit_is_settled_at_the_desk(self):
        package = self._sell(self.facials)
        credit = self._credit(self.client_emma, 100.0, days_ago=1)
        events = self._facials(1) | self._create_event(
            start=self.morning + timedelta(hours=3)
        )

        invoice = self._desk_checkout(events)

        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            self._paid_lines(invoice).name,
            "Paid by package 6 Facials (1 of 6 used, 5 left)",
        )
        # The facial nets to zero: only the first visit is owed, 138.00.
        self.assertEqual(invoice.amount_total, 138.0)
        self.assertEqual(invoice.amount_residual, 38.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(credit.amount_remaining, 0.0)
        self.assertEqual(package.line_ids.quantity_remaining, 5)
        self.assertEqual(package.amount_remaining, 400.0)

    def test_a_visit_the_package_pays_whole_leaves_the_credits_alone(self):
        self._sell(self.facials)
        credit = self._credit(self.client_emma, 100.0, days_ago=1)
        invoice = self._desk_checkout(self._facials(1))
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 0.0)
        self.assertEqual(credit.amount_remaining, 100.0)

    def test_without_the_option_the_invoice_stays_a_draft(self):
        credit = self._credit(self.client_emma, 100.0, days_ago=1)
        invoice = self._desk_checkout(self._create_event(), apply_credits=False)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(credit.amount_remaining, 100.0)

    def test_reception_applies_credits_only_through_the_checkout(self):
        credit = self._credit(self.client_emma, 100.0, days_ago=1)
        invoice = self._desk_checkout(self._create_event(), apply_credits=False)
        invoice.action_post()
        as_reception = credit.with_user(self.user_reception)
        with self.assertRaises(AccessError):
            as_reception.action_apply_to_invoice(invoice.id)
        with self.assertRaises(AccessError):
            self.Credit.with_user(self.user_reception)._create_credit(
                self.client_emma, 10.0, "Mine"
            )
        self.assertEqual(credit.amount_remaining, 100.0)
