# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.clinic_dispensary.tests.common_tour import ClinicTourCase


@tagged("post_install", "-at_install")
class TestClinicDashboardTour(ClinicTourCase):
    def _figures_of_the_month(self, client, event):
        """A sale, a credit, a package and a stock-out of today: every total
        of the dashboard has a figure to show."""
        service = self.env["product.product"].create(
            {"name": "Dashboard Peel", "clinic_kind": "service", "list_price": 50}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": client.id,
                "invoice_line_ids": [Command.create({"product_id": service.id})],
            }
        )
        invoice.action_post()
        self.env["clinic.client.credit"]._create_credit(client, 10.0, "Goodwill")
        package = self.env["clinic.package"].create(
            {
                "name": "Dashboard Peels",
                "price": 90.0,
                "package_type": "treatment",
                "validity_days": 20,
                "line_ids": [Command.create({"product_id": service.id, "quantity": 2})],
            }
        )
        self.env["clinic.package.sale"].create(
            {"package_id": package.id, "partner_id": client.id}
        ).action_confirm()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["clinic.stockout.event"]._clinic_record(
            "shortage",
            [
                {
                    "product": service,
                    "warehouse": warehouse,
                    "quantity": 1,
                    "events": event,
                    "partners": client,
                }
            ],
        )

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
        self._figures_of_the_month(client, events[0])
        # The figures the tour reads: 95.00 and the default sales tax.
        self.assertEqual(sum(events.with_user(manager).mapped("clinic_amount")), 109.25)
        self.start_tour(
            "/odoo/dashboards", "clinic_dashboard_tour", login="tour_dashboard_manager"
        )
