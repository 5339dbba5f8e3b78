# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.clinic_dispensary.tests.common_package import PackageCheckoutCommon

from .common import DashboardMixin


@tagged("post_install", "-at_install")
class TestClinicDashboardFigures(DashboardMixin, PackageCheckoutCommon):
    """Each figure of the dashboard, computed as its spreadsheet asks for it,
    is the figure of the screen or report it summarises, on a small clinic
    (a company of its own: nothing else in it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.warehouse.lot_stock_id
        cls.facials_categ = cls.env.ref(
            "clinic_dispensary.product_category_clinic_facials"
        )

    def test_today_to_bill_as_express_checkout(self):
        # A practitioner whose calendar is private by default: Express
        # Checkout bills the appointments, the dashboard counts them too.
        practitioner = new_test_user(
            self.env,
            login="dashboard_practitioner",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        practitioner.with_user(practitioner).calendar_default_privacy = "private"
        to_bill = self._create_events(
            [
                {"type": self.type_first_visit},
                {"type": self.type_follow_up, "user_id": practitioner.id},
            ]
        )
        self._create_events(
            [
                # Yesterday's, not today's.
                {"start": self.morning - timedelta(days=1)},
                {"clinic_no_charge": True},
                # No client: not Express Checkout's.
                {"client_id": False},
            ]
        )
        billed = self._create_event(start=self.morning + timedelta(hours=3))
        self._checkout(billed)
        self.assertEqual(billed.billing_state, "billed")
        specs = ["__count", "clinic_amount:sum"]
        figures = self._pivot_figures("1", self.user_manager)
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_express_checkout",
                self.user_manager,
                specs,
                [],
                filters=("today", "to_bill"),
            ),
        )
        amount = sum(to_bill.with_user(self.user_manager).mapped("clinic_amount"))
        self.assertGreater(amount, 200.0)
        self.assertEqual(figures, {(): {"__count": 2, "clinic_amount:sum": amount}})

    def test_credits_owed_as_report(self):
        Credit = self.env["clinic.client.credit"]
        Credit._create_credit(self.client_emma, 10.0, "Goodwill", date=self.today)
        Credit._create_credit(
            self.client_noah, 40.0, "Goodwill", date=self.today - timedelta(days=40)
        )
        # Used up on an invoice: owed no more.
        used = Credit._create_credit(self.client_noah, 7.0, "Goodwill", date=self.today)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_noah.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Visit",
                            "price_unit": 7.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        used.action_apply_to_invoice(invoice.id)
        self.assertEqual(used.state, "used")
        figures = self._pivot_figures("3", self.user_manager)
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_credits_owed_report",
                self.user_manager,
                ["amount_remaining:sum"],
                ["age"],
            ),
        )
        self.assertEqual(
            figures,
            {
                ("0_30",): {"amount_remaining:sum": 10.0},
                ("31_90",): {"amount_remaining:sum": 40.0},
            },
        )

    def test_package_liability_as_report(self):
        self._sell(self.facials)
        soon = self._package("Soon", 90.0, [(self.facial, 1)], validity_days=20)
        self._sell(soon, partner=self.client_noah)
        old = self._package("Old", 300.0, [(self.facial, 3)], validity_days=30)
        self._sell(old, days_ago=40)
        self.env["clinic.patient.package"]._clinic_expire_due()
        figures = self._pivot_figures("4", self.user_manager)
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_package_liability_report",
                self.user_manager,
                ["amount_unused:sum"],
                ["expiry"],
                filters=("active",),
            ),
        )
        self.assertEqual(
            figures,
            {
                ("30",): {"amount_unused:sum": 90.0},
                ("later",): {"amount_unused:sum": 480.0},
            },
        )

    def _item(self, name, quantity, minimum, **vals):
        product = self.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": self.facials_categ.id,
                **vals,
            }
        )
        if quantity:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock, quantity
            )
        product.product_tmpl_id.clinic_min_qty = minimum
        return product

    def test_items_below_minimum_as_items_in_stock(self):
        mask = self._item("Dashboard mask", 20, 25)
        self._item("Dashboard gauze", 30, 25)
        self._item(
            "Dashboard office chair",
            0,
            2,
            categ_id=self.env.ref("product.product_category_all").id,
        )
        figures = self._pivot_figures("5", self.user_manager)
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_stock_items",
                self.user_manager,
                ["__count"],
                [],
                filters=("clinic_item", "below_minimum"),
            ),
        )
        self.assertEqual(figures, {(): {"__count": 1}})
        self.assertEqual(self._list_records("1", self.user_manager), mask)

    def test_lots_expiring_within_30_days(self):
        vial = self.env["product.product"].create(
            {
                "name": "Dashboard vial",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "categ_id": self.facials_categ.id,
            }
        )
        now = fields.Datetime.now()
        soon, late, empty, expired = self.env["stock.lot"].create(
            [
                {"name": name, "product_id": vial.id, "expiration_date": now + delay}
                for name, delay in (
                    ("DASH-SOON", timedelta(days=10)),
                    ("DASH-LATE", timedelta(days=60)),
                    ("DASH-EMPTY", timedelta(days=10)),
                    ("DASH-EXPIRED", timedelta(days=-1)),
                )
            ]
        )
        Quant = self.env["stock.quant"]
        for lot in soon | late | expired:
            Quant._update_available_quantity(vial, self.stock, 5, lot_id=lot)
        self.assertFalse(empty.product_qty)
        self.assertEqual(
            self._pivot_figures("6", self.user_manager), {(): {"__count": 1}}
        )
        self.assertEqual(self._list_records("2", self.user_manager), soon)

    def _post_invoice(self, lines, date):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_date": date,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 1, "price_unit": price}
                    )
                    for product, price in lines
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_sales_this_month_by_category_as_sales_report(self):
        facial_item = self.env["product.product"].create(
            {
                "name": "Dashboard facial peel",
                "clinic_kind": "service",
                "categ_id": self.facials_categ.id,
            }
        )
        first = self.today.replace(day=1)
        self._post_invoice([(self.cream, 30.0), (facial_item, 45.0)], self.today)
        self._post_invoice([(facial_item, 100.0)], first - timedelta(days=1))
        self._checkout(self._create_events([{"type": self.type_follow_up}]))[
            0
        ].action_post()
        figures = self._pivot_figures("2", self.user_manager)
        env = self.env(user=self.user_manager)
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_sales_report",
                self.user_manager,
                ["net_revenue:sum"],
                ["categ_id"],
                domain=self._this_month("date", env),
            ),
        )
        self.assertEqual(
            figures,
            {
                (self.cream.categ_id.id,): {"net_revenue:sum": 30.0},
                (self.facials_categ.id,): {"net_revenue:sum": 45.0},
                (self.type_follow_up.product_id.categ_id.id,): {
                    "net_revenue:sum": 80.0
                },
            },
        )
        # The chart below draws the same figures.
        self.assertEqual(
            self._chart_figures(self.user_manager),
            {
                "Sales this month by category": {
                    key: values["net_revenue:sum"] for key, values in figures.items()
                }
            },
        )

    def test_stockouts_this_month_as_stockout_report(self):
        Stockout = self.env["clinic.stockout.event"]
        gauze = self.env["product.product"].create(
            {"name": "Dashboard gauze", "is_storable": True}
        )
        visit, other = self._create_events([{}, {"client_id": self.client_noah.id}])
        first = self.today.replace(day=1)
        for cause, date, events in (
            ("refused", self.today, visit),
            ("shortage", self.today, visit | other),
            ("refused", first - timedelta(days=1), other),
        ):
            Stockout._clinic_record(
                cause,
                [
                    {
                        "product": gauze,
                        "warehouse": self.warehouse,
                        "quantity": 1,
                        "events": events,
                        "partners": events.client_id,
                    }
                ],
                date=date,
            )
        figures = self._pivot_figures("7", self.user_manager)
        env = self.env(user=self.user_manager)
        specs = ["occurrence_count:sum", "patient_count:sum"]
        self.assertEqual(
            figures,
            self._report_figures(
                "clinic_dispensary.action_clinic_stockout_report",
                self.user_manager,
                specs,
                ["cause"],
                domain=self._this_month("month", env),
            ),
        )
        self.assertEqual(
            figures,
            {
                ("refused",): {"occurrence_count:sum": 1, "patient_count:sum": 1},
                ("shortage",): {"occurrence_count:sum": 1, "patient_count:sum": 2},
            },
        )
