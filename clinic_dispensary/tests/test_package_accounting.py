# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestPackageAccounting(PackageCheckoutCommon):
    """What an accountant signs off: the Prepaid Packages account owes the
    clients exactly the unused sessions of their active packages, through
    sale, checkout, cancellation and expiry."""

    def _ledger(self, account):
        """The posted balance of ``account`` in the company (a liability's
        is negative)."""
        self.env.flush_all()
        groups = self.env["account.move.line"]._read_group(
            [
                ("account_id", "=", account.id),
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
            ],
            [],
            ["balance:sum"],
        )
        return groups[0][0]

    def assertPrepaidIsUnusedSessions(self, expected):
        """Liability = value of unused sessions of active packages =
        ``expected``."""
        self.env.invalidate_all()
        packages = self.env["clinic.patient.package"].search(
            [("company_id", "=", self.company.id)]
        )
        unused = 0.0
        for package in packages.filtered(lambda p: p.state in ("active", "exhausted")):
            # A line's uses are billed at the cumulated share of its value.
            left = sum(
                line.price_share - line._clinic_share(0, line.quantity_used)
                for line in package.line_ids
            )
            self.assertAlmostEqual(
                package.amount_remaining,
                left,
                places=2,
                msg=f"{package.name}: its value left is its unused sessions'",
            )
            unused += left
        prepaid = self.company.clinic_package_account_id
        self.assertAlmostEqual(-self._ledger(prepaid), unused, places=2)
        self.assertAlmostEqual(unused, expected, places=2)

    def _checkout_posted(self, events):
        invoice, __ = self._checkout(events)
        invoice.action_post()
        return invoice

    def test_prepaid_liability_is_the_unused_sessions_of_active_packages(self):
        emmas = self._sell(self.facials)  # 6 at 80.00
        odd = self._package("6 for 500", 500.0, [(self.facial, 6)])
        noahs = self._sell(odd, partner=self.client_noah)  # 83.33 or 83.34
        self.assertPrepaidIsUnusedSessions(480.0 + 500.0)

        # Checkout: the sessions used leave the liability for income.
        invoice = self._checkout_posted(self._facials(2))
        self._checkout_posted(self._facials(1, client=self.client_noah))
        self.assertEqual(emmas.line_ids.quantity_remaining, 4)
        self.assertPrepaidIsUnusedSessions(320.0 + 416.67)

        # Cancelling the checkout restores both the sessions and the value.
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(emmas.line_ids.quantity_remaining, 6)
        self.assertPrepaidIsUnusedSessions(480.0 + 416.67)

        # Noah's used up: nothing left owed, to the cent.
        self._checkout_posted(self._facials(5, client=self.client_noah))
        self.assertEqual(noahs.state, "exhausted")
        self.assertPrepaidIsUnusedSessions(480.0)

        # Cancelling a sale: the package and its liability go together.
        self._credit_note(emmas.invoice_id)
        self.assertEqual(emmas.state, "cancelled")
        self.assertPrepaidIsUnusedSessions(0.0)

    def test_expiry_books_the_unused_value_as_breakage(self):
        breakage = self.company._clinic_package_breakage_account()
        current = self._sell(self.facials)
        old = self._sell(
            self._package("Old", 300.0, [(self.facial, 3)], validity_days=30),
            days_ago=40,
        )
        # One session used while it was valid, posted.
        self._checkout_posted(self._facials(1, days_ago=35))
        self.assertEqual(old.line_ids.quantity_remaining, 2)
        self.assertEqual(current.line_ids.quantity_remaining, 6)
        self.assertPrepaidIsUnusedSessions(480.0 + 200.0)
        breakage_before = self._ledger(breakage)

        self.env["clinic.patient.package"]._clinic_expire_due()

        self.assertEqual(old.state, "expired")
        self.assertEqual(current.state, "active")
        self.assertEqual(old.breakage_move_id.state, "posted")
        self.assertPrepaidIsUnusedSessions(480.0)
        self.assertAlmostEqual(self._ledger(breakage) - breakage_before, -200.0)
