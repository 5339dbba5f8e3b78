# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestPackageCheckout(PackageCheckoutCommon):
    """Checkout draws the balance down: a session a package covers is paid
    by it, the liability shrinks as income is recognised."""

    def test_checkout_bills_a_session_paid_by_the_package(self):
        package = self._sell(self.facials)
        prepaid = self.company.clinic_package_account_id
        invoice, __ = self._checkout(self._facials(1), user=self.user_reception)

        session, paid = self._session_lines(invoice), self._paid_lines(invoice)
        # The client prepaid 80.00 a session, its 15 % tax included: the
        # session comes to 69.57 + 10.44 tax (the tax rounds 80.00 up a cent).
        self.assertRecordValues(
            session,
            [
                {
                    "price_unit": 100.0,
                    "discount": 30.43,
                    "price_subtotal": 69.57,
                    "price_total": 80.01,
                    "clinic_patient_package_id": package.id,
                }
            ],
        )
        self.assertRecordValues(
            paid,
            [
                {
                    "name": "Paid by package 6 Facials (1 of 6 used, 5 left)",
                    "price_subtotal": -80.0,
                    "account_id": prepaid.id,
                    "tax_ids": [],
                    "clinic_patient_package_id": package.id,
                }
            ],
        )
        self.assertRecordValues(
            self._rounding_lines(invoice),
            [
                {
                    "price_subtotal": -0.01,
                    "account_id": self.company.clinic_package_breakage_account_id.id,
                    "tax_ids": [],
                }
            ],
        )
        self.assertEqual(invoice.amount_total, 0.0, "the session nets to zero")
        self.assertEqual(invoice.amount_tax, 10.44, "taxed when supplied")
        self.assertEqual(package.line_ids.quantity_remaining, 5)

        invoice.action_post()
        self.assertEqual(package.amount_remaining, 400.0)
        self.assertEqual(prepaid.current_balance, -400.0)
        self.assertEqual(session.account_id, self.revenue, "income recognised")

    def test_appointment_amount_before_checkout_says_the_package_pays(self):
        self._sell(self.facials)
        covered = self._facials(1)
        self.assertEqual(covered.with_user(self.user_reception).clinic_amount, 0.0)
        other = self._facials(1, client=self.client_noah)
        self.assertGreaterEqual(other.clinic_amount, 100.0)

    def test_sessions_add_up_to_the_price_then_are_billed_normally(self):
        package = self._sell(self._package("6 for 500", 500.0, [(self.facial, 6)]))
        invoice, __ = self._checkout(self._facials(7))

        sessions, paid = self._session_lines(invoice), self._paid_lines(invoice)
        self.assertEqual(len(paid), 6)
        self.assertAlmostEqual(sum(paid.mapped("price_subtotal")), -500.0, places=2)
        self.assertEqual(
            paid[-1].name, "Paid by package 6 for 500 (6 of 6 used, 0 left)"
        )
        billed = sessions.filtered(lambda line: not line.clinic_patient_package_id)
        self.assertRecordValues(billed, [{"price_subtotal": 100.0, "discount": 0.0}])
        self.assertEqual(package.state, "exhausted")
        invoice.action_post()
        self.assertEqual(package.amount_remaining, 0.0)
        self.assertEqual(self.company.clinic_package_account_id.current_balance, 0.0)

    def test_cancelling_or_deleting_restores_the_balance(self):
        package = self._sell(self._package("One Facial", 90.0, [(self.facial, 1)]))
        events = self._facials(1)
        invoice, __ = self._checkout(events)
        self.assertEqual(package.state, "exhausted")
        invoice.button_cancel()
        self.assertEqual(package.line_ids.quantity_remaining, 1)
        self.assertEqual(package.state, "active")

        # Deleting the session takes its payment with it.
        invoice, __ = self._checkout(events)
        self._session_lines(invoice).unlink()
        self.assertFalse(self._paid_lines(invoice))
        self.assertEqual(package.line_ids.quantity_remaining, 1)
        self.assertEqual(package.state, "active")

        # Deleting the payment bills the session normally.
        invoice, __ = self._checkout(events)
        self._paid_lines(invoice).unlink()
        self.assertRecordValues(
            self._session_lines(invoice),
            [{"price_subtotal": 100.0, "clinic_patient_package_id": False}],
        )
        self.assertEqual(package.line_ids.quantity_remaining, 1)

    def test_credit_note_gives_the_session_back(self):
        package = self._sell(self._package("One Facial", 90.0, [(self.facial, 1)]))
        invoice, __ = self._checkout(self._facials(1))
        invoice.action_post()
        self.assertEqual(package.state, "exhausted")
        self.assertEqual(package.amount_remaining, 0.0)
        self._credit_note(invoice)
        self.assertEqual(package.line_ids.quantity_remaining, 1)
        self.assertEqual(package.state, "active")
        self.assertEqual(package.amount_remaining, 90.0)
        self.assertEqual(self.company.clinic_package_account_id.current_balance, -90.0)

    def test_oldest_expiring_package_first_and_household_members(self):
        forever = self._sell(self._package("Open", 90.0, [(self.facial, 1)]))
        soon = self._sell(
            self._package("Soon", 80.0, [(self.facial, 1)], validity_days=30),
            beneficiary_ids=[(6, 0, self.client_noah.ids)],
        )
        invoice, __ = self._checkout(self._facials(1, client=self.client_noah))
        self.assertEqual(self._paid_lines(invoice).clinic_patient_package_id, soon)
        invoice, __ = self._checkout(self._facials(1))
        self.assertEqual(self._paid_lines(invoice).clinic_patient_package_id, forever)

    def test_draft_expired_or_other_clients_packages_are_not_used(self):
        self.company.clinic_package_post_invoice = False
        self._sell(self.facials)  # not paid yet
        self.company.clinic_package_post_invoice = True
        self._sell(self.facials, partner=self.client_noah)
        # Billed after its end: the session is billed normally.
        expired = self._sell(
            self._package("Old", 80.0, [(self.facial, 1)], validity_days=5),
            days_ago=10,
        )
        invoice, __ = self._checkout(self._facials(1))
        self.assertFalse(self._paid_lines(invoice))
        self.assertEqual(expired.line_ids.quantity_remaining, 1)
