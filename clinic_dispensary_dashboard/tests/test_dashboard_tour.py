# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.clinic_dispensary.tests.common_tour import ClinicTourCase


@tagged("post_install", "-at_install")
class TestClinicDashboardTour(ClinicTourCase):
    def test_manager_dashboard_and_reports_tour(self):
        """A clinic manager opens Dashboards > Clinic, reads today's
        appointments to bill, then each report of Clinic > Reporting."""
        manager = new_test_user(
            self.env,
            login="tour_dashboard_manager",
            password="tour_dashboard_manager",
            groups="clinic_dispensary.group_clinic_manager",
            tz=self.tour_user_tz,
        )
        Event = self.env["calendar.event"].with_context(tz=self.tour_user_tz)
        # Only the tour's appointments are left to bill today.
        Event.search(
            [
                ("billing_state", "=", "to_bill"),
                ("clinic_checkout_date", "=", self._browser_today()),
            ]
        ).clinic_no_charge = True
        massage, checkup = self.env["calendar.event.type"].create(
            [
                {"name": "Dashboard Massage", "clinic_billable": True, "price": 60},
                {"name": "Dashboard Check-up", "clinic_billable": True, "price": 35},
            ]
        )
        client = self.env["res.partner"].create({"name": "Dashboard Client"})
        start = self._at_browser_today(10)
        events = Event.create(
            [
                {
                    "name": event_type.name,
                    "start": start + timedelta(minutes=offset),
                    "stop": start + timedelta(minutes=offset + 30),
                    "client_id": client.id,
                    "categ_ids": [Command.set(event_type.ids)],
                }
                for event_type, offset in ((massage, 0), (checkup, 30))
            ]
        )
        self._assert_on_browser_day(events, manager)
        # The figures the tour reads: 95.00 and the default sales tax.
        self.assertEqual(sum(events.with_user(manager).mapped("clinic_amount")), 109.25)
        self.start_tour(
            "/odoo/dashboards", "clinic_dashboard_tour", login="tour_dashboard_manager"
        )
