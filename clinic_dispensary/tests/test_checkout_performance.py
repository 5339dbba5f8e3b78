# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import ClinicCommon

# Queries of one checkout for one client (warm caches), whatever its number of
# appointments (measured: see the README's Performance section). Packages add
# one: the clients' package balances, searched once per checkout (136 when
# run first, 109 and 127 after).
CHECKOUT_QUERIES = 137


@tagged("post_install", "-at_install")
class TestCheckoutPerformance(ClinicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_first_visit._ensure_products()
        cls.env.flush_all()

    def _checkout_queries(self, count):
        # Same warm caches for both sizes: one checkout first.
        self._checkout(self._create_event(client_id=self.client_noah.id))
        events = self._create_events([{} for _i in range(count)])
        wizard = self.env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(CHECKOUT_QUERIES):
            wizard.action_create_invoices()
            self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(len(wizard.invoice_ids.invoice_line_ids), count)
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})
        return queries

    def test_checkout_query_count_one_event(self):
        self._checkout_queries(1)

    def test_checkout_query_count_twenty_events(self):
        self._checkout_queries(20)

    def test_checkout_queries_do_not_grow_with_events(self):
        # The budget above has headroom for a fresh database; this is what
        # the README claims: 20 appointments cost no more queries than one.
        one = self._checkout_queries(1)
        twenty = self._checkout_queries(20)
        self.assertLessEqual(twenty, one)
