# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
from datetime import timedelta

from odoo.tests import tagged

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCreditsOwedReport(CreditCommon):
    """What the clinic owes its clients, per client and by age."""

    def _credit(self, partner, amount, days_ago):
        return self.Credit._create_credit(
            partner,
            amount,
            f"Goodwill {amount:g}",
            date=self.today_date - timedelta(days=days_ago),
        )

    def test_credits_owed_per_client_by_age(self):
        emma, noah = self.client_emma, self.client_noah
        self._credit(emma, 10.0, days_ago=0)
        self._credit(emma, 20.0, days_ago=30)
        self._credit(emma, 40.0, days_ago=31)
        self._credit(emma, 80.0, days_ago=91)
        self._credit(noah, 5.0, days_ago=90)
        used = self._credit(noah, 7.0, days_ago=5)
        used.action_apply_to_invoice(self._invoice(noah, 7.0).id)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_credits_owed_report"
        )
        groups = self.Credit.with_user(self.user_manager).read_group(
            ast.literal_eval(action["domain"])
            + [("partner_id", "in", (emma | noah).ids)],
            ["amount_remaining:sum"],
            ["partner_id", "age"],
            lazy=False,
        )
        owed = {
            (group["partner_id"][0], group["age"]): group["amount_remaining"]
            for group in groups
        }
        self.assertEqual(
            owed,
            {
                (emma.id, "0_30"): 30.0,
                (emma.id, "31_90"): 40.0,
                (emma.id, "over_90"): 80.0,
                (noah.id, "31_90"): 5.0,
            },
            "a credit used up is owed no more",
        )

    def test_reception_does_not_see_the_report(self):
        menu = self.env.ref("clinic_dispensary.menu_clinic_reporting_credits_owed")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(
            menu.id, Menu.with_user(self.user_reception)._visible_menu_ids()
        )
