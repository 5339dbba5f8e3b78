# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_tour import ClinicTourCase


@tagged("post_install", "-at_install")
class TestPackageTour(ClinicTourCase):
    def test_package_checkout_tour(self):
        """Reception sells a 6-session package from Clinic > Billing, checks
        out the client's appointment and reads on the invoice line what the
        package has left."""
        reception = new_test_user(
            self.env,
            login="tour_package_reception",
            password="tour_package_reception",
            groups="clinic_dispensary.group_clinic_reception",
            tz=self.tour_user_tz,
        )
        company = reception.company_id
        company.clinic_package_post_invoice = True
        services = self.env.ref("clinic_dispensary.product_category_clinic_services")
        session = self.env["product.product"].create(
            {
                "name": "Tour Session",
                "clinic_kind": "service",
                "list_price": 100.0,
                "categ_id": services.id,
                "taxes_id": [Command.clear()],
            }
        )
        self.env["clinic.package"].create(
            {
                "name": "Tour 6 Sessions",
                "package_type": "treatment",
                "price": 480.0,
                "validity_days": 365,
                "company_id": company.id,
                "line_ids": [Command.create({"product_id": session.id, "quantity": 6})],
            }
        )
        session_type = self.env["calendar.event.type"].create(
            {
                "name": "Tour Session Type",
                "clinic_billable": True,
                "price": 100.0,
                "product_id": session.id,
            }
        )
        client = self.env["res.partner"].create({"name": "Tour Package Client"})
        start = self._at_browser_today(11, 15)
        event = self.env["calendar.event"].create(
            {
                "name": "Tour session",
                "start": start,
                "stop": start + timedelta(minutes=45),
                "client_id": client.id,
                "categ_ids": [Command.set(session_type.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_express_checkout",
            "clinic_package_checkout_tour",
            login="tour_package_reception",
        )
        self._assert_on_browser_day(event, reception)
        package = self.env["clinic.patient.package"].search(
            [("partner_id", "=", client.id)]
        )
        self.assertRecordValues(
            package,
            [{"state": "active", "create_uid": reception.id, "price": 480.0}],
        )
        self.assertEqual(package.line_ids.quantity_remaining, 5)
        invoice = event.clinic_invoice_line_ids.move_id
        self.assertEqual(invoice.create_uid, reception)
        self.assertEqual(invoice.amount_total, 0.0)
        paid = invoice.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "package"
        )
        self.assertEqual(
            paid.name, "Paid by package Tour 6 Sessions (1 of 6 used, 5 left)"
        )
        self.assertEqual(paid.clinic_patient_package_id, package)


@tagged("post_install", "-at_install")
class TestPackageTourFarZones(TestPackageTour):
    """The package tour with the browser's day a whole day ahead of the
    user's."""

    tour_user_tz = "America/Adak"
    browser_tz = "Pacific/Kiritimati"

    def test_package_checkout_tour(self):
        return super().test_package_checkout_tour()
