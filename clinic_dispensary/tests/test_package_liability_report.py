# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestPackageLiabilityReport(PackageCheckoutCommon):
    """Unused prepaid value per client and package, by expiry, with the
    breakage recognised, agreeing with the liability account."""

    def _checkout_posted(self, events):
        invoice, __ = self._checkout(events)
        invoice.action_post()
        return invoice

    def test_unused_value_units_left_expiry_and_breakage(self):
        current = self._sell(self.facials)  # 6 at 80.00, a year to go
        soon = self._sell(
            self._package("Soon", 90.0, [(self.facial, 1)], validity_days=20),
            partner=self.client_noah,
        )
        old = self._sell(
            self._package("Old", 300.0, [(self.facial, 3)], validity_days=30),
            days_ago=40,
        )
        self._checkout_posted(self._facials(1, days_ago=35))  # uses Old
        self._checkout_posted(self._facials(1))  # uses the 6 facials
        self.env["clinic.patient.package"]._clinic_expire_due()
        Report = self.env["clinic.package.liability.report"].with_user(
            self.user_manager
        )
        rows = Report.search([("patient_package_id", "in", (current | soon | old).ids)])
        self.assertRecordValues(
            rows.sorted(lambda row: row.patient_package_id.id),
            [
                # 80.00 a session, 69.57 + 10.44 tax: the cent over is
                # income given back (breakage of -0.01).
                {"patient_package_id": current.id, "state": "active",
                 "expiry": "later", "quantity_remaining": 5.0,
                 "amount_unused": 400.0, "amount_breakage": -0.01},
                {"patient_package_id": soon.id, "state": "active",
                 "expiry": "30", "quantity_remaining": 1.0,
                 "amount_unused": 90.0, "amount_breakage": 0.0},
                {"patient_package_id": old.id, "state": "expired",
                 "expiry": "expired", "quantity_remaining": 2.0,
                 "amount_unused": 0.0, "amount_breakage": 200.0},
            ],
        )  # fmt: skip
        [total] = Report.read_group([("id", "in", rows.ids)], ["amount_unused:sum"], [])
        prepaid = self.company.clinic_package_account_id
        self.assertAlmostEqual(total["amount_unused"], -prepaid.current_balance)

    def test_reception_does_not_see_the_report(self):
        menu = self.env.ref("clinic_dispensary.menu_clinic_reporting_package_liability")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(
            menu.id, Menu.with_user(self.user_reception)._visible_menu_ids()
        )
