# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common_pricing import PricingCommon

# Queries of one client's checkout (warm caches) with duration pricing, an
# add-on per appointment and item, category and bundle discounts present:
# the same budget for 1 and for 20 appointments (40 lines). Measured 121 for
# both (126 when run first); the headroom absorbs databases of different ages,
# not a query per line (20 appointments would add 19 or more).
PRICED_CHECKOUT_QUERIES = 135


@tagged("post_install", "-at_install")
class TestPricingPerformance(PricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["clinic.discount.rule"]
        Rule.create(
            [
                {
                    "name": "Consultation 10 %",
                    "discount_percent": 10.0,
                    "product_tmpl_id": cls.consultation.product_tmpl_id.id,
                },
                {
                    "name": "Facials 5 %",
                    "scope": "category",
                    "categ_id": cls.facials_categ.id,
                    "discount_percent": 5.0,
                },
                {
                    "name": "Masks: buy 3, get 6 off",
                    "rule_type": "bundle",
                    "bundle_quantity": 3,
                    "bundle_reward": "fixed",
                    "discount_amount": 6.0,
                    "product_tmpl_id": cls.led_mask.product_tmpl_id.id,
                },
            ]
        )
        cls.env.flush_all()

    def _priced_events(self, count, **vals):
        events = self._create_events(
            [{"type": self.type_consultation, **vals} for _i in range(count)]
        )
        self.env["clinic.event.addon"].create(
            [{"event_id": event.id, "product_id": self.led_mask.id} for event in events]
        )
        return events

    def _checkout_queries(self, count):
        """Check `count` appointments out; return their lines and the queries
        the checkout took."""
        # Same warm caches for both sizes: one checkout first.
        self._checkout(self._priced_events(1, client_id=self.client_noah.id))
        events = self._priced_events(count)
        wizard = self.env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(PRICED_CHECKOUT_QUERIES):
            wizard.action_create_invoices()
            self.env.flush_all()
        queries = self.cr.sql_log_count - before
        lines = wizard.invoice_ids.invoice_line_ids
        self.assertEqual(len(lines), 2 * count)
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})
        return lines, queries

    def test_priced_checkout_query_count_one_event(self):
        lines, _queries = self._checkout_queries(1)
        self.assertEqual(sorted(lines.mapped("discount")), [5.0, 10.0])

    def test_priced_checkout_query_count_twenty_events(self):
        lines, _queries = self._checkout_queries(20)
        self.assertEqual(
            sum(lines.filtered("clinic_addon_id").mapped("clinic_discount_amount")),
            36.0,
        )
        self.assertEqual(
            lines.clinic_discount_rule_id.mapped("rule_type").count("bundle"), 1
        )

    def test_priced_checkout_is_flat_in_lines(self):
        # Both sizes measured with the same (fully warm) caches.
        self._checkout_queries(1)
        _lines, one = self._checkout_queries(1)
        _lines, twenty = self._checkout_queries(20)
        self.assertLessEqual(twenty, one)
