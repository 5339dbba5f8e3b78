# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from .common import ClinicCommon


@tagged("post_install", "-at_install")
class TestCheckoutSecurity(ClinicCommon):
    def test_manager_implies_reception(self):
        self.assertTrue(
            self.user_manager.has_group("clinic_dispensary.group_clinic_reception")
        )
        self.assertFalse(
            self.user_reception.has_group("clinic_dispensary.group_clinic_manager")
        )

    def test_reception_runs_express_checkout_creating_the_item(self):
        event = self._create_event()
        invoices, _action = self._checkout(event, user=self.user_reception)
        self.assertEqual(invoices.create_uid, self.user_reception)
        self.assertTrue(self.type_first_visit.product_id)
        self.assertEqual(event.billing_state, "billed")

    def test_reception_cannot_manage_appointment_types(self):
        event_type = self.type_first_visit.with_user(self.user_reception)
        self.assertEqual(event_type.price, 120.0)
        with self.assertRaises(AccessError):
            event_type.write({"price": 1.0})
        with self.assertRaises(AccessError):
            event_type.action_sync_products()
        self.type_first_visit.with_user(self.user_manager).write({"price": 130.0})
        self.assertEqual(self.type_first_visit.price, 130.0)

    def test_create_items_action_is_for_managers(self):
        action = self.env.ref("clinic_dispensary.action_server_sync_products")
        self.assertEqual(action.groups_id, self.group_manager)
        self.assertEqual(action.binding_model_id.model, "calendar.event.type")

    def test_reception_does_not_see_cost(self):
        def view_fields(user, model, view_type):
            views = self.env[model].with_user(user).get_views([(False, view_type)])
            return views["views"][view_type]["arch"]

        for model in ("product.template", "product.product"):
            for view_type in ("form", "list"):
                self.assertNotIn(
                    'name="standard_price"',
                    view_fields(self.user_reception, model, view_type),
                    f"{model} {view_type}",
                )
                self.assertIn(
                    'name="standard_price"',
                    view_fields(self.user_manager, model, view_type),
                    f"{model} {view_type}",
                )

    def test_appointments_of_another_company_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Clinic"})
        self.env.user.company_ids |= other_company
        here = self._create_event(name="Here")
        there = self._create_event(name="There", company_id=other_company.id)
        shared = self._create_event(name="Shared", company_id=False)
        visible = (
            self.env["calendar.event"]
            .with_user(self.user_reception)
            .search([("id", "in", (here | there | shared).ids)])
        )
        self.assertEqual(visible, here | shared)
        user_both = new_test_user(
            self.env,
            login="clinic_both",
            groups="clinic_dispensary.group_clinic_reception",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | other_company).ids)],
        )
        visible = (
            self.env["calendar.event"]
            .with_user(user_both)
            .with_context(allowed_company_ids=(self.company | other_company).ids)
            .search([("id", "in", (here | there).ids)])
        )
        self.assertEqual(visible, here | there)

    def test_checkout_wizards_are_per_company(self):
        rule = self.env.ref("clinic_dispensary.express_checkout_company_rule")
        self.assertEqual(rule.model_id.model, "clinic.express.checkout")
        wizard = (
            self.env["clinic.express.checkout"]
            .with_user(self.user_reception)
            .create({})
        )
        self.assertEqual(wizard.company_id, self.company)
