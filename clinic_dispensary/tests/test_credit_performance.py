# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import CreditCommon

# Queries to show a page of the Credits list, whatever its length.
LIST_QUERIES = 8


@tagged("post_install", "-at_install")
class TestCreditListPerformance(CreditCommon):
    def _make_credits(self, count):
        partners = self.env["res.partner"].create(
            [{"name": f"Perf client {count}-{i}"} for i in range(count)]
        )
        journal = self.company_data["default_journal_sale"]
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_refund",
                    "partner_id": partner.id,
                    "invoice_date": self.today_date,
                    "clinic_credit_origin": "manual",
                    "clinic_credit_reason": "Perf",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Perf",
                                "account_id": journal.default_account_id.id,
                                "price_unit": 10.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for partner in partners
            ]
        )
        moves.action_post()
        return partners

    def _list_queries(self, count):
        partners = self._make_credits(count)
        domain = [("partner_id", "in", partners.ids)]
        spec = {
            name: {}
            for name in (
                "date",
                "origin",
                "reason",
                "amount_original",
                "amount_applied",
                "amount_remaining",
                "state",
            )
        }
        spec["partner_id"] = {"fields": {"display_name": {}}}
        spec["move_id"] = {"fields": {"display_name": {}}}
        spec["currency_id"] = {"fields": {}}
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(LIST_QUERIES):
            result = self.Credit.web_search_read(domain, spec, limit=500)
        self.assertEqual(result["length"], count)

    def test_credit_list_queries_10(self):
        self._list_queries(10)

    def test_credit_list_queries_200(self):
        self._list_queries(200)
