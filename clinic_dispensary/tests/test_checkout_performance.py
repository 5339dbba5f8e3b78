# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import ClinicCommon
from .common_package import PackageCheckoutCommon

# Queries of one checkout for one client (warm caches), whatever its number of
# appointments (measured: see the README's Performance section). Packages add
# one: the clients' package balances, searched once per checkout (136 when
# run first, 109 and 127 after). Since the addon depends on OCA's
# account_asset_management (its asset profile computed on every invoice
# line), 141 when run first, 114 and 135 after.
CHECKOUT_QUERIES = 142
# The same checkout of sessions a package pays: the balances searched and
# checked once, the package's state moved along once, whatever the number
# of sessions (146 when run first, 137 after: since sessions are taxed when
# supplied, their total with tax is computed to price the share, and a
# rounding line on the breakage account may be added; the payment lines
# are linked to their sessions in one query; 150 run first since the asset
# profile of each invoice line is computed, see above).
PACKAGE_CHECKOUT_QUERIES = 151
# One checkout for one client up to the commit, its appointments' billing
# state logged in their chatters (mail's pre-commit tracking) included: 146
# run first, 112 after, for 1 appointment as for 20.
TRACKED_CHECKOUT_QUERIES = 150


def _measure_checkout(case, events, budget):
    """Check ``events`` out within ``budget`` queries, caches cold;
    :return: (the wizard, the queries it took)"""
    wizard = case.env["clinic.express.checkout"].create(
        {"event_ids": [Command.set(events.ids)]}
    )
    case.env.flush_all()
    case.env.invalidate_all()
    before = case.cr.sql_log_count
    with case.assertQueryCount(budget):
        wizard.action_create_invoices()
        case.env.flush_all()
    return wizard, case.cr.sql_log_count - before


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
        wizard, queries = _measure_checkout(self, events, CHECKOUT_QUERIES)
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

    def _tracked_checkout_queries(self, count):
        """Queries of a checkout of ``count`` appointments of one client up
        to the commit, the billing state tracked in each one's chatter
        included (mail logs it in the commit's pre-commit step)."""
        self._checkout(self._create_event(client_id=self.client_noah.id))
        events = self._create_events([{} for _i in range(count)])
        self.env.flush_all()
        self.env.cr.precommit.run()
        # With the chatter's tracking on, as in production.
        env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(TRACKED_CHECKOUT_QUERIES):
            wizard.action_create_invoices()
            # Recomputed (and tracked) in the tracking environment.
            env.flush_all()
            env.cr.precommit.run()
        queries = self.cr.sql_log_count - before
        # Each appointment's chatter says it moved from To Bill to Billed.
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "calendar.event"),
                    ("mail_message_id.res_id", "in", events.ids),
                    ("field_id.name", "=", "billing_state"),
                ]
            )
        )
        self.assertEqual(
            sorted(values.mail_message_id.mapped("res_id")), sorted(events.ids)
        )
        self.assertEqual(set(values.mapped("old_value_char")), {"To Bill"})
        self.assertEqual(set(values.mapped("new_value_char")), {"Billed"})
        self.assertEqual(
            set(values.mail_message_id.mapped("message_type")), {"notification"}
        )
        return queries

    def test_checkout_tracking_in_flat_queries_1_vs_20_events(self):
        # The billing state of the 20 appointments is logged in one batch
        # (calendar_event.py), not one message and one value each (38
        # inserts more for 20 than for 1).
        self._tracked_checkout_queries(1)
        one = self._tracked_checkout_queries(1)
        twenty = self._tracked_checkout_queries(20)
        self.assertLessEqual(twenty, one)


@tagged("post_install", "-at_install")
class TestPackageCheckoutPerformance(PackageCheckoutCommon):
    """Checkout with packages keeps its query count flat in appointments per
    client: each session adds a *Paid by package* line, not queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_first_visit._ensure_products()
        cls.env.flush_all()

    def _checkout_queries(self, count):
        # Same warm caches for both sizes: one package checkout first.
        self._sell(
            self._package("Noah's", 100.0, [(self.facial, 1)]),
            partner=self.client_noah,
        )
        self._checkout(self._facials(1, client=self.client_noah))
        self._sell(self._package("25 Facials", 2000.0, [(self.facial, 25)]))
        packages = self.env["clinic.patient.package"].search(
            [("partner_id", "=", self.client_emma.id)]
        )
        left = sum(packages.line_ids.mapped("quantity_remaining"))
        events = self._facials(count)
        wizard, queries = _measure_checkout(self, events, PACKAGE_CHECKOUT_QUERIES)
        invoice = wizard.invoice_ids
        self.assertEqual(len(self._paid_lines(invoice)), count)
        self.assertEqual(invoice.amount_total, 0.0)
        self.assertEqual(
            sum(packages.line_ids.mapped("quantity_remaining")), left - count
        )
        return queries

    def test_package_checkout_query_count_one_event(self):
        self._checkout_queries(1)

    def test_package_checkout_query_count_twenty_events(self):
        self._checkout_queries(20)

    def test_package_checkout_queries_do_not_grow_with_events(self):
        one = self._checkout_queries(1)
        twenty = self._checkout_queries(20)
        self.assertLessEqual(twenty, one)
