# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestPackageTaxes(PackageCheckoutCommon):
    """A package is a voucher for sessions: sold without tax, each session
    is taxed when supplied, its total with tax being its share of the
    price; the liability shrinks by exactly that share."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prepaid = cls.company.clinic_package_account_id
        cls.breakage = cls.company.clinic_package_breakage_account_id

    def _balance(self, account):
        return sum(
            self.env["account.move.line"]
            .search([("account_id", "=", account.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )

    def test_sessions_are_taxed_when_supplied_and_use_the_price_up(self):
        self.assertEqual(self.facial.taxes_id.mapped("amount"), [15.0])
        package = self._sell(self._package("6 for 500", 500.0, [(self.facial, 6)]))
        events = self._facials(6)
        self.assertEqual(sum(events.mapped("clinic_amount")), 0.0)
        invoice, __ = self._checkout(events)
        invoice.action_post()

        sessions = self._session_lines(invoice)
        shares = [83.33, 83.34, 83.33, 83.33, 83.34, 83.33]
        rounding = self._rounding_lines(invoice)
        self.assertAlmostEqual(
            sum(sessions.mapped("price_total")) + sum(rounding.mapped("price_total")),
            500.0,
            places=2,
            msg="each session's total with tax is its share, to the cent",
        )
        self.assertEqual(
            sorted(
                -amount for amount in self._paid_lines(invoice).mapped("price_total")
            ),
            sorted(shares),
        )
        self.assertFalse(self._paid_lines(invoice).tax_ids)
        self.assertEqual(invoice.amount_total, 0.0, "what the desk showed")
        # The tax is the sessions' own, collected now (the sale had none):
        # 6 x 72.46 (or 72.47) untaxed at 15 %.
        self.assertAlmostEqual(
            invoice.amount_tax,
            sum(round(line.price_subtotal * 0.15, 2) for line in sessions),
            places=2,
        )
        self.assertGreater(invoice.amount_tax, 65.0)
        self.assertEqual(package.amount_remaining, 0.0)
        self.assertEqual(self._balance(self.prepaid), 0.0, "nothing owed any more")
        income = -self._balance(self.revenue) - self._balance(self.breakage)
        self.assertAlmostEqual(income + invoice.amount_tax, 500.0, places=2)

    def test_prices_including_tax_need_no_rounding(self):
        tax_included = self.env["account.tax"].create(
            {
                "name": "VAT 15 % included",
                "amount": 15.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": self.company.id,
            }
        )
        self.facial.write({"taxes_id": [Command.set(tax_included.ids)]})
        self.facial.lst_price = 115.0
        package = self._sell(self.facials)  # 6 at 80.00
        invoice, __ = self._checkout(self._facials(1))

        self.assertRecordValues(
            self._session_lines(invoice),
            [{"price_unit": 115.0, "price_total": 80.0, "price_subtotal": 69.57}],
        )
        self.assertRecordValues(
            self._paid_lines(invoice), [{"price_total": -80.0, "tax_ids": []}]
        )
        self.assertFalse(self._rounding_lines(invoice))
        self.assertEqual(invoice.amount_tax, 10.43)
        self.assertEqual(invoice.amount_total, 0.0)
        invoice.action_post()
        self.assertEqual(package.amount_remaining, 400.0, "drawn down by 80.00")

    def test_the_rounding_goes_with_its_session(self):
        package = self._sell(self.facials)
        invoice, __ = self._checkout(self._facials(1))
        self.assertEqual(len(self._rounding_lines(invoice)), 1)
        self._session_lines(invoice).unlink()
        self.assertFalse(self._paid_lines(invoice) | self._rounding_lines(invoice))

        invoice, __ = self._checkout(self._facials(1))
        self._paid_lines(invoice).unlink()
        self.assertFalse(self._rounding_lines(invoice))
        self.assertRecordValues(
            self._session_lines(invoice),
            [{"price_subtotal": 100.0, "clinic_patient_package_id": False}],
        )
        self.assertEqual(package.line_ids.quantity_remaining, 6)

    def test_credit_note_reverses_tax_rounding_and_use(self):
        package = self._sell(self.facials)
        invoice, __ = self._checkout(self._facials(1))
        invoice.action_post()
        self.assertEqual(package.amount_remaining, 400.0)
        refund = self._credit_note(invoice)
        self.assertEqual(refund.amount_total, 0.0)
        self.assertEqual(refund.amount_tax, 10.44)
        self.assertEqual(package.amount_remaining, 480.0)
        self.assertEqual(package.line_ids.quantity_remaining, 6)
        self.assertEqual(self._balance(self.breakage), 0.0)
        self.assertEqual(self._balance(self.revenue), 0.0)

    def test_company_rounding_taxes_globally_still_nets_sessions_to_zero(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        self._sell(self.facials)  # 6 at 80.00: 69.57 + 10.4355 tax each
        events = self._facials(2)
        self.assertEqual(sum(events.mapped("clinic_amount")), 0.0)
        invoice, __ = self._checkout(events)
        self.assertEqual(invoice.amount_total, 0.0)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

        # With a visit billed normally, the client pays the visit alone.
        self.type_first_visit._ensure_products()
        visit = self._create_event(start=self.morning + timedelta(hours=5))
        mixed = self._facials(2, days_ago=0) | visit
        estimate = sum(mixed.mapped("clinic_amount"))
        invoice, __ = self._checkout(mixed)
        alone, __ = self._checkout(
            self._create_event(
                client_id=self.client_noah.id, start=self.morning + timedelta(hours=6)
            )
        )
        self.assertAlmostEqual(invoice.amount_total, alone.amount_total, places=2)
        self.assertAlmostEqual(invoice.amount_total, estimate, places=2)

    def test_deleting_one_of_two_sessions_leaves_the_other_paid(self):
        package = self._sell(self.facials)
        invoice, __ = self._checkout(self._facials(2))
        first, second = self._session_lines(invoice).sorted("id")
        self.assertEqual(
            self._paid_lines(invoice).clinic_package_session_line_id, first | second
        )
        first.unlink()
        self.assertEqual(self._session_lines(invoice), second)
        self.assertEqual(second.clinic_patient_package_id, package)
        self.assertEqual(len(self._paid_lines(invoice)), 1)
        self.assertEqual(len(self._rounding_lines(invoice)), 1)
        self.assertEqual(invoice.amount_total, 0.0, "the other still nets to zero")
        self.assertEqual(package.line_ids.quantity_remaining, 5)
        # Its payment deleted: the session is billed normally, rounding gone.
        self._paid_lines(invoice).unlink()
        self.assertFalse(self._rounding_lines(invoice))
        self.assertRecordValues(
            second, [{"price_subtotal": 100.0, "clinic_patient_package_id": False}]
        )
