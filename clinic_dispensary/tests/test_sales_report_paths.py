# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common_package import PackageCheckoutCommon

INCOME = ("income", "income_other")


@tagged("post_install", "-at_install")
class TestSalesReportPaths(PackageCheckoutCommon):
    """Sales by Item on the paths users take in Odoo itself: invoices made
    in the form, Odoo's reversal and return wizards, lock dates, fiscal
    positions, other companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit, cls.follow_up = (
            cls.type_first_visit | cls.type_follow_up
        )._ensure_products()
        cls.visit.standard_price = 50.0
        cls.item = cls.env["product.product"].create(
            {
                "name": "Review Serum",
                "is_storable": True,
                "list_price": 25.0,
                "standard_price": 6.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.item, cls.warehouse.lot_stock_id, 20
        )
        cls.Report = cls.env["clinic.sales.report"]

    def _ledger(self, company=None):
        """The general ledger's income of the posted customer invoices and
        credit notes."""
        self.env.flush_all()
        [(balance,)] = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", (company or self.company).id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("account_id.account_type", "in", INCOME),
            ],
            [],
            ["balance:sum"],
        )
        return -balance

    def _report(self, company=None):
        self.env.flush_all()
        [(revenue,)] = self.Report._read_group(
            [("company_id", "=", (company or self.company).id)],
            [],
            ["net_revenue:sum"],
        )
        return revenue

    def _form_invoice(self, product, price, discount=0.0, user=None, **extra):
        env = self.env(user=user) if user else self.env
        form = Form(env["account.move"].with_context(default_move_type="out_invoice"))
        form.partner_id = self.client_emma
        for name, value in extra.items():
            setattr(form, name, value)
        with form.invoice_line_ids.new() as line:
            line.product_id = product
            line.price_unit = price
            line.discount = discount
            line.tax_ids.clear()
        invoice = form.save()
        invoice.action_post()
        return invoice

    def test_form_invoice_and_reverse_wizard(self):
        invoice = self._form_invoice(self.visit, 100.0, discount=12.5)
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": self.today})
        )
        action = wizard.refund_moves()
        self.env["account.move"].browse(action["res_id"]).action_post()
        self.assertAlmostEqual(self._report(), self._ledger(), places=2)
        self.assertAlmostEqual(self._report(), 0.0, places=2)

    def test_new_draft_of_a_dispensed_sale_costs_once(self):
        """Reverse and create new draft of a retail sale of one serum,
        raised to three: two more leave stock with the new invoice, each
        serum's cost is counted once."""
        invoice = self._form_invoice(self.item, 25.0, user=self.user_manager)
        form = Form(
            self.env(user=self.user_manager)["account.move.reversal"].with_context(
                active_model="account.move", active_ids=invoice.ids
            )
        )
        form.reason = "Wrong quantity"
        new = self.env["account.move"].browse(form.save().modify_moves()["res_id"])
        with Form(new.with_user(self.user_manager)) as form:
            with form.invoice_line_ids.edit(0) as line:
                line.quantity = 3
        new.with_user(self.user_manager).action_post()
        self.assertEqual(new.invoice_line_ids.clinic_stock_move_ids.quantity, 2)
        self.env.flush_all()
        [(revenue, cost, quantity)] = self.Report._read_group(
            [("company_id", "=", self.company.id), ("product_id", "=", self.item.id)],
            [],
            ["net_revenue:sum", "cost:sum", "quantity:sum"],
        )
        self.assertAlmostEqual(revenue, 75.0, places=2)
        self.assertAlmostEqual(revenue, self._ledger(), places=2)
        self.assertAlmostEqual(quantity, 3.0)
        self.assertAlmostEqual(cost, 18.0, places=2)

    def test_sale_lock_date_period(self):
        # Invoiced today with last month's date, last month being locked:
        # Odoo books it today, and so does the report.
        last_month_end = self.today + relativedelta(day=1, days=-1)
        self.company.sale_lock_date = last_month_end
        invoice = self._form_invoice(self.visit, 100.0, invoice_date=last_month_end)
        self.assertEqual(invoice.date, self.today)
        row = self.Report.search([("move_id", "=", invoice.id)])
        self.assertEqual(row.date, self.today)
        self.env.flush_all()
        [(revenue,)] = self.Report._read_group(
            [("company_id", "=", self.company.id), ("date", "<=", last_month_end)],
            [],
            ["net_revenue:sum"],
        )
        self.assertEqual(revenue, 0.0, "nothing booked in the locked month")

    def test_other_company_rows_hidden(self):
        invoice = self._form_invoice(self.visit, 100.0)
        other = self.setup_other_company(name="Clinic B")["company"]
        user_b = new_test_user(
            self.env,
            login="rv_manager_b",
            groups="clinic_dispensary.group_clinic_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.env.flush_all()
        self.assertFalse(
            self.Report.with_user(user_b).search([("move_id", "=", invoice.id)])
        )
        self.assertTrue(self.Report.search([("move_id", "=", invoice.id)]))

    def test_cancel_reset_and_archived(self):
        invoice = self._form_invoice(self.visit, 100.0)
        invoice.button_draft()
        self.assertEqual(self._report(), 0.0)
        invoice.action_post()
        self.visit.action_archive()
        self.assertAlmostEqual(self._report(), 100.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self._report(), 0.0)

    def test_line_without_product_and_fiscal_position(self):
        other_income = self.company_data["default_account_revenue"].copy(
            {"code": "700900", "name": "Export income"}
        )
        fpos = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "account_ids": [
                    Command.create(
                        {
                            "account_src_id": self.company_data[
                                "default_account_revenue"
                            ].id,
                            "account_dest_id": other_income.id,
                        }
                    )
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "fiscal_position_id": fpos.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.visit.id,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Misc",
                            "price_unit": 7.0,
                            "quantity": 2,
                            "account_id": other_income.id,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.invoice_line_ids.account_id, other_income)
        self.assertAlmostEqual(self._report(), 114.0)
        self.assertAlmostEqual(self._report(), self._ledger())

    def test_return_wizard_then_reverse_wizard(self):
        invoice = self._form_invoice(self.item, 25.0, user=self.user_manager)
        picking = invoice.clinic_picking_ids
        form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        )
        with form.product_return_moves.edit(0) as line:
            line.quantity = 1
        action = form.save().action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        returned.move_ids.quantity = 1
        returned.button_validate()
        self._credit_note(invoice)
        rows = self.Report.search([("product_id", "=", self.item.id)])
        self.assertEqual(
            (sum(rows.mapped("net_revenue")), sum(rows.mapped("cost"))),
            (0.0, 0.0),
        )

    def test_cash_rounding_on_income(self):
        # Rounded to 0.05, the 0.02 on an income account: the ledger's.
        rounding = self.env["account.cash.rounding"].create(
            {
                "name": "Coins of 0.05",
                "rounding": 0.05,
                "strategy": "add_invoice_line",
                "profit_account_id": self.revenue.id,
                "loss_account_id": self.company_data["default_account_expense"].id,
                "rounding_method": "HALF-UP",
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_cash_rounding_id": rounding.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Advice",
                            "account_id": self.revenue.id,
                            "price_unit": 100.03,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 100.05)
        self.assertAlmostEqual(self._report(), 100.05, places=2)
        self.assertAlmostEqual(self._report(), self._ledger(), places=2)

    def test_discount_allocated_to_an_account(self):
        # Discounts booked on an expense account of their own: Odoo books
        # the full price on income, and so does the report (the item's row
        # net, the discount added back on a row of its own).
        self.company.account_discount_expense_allocation_id = self.company_data[
            "default_account_expense"
        ]
        invoice = self._form_invoice(self.visit, 100.0, discount=10.0)
        rows = self.Report.search([("move_id", "=", invoice.id)])
        self.assertEqual(
            sorted(rows.mapped(lambda row: (row.product_id.id, row.net_revenue))),
            [(False, 10.0), (self.visit.id, 90.0)],
        )
        self.assertAlmostEqual(self._report(), self._ledger(), places=2)
