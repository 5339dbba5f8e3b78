# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from .common import CreditCommon


class MultiCompanyCommon(CreditCommon):
    """Two clinics: the test company (A) and Clinic Two (B), with staff of
    each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company(name="Clinic Two")
        cls.company_b = cls.other["company"]
        cls.env.user.company_ids |= cls.company_b
        cls.services_categ.with_company(
            cls.company_b
        ).property_account_income_categ_id = cls.other["default_account_revenue"]
        cls.employee_a = cls._user("clinic_employee_a", "base.group_user")
        cls.employee_b = cls._user(
            "clinic_employee_b", "base.group_user", cls.company_b
        )
        cls.manager_b = cls._user(
            "clinic_manager_b", "clinic_dispensary.group_clinic_manager", cls.company_b
        )
        cls.accountant = cls._user("clinic_accountant", "account.group_account_user")
        cls.warehouse_a, cls.warehouse_b = (
            cls.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            for company in (cls.company, cls.company_b)
        )

    @classmethod
    def _user(cls, login, groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Europe/Brussels",
        )

    def _in(self, company):
        """The test user's environment working in ``company``."""
        return self.env(context=dict(self.env.context, allowed_company_ids=company.ids))


@tagged("post_install", "-at_install")
class TestClinicMultiCompany(MultiCompanyCommon):
    # ------------------------------------------------------------------
    # Only clinic appointments belong to a company
    # ------------------------------------------------------------------
    def test_staff_meeting_seen_by_invitees_of_every_company(self):
        staff = (self.employee_a | self.employee_b).partner_id
        meeting = (
            self.env["calendar.event"]
            .with_user(self.employee_a)
            .create(
                {
                    "name": "Staff meeting",
                    "start": self.morning,
                    "stop": self.morning + timedelta(hours=1),
                    "partner_ids": [Command.set(staff.ids)],
                }
            )
        )
        self.assertFalse(meeting.clinic_is_appointment)
        self.assertFalse(meeting.company_id)
        as_b = self.env["calendar.event"].with_user(self.employee_b)
        self.assertEqual(as_b.search([("id", "=", meeting.id)]), meeting)
        self.assertEqual(as_b.browse(meeting.id).name, "Staff meeting")
        # An appointment stays in its clinic, invitee of another one or not.
        appointment = (
            self.env["calendar.event"]
            .with_user(self.employee_a)
            .create(
                {
                    "name": "Emma",
                    "start": self.morning,
                    "stop": self.morning + timedelta(hours=1),
                    "client_id": self.client_emma.id,
                    "partner_ids": [Command.set(staff.ids)],
                }
            )
        )
        self.assertTrue(appointment.clinic_is_appointment)
        self.assertEqual(appointment.company_id, self.company)
        self.assertFalse(as_b.search([("id", "=", appointment.id)]))
        with self.assertRaises(AccessError):
            as_b.browse(appointment.id).read(["name"])

    def test_meeting_becomes_an_appointment_of_the_company(self):
        meeting = self._create_event(client_id=False, type=self.type_meeting)
        self.assertFalse(meeting.company_id)
        self.assertFalse(meeting.clinic_is_appointment)
        # Tagged with a billable type: a clinic appointment.
        meeting.categ_ids = self.type_follow_up
        self.assertTrue(meeting.clinic_is_appointment)
        self.assertEqual(meeting.company_id, self.company)
        # Booked in clinic B: clinic B's.
        event = self._in(self.company_b)["calendar.event"].create(
            {
                "name": "Noah",
                "start": self.morning,
                "stop": self.morning + timedelta(hours=1),
                "client_id": self.client_noah.id,
            }
        )
        self.assertEqual(event.company_id, self.company_b)

    # ------------------------------------------------------------------
    # The client credit balance is for who bills, per company
    # ------------------------------------------------------------------
    def test_credit_balance_only_for_billing_staff_of_the_company(self):
        self._new_credit(self.client_emma, 50.0)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.client_emma.with_user(self.employee_a).read(["clinic_credit_balance"])
        self.assertNotIn(
            "clinic_credit_balance",
            self.env["res.partner"].with_user(self.employee_a).fields_get(),
        )
        for user in (self.user_reception, self.user_manager, self.accountant):
            self.assertEqual(
                self.client_emma.with_user(user).clinic_credit_balance, 50.0
            )
        # Clinic B owes Emma nothing; reception of A cannot ask about B.
        self.assertEqual(
            self.client_emma.with_user(self.manager_b).clinic_credit_balance, 0.0
        )
        with self.assertRaises(AccessError):
            self.client_emma.with_user(self.user_reception).with_company(
                self.company_b
            ).read(["clinic_credit_balance"])

    # ------------------------------------------------------------------
    # Warehouse lookups stay within the user's companies
    # ------------------------------------------------------------------
    def test_quarantine_view_shows_the_users_clinics_only(self):
        quarantine_a = self.warehouse_a.clinic_quarantine_location_id
        quarantine_b = self.warehouse_b.clinic_quarantine_location_id
        self.assertTrue(quarantine_a and quarantine_b)
        action = (
            self.env["stock.lot"]
            .with_user(self.user_manager)
            .action_clinic_view_quarantine()
        )
        self.assertEqual(action["domain"][0][2], quarantine_a.ids)
        # The scheduler, as superuser, sweeps every clinic.
        self.assertEqual(
            self.env["stock.warehouse"].sudo()._clinic_quarantine_locations()
            & (quarantine_a | quarantine_b),
            quarantine_a | quarantine_b,
        )
        self.assertEqual(
            self.env["stock.warehouse"]
            .with_user(self.manager_b)
            ._clinic_main_by_company(self.company | self.company_b),
            {self.company_b: self.warehouse_b},
        )

    # ------------------------------------------------------------------
    # Consumption: one location per company, consumables per company
    # ------------------------------------------------------------------
    def _consumables_setup(self):
        Product = self.env["product.product"]
        gloves = Product.create({"name": "Gloves (pair)", "is_storable": True})
        serum_a = Product.create(
            {
                "name": "Serum of clinic A",
                "is_storable": True,
                "company_id": self.company.id,
            }
        )
        Quant = self.env["stock.quant"]
        for warehouse in (self.warehouse_a, self.warehouse_b):
            Quant.with_company(warehouse.company_id)._update_available_quantity(
                gloves, warehouse.lot_stock_id, 10
            )
        Quant._update_available_quantity(serum_a, self.warehouse_a.lot_stock_id, 10)
        peel = self.env["calendar.event.type"].create(
            {
                "name": "Test Peel",
                "clinic_billable": True,
                "price": 50.0,
                "clinic_consumable_ids": [
                    Command.create({"product_id": gloves.id, "quantity": 2}),
                    Command.create({"product_id": serum_a.id, "quantity": 1}),
                ],
            }
        )
        return gloves, serum_a, peel

    def _checkout_in(self, company, events):
        wizard = (
            self._in(company)["clinic.express.checkout"]
            .with_company(company)
            .create({"event_ids": [Command.set(events.ids)]})
        )
        wizard.action_create_invoices()
        return wizard.invoice_ids

    def _qty(self, product, warehouse):
        return self.env["stock.quant"]._get_available_quantity(
            product, warehouse.lot_stock_id
        )

    def test_each_company_consumes_into_its_own_location(self):
        location_a = self.company.clinic_consumption_location_id
        location_b = self.company_b.clinic_consumption_location_id
        self.assertTrue(location_a and location_b)
        self.assertNotEqual(location_a, location_b)
        self.assertEqual(location_b.company_id, self.company_b)
        self.assertEqual(location_b.usage, "inventory")
        gloves, serum_a, peel = self._consumables_setup()
        self.assertEqual(peel.clinic_consumable_ids.company_id, self.company)
        event_a = self._create_event(type=peel)
        event_b = self._create_event(type=peel, company_id=self.company_b.id)
        self._checkout_in(self.company, event_a)
        invoice_b = self._checkout_in(self.company_b, event_b)
        moves_a = event_a.clinic_consumption_move_ids
        moves_b = event_b.clinic_consumption_move_ids
        self.assertEqual(moves_a.product_id, gloves | serum_a)
        self.assertEqual(moves_a.location_dest_id, location_a)
        # Clinic B uses the shared gloves, not clinic A's serum.
        self.assertEqual(moves_b.product_id, gloves)
        self.assertEqual(moves_b.location_dest_id, location_b)
        self.assertEqual(moves_b.company_id, self.company_b)
        self.assertEqual(self._qty(gloves, self.warehouse_b), 8)
        self.assertEqual(self._qty(gloves, self.warehouse_a), 8)
        self.assertEqual(self._qty(serum_a, self.warehouse_a), 9)
        # Cancelling B's invoice gives B's consumption back.
        invoice_b.button_cancel()
        self.assertEqual(self._qty(gloves, self.warehouse_b), 10)
        self.assertEqual(event_b.billing_state, "to_bill")

    def test_new_company_gets_its_consumption_location(self):
        company = self.env["res.company"].sudo().create({"name": "Clinic Three"})
        location = company.clinic_consumption_location_id
        self.assertEqual(location.company_id, company)
        self.assertEqual(company._clinic_consumption_location(), location)
        # A company that lost it (created before the module) gets one again.
        company.clinic_consumption_location_id = False
        self.env["res.company"]._clinic_create_missing_consumption_locations()
        self.assertTrue(company.clinic_consumption_location_id)
        self.assertNotEqual(company.clinic_consumption_location_id, location)

    # ------------------------------------------------------------------
    # check_company on discount rules, add-ons and consumables
    # ------------------------------------------------------------------
    def test_records_cannot_mix_companies(self):
        gloves, serum_a, peel = self._consumables_setup()
        item_a = self.env["product.product"].create(
            {
                "name": "Peel of clinic A",
                "company_id": self.company.id,
                "clinic_is_addon": True,
                "list_price": 10.0,
            }
        )
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            self.env["clinic.discount.rule"].create(
                {
                    "name": "B discount",
                    "company_id": self.company_b.id,
                    "discount_percent": 10.0,
                    "product_tmpl_id": item_a.product_tmpl_id.id,
                }
            )
        event_b = self._create_event(type=peel, company_id=self.company_b.id)
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            self.env["clinic.event.addon"].create(
                {"event_id": event_b.id, "product_id": item_a.id}
            )
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            peel.clinic_consumable_ids.filtered(
                lambda c: c.product_id == serum_a
            ).company_id = self.company_b
        # A consumable of clinic B is not used by clinic A's appointments.
        peel.clinic_consumable_ids.filtered(
            lambda c: c.product_id == serum_a
        ).product_id = gloves
        consumable_b = self.env["clinic.event.type.consumable"].create(
            {
                "event_type_id": peel.id,
                "product_id": gloves.id,
                "company_id": self.company_b.id,
            }
        )
        event_a = self._create_event(type=peel)
        self.assertNotIn(consumable_b, event_a._clinic_consumables())
        self.assertIn(consumable_b, event_b._clinic_consumables())
        # Nor seen from clinic A.
        self.assertNotIn(
            consumable_b,
            self.env["clinic.event.type.consumable"]
            .with_user(self.user_manager)
            .search([("event_type_id", "=", peel.id)]),
        )

    # ------------------------------------------------------------------
    # Bundle overlap: one search for all rules checked
    # ------------------------------------------------------------------
    def _bundle_vals(self, products, **vals):
        return [
            {
                "name": f"Bundle {product.name}",
                "rule_type": "bundle",
                "bundle_quantity": 3,
                "discount_percent": 10.0,
                "product_tmpl_id": product.product_tmpl_id.id,
                **vals,
            }
            for product in products
        ]

    def test_bundle_overlap_checked_in_one_search(self):
        products = self.env["product.product"].create(
            [{"name": f"Item {index}", "list_price": 10.0} for index in range(13)]
        )
        Rule = self.env["clinic.discount.rule"]
        # Warm up: what the first creates load once (metadata, caches).
        for product in products[:2]:
            self.env.invalidate_all()
            Rule.create(self._bundle_vals(product))
            self.env.flush_all()
        counts = []
        for batch in (products[2:3], products[3:13]):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Rule.create(self._bundle_vals(batch))
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], "1 rule vs 10 rules")
        # Still refused: overlapping in one create, or with an existing rule,
        # in the same company; another company's bundle does not overlap.
        new = products[0]
        with (
            self.assertRaisesRegex(ValidationError, "overlap"),
            self.env.cr.savepoint(),
        ):
            Rule.create(self._bundle_vals(products[:1]))
        other_item = self.env["product.product"].create({"name": "Other item"})
        with (
            self.assertRaisesRegex(ValidationError, "overlap"),
            self.env.cr.savepoint(),
        ):
            Rule.create(self._bundle_vals([other_item, other_item]))
        Rule.create(
            self._bundle_vals(
                other_item, date_from=self.today_date + timedelta(days=30)
            )
            + self._bundle_vals(
                other_item, date_to=self.today_date + timedelta(days=29)
            )
        )
        self._in(self.company_b)["clinic.discount.rule"].create(
            self._bundle_vals(new, company_id=self.company_b.id)
        )
