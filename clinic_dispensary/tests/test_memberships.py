# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_package import PackageCheckoutCommon


class MembershipCommon(PackageCheckoutCommon):
    """A monthly membership: 90.00 a month, two facials included each
    month, 10 % off facials beyond them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.glow = cls._package(
            "Monthly Glow",
            90.0,
            [(cls.facial, 2)],
            package_type="membership",
            recurring_rule_type="monthly",
            recurring_interval=1,
            auto_renew=True,
            discount_percent=10.0,
        )
        cls.prepaid = cls.company._clinic_package_prepaid_account()
        cls.breakage = cls.company._clinic_package_breakage_account()
        cls.invoice_cron = cls.env.ref("contract.contract_cron_for_invoice")
        cls.expiry_cron = cls.env.ref("clinic_dispensary.ir_cron_package_expiry")

    def _sell_membership(self, offer=None, start=None, partner=None):
        """Reception sells from the client's form, through the wizard."""
        form = Form(
            self.env["clinic.package.sale"]
            .with_user(self.user_reception)
            .with_context(
                active_model="res.partner",
                active_id=(partner or self.client_emma).id,
            )
        )
        form.package_id = offer or self.glow
        form.date_start = start or self.today
        action = form.save().action_confirm()
        return self.env["clinic.patient.package"].browse(action["res_id"])

    def _ledger(self, account):
        self.env.flush_all()
        groups = self.env["account.move.line"]._read_group(
            [
                ("account_id", "=", account.id),
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
            ],
            [],
            ["balance:sum"],
        )
        return groups[0][0]

    def _invoices(self, membership):
        return membership.contract_id._get_related_invoices().sorted("id")


@tagged("post_install", "-at_install")
class TestMembershipContract(MembershipCommon):
    """Memberships are invoiced every period by OCA's contract."""

    def test_sale_creates_the_contract_and_invoices_the_first_period(self):
        member = self._sell_membership()
        contract = member.contract_id
        self.assertRecordValues(
            contract,
            [
                {
                    "partner_id": self.client_emma.id,
                    "contract_type": "sale",
                    "recurring_rule_type": "monthly",
                    "recurring_interval": 1,
                    "date_start": self.today,
                    "clinic_patient_package_id": member.id,
                    "recurring_next_date": self.today + relativedelta(months=1),
                }
            ],
        )
        self.assertRecordValues(
            contract.contract_line_ids,
            [{"price_unit": 90.0, "quantity": 1.0, "date_end": False}],
        )
        self.assertEqual(member.recurring_next_date, contract.recurring_next_date)
        self.assertEqual(member.state, "active")
        invoice = member.invoice_id
        self.assertEqual(self._invoices(member), invoice)
        self.assertEqual(invoice.state, "posted")
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "account_id": self.prepaid.id,
                    "credit": 90.0,
                    "tax_ids": [],
                    "clinic_patient_package_id": member.id,
                }
            ],
        )
        self.assertEqual(self._ledger(self.prepaid), -90.0)
        self.assertEqual(member.amount_remaining, 90.0)
        # The period and what it includes.
        period_end = self.today + relativedelta(months=1, days=-1)
        self.assertEqual(
            (member.period_start, member.period_end), (self.today, period_end)
        )
        self.assertRecordValues(
            member.period_line_ids,
            [{"product_id": self.facial.id, "quantity": 2, "quantity_remaining": 2}],
        )
        self.assertEqual(member.date_end, period_end)
        # Reception reads it on the membership's form.
        form = Form(member.with_user(self.user_reception))
        self.assertEqual(
            form.recurring_next_date, str(self.today + relativedelta(months=1))
        )
        self.assertEqual(form.period_end, str(period_end))
        self.assertEqual(len(form.period_line_ids), 1)

    def test_the_scheduled_action_invoices_each_period_and_renews_it(self):
        """Sold two months ago: contract's cron invoices the second, then
        the third period; each credits the liability and brings its own
        included quantities; the ended periods' unused value becomes
        breakage income."""
        start = self.today - relativedelta(months=2)
        member = self._sell_membership(start=start)
        self.assertEqual(self._ledger(self.prepaid), -90.0)
        self.assertEqual(member.recurring_next_date, start + relativedelta(months=1))

        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 2)
        self.assertEqual(self._ledger(self.prepaid), -180.0)
        self.invoice_cron.method_direct_trigger()
        invoices = self._invoices(member)
        self.assertEqual(len(invoices), 3)
        self.assertEqual(invoices.mapped("state"), ["posted"] * 3)
        self.assertEqual(
            invoices[2].invoice_line_ids.account_id, self.prepaid, "a liability"
        )
        self.assertEqual(self._ledger(self.prepaid), -270.0)
        self.assertEqual(member.recurring_next_date, start + relativedelta(months=3))
        # Renewed: the end date moved on with each period invoiced.
        self.assertEqual(member.date_end, start + relativedelta(months=3, days=-1))
        self.assertEqual(
            (member.period_start, member.period_end),
            (self.today, self.today + relativedelta(months=1, days=-1)),
        )
        self.assertEqual(len(member.line_ids), 3, "one balance per period")
        self.assertEqual(member.period_line_ids.quantity_remaining, 2)
        # Nothing due yet: the cron waits for the next period.
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 3)

        # The two ended periods went unused: their value is income now, the
        # liability is the current period's.
        self.expiry_cron.method_direct_trigger()
        self.assertEqual(member.state, "active", "renewing, it does not expire")
        self.assertEqual(self._ledger(self.prepaid), -90.0)
        self.assertEqual(self._ledger(self.breakage), -180.0)
        self.assertEqual(member.amount_remaining, 90.0)
        self.expiry_cron.method_direct_trigger()
        self.assertEqual(self._ledger(self.breakage), -180.0, "booked once")

    def test_without_auto_renew_it_ends_with_its_term(self):
        offer = self.glow.copy({"auto_renew": False, "validity_days": 0})
        member = self._sell_membership(
            offer, start=self.today - relativedelta(months=1)
        )
        self.assertEqual(member.date_end, self.today - relativedelta(days=1))
        self.assertFalse(member.recurring_next_date)
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 1, "no period after its term")
        self.expiry_cron.method_direct_trigger()
        self.assertEqual(member.state, "expired")
        self.assertEqual(self._ledger(self.prepaid), 0.0)
        self.assertEqual(self._ledger(self.breakage), -90.0)

    def test_invoice_next_period_now(self):
        member = self._sell_membership()
        action = member.with_user(self.user_reception).action_invoice_next_period()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(self._invoices(member)[-1], invoice)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 90.0)
        self.assertEqual(self._ledger(self.prepaid), -180.0)
        # Auto-renewing: the end date moved on by a period.
        self.assertEqual(member.date_end, self.today + relativedelta(months=2, days=-1))
        self.assertEqual(
            member.recurring_next_date, self.today + relativedelta(months=2)
        )
        self.assertEqual(len(member.line_ids), 2)
        self.assertEqual(member.period_start, self.today, "the current one")
        # The cron does not invoice the period paid ahead again.
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 2)

        one_term = self._sell_membership(
            self.glow.copy({"auto_renew": False}), partner=self.client_noah
        )
        with self.assertRaisesRegex(UserError, "no period is left to invoice"):
            one_term.action_invoice_next_period()

    def test_a_refunded_period_gives_no_sessions_and_no_breakage(self):
        member = self._sell_membership()
        action = member.action_invoice_next_period()
        renewal = self.env["account.move"].browse(action["res_id"])
        second = member.line_ids.filtered(lambda line: line.funding_move_id == renewal)
        self.assertEqual(len(second), 1)
        day = second.period_start
        self.assertTrue(second._clinic_valid_on(day))
        self._credit_note(renewal)
        self.assertEqual(self._ledger(self.prepaid), -90.0, "the first period only")
        self.assertFalse(second._clinic_valid_on(day), "not paid for any more")
        # Its end books nothing: it never was on the liability.
        breakage_before = self._ledger(self.breakage)
        second.write(
            {
                "period_start": self.today - relativedelta(months=1),
                "period_end": self.today - relativedelta(days=1),
            }
        )
        self.expiry_cron.method_direct_trigger()
        self.assertTrue(second.period_closed)
        self.assertEqual(self._ledger(self.breakage), breakage_before)
        self.assertEqual(self._ledger(self.prepaid), -90.0)

    def test_cancelling_stops_at_the_end_of_the_period(self):
        member = self._sell_membership(start=self.today - relativedelta(months=1))
        with self.assertRaises(AccessError):
            member.with_user(self.user_reception).action_cancel_membership()
        member.with_user(self.user_manager).action_cancel_membership()
        last_day = self.today - relativedelta(days=1)
        self.assertEqual(member.contract_id.date_end, last_day)
        self.assertEqual(member.date_end, last_day)
        self.assertFalse(member.recurring_next_date)
        self.assertFalse(member.auto_renew)
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 1, "no more invoices")
        self.expiry_cron.method_direct_trigger()
        self.assertEqual(member.state, "expired")
        self.assertEqual(self._ledger(self.prepaid), 0.0)
        self.assertEqual(self._ledger(self.breakage), -90.0)
        with self.assertRaisesRegex(UserError, "cannot be invoiced"):
            member.action_invoice_next_period()

    def test_draft_setting_leaves_each_period_invoice_to_post(self):
        self.company.clinic_package_post_invoice = False
        member = self._sell_membership(start=self.today - relativedelta(months=1))
        self.assertEqual(member.state, "draft")
        self.assertEqual(member.invoice_id.state, "draft")
        self.invoice_cron.method_direct_trigger()
        invoices = self._invoices(member)
        self.assertEqual(invoices.mapped("state"), ["draft", "draft"])
        self.assertEqual(self._ledger(self.prepaid), 0.0, "nothing posted yet")
        invoices.action_post()
        self.assertEqual(member.state, "active")
        self.assertEqual(self._ledger(self.prepaid), -180.0)

    def test_a_cancelled_sale_is_not_invoiced_again(self):
        member = self._sell_membership(start=self.today - relativedelta(months=1))
        member.invoice_id.button_draft()
        member.invoice_id.button_cancel()
        self.assertEqual(member.state, "cancelled")
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 1)
        self.assertEqual(self._ledger(self.prepaid), 0.0)


@tagged("post_install", "-at_install")
class TestMembershipCheckout(MembershipCommon):
    """Checkout draws a membership's included quantities of the period down
    like a package's, then gives the member discount."""

    def _checkout_posted(self, events):
        invoice, __ = self._checkout(events, user=self.user_reception)
        invoice.action_post()
        return invoice

    def test_included_sessions_are_paid_then_the_member_discount_applies(self):
        member = self._sell_membership()
        # An item rule gives 15 % off facials: the membership names the item
        # and the client, so its 10 % is the more specific and wins.
        self.env["clinic.discount.rule"].create(
            {
                "name": "Facial promo",
                "scope": "product",
                "product_tmpl_id": self.facial.product_tmpl_id.id,
                "discount_percent": 15.0,
            }
        )
        invoice = self._checkout_posted(self._facials(3))
        sessions = self._session_lines(invoice).sorted("id")
        self.assertEqual(len(member.period_line_ids), 1)
        paid = self._paid_lines(invoice)
        # The included sessions come to their share of the fee with their
        # taxes (the fee is tax-included, taxed when a session is supplied).
        self.assertRecordValues(
            sessions[:2],
            [
                {
                    "price_unit": 100.0,
                    "price_total": 45.0,
                    "clinic_discount_rule_id": False,
                    "clinic_patient_package_line_id": member.period_line_ids.id,
                }
            ]
            * 2,
        )
        self.assertRecordValues(
            sessions[2],
            [
                {
                    "price_unit": 100.0,
                    "discount": 10.0,
                    "price_subtotal": 90.0,
                    "clinic_discount_rule_id": False,
                    "clinic_patient_package_line_id": False,
                }
            ],
        )
        self.assertEqual(sessions.clinic_patient_package_id, member)
        self.assertEqual(
            paid.mapped("name"),
            [
                "Paid by package Monthly Glow (1 of 2 used, 1 left)",
                "Paid by package Monthly Glow (2 of 2 used, 0 left)",
            ],
        )
        self.assertEqual(sum(paid.mapped("price_subtotal")), -90.0)
        self.assertEqual(member.period_line_ids.quantity_remaining, 0)
        self.assertEqual(member.state, "active", "a membership is never used up")
        # The period's fee is income now: nothing owed.
        self.assertEqual(self._ledger(self.prepaid), 0.0)
        self.assertEqual(member.amount_remaining, 0.0)

        # Non-members get the item rule.
        other = self._checkout_posted(self._facials(1, client=self.client_noah))
        self.assertEqual(self._session_lines(other).discount, 15.0)

    def test_each_period_renews_what_it_includes(self):
        """Liability after each period's invoice and after each use."""
        member = self._sell_membership(start=self.today - relativedelta(months=1))
        self.assertEqual(self._ledger(self.prepaid), -90.0)
        # Yesterday, in the first period: one facial of its two.
        self._checkout_posted(self._facials(1, days_ago=1))
        self.assertEqual(self._ledger(self.prepaid), -45.0)

        # Today the contract's cron invoices the second period.
        self.invoice_cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(member)), 2)
        self.assertEqual(self._ledger(self.prepaid), -135.0)
        self.assertEqual(member.period_start, self.today)
        self.assertEqual(member.period_line_ids.quantity_remaining, 2)

        # The first period ended with a facial unused: breakage income.
        self.expiry_cron.method_direct_trigger()
        self.assertEqual(self._ledger(self.prepaid), -90.0)
        self.assertEqual(self._ledger(self.breakage), -45.0)

        # Today's facials use the second period's, the first period's left
        # facial is gone with it.
        invoice = self._checkout_posted(self._facials(2))
        self.assertEqual(
            self._paid_lines(invoice).clinic_patient_package_line_id,
            member.period_line_ids,
        )
        self.assertEqual(self._ledger(self.prepaid), 0.0)
        self.assertEqual(member.amount_remaining, 0.0)

    def test_cancelled_checkout_gives_the_period_its_sessions_back(self):
        member = self._sell_membership()
        invoice = self._checkout_posted(self._facials(2))
        self.assertEqual(self._ledger(self.prepaid), 0.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(member.period_line_ids.quantity_remaining, 2)
        self.assertEqual(self._ledger(self.prepaid), -90.0)

    def test_member_discount_on_its_discounted_items_and_categories(self):
        peels = self.env["product.category"].create({"name": "Peels"})
        deep = self.env["product.category"].create(
            {"name": "Deep Peels", "parent_id": peels.id}
        )
        peel = self.env["calendar.event.type"].create(
            {"name": "Test Peel", "clinic_billable": True, "price": 200.0}
        )
        peel._ensure_products()
        peel.product_id.categ_id = deep
        self.type_first_visit._ensure_products()
        visit = self.type_first_visit.product_id
        self.glow.discount_categ_ids = peels
        self._sell_membership()

        def discounts(client):
            events = self._create_events(
                [
                    {"type": peel, "client_id": client.id},
                    {"type": self.type_first_visit, "client_id": client.id},
                ]
            )
            invoice, __ = self._checkout(events)
            lines = invoice.invoice_line_ids
            return [
                lines.filtered(lambda line, p=product: line.product_id == p).discount
                for product in (peel.product_id, visit)
            ]

        self.assertEqual(discounts(self.client_emma), [10.0, 0.0], "a subcategory")
        self.assertEqual(discounts(self.client_noah), [0.0, 0.0], "not a member")
        self.glow.discount_product_ids = visit
        self.assertEqual(discounts(self.client_emma), [10.0, 10.0], "an item")
