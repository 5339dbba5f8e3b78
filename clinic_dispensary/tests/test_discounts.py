# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestClinicDiscounts(PricingCommon):
    def test_percentage_on_an_item(self):
        rule = self._rule(
            discount_percent=10.0, product_tmpl_id=self.consultation.product_tmpl_id.id
        )
        invoice = self._bill(self._visit(self.type_consultation, minutes=45))
        # Shown the way Odoo shows a discount: list price and discount (%).
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "price_unit": 75.0,
                    "discount": 10.0,
                    "clinic_discount_rule_id": rule.id,
                    "clinic_discount_amount": 7.5,
                    "price_subtotal": 67.5,
                }
            ],
        )
        self.assertEqual(invoice.amount_total, 67.5)

    def test_fixed_amount_is_exact_to_the_cent(self):
        self._rule(
            rule_type="fixed",
            discount_amount=20.0,
            product_tmpl_id=self.consultation.product_tmpl_id.id,
        )
        invoice = self._bill(self._visit(self.type_consultation, minutes=45))
        line = invoice.invoice_line_ids
        self.assertEqual(line.price_unit, 75.0)
        self.assertEqual(line.clinic_discount_amount, 20.0)
        self.assertEqual(invoice.amount_total, 55.0)
        # A line far above 100: still to the cent with 4-decimal percentages.
        laser = self._item("Laser course", 1234.56)
        self._rule(
            rule_type="fixed",
            discount_amount=25.0,
            product_tmpl_id=laser.product_tmpl_id.id,
        )
        invoice = self._bill(self._visit(self._type(laser)))
        self.assertEqual(invoice.invoice_line_ids.discount, 2.025)
        self.assertEqual(invoice.amount_total, 1209.56)

    def test_fixed_amount_comes_off_each_unit(self):
        self._rule(
            rule_type="fixed",
            discount_amount=5.0,
            product_tmpl_id=self.led_mask.product_tmpl_id.id,
        )
        event = self._visit(self.type_facial)
        event.clinic_addon_ids = [
            Command.create({"product_id": self.led_mask.id, "quantity": 3})
        ]
        invoice = self._bill(event)
        self.assertEqual(self._line(invoice, self.led_mask).price_subtotal, 75.0)
        self.assertEqual(invoice.amount_total, 155.0)

    def test_item_rule_wins_over_category_rule(self):
        self._rule(
            scope="category", categ_id=self.facials_categ.id, discount_percent=5.0
        )
        item_rule = self._rule(
            discount_percent=12.5, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        event = self._visit(self.type_facial)
        event.clinic_addon_ids = [Command.create({"product_id": self.led_mask.id})]
        invoice = self._bill(event)
        self.assertEqual(
            self._line(invoice, self.facial).clinic_discount_rule_id, item_rule
        )
        self.assertEqual(self._line(invoice, self.facial).price_subtotal, 70.0)
        # The add-on has no rule of its own: its category's applies.
        self.assertEqual(self._line(invoice, self.led_mask).discount, 5.0)
        self.assertEqual(invoice.amount_total, 98.5)

    def test_nearest_category_wins(self):
        clinic = self.env.ref("clinic_dispensary.product_category_clinic")
        self._rule(scope="category", categ_id=clinic.id, discount_percent=5.0)
        self._rule(
            scope="category", categ_id=self.facials_categ.id, discount_percent=20.0
        )
        invoice = self._bill(self._visit(self.type_facial))
        self.assertEqual(invoice.amount_total, 64.0)
        other = self._bill(self._visit(self.type_consultation, minutes=60))
        self.assertEqual(other.amount_total, 95.0)

    def test_bundle_percentage_from_its_quantity(self):
        self._rule(
            rule_type="bundle",
            bundle_quantity=3,
            bundle_reward="percent",
            discount_percent=10.0,
            scope="category",
            categ_id=self.facials_categ.id,
        )
        two = self._bill(
            self._create_events([{"type": self.type_facial} for _i in range(2)])
        )
        self.assertEqual(two.amount_total, 160.0)
        self.assertFalse(any(two.invoice_line_ids.mapped("discount")))
        three = self._bill(
            self._create_events([{"type": self.type_facial} for _i in range(3)])
        )
        self.assertEqual(three.invoice_line_ids.mapped("discount"), [10.0] * 3)
        self.assertEqual(three.amount_total, 216.0)

    def test_bundle_amount_shared_over_the_bundle(self):
        self._rule(
            rule_type="bundle",
            bundle_quantity=3,
            bundle_reward="fixed",
            discount_amount=20.0,
            product_tmpl_id=self.facial.product_tmpl_id.id,
        )
        invoice = self._bill(
            self._create_events([{"type": self.type_facial} for _i in range(3)])
        )
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("clinic_discount_amount")),
            [6.66, 6.67, 6.67],
        )
        self.assertEqual(invoice.amount_total, 220.0)

    def test_bundles_count_per_client(self):
        self._rule(
            rule_type="bundle",
            bundle_quantity=2,
            discount_percent=50.0,
            product_tmpl_id=self.facial.product_tmpl_id.id,
        )
        events = self._create_events(
            [
                {"type": self.type_facial},
                {"type": self.type_facial, "client_id": self.client_noah.id},
            ]
        )
        invoices, _action = self._checkout(events)
        self.assertEqual(invoices.mapped("amount_total"), [80.0, 80.0])

    def test_bundle_counts_only_the_lines_it_can_win(self):
        # The facials have their own rule: it always wins on them, so they do
        # not count toward the category's "buy 3".
        item_rule = self._rule(
            discount_percent=10.0, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        bundle = self._rule(
            rule_type="bundle",
            bundle_quantity=3,
            bundle_reward="fixed",
            discount_amount=20.0,
            scope="category",
            categ_id=self.facials_categ.id,
        )
        events = self._create_events([{"type": self.type_facial} for _i in range(2)])
        events[0].clinic_addon_ids = [Command.create({"product_id": self.led_mask.id})]
        invoice = self._bill(events)
        facials = self._line(invoice, self.facial)
        self.assertEqual(facials.clinic_discount_rule_id, item_rule)
        mask = self._line(invoice, self.led_mask)
        self.assertRecordValues(
            mask,
            [
                {
                    "discount": 0.0,
                    "clinic_discount_rule_id": False,
                    "price_subtotal": 30.0,
                }
            ],
        )
        self.assertEqual(invoice.amount_total, 174.0)
        # Three units the bundle can win: reached, its amount all on them.
        event = self._visit(self.type_facial)
        event.clinic_addon_ids = [
            Command.create({"product_id": self.led_mask.id, "quantity": 3})
        ]
        invoice = self._bill(event)
        mask = self._line(invoice, self.led_mask)
        self.assertEqual(mask.clinic_discount_rule_id, bundle)
        self.assertEqual(mask.clinic_discount_amount, 20.0)
        self.assertEqual(invoice.amount_total, 142.0)

    def test_bundle_left_for_a_wider_bundle_when_not_reached(self):
        # One facial: the item's "buy 2" is not reached, so it falls through
        # to the category's "buy 2" and counts there with the add-on.
        self._rule(
            rule_type="bundle",
            bundle_quantity=2,
            discount_percent=50.0,
            product_tmpl_id=self.facial.product_tmpl_id.id,
        )
        category_bundle = self._rule(
            rule_type="bundle",
            bundle_quantity=2,
            discount_percent=10.0,
            scope="category",
            categ_id=self.facials_categ.id,
        )
        event = self._visit(self.type_facial)
        event.clinic_addon_ids = [Command.create({"product_id": self.led_mask.id})]
        invoice = self._bill(event)
        self.assertEqual(
            invoice.invoice_line_ids.clinic_discount_rule_id, category_bundle
        )
        self.assertEqual(invoice.amount_total, 99.0)

    def test_lines_won_by_a_narrower_bundle_do_not_count_for_a_wider_one(self):
        # Two facials reach their own "buy 2": the category's "buy 3" sees only
        # the add-on, so it is not reached.
        item_bundle = self._rule(
            rule_type="bundle",
            bundle_quantity=2,
            discount_percent=50.0,
            product_tmpl_id=self.facial.product_tmpl_id.id,
        )
        self._rule(
            rule_type="bundle",
            bundle_quantity=3,
            discount_percent=10.0,
            scope="category",
            categ_id=self.facials_categ.id,
        )
        events = self._create_events([{"type": self.type_facial} for _i in range(2)])
        events[0].clinic_addon_ids = [Command.create({"product_id": self.led_mask.id})]
        invoice = self._bill(events)
        self.assertEqual(
            self._line(invoice, self.facial).clinic_discount_rule_id, item_bundle
        )
        self.assertFalse(self._line(invoice, self.led_mask).clinic_discount_rule_id)
        self.assertEqual(invoice.amount_total, 110.0)

    def test_validity_dates(self):
        facial = self.facial.product_tmpl_id.id
        self._rule(
            discount_percent=50.0,
            product_tmpl_id=facial,
            date_to=self.today - timedelta(days=1),
        )
        self._rule(
            discount_percent=40.0,
            product_tmpl_id=facial,
            date_from=self.today + timedelta(days=1),
        )
        self.assertEqual(self._bill(self._visit(self.type_facial)).amount_total, 80.0)
        self._rule(
            discount_percent=25.0,
            product_tmpl_id=facial,
            date_from=self.today,
            date_to=self.today,
        )
        self.assertEqual(self._bill(self._visit(self.type_facial)).amount_total, 60.0)

    def test_other_company_and_archived_rules_ignored(self):
        other_company = self.env["res.company"].create({"name": "Other Clinic"})
        self.env.user.company_ids |= other_company
        facial = self.facial.product_tmpl_id.id
        self._rule(
            discount_percent=50.0, product_tmpl_id=facial, company_id=other_company.id
        )
        self._rule(discount_percent=40.0, product_tmpl_id=facial).action_archive()
        self.assertEqual(self._bill(self._visit(self.type_facial)).amount_total, 80.0)

    # Bad input ------------------------------------------------------------
    def test_discount_over_100_percent_refused(self):
        with self.assertRefused(ValidationError, "Hydra Facial.*at most 100"):
            self._rule(
                discount_percent=120.0, product_tmpl_id=self.facial.product_tmpl_id.id
            )
        with self.assertRefused(ValidationError, "Hydra Facial.*more than 0"):
            self._rule(
                discount_percent=0.0, product_tmpl_id=self.facial.product_tmpl_id.id
            )

    def test_discount_larger_than_the_item_refused(self):
        with self.assertRefused(ValidationError, "Hydra Facial.*larger than the price"):
            self._rule(
                rule_type="fixed",
                discount_amount=90.0,
                product_tmpl_id=self.facial.product_tmpl_id.id,
            )
        with self.assertRefused(ValidationError, "Hydra Facial.*must be positive"):
            self._rule(
                rule_type="fixed",
                discount_amount=-5.0,
                product_tmpl_id=self.facial.product_tmpl_id.id,
            )

    def test_discount_larger_than_the_line_refused_at_checkout(self):
        # 50 off a consultation billed per hour: a 15-minute one bills 25.
        self._rule(
            rule_type="fixed",
            discount_amount=50.0,
            product_tmpl_id=self.consultation.product_tmpl_id.id,
        )
        event = self._visit(self.type_consultation, minutes=15, name="Quick check")
        with self.assertRefused(
            UserError, r"Consultation \(Quick check.*takes .*50\.00 off .*25\.00"
        ):
            self._bill(event)
        self.assertEqual(event.billing_state, "to_bill")

    def test_overlapping_bundles_refused(self):
        facial = self.facial.product_tmpl_id.id
        bundle = {
            "rule_type": "bundle",
            "bundle_quantity": 3,
            "discount_percent": 10.0,
            "product_tmpl_id": facial,
        }
        self._rule(
            name="Autumn",
            date_from=self.today,
            date_to=self.today + timedelta(days=30),
            **bundle,
        )
        with self.assertRefused(ValidationError, "Autumn.*overlap on Hydra Facial"):
            self._rule(
                name="Winter", date_from=self.today + timedelta(days=30), **bundle
            )
        # After the autumn one: no overlap.
        self._rule(name="Winter", date_from=self.today + timedelta(days=31), **bundle)
        with self.assertRefused(ValidationError, "overlap on Hydra Facial"):
            self._rule(name="Always", **bundle)

    # Manager override -----------------------------------------------------
    def test_manager_overrides_the_discount_on_a_draft_invoice(self):
        self._rule(
            discount_percent=10.0, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        invoice = self._bill(self._visit(self.type_facial))
        line = invoice.invoice_line_ids
        with Form(invoice.with_user(self.user_manager)) as form:
            with form.invoice_line_ids.edit(0) as line_form:
                line_form.discount = 25.0
        self.assertEqual(line.discount, 25.0)
        self.assertTrue(line.clinic_discount_manual)
        self.assertEqual(invoice.amount_total, 60.0)

    def test_reception_cannot_override_a_discount(self):
        self._rule(
            discount_percent=10.0, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        invoice = self._bill(self._visit(self.type_facial), user=self.user_reception)
        line = invoice.invoice_line_ids.with_user(self.user_reception)
        with self.assertRefused(UserError, "Only a clinic manager.*Hydra Facial"):
            line.discount = 0.0
        # Nor lowers the price instead.
        with self.assertRefused(UserError, "change the price.*Hydra Facial"):
            line.price_unit = 1.0
        # A manager may.
        line.with_user(self.user_manager).price_unit = 70.0
        self.assertEqual(line.price_unit, 70.0)
        # Reception still edits the rest of the invoice.
        line.name = "Hydra Facial, gift wrap"
        self.assertEqual(line.discount, 10.0)

    def test_override_only_on_draft_and_within_100_percent(self):
        invoice = self._bill(self._visit(self.type_facial))
        line = invoice.invoice_line_ids.with_user(self.user_manager)
        with self.assertRefused(UserError, "between 0 % and 100 %"):
            line.discount = 150.0
        invoice.action_post()
        with self.assertRefused(UserError, "only on a draft invoice"):
            line.discount = 10.0

    # Read by people -------------------------------------------------------
    def test_discounts_print_with_two_decimals(self):
        self._rule(
            discount_percent=10.0, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        laser = self._item("Laser course", 1234.56)
        self._rule(
            rule_type="fixed",
            discount_amount=25.0,
            product_tmpl_id=laser.product_tmpl_id.id,
        )
        invoice = self._bill(
            self._visit(self.type_facial) | self._visit(self._type(laser))
        )
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "account.report_invoice", invoice.ids
            )[0]
        )
        self.assertNotIn("10.0000", html)
        self.assertIn(">10.00<", html)
        # The exact percentage of 25 off 1,234.56 needs its third decimal.
        self.assertEqual(self._line(invoice, laser).discount, 2.025)
        self.assertNotIn("2.0250", html)
        self.assertIn(">2.025<", html)
        self.assertEqual(self._line(invoice, self.facial)._clinic_discount_digits(), 2)
        self.assertEqual(self._line(invoice, laser)._clinic_discount_digits(), 3)
