# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, tagged

from .test_dispensing import DispensingCommon


@tagged("post_install", "-at_install")
class TestModuleDependencies(TransactionCase):
    def test_depends_on_the_apps_whose_fields_it_uses(self):
        # purchase_stock: reordering rules ordering from vendors (the RFQ's
        # orderpoint_id, the Buy route); stock_account: valuation of receipts
        # and dispensing, anglo-saxon interim accounts.
        module = self.env["ir.module.module"].search(
            [("name", "=", "clinic_dispensary")]
        )
        depends = module.dependencies_id.mapped("name")
        self.assertIn("purchase_stock", depends)
        self.assertIn("stock_account", depends)


@tagged("post_install", "-at_install")
class TestBelowMinimumAlert(DispensingCommon):
    """The manager's alert for an item below its minimum names the draft
    RFQ Odoo prepared, when the scheduler runs as its scheduled action (in
    the test's transaction here; TestBelowMinimumScheduledActionCommitted
    runs it on committed data, in separate transactions as in production)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Mask Wholesale"})
        cls.mask.write(
            {
                "route_ids": [
                    Command.set(cls.env.ref("purchase_stock.route_warehouse0_buy").ids)
                ],
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor.id, "price": 2.5})
                ],
            }
        )
        # 20 masks in stock: a minimum of 25 is not met.
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.mask.id,
                "location_id": cls.stock.id,
                "product_min_qty": 25,
                "product_max_qty": 50,
            }
        )
        cls.alert_type = cls.env.ref(
            "clinic_dispensary.mail_activity_type_below_minimum"
        )

    def setUp(self):
        super().setUp()
        # The scheduler opens cursors of its own and commits in them, as it
        # does in production: in tests they share the test's transaction.
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)

    def _alerts(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", self.mask.product_tmpl_id.id),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )

    def _rfq(self):
        return self.env["purchase.order"].search(
            [("order_line.product_id", "=", self.mask.id), ("state", "=", "draft")]
        )

    def _assert_alert_names_rfq(self):
        rfq = self._rfq()
        self.assertEqual(len(rfq), 1)
        self.assertEqual(rfq.partner_id, self.vendor)
        self.assertEqual(rfq.order_line.product_qty, 30)
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertIn("below its minimum", alert.summary)
        self.assertIn(rfq.name, alert.note)
        self.assertNotIn("none", alert.note)
        return alert

    def test_scheduled_action_alert_names_the_rfq(self):
        cron = self.env.ref("stock.ir_cron_scheduler_action")
        cron.method_direct_trigger()
        alert = self._assert_alert_names_rfq()
        # The next run neither orders again nor piles up alerts.
        cron.method_direct_trigger()
        self.assertEqual(self._alerts(), alert)
        self.assertEqual(len(self._rfq().order_line), 1)

    def test_company_scheduler_alert_names_the_rfq(self):
        # The scheduler of one company, in its own cursors as the cron runs.
        self.env["procurement.group"].run_scheduler(
            use_new_cursor=True, company_id=self.company.id
        )
        self._assert_alert_names_rfq()

    def test_exception_of_an_earlier_run_does_not_hide_the_alert(self):
        # No vendor yet: Odoo cannot order and says why in its own activity.
        self.mask.seller_ids.unlink()
        self.env["procurement.group"].run_scheduler(
            use_new_cursor=True, company_id=self.company.id
        )
        self.assertFalse(self._rfq())
        self.assertFalse(self._alerts())
        exception = self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", self.mask.product_tmpl_id.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_warning").id,
                ),
            ]
        )
        self.assertEqual(len(exception), 1)
        # The vendor is added: the next run orders and alerts, naming the RFQ.
        self.mask.seller_ids = [
            Command.create({"partner_id": self.vendor.id, "price": 2.5})
        ]
        self.env.ref("stock.ir_cron_scheduler_action").method_direct_trigger()
        self._assert_alert_names_rfq()


@tagged("post_install", "-at_install")
class TestBelowMinimumScheduledActionCommitted(BaseCase):
    """The scheduled action as it runs in production: its cursor and each
    batch of rules' cursor are separate transactions. The data must be
    committed for them to see it, so this case works outside the usual test
    transaction and cleans up after itself."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            vendor = env["res.partner"].create({"name": "Committed Gel Vendor"})
            gel = env["product.product"].create(
                {
                    "name": "Committed contact gel",
                    "is_storable": True,
                    "route_ids": [
                        Command.set(env.ref("purchase_stock.route_warehouse0_buy").ids)
                    ],
                    "seller_ids": [
                        Command.create({"partner_id": vendor.id, "price": 4.0})
                    ],
                }
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            orderpoint = env["stock.warehouse.orderpoint"].create(
                {
                    "product_id": gel.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_min_qty": 5,
                    "product_max_qty": 12,
                }
            )
            self.ids = {
                "vendor": vendor.id,
                "template": gel.product_tmpl_id.id,
                "product": gel.id,
                "orderpoint": orderpoint.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["purchase.order"].search(
                [("partner_id", "=", self.ids["vendor"])]
            )
            orders.button_cancel()
            orders.unlink()
            env["stock.warehouse.orderpoint"].browse(self.ids["orderpoint"]).unlink()
            # The variant's unlink takes its chatter and its template along.
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["vendor"]).unlink()

    def test_scheduled_action_alert_names_the_rfq(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.ref("stock.ir_cron_scheduler_action").method_direct_trigger()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            rfq = env["purchase.order"].search(
                [("partner_id", "=", self.ids["vendor"])]
            )
            self.assertEqual(rfq.state, "draft")
            self.assertEqual(rfq.order_line.product_qty, 12)
            alert = env["mail.activity"].search(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "=", self.ids["template"]),
                ]
            )
            self.assertIn(rfq.name, alert.note)
            self.assertIn("Forecast 0.0 for a minimum of 5.0", alert.note)
            self.assertEqual(
                alert.activity_type_id,
                env.ref("clinic_dispensary.mail_activity_type_below_minimum"),
            )


# Queries of the Below Minimum filter (search) and of the stock list's column
# (read), whatever the number of reordering rules: one forecast per location,
# one look-up of the draft RFQs.
BELOW_MINIMUM_SEARCH_QUERIES = 13
BELOW_MINIMUM_LIST_QUERIES = 11


@tagged("post_install", "-at_install")
class TestBelowMinimumFilterPerformance(DispensingCommon):
    """The Items in Stock list and its Below Minimum filter, as the clinic
    manager opens them, cost the same queries for 5 or 50 rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Bulk Vendor"})
        cls.Product = cls.env["product.product"].with_user(cls.user_manager)

    def _rules(self, count, prefix):
        """`count` items with a rule each; vendors' lead times differ, so
        each rule has its own horizon. Odd ones have a minimum of 5 with
        nothing in stock: they are below it."""
        products = self.env["product.product"].create(
            [
                {
                    "name": f"{prefix} item {index}",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create(
                            {"partner_id": self.vendor.id, "delay": index % 7}
                        )
                    ],
                }
                for index in range(count)
            ]
        )
        self.env["stock.warehouse.orderpoint"].create(
            [
                {
                    "product_id": product.id,
                    "location_id": self.stock.id,
                    "product_min_qty": 5 if index % 2 else 0,
                    "product_max_qty": 10,
                }
                for index, product in enumerate(products)
            ]
        )
        return products.filtered(lambda p: int(p.name.split()[-1]) % 2)

    def _measure(self, expected_below):
        # Creating items clears the registry's caches: warm them first.
        self.Product.search([("clinic_below_minimum", "=", True)])
        self.env.invalidate_all()
        with self.assertQueryCount(BELOW_MINIMUM_SEARCH_QUERIES):
            below = self.Product.search([("clinic_below_minimum", "=", True)])
        self.assertEqual(below, expected_below.with_user(self.user_manager))
        self.env.invalidate_all()
        with self.assertQueryCount(BELOW_MINIMUM_LIST_QUERIES):
            rows = self.Product.browse(below.ids + self.mask.ids).read(
                ["clinic_below_minimum"]
            )
        self.assertEqual(
            [row["clinic_below_minimum"] for row in rows], [True] * len(below) + [False]
        )

    def test_below_minimum_in_constant_queries_5_vs_50_rules(self):
        expected = self._rules(5, "Small")
        self._measure(expected)
        expected |= self._rules(45, "Large")
        self._measure(expected)

    def test_below_minimum_counts_planned_moves_and_draft_rfqs(self):
        gel, cream = self.env["product.product"].create(
            [
                {"name": "Gel", "is_storable": True},
                {"name": "Cream", "is_storable": True},
            ]
        )
        self.env["stock.quant"]._update_available_quantity(gel, self.stock, 8)
        _gel_rule, cream_rule = self.env["stock.warehouse.orderpoint"].create(
            [
                {
                    "product_id": product.id,
                    "location_id": self.stock.id,
                    "product_min_qty": 5,
                    "product_max_qty": 10,
                }
                for product in (gel, cream)
            ]
        )
        below = self.Product.search([("clinic_below_minimum", "=", True)])
        self.assertNotIn(gel, below)
        self.assertIn(cream, below)
        # 6 gels leave next week: 2 forecast, under 5.
        delivery = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": gel.name,
                            "product_id": gel.id,
                            "product_uom_qty": 6,
                            "location_id": self.stock.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        delivery.action_confirm()
        # 10 creams are in a draft RFQ prepared for the rule.
        self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cream.id,
                            "product_qty": 10,
                            "orderpoint_id": cream_rule.id,
                        }
                    )
                ],
            }
        )
        below = self.Product.search([("clinic_below_minimum", "=", True)])
        self.assertIn(gel, below)
        self.assertNotIn(cream, below)
        self.assertTrue(gel.with_user(self.user_manager).clinic_below_minimum)
        self.assertFalse(cream.with_user(self.user_manager).clinic_below_minimum)
