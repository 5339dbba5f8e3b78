# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_dispensing import DispensingCommon

# Reading the report grouped by item: one query for the groups, three for the
# items' names, two for the user's time zone when the context has none (the
# web client always sends it), whatever the number of items.
STOCKOUT_READ_GROUP_QUERIES = 6


@tagged("post_install", "-at_install")
class TestStockoutReport(DispensingCommon):
    """Last month, one item with a reordering rule (minimum 5): 6 on hand
    until 4 were delivered on the 11th, 2 since. Stock-outs:

    * refused checkout on the 11th (3 short, Emma's appointment) and on the
      20th (1 short, Noah's appointment);
    * consumables short on the 12th (2 short, both appointments).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["clinic.stockout.report"]
        cls.Stockout = cls.env["clinic.stockout.event"]
        today = fields.Date.today()
        cls.month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        cls.days = calendar.monthrange(cls.month.year, cls.month.month)[1]
        cls.gauze = cls._item("Stock-out gauze")
        cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.gauze.id,
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.stock.id,
                "product_min_qty": 5,
                "product_max_qty": 10,
            }
        )
        cls.emma_visit, cls.noah_visit = cls._create_events(
            [{}, {"client_id": cls.client_noah.id}]
        )

    @classmethod
    def _item(cls, name):
        item = cls.env["product.product"].create(
            {"name": name, "is_storable": True, "standard_price": 4.0}
        )
        cls.env["stock.quant"]._update_available_quantity(item, cls.stock, 6)
        return item

    def _day(self, day):
        return self.month.replace(day=day)

    def _record(self, cause, day, quantity, events, product=None):
        return self.Stockout._clinic_record(
            cause,
            [
                {
                    "product": product or self.gauze,
                    "warehouse": self.warehouse,
                    "quantity": quantity,
                    "events": events,
                    "partners": events.client_id,
                }
            ],
            date=self._day(day),
        )

    def _deliver_on_11th(self, quantity, day=11, hour=9):
        customers = self.env.ref("stock.stock_location_customers")
        move = self.env["stock.move"].create(
            {
                "name": "Gauze out",
                "product_id": self.gauze.id,
                "product_uom_qty": quantity,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.picked = True
        move._action_done()
        # Done now; the report's history needs it on the 11th of last month
        # (a move's date is not writable through the ORM once done).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = %s",
            [
                datetime.combine(self._day(day), datetime.min.time()).replace(
                    hour=hour
                ),
                move.id,
            ],
        )
        self.env.invalidate_all()

    def _month_of_stockouts(self):
        self._deliver_on_11th(4)
        self._record("refused", 11, 3.0, self.emma_visit)
        self._record("consumables", 12, 2.0, self.emma_visit | self.noah_visit)
        self._record("refused", 20, 1.0, self.noah_visit)

    def test_per_item_month_and_cause(self):
        self._month_of_stockouts()
        rows = self.Report.search([("product_id", "=", self.gauze.id)])
        by_cause = {row.cause: row for row in rows}
        self.assertEqual(set(by_cause), {"refused", "consumables"})
        below = self.days - 10  # from the 11th to the end of the month
        self.assertRecordValues(
            by_cause["refused"],
            [
                {
                    "month": self.month,
                    "warehouse_id": self.warehouse.id,
                    "company_id": self.company.id,
                    "product_uom_id": self.gauze.uom_id.id,
                    "currency_id": self.company.currency_id.id,
                    "occurrence_count": 2,
                    "quantity_short": 4.0,
                    "cost_short": 16.0,
                    "appointment_count": 2,
                    "patient_count": 2,
                    "days_below_minimum": below,
                }
            ],
        )
        self.assertRecordValues(
            by_cause["consumables"],
            [
                {
                    "occurrence_count": 1,
                    "quantity_short": 2.0,
                    "cost_short": 8.0,
                    "appointment_count": 2,
                    "patient_count": 2,
                    "days_below_minimum": below,
                }
            ],
        )

    def test_group_counts_each_patient_once(self):
        """Emma and Noah are in both causes' rows: an item's month has two
        patients and two appointments, not four."""
        self._month_of_stockouts()
        other = self._item("Stock-out swab")
        self._record("shortage", 3, 1.0, self.emma_visit, product=other)
        groups = self.Report.read_group(
            [("product_id", "in", (self.gauze | other).ids)],
            ["occurrence_count:sum", "appointment_count:sum", "patient_count:sum"],
            ["product_id"],
            orderby="patient_count desc",
            lazy=False,
        )
        self.assertEqual(
            [
                (g["product_id"][0], g["occurrence_count"])
                + (g["appointment_count"], g["patient_count"])
                for g in groups
            ],
            [(self.gauze.id, 3, 2, 2), (other.id, 1, 1, 1)],
        )
        [total] = self.Report.read_group(
            [("product_id", "in", (self.gauze | other).ids)],
            ["patient_count:sum"],
            [],
        )
        self.assertEqual(total["patient_count"], 2)

    def test_days_below_are_the_users_days(self):
        """Delivered at 20:00 UTC on the 10th: still the 10th in UTC, but
        10:00 on the 11th in Kiritimati (UTC+14), where the clinic's day
        below the minimum starts on the 11th."""
        self._deliver_on_11th(4, day=10, hour=20)
        self._record("refused", 20, 1.0, self.noah_visit)
        domain = [("product_id", "=", self.gauze.id)]
        for tz, below in (
            ("UTC", self.days - 9),
            ("Pacific/Kiritimati", self.days - 10),
            ("America/Adak", self.days - 9),
        ):
            with self.subTest(tz=tz):
                # The report's rows are read afresh for each time zone (the
                # cache does not key them by context).
                self.env.invalidate_all()
                row = self.Report.with_context(tz=tz).search(domain)
                self.assertEqual(row.days_below_minimum, below)

    def test_no_reordering_rule_no_days_below(self):
        other = self._item("Stock-out swab")
        self._record("refused", 3, 1.0, self.emma_visit, product=other)
        row = self.Report.search([("product_id", "=", other.id)])
        self.assertRecordValues(
            row,
            [
                {
                    "occurrence_count": 1,
                    "appointment_count": 1,
                    "patient_count": 1,
                    "days_below_minimum": 0,
                }
            ],
        )

    def test_managers_only(self):
        self._month_of_stockouts()
        domain = [("product_id", "=", self.gauze.id)]
        self.assertEqual(
            len(self.Report.with_user(self.user_manager).search(domain)), 2
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_reception).read_group(
                domain, ["occurrence_count:sum"], ["cause"]
            )
        menu = self.env.ref("clinic_dispensary.menu_clinic_reporting_stockouts")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(
            menu.id, Menu.with_user(self.user_reception)._visible_menu_ids()
        )

    def test_read_group_queries_do_not_grow_with_items(self):
        for count in (1, 6):
            with self.subTest(items=count):
                items = self.env["product.product"].concat(
                    *(self._item(f"Stock-out item {count}-{i}") for i in range(count))
                )
                for item in items:
                    self._record("shortage", 5, 1.0, self.emma_visit, product=item)
                Report = self.Report.with_user(self.user_manager)

                def read(items=items, Report=Report):
                    return Report.read_group(
                        [("product_id", "in", items.ids)],
                        ["occurrence_count:sum", "patient_count:sum"],
                        ["product_id"],
                        lazy=False,
                    )

                read()  # access rights and rules cached, as in a running server
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(STOCKOUT_READ_GROUP_QUERIES):
                    groups = read()
                self.assertEqual(len(groups), count)
