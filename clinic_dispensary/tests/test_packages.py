# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common_package import PackageCommon


@tagged("post_install", "-at_install")
class TestPackageCatalogue(PackageCommon):
    def test_manager_creates_a_package_in_the_catalogue(self):
        form = Form(self.env["clinic.package"].with_user(self.user_manager))
        form.name = "Monthly Glow"
        form.package_type = "membership"
        form.price = 49.0
        form.recurring_rule_type = "monthly"
        form.discount_percent = 10.0
        with form.line_ids.new() as line:
            line.product_id = self.session
            line.quantity = 1
        package = form.save()
        self.assertEqual(package.company_id, self.company)
        self.assertEqual(package.line_ids.product_uom_id, self.session.uom_id)
        self.assertEqual(package.recurring_interval, 1)
        self.assertFalse(package.validity_days, "no expiry by default")
        menu = self.env.ref("clinic_dispensary.menu_clinic_packages")
        self.assertEqual(
            menu.parent_id, self.env.ref("clinic_dispensary.menu_clinic_catalogue")
        )

    def test_bad_packages_are_refused_in_the_users_words(self):
        cases = [
            ("at least one item", "Empty", 50.0, [], "treatment", {}),
            (
                "must be more than zero",
                "Free",
                0.0,
                [(self.session, 1)],
                "treatment",
                {},
            ),
            (
                "must be more than zero",
                "Negative",
                -5.0,
                [(self.session, 1)],
                "treatment",
                {},
            ),
            (
                "quantity of Facial Session",
                "Zero",
                50.0,
                [(self.session, 0)],
                "treatment",
                {},
            ),
            (
                "quantity of Facial Session",
                "Minus",
                50.0,
                [(self.session, -1)],
                "treatment",
                {},
            ),
            (
                "physical items only: remove Facial Session",
                "Kit",
                50.0,
                [(self.cream, 1), (self.session, 1)],
                "bundle",
                {},
            ),
            ("needs a period", "Member", 30.0, [(self.session, 1)], "membership", {}),
            (
                "needs a period",
                "Member",
                30.0,
                [(self.session, 1)],
                "membership",
                {"recurring_rule_type": "monthly", "recurring_interval": 0},
            ),
        ]
        for message, name, price, contents, package_type, vals in cases:
            with (
                self.subTest(name=name),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._package(name, price, contents, package_type, **vals)
        # The last line cannot be removed either.
        with self.assertRaisesRegex(ValidationError, "at least one item"):
            self.six_pack.line_ids = [Command.clear()]

    def test_reception_reads_the_catalogue_but_does_not_change_it(self):
        package = self.six_pack.with_user(self.user_reception)
        self.assertEqual(package.price, 500.0)
        with self.assertRaises(AccessError):
            package.price = 1.0


@tagged("post_install", "-at_install")
class TestPackageSale(PackageCommon):
    def test_reception_sells_a_treatment_package_as_a_prepaid_liability(self):
        form = Form(
            self.env["clinic.package.sale"]
            .with_user(self.user_reception)
            .with_context(active_model="res.partner", active_id=self.client_emma.id)
        )
        form.package_id = self.six_pack
        form.beneficiary_ids.add(self.client_noah)
        action = form.save().action_confirm()
        package = self.env["clinic.patient.package"].browse(action["res_id"])

        self.assertEqual(package.partner_id, self.client_emma)
        self.assertEqual(package.beneficiary_ids, self.client_noah)
        self.assertEqual(package.state, "active")
        self.assertEqual(package.date_start, self.today)
        self.assertEqual(package.date_end, self.today + timedelta(days=364))
        self.assertRecordValues(
            package.line_ids,
            [
                {
                    "product_id": self.session.id,
                    "quantity": 6,
                    "quantity_used": 0,
                    "quantity_remaining": 6,
                }
            ],
        )
        invoice = package.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 500.0)
        prepaid = self.company.clinic_package_account_id
        self.assertEqual(prepaid.account_type, "liability_current")
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "account_id": prepaid.id,
                    "credit": 500.0,
                    "clinic_patient_package_id": package.id,
                }
            ],
        )
        self.assertFalse(
            invoice.line_ids.filtered(
                lambda line: line.account_id.internal_group == "income"
            ),
            "a prepaid package is not income when sold",
        )
        self.assertEqual(package.amount_remaining, 500.0)
        self.assertEqual(prepaid.current_balance, -500.0)

    def test_reception_cannot_write_a_balance_or_a_state_by_hand(self):
        """Reception sells through the wizard; a package's state, price and
        balances follow its invoice and checkouts, never a direct write."""
        package = self._sell(self.six_pack, user=self.user_reception)
        as_reception = package.with_user(self.user_reception)
        self.assertEqual(as_reception.state, "active")
        for vals in ({"state": "draft"}, {"price": 1.0}):
            with self.assertRaises(AccessError):
                as_reception.write(vals)
        with self.assertRaises(AccessError):
            as_reception.line_ids.write({"quantity": 60})
        with self.assertRaises(AccessError):
            self.env["clinic.patient.package"].with_user(self.user_reception).create(
                {"partner_id": self.client_emma.id, "package_id": self.six_pack.id}
            )

    def test_draft_setting_activates_the_package_when_its_invoice_is_posted(self):
        self.company.clinic_package_post_invoice = False
        package = self._sell(self.six_pack)
        self.assertEqual(package.invoice_id.state, "draft")
        self.assertEqual(package.state, "draft")
        self.assertEqual(package.amount_remaining, 0.0)
        package.invoice_id.action_post()
        self.assertEqual(package.state, "active")
        self.assertEqual(package.amount_remaining, 500.0)

    def test_cancelling_the_invoice_cancels_the_package(self):
        package = self._sell(self.six_pack)
        invoice = package.invoice_id
        invoice.button_draft()
        self.assertEqual(package.state, "draft")
        invoice.button_cancel()
        self.assertEqual(package.state, "cancelled")
        self.assertEqual(package.amount_remaining, 0.0)
        self.assertEqual(self.company.clinic_package_account_id.current_balance, 0.0)

    def test_credit_note_cancels_the_package_and_its_liability(self):
        package = self._sell(self.six_pack)
        self._credit_note(package.invoice_id)
        self.assertEqual(package.state, "cancelled")
        self.assertEqual(package.amount_remaining, 0.0)
        self.assertEqual(self.company.clinic_package_account_id.current_balance, 0.0)

    def test_deleting_the_draft_invoice_cancels_the_package(self):
        self.company.clinic_package_post_invoice = False
        package = self._sell(self.six_pack)
        package.invoice_id.unlink()
        self.assertEqual(package.state, "cancelled")
        self.assertFalse(package.invoice_id)

    def test_bundle_is_revenue_at_once_and_leaves_the_stock(self):
        package = self._sell(self.kit, user=self.user_reception)
        invoice = package.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(package.state, "exhausted")
        self.assertEqual(package.line_ids.mapped("quantity_remaining"), [0.0, 0.0])
        self.assertEqual(invoice.amount_untaxed, 60.0)
        lines = invoice.invoice_line_ids
        self.assertEqual(lines.product_id, self.cream | self.serum)
        self.assertEqual(lines.mapped("price_unit"), [30.0, 20.0], "catalogue prices")
        self.assertEqual(sum(lines.mapped("price_subtotal")), 60.0)
        self.assertTrue(
            all(line.account_id.internal_group == "income" for line in lines),
            "a bundle is revenue when sold",
        )
        # Dispensed from stock like any item billed at the desk.
        stock = self.warehouse.lot_stock_id
        self.assertEqual(self.cream.with_context(location=stock.id).qty_available, 9)
        self.assertEqual(self.serum.with_context(location=stock.id).qty_available, 8)
        self.assertEqual(invoice.clinic_picking_ids.state, "done")

    def test_client_form_shows_reception_the_packages_and_balances(self):
        package = self._sell(self.six_pack)
        self._sell(self.six_pack, partner=self.client_noah)
        emma = self.client_emma.with_user(self.user_reception)
        with Form(emma) as form:
            self.assertEqual(form.clinic_patient_package_count, 1)
        self.assertEqual(emma.clinic_patient_package_count, 1)
        self.assertEqual(emma.clinic_patient_package_ids, package)
        action = emma.action_view_clinic_patient_packages()
        found = (
            self.env["clinic.patient.package"]
            .with_user(self.user_reception)
            .search(action["domain"])
        )
        self.assertEqual(found, package)
        self.assertEqual(found.amount_remaining, 500.0)
        self.assertEqual(found.line_ids.quantity_remaining, 6)

    def test_install_creates_the_package_accounts_of_charted_companies(self):
        self.assertFalse(self.company.clinic_package_account_id)
        self.env["res.company"]._clinic_create_missing_package_accounts()
        prepaid = self.company.clinic_package_account_id
        breakage = self.company.clinic_package_breakage_account_id
        self.assertEqual(prepaid.account_type, "liability_current")
        self.assertEqual(breakage.internal_group, "income")
        self.env["res.company"]._clinic_create_missing_package_accounts()
        self.assertEqual(self.company.clinic_package_account_id, prepaid, "once")


@tagged("post_install", "-at_install")
class TestPackageExpiry(PackageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month_pack = cls._package(
            "Monthly 3-Pack", 150.0, [(cls.session, 3)], validity_days=30
        )
        cls.cron = cls.env.ref("clinic_dispensary.ir_cron_package_expiry")

    def test_daily_cron_expires_packages_and_books_their_breakage(self):
        expired = self._sell(self.month_pack, days_ago=31)
        last_day = self._sell(self.month_pack, days_ago=29)
        forever = self._sell(self._package("Open 2-Pack", 80.0, [(self.session, 2)]))
        self.cron.method_direct_trigger()

        self.assertEqual(expired.state, "expired")
        self.assertEqual((last_day | forever).mapped("state"), ["active", "active"])
        move = expired.breakage_move_id
        self.assertEqual(move.state, "posted")
        prepaid = self.company.clinic_package_account_id
        income = self.company.clinic_package_breakage_account_id
        self.assertRecordValues(
            move.line_ids.sorted("debit", reverse=True),
            [
                {
                    "account_id": prepaid.id,
                    "debit": 150.0,
                    "credit": 0.0,
                    "partner_id": self.client_emma.id,
                },
                {
                    "account_id": income.id,
                    "debit": 0.0,
                    "credit": 150.0,
                    "partner_id": self.client_emma.id,
                },
            ],
        )
        self.assertEqual(expired.amount_remaining, 0.0)
        # The liability is what the active packages still owe.
        self.assertEqual(prepaid.current_balance, -(150.0 + 80.0))
        self.assertEqual(income.current_balance, -150.0)
        self.cron.method_direct_trigger()
        self.assertEqual(expired.breakage_move_id, move, "booked once")

    def test_membership_fee_is_income_once_its_period_ends(self):
        """A membership without a validity of its own ends with its period:
        the fee is not kept as a liability forever."""
        member = self._package(
            "Member",
            30.0,
            [(self.session, 1)],
            package_type="membership",
            recurring_rule_type="monthly",
            recurring_interval=1,
        )
        ended = self._sell(member, days_ago=40)
        current = self._sell(member, partner=self.client_noah)
        self.assertEqual(
            current.date_end, self.today + relativedelta(months=1, days=-1)
        )
        self.cron.method_direct_trigger()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(current.state, "active")
        income = self.company.clinic_package_breakage_account_id
        self.assertEqual(income.current_balance, -30.0)

    def test_expiry_works_in_batches(self):
        packages = self.env["clinic.patient.package"]
        for __ in range(3):
            packages |= self._sell(self.month_pack, days_ago=40)
        Package = self.env["clinic.patient.package"]
        self.assertEqual(Package._clinic_expire_due(limit=2), (2, 1))
        self.assertEqual(packages.mapped("state").count("expired"), 2)
        self.assertEqual(Package._clinic_expire_due(limit=2), (1, 0))
        self.assertEqual(set(packages.mapped("state")), {"expired"})
        self.assertEqual(self.company.clinic_package_account_id.current_balance, 0.0)
