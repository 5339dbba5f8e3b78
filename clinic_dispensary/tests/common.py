# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import new_test_user


class ClinicCommon(AccountTestInvoicingCommon):
    """A small clinic, built once: users per role, appointment types, clients."""

    @classmethod
    def get_default_groups(cls):
        # The accountant running the tests also manages the clinic.
        return super().get_default_groups() | cls.env.ref(
            "clinic_dispensary.group_clinic_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/Brussels"
        cls.group_reception = cls.env.ref("clinic_dispensary.group_clinic_reception")
        cls.group_manager = cls.env.ref("clinic_dispensary.group_clinic_manager")
        cls.company = cls.company_data["company"]
        cls.services_categ = cls.env.ref(
            "clinic_dispensary.product_category_clinic_services"
        )
        # Services billed at checkout land on the company's revenue account.
        cls.services_categ.with_company(
            cls.company
        ).property_account_income_categ_id = cls.company_data["default_account_revenue"]
        cls.user_reception = new_test_user(
            cls.env,
            login="clinic_reception",
            groups="clinic_dispensary.group_clinic_reception",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Brussels",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="clinic_manager",
            groups="clinic_dispensary.group_clinic_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Brussels",
        )
        EventType = cls.env["calendar.event.type"]
        cls.type_first_visit, cls.type_follow_up, cls.type_meeting = EventType.create(
            [
                {"name": "Test First Visit", "clinic_billable": True, "price": 120.0},
                {"name": "Test Follow-Up", "clinic_billable": True, "price": 80.0},
                {"name": "Test Staff Meeting", "clinic_billable": False},
            ]
        )
        cls.client_emma, cls.client_noah = cls.env["res.partner"].create(
            [{"name": "Emma Client"}, {"name": "Noah Client"}]
        )
        # 10:00 in Brussels today, whatever the time of the run.
        cls.today = fields.Date.context_today(cls.env.user)
        cls.morning = cls._local_to_utc(cls.today, 10)

    @classmethod
    def _local_to_utc(cls, day, hour):
        return cls.env["calendar.event"]._clinic_day_bounds(day)[0] + timedelta(
            hours=hour
        )

    @classmethod
    def _create_events(cls, vals_list):
        events_vals = []
        for index, vals in enumerate(vals_list):
            start = vals.pop("start", cls.morning + timedelta(minutes=30 * index))
            event_type = vals.pop("type", cls.type_first_visit)
            events_vals.append(
                {
                    "name": f"Appointment {index}",
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "categ_ids": [Command.set(event_type.ids)],
                    "client_id": cls.client_emma.id,
                    **vals,
                }
            )
        return cls.env["calendar.event"].create(events_vals)

    @classmethod
    def _create_event(cls, **vals):
        return cls._create_events([vals])

    def _checkout(self, events, user=None):
        env = self.env(user=user) if user else self.env
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        action = wizard.action_create_invoices()
        return wizard.invoice_ids, action


def utc_now():
    return datetime.now().replace(microsecond=0)
