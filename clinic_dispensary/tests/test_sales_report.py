# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_package import PackageCheckoutCommon

INCOME = ("income", "income_other")


@tagged("post_install", "-at_install")
class TestSalesReport(PackageCheckoutCommon):
    """Sales by Item: revenue per item from posted invoices and credit notes,
    with discounts, cost and margin, agreeing with the general ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit, cls.follow_up = (
            cls.type_first_visit | cls.type_follow_up
        )._ensure_products()
        cls.visit.standard_price = 50.0
        cls.follow_up.standard_price = 20.0
        cls.facial.standard_price = 30.0
        cls.item = cls.env["product.product"].create(
            {
                "name": "Sales Serum",
                "is_storable": True,
                "list_price": 25.0,
                "standard_price": 6.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.item, cls.warehouse.lot_stock_id, 10
        )
        cls.accountant = new_test_user(
            cls.env,
            login="clinic_sales_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Report = cls.env["clinic.sales.report"]

    def _checkout_posted(self, events, discount=None):
        invoice, __ = self._checkout(events)
        if discount is not None:
            self._session_lines(invoice).discount = discount
        invoice.action_post()
        return invoice

    def _dispense(self, quantity):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "clinic_dispense": True,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.item.id,
                            "quantity": quantity,
                            "price_unit": 25.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.clinic_picking_ids.state, "done")
        return invoice

    def _return_with_credit(self, picking, quantity):
        """Part of a dispensed item back, crediting the client (a credit
        note of returned goods, posted when the return is validated)."""
        form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        )
        form.clinic_create_credit = True
        with form.product_return_moves.edit(0) as line:
            line.quantity = quantity
        action = form.save().action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        returned.move_ids.quantity = quantity
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        return returned.clinic_credit_move_ids

    def _period(self):
        today = self.today
        return today + relativedelta(day=1), today + relativedelta(day=31)

    def _ledger_income(self, date_from, date_to):
        """The general ledger: income of the posted customer invoices and
        credit notes of the period."""
        self.env.flush_all()
        [(balance,)] = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("account_id.account_type", "in", INCOME),
                ("move_id.invoice_date", ">=", date_from),
                ("move_id.invoice_date", "<=", date_to),
            ],
            [],
            ["balance:sum"],
        )
        return -balance

    def test_rows_by_hand_and_the_ledger(self):
        # Two appointments checked out, one with 25 % off.
        visit = self._checkout_posted(self._create_event(type=self.type_first_visit))
        follow_up = self._checkout_posted(
            self._create_event(type=self.type_follow_up, client_id=self.client_noah.id),
            discount=25.0,
        )
        # 4 serums dispensed at cost 6 (standard cost when they left), one
        # back with its credit note: the return comes back at 6.
        dispensed = self._dispense(4)
        credit_note = self._return_with_credit(dispensed.clinic_picking_ids, 1)
        self.assertEqual(credit_note.state, "posted")
        # The cost price changes after: what left stays valued at 6.
        self.item.standard_price = 9.0
        # Scrapped: waste, not a sale.
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.item.id,
                "scrap_qty": 1,
                "location_id": self.warehouse.lot_stock_id.id,
            }
        )
        scrap.action_validate()
        # A package sold (on Prepaid Packages), then a session it pays for:
        # 80.00 with tax, 69.57 + 10.44 tax, the cent over on breakage.
        package = self._sell(self.facials)
        session = self._checkout_posted(self._facials(1))
        # Not posted: no revenue.
        self._checkout(self._create_event(type=self.type_follow_up))

        self.env.flush_all()
        Report = self.Report.with_user(self.user_manager)
        rows = Report.search([("company_id", "=", self.company.id)]).sorted("id")
        self.assertFalse(rows.filtered(lambda row: row.move_id == package.invoice_id))
        self.assertFalse(
            rows.move_line_id.filtered(
                lambda line: line.account_id == self.company.clinic_package_account_id
            )
        )
        main = self.warehouse
        common = {"date": self.today, "currency_id": self.company.currency_id.id}
        self.assertRecordValues(
            rows,
            [
                {"move_id": visit.id, "move_type": "out_invoice",
                 "product_id": self.visit.id, "product_kind": "service",
                 "partner_id": self.client_emma.id,
                 "event_type_id": self.type_first_visit.id,
                 "warehouse_id": main.id, "quantity": 1.0,
                 "catalogue_amount": 120.0, "discount_amount": 0.0,
                 "net_revenue": 120.0, "cost": 50.0, "margin": 70.0, **common},
                {"move_id": follow_up.id, "move_type": "out_invoice",
                 "product_id": self.follow_up.id, "product_kind": "service",
                 "partner_id": self.client_noah.id,
                 "event_type_id": self.type_follow_up.id,
                 "warehouse_id": main.id, "quantity": 1.0,
                 "catalogue_amount": 80.0, "discount_amount": 20.0,
                 "net_revenue": 60.0, "cost": 20.0, "margin": 40.0, **common},
                {"move_id": dispensed.id, "move_type": "out_invoice",
                 "product_id": self.item.id, "product_kind": "physical",
                 "partner_id": self.client_emma.id, "event_type_id": False,
                 "warehouse_id": main.id, "quantity": 4.0,
                 "catalogue_amount": 100.0, "discount_amount": 0.0,
                 "net_revenue": 100.0, "cost": 24.0, "margin": 76.0, **common},
                {"move_id": credit_note.id, "move_type": "out_refund",
                 "product_id": self.item.id, "product_kind": "physical",
                 "partner_id": self.client_emma.id, "event_type_id": False,
                 "warehouse_id": main.id, "quantity": -1.0,
                 "catalogue_amount": -25.0, "discount_amount": 0.0,
                 "net_revenue": -25.0, "cost": -6.0, "margin": -19.0, **common},
                # The session: 100.00 less 30.43 %, at cost 30.
                {"move_id": session.id, "move_type": "out_invoice",
                 "product_id": self.facial.id, "product_kind": "service",
                 "partner_id": self.client_emma.id,
                 "event_type_id": self.type_facial.id, "warehouse_id": main.id,
                 "quantity": 1.0, "catalogue_amount": 100.0,
                 "discount_amount": 30.43, "net_revenue": 69.57, "cost": 30.0,
                 "margin": 39.57, **common},
                # Its cent of rounding, on breakage income: the session's.
                {"move_id": session.id, "move_type": "out_invoice",
                 "product_id": self.facial.id, "product_kind": "service",
                 "partner_id": self.client_emma.id,
                 "event_type_id": self.type_facial.id, "warehouse_id": main.id,
                 "quantity": 0.0,
                 "catalogue_amount": -0.01, "discount_amount": 0.0,
                 "net_revenue": -0.01, "cost": 0.0, "margin": -0.01, **common},
            ],
        )  # fmt: skip
        self.assertAlmostEqual(rows[0].margin_percent, 100 * 70 / 120, places=4)
        self.assertEqual(
            rows.categ_id,
            (self.visit | self.follow_up | self.item | self.facial).categ_id,
        )
        self.assertEqual(rows[2].product_uom_id, self.item.uom_id)

        # The period's revenue is the ledger's income, to the cent.
        date_from, date_to = self._period()
        period = [
            ("company_id", "=", self.company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        [(revenue, margin, rate)] = Report._read_group(
            period, [], ["net_revenue:sum", "margin:sum", "margin_percent:avg"]
        )
        self.assertAlmostEqual(revenue, 120 + 60 + 100 - 25 + 69.57 - 0.01, places=2)
        self.assertAlmostEqual(
            revenue, self._ledger_income(date_from, date_to), places=2
        )
        # The rate of a group is its margin over its revenue.
        self.assertAlmostEqual(rate, 100 * margin / revenue, places=4)

        # By item, revenue first: the facial's cent with its session.
        groups = Report.read_group(
            period, ["net_revenue:sum", "cost:sum"], ["product_id"],
            orderby="net_revenue desc",
        )  # fmt: skip
        self.assertEqual(
            [(group["product_id"][0], group["net_revenue"]) for group in groups],
            [
                (self.visit.id, 120.0),
                (self.item.id, 75.0),
                (self.facial.id, 69.56),
                (self.follow_up.id, 60.0),
            ],
        )
        self.assertEqual(groups[1]["cost"], 18.0, "4 out, 1 back, at 6")

    def test_clinic_is_where_the_item_was_dispensed(self):
        dispensed = self._dispense(2)
        visit = self._checkout_posted(self._create_event(type=self.type_first_visit))
        # Another clinic comes first now: services are the company's
        # (checkout's) clinic, items the one they left from.
        annex = self.env["stock.warehouse"].create(
            {"name": "Sales Annex", "code": "SAX", "sequence": 0}
        )
        self.assertEqual(
            self.env["stock.warehouse"]._clinic_main_by_company(self.company)[
                self.company
            ],
            annex,
        )
        rows = self.Report.search([("move_id", "in", (dispensed | visit).ids)])
        self.assertEqual(
            {row.product_id: row.warehouse_id for row in rows},
            {self.item: self.warehouse, self.visit: annex},
        )

    def test_foreign_currency_and_free_lines_in_company_currency(self):
        # Billed in a currency at 2 for 1: the report is in the company's.
        currency = self.setup_other_currency("EUR")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "currency_id": currency.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": price,
                            "discount": discount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, price, discount in (
                        (self.visit, 100.0, 10.0),
                        (self.follow_up, 60.0, 100.0),  # given away
                    )
                ],
            }
        )
        invoice.action_post()
        rows = self.Report.search([("move_id", "=", invoice.id)]).sorted("id")
        company_currency = self.company.currency_id.id
        self.assertRecordValues(
            rows,
            [
                {"currency_id": company_currency, "catalogue_amount": 50.0,
                 "discount_amount": 5.0, "net_revenue": 45.0, "cost": 50.0,
                 "margin": -5.0},
                {"currency_id": company_currency, "catalogue_amount": 30.0,
                 "discount_amount": 30.0, "net_revenue": 0.0, "cost": 20.0,
                 "margin": -20.0},
            ],
        )  # fmt: skip

    def test_kinds_are_the_items(self):
        self.assertEqual(
            self.Report._fields["product_kind"].selection,
            self.env["product.template"]._fields["clinic_kind"].selection,
        )

    def test_the_action_opens_on_this_month_by_item(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_sales_report"
        )
        self.assertEqual(action["view_mode"], "pivot,graph,list")
        self.assertIn("search_default_filter_date", action["context"])
        views = self.Report.with_user(self.accountant).get_views(
            [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
        )["views"]
        self.assertIn('default_order="net_revenue desc"', views["pivot"]["arch"])
        self.assertIn('default_period="month"', views["search"]["arch"])

    def test_access_managers_and_accountants_not_reception(self):
        invoice = self._checkout_posted(self._create_event(type=self.type_first_visit))
        domain = [("move_id", "=", invoice.id)]
        for user in (self.user_manager, self.accountant):
            self.assertEqual(
                self.Report.with_user(user).search(domain).net_revenue, 120.0
            )
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_reception).search(domain)
        Menu = self.env["ir.ui.menu"]
        clinic_menu = self.env.ref("clinic_dispensary.menu_clinic_reporting_sales")
        account_menu = self.env.ref(
            "clinic_dispensary.menu_account_reporting_clinic_sales"
        )
        self.assertIn(
            clinic_menu.id, Menu.with_user(self.user_manager)._visible_menu_ids()
        )
        self.assertIn(
            account_menu.id, Menu.with_user(self.accountant)._visible_menu_ids()
        )
        hidden = Menu.with_user(self.user_reception)._visible_menu_ids()
        self.assertNotIn(clinic_menu.id, hidden)
        self.assertNotIn(account_menu.id, hidden)


@tagged("post_install", "-at_install")
class TestSalesReportPerformance(PackageCheckoutCommon):
    def _invoices(self, count):
        products = self.env["product.product"].create(
            [
                {"name": f"Report item {index}", "standard_price": 10.0}
                for index in range(count)
            ]
        )
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client_emma.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": 40.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for product in products
            ]
        )
        invoices.action_post()

    def _read(self):
        return self.env["clinic.sales.report"].read_group(
            [("company_id", "=", self.company.id)],
            ["net_revenue:sum", "cost:sum", "margin_percent:avg"],
            ["product_id"],
        )

    def test_read_group_by_item_queries_do_not_grow(self):
        # The view's query, then the items' names (3 queries for any number
        # of items): the same for 1 and 20 invoices.
        for count, total in ((1, 1), (19, 20)):
            self._invoices(count)
            self._read()  # caches warm
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                groups = self._read()
            self.assertEqual(len(groups), total)
        self.assertEqual({group["margin_percent"] for group in groups}, {75.0})
