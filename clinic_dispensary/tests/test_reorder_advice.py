# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ClinicCommon


class AdviceCommon(ClinicCommon):
    """A clinic with a warehouse, a supplier, and usage written in the past
    through Odoo's moves (dated after they are done)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "clinic_forecast_history_days": 365,
                "clinic_forecast_service_level": 95.0,
                "clinic_forecast_cover_days": 30,
                "clinic_forecast_growth": "measured",
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.consumption = cls.company._clinic_consumption_location()
        cls.supplier = cls.env["res.partner"].create({"name": "Facial Supplies Ltd"})
        cls.type_facial = cls.env["calendar.event.type"].create(
            {"name": "Test Facial", "clinic_billable": True, "price": 60.0}
        )

    @classmethod
    def _item(cls, name, delay=7, supplier=True, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "standard_price": 2.0,
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.supplier.id, "delay": delay, "price": 2.0}
                    )
                ]
                if supplier
                else [],
                **vals,
            }
        )

    @classmethod
    def _usage(cls, product, quantities, on_hand=0.0, consumed=False):
        """Usage of ``product`` {days ago: quantity}, delivered to clients
        (or consumed by appointments), leaving ``on_hand`` in stock."""
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(
            product, cls.stock, sum(quantities.values()) + on_hand
        )
        destination = cls.consumption if consumed else cls.customers
        days = list(quantities)
        moves = cls.env["stock.move"].create(
            [
                {
                    "name": f"Usage {product.name}",
                    "product_id": product.id,
                    "product_uom_qty": quantities[day],
                    "product_uom": product.uom_id.id,
                    "location_id": cls.stock.id,
                    "location_dest_id": destination.id,
                }
                for day in days
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        moves.picked = True
        moves._action_done()
        for move, day in zip(moves, days, strict=True):
            move.date = cls._local_to_utc(cls.today - timedelta(days=day), 12)
        return moves

    @classmethod
    def _book(cls, event_type, days, per_day=1):
        return cls._create_events(
            [
                {
                    "start": cls._local_to_utc(cls.today + timedelta(days=day), 9)
                    + timedelta(hours=index),
                    "type": event_type,
                }
                for day in days
                for index in range(per_day)
            ]
        )

    def _advice(self, product):
        self.env["clinic.reorder.advice"].action_compute()
        return self.env["clinic.reorder.advice"].search(
            [("product_id", "=", product.id), ("warehouse_id", "=", self.warehouse.id)]
        )


@tagged("post_install", "-at_install")
class TestReorderAdvice(AdviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 28 days of 1 then 3 masks a day: 2 a day, standard deviation 1.
        cls.mask = cls._item("Sheet mask")
        cls._usage(
            cls.mask,
            {day: 1.0 if day % 2 else 3.0 for day in range(1, 29)},
            on_hand=10.0,
        )
        cls.env["clinic.event.type.consumable"].create(
            {
                "event_type_id": cls.type_facial.id,
                "product_id": cls.mask.id,
                "quantity": 1.0,
            }
        )

    def test_steady_usage_gives_documented_safety_stock_and_reorder_point(self):
        advice = self._advice(self.mask)
        self.assertEqual(advice.history_days, 28)
        self.assertAlmostEqual(advice.avg_daily_usage, 2.0)
        self.assertAlmostEqual(advice.usage_stddev, 1.0)
        # Weekly totals 13, 15, 13, 15 (most recent first): -0.4 a week.
        self.assertAlmostEqual(advice.trend, -0.4)
        self.assertAlmostEqual(advice.seasonal_factor, 1.0)
        self.assertEqual(advice.lead_time_days, 7)
        # z(95 %) 1.645 × σ 1 × √7 = 4.35 → 5; 2 × 7 + 5 = 19.
        self.assertEqual(advice.safety_stock, 5.0)
        self.assertEqual(advice.reorder_point, 19.0)
        # 2 × (7 + 30) + 5 - 10 on hand = 69.
        self.assertEqual(advice.qty_forecast, 10.0)
        self.assertEqual(advice.suggested_qty, 69.0)
        self.assertTrue(advice.needs_reorder)
        # 10 masks, 2 a day: the 6th day has none left.
        self.assertEqual(advice.stockout_date, self.today + timedelta(days=5))
        self.assertIn("= 19", advice.explanation)
        self.assertIn("4.35, rounded up to 5", advice.explanation)

    def test_lead_time_is_the_measured_one_when_longer_than_promised(self):
        """The supplier promises 7 days; its last order of masks came in 12:
        the advice plans for 12 (and for 7 again once receipts are quick)."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.mask.id, "product_qty": 20, "price_unit": 2}
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.quantity = 20
        receipt.move_ids.picked = True
        receipt.button_validate()
        arrived = receipt.move_ids.date
        order.date_approve = arrived - timedelta(days=12)
        advice = self._advice(self.mask)
        self.assertEqual(advice.lead_time_days, 12)
        # 2 × 12 + z 1.645 × σ × √12 (rounded up), more than with 7 days.
        self.assertGreater(advice.reorder_point, 19.0 + 2 * 5)
        order.date_approve = arrived - timedelta(days=3)
        self.assertEqual(self._advice(self.mask).lead_time_days, 7)

    def test_booked_week_of_facials_raises_advice_by_ten_masks(self):
        before = self._advice(self.mask)
        point, suggested = before.reorder_point, before.suggested_qty
        self._book(self.type_facial, range(1, 6), per_day=2)
        after = self._advice(self.mask)
        self.assertEqual(after.booked_demand, 10.0)
        self.assertEqual(after.booked_demand_lead, 10.0)
        self.assertEqual(after.reorder_point, point + 10)
        self.assertEqual(after.suggested_qty, suggested + 10)

    def test_suggestion_rounded_to_supplier_minimum_and_packaging(self):
        self.mask.seller_ids.min_qty = 100
        self.assertEqual(self._advice(self.mask).suggested_qty, 100.0)
        self.env["product.packaging"].create(
            {"name": "Box of 12", "product_id": self.mask.id, "qty": 12}
        )
        advice = self._advice(self.mask)
        self.assertEqual(advice.suggested_qty, 108.0)
        self.assertIn("Box of 12", advice.explanation)

    def test_no_history_advises_booked_demand_only(self):
        cotton = self._item("Cotton pads")
        self.env["clinic.event.type.consumable"].create(
            {
                "event_type_id": self.type_facial.id,
                "product_id": cotton.id,
                "quantity": 2.0,
            }
        )
        self._book(self.type_facial, [2, 3, 40])
        advice = self._advice(cotton)
        self.assertTrue(advice.no_history)
        self.assertEqual(advice.avg_daily_usage, 0.0)
        self.assertEqual(advice.safety_stock, 0.0)
        # Within 7 + 30 days: the two first appointments, 2 pads each.
        self.assertEqual(advice.booked_demand, 4.0)
        self.assertEqual(advice.suggested_qty, 4.0)
        self.assertIn("booked appointments only", advice.explanation)

    def test_measured_growth_and_fixed_projection(self):
        gel = self._item("Gel")
        # 1 a week two years ago, 2 a week last year: +100 %.
        usage = {day: 1.0 for day in range(373, 731, 7)}
        usage.update({day: 2.0 for day in range(5, 365, 7)})
        self._usage(gel, usage)
        advice = self._advice(gel)
        self.assertAlmostEqual(advice.growth_percent, 100.0)
        self.company.write(
            {"clinic_forecast_growth": "fixed", "clinic_forecast_growth_percent": 10}
        )
        advice = self._advice(gel)
        self.assertAlmostEqual(advice.growth_percent, 10.0)
        self.assertAlmostEqual(
            advice.projected_daily_usage,
            advice.avg_daily_usage * advice.seasonal_factor * 1.1,
            places=1,
        )

    def test_item_without_supplier_flagged_and_skipped_by_rfq(self):
        loose = self._item("Loose spatula", supplier=False)
        self._usage(loose, {1: 4.0})
        advice = self._advice(loose)
        self.assertTrue(advice.no_supplier)
        self.assertIn("No supplier", advice.explanation)
        rows = (
            advice
            | advice.search(
                [
                    ("product_id", "=", self.mask.id),
                    ("warehouse_id", "=", self.warehouse.id),
                ]
            )
        ).with_user(self.user_manager)
        action = rows.action_create_rfq()
        self.assertIn("Loose spatula", action["params"]["message"])
        self.assertEqual(action["params"]["type"], "warning")
        order = rows.filtered("supplier_id").purchase_id
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.supplier)
        self.assertEqual(order.order_line.product_id, self.mask)
        self.assertEqual(order.order_line.product_qty, 69.0)
        self.assertEqual(action["params"]["next"]["res_id"], order.id)
        self.assertFalse(advice.purchase_id)
        with self.assertRaises(UserError):
            advice.with_user(self.user_manager).action_create_rfq()

    def test_apply_to_reordering_rule(self):
        advice = self._advice(self.mask).with_user(self.user_manager)
        advice.action_apply_orderpoint()
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [
                ("product_id", "=", self.mask.id),
                ("warehouse_id", "=", self.warehouse.id),
            ]
        )
        self.assertEqual(orderpoint.product_min_qty, 19.0)
        self.assertEqual(orderpoint.product_max_qty, 19.0 + 69.0)
        # Applied again: the same rule is updated, not a second one.
        advice.suggested_qty = 50
        advice.action_apply_orderpoint()
        self.assertEqual(orderpoint.product_max_qty, 69.0)
        self.assertEqual(
            self.env["stock.warehouse.orderpoint"].search_count(
                [("product_id", "=", self.mask.id)]
            ),
            1,
        )

    def test_compute_over_rpc_as_manager_keeps_to_its_companies(self):
        Advice = self.env["clinic.reorder.advice"].with_user(self.user_manager)
        count = Advice.action_compute()
        rows = Advice.search([])
        self.assertEqual(len(rows), count)
        self.assertEqual(rows.company_id, self.company)
        self.assertIn(self.mask, rows.product_id)

    def test_usage_report_shows_weeks_and_projection(self):
        self._advice(self.mask)
        Report = self.env["clinic.usage.report"]
        usage = Report.search(
            [("product_id", "=", self.mask.id), ("kind", "=", "usage")]
        )
        self.assertAlmostEqual(sum(usage.mapped("usage_qty")), 56.0)
        projection = Report.search(
            [("product_id", "=", self.mask.id), ("kind", "=", "projection")]
        )
        self.assertTrue(projection)
        self.assertAlmostEqual(projection[0].projected_qty, 14.0)


@tagged("post_install", "-at_install")
class TestReorderAdviceSeason(AdviceCommon):
    def test_seasonality_doubles_advice_for_summer_item(self):
        # The safety stock is left out (50 % service) to compare the usage.
        self.company.clinic_forecast_service_level = 50.0
        steady = self._item("Steady cream")
        summer = self._item("Sun cream")
        weeks = range(3, 368, 7)
        self._usage(steady, {day: 14.0 for day in weeks})
        # Last year, the 42 days matching the coming lead time and cover
        # (7 + 30, in whole weeks) used twice as much.
        self._usage(summer, {day: 28.0 if 323 < day <= 365 else 14.0 for day in weeks})
        summer_advice = self._advice(summer)
        steady_advice = summer_advice.search([("product_id", "=", steady.id)])
        self.assertAlmostEqual(steady_advice.projected_daily_usage, 2.0)
        self.assertAlmostEqual(summer_advice.projected_daily_usage, 4.0)
        self.assertGreater(summer_advice.seasonal_factor, 1.7)
        self.assertEqual(steady_advice.suggested_qty, 74.0)
        self.assertEqual(summer_advice.suggested_qty, 2 * steady_advice.suggested_qty)
        self.assertEqual(summer_advice.reorder_point, 2 * steady_advice.reorder_point)


@tagged("post_install", "-at_install")
class TestReorderAdvicePerformance(AdviceCommon):
    def _clinic(self, size):
        """``size`` items used in the past, each consumed by its own
        appointment type, one appointment of each booked."""
        items = self.env["product.product"].create(
            [
                {
                    "name": f"Perf item {size}-{index}",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create({"partner_id": self.supplier.id, "delay": 5})
                    ],
                }
                for index in range(size)
            ]
        )
        types = self.env["calendar.event.type"].create(
            [
                {
                    "name": f"Perf type {size}-{index}",
                    "clinic_billable": True,
                    "clinic_consumable_ids": [
                        Command.create({"product_id": item.id, "quantity": 1})
                    ],
                }
                for index, item in enumerate(items)
            ]
        )
        for item in items:
            self._usage(item, {3: 1.0, 4: 2.0})
        for event_type in types:
            self._book(event_type, [1])
        return items

    def test_query_count_does_not_grow_with_items(self):
        Advice = self.env["clinic.reorder.advice"]
        counts = []
        for size in (3, 30):
            self._clinic(size)
            Advice.action_compute()  # warm the caches
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Advice.action_compute()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], counts)
