# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_tour import ClinicTourCase


@tagged("post_install", "-at_install")
class TestPricingTour(ClinicTourCase):
    def test_pricing_checkout_tour(self):
        """Reception attaches an add-on to a consultation billed per hour and
        bills it: duration price, add-on and discount on one invoice."""
        reception = new_test_user(
            self.env,
            login="tour_pricing_reception",
            password="tour_pricing_reception",
            groups="clinic_dispensary.group_clinic_reception",
            tz=self.tour_user_tz,
        )
        services = self.env.ref("clinic_dispensary.product_category_clinic_services")
        consultation, led = self.env["product.product"].create(
            [
                {
                    "name": "Tour Consultation",
                    "clinic_kind": "service",
                    "clinic_price_mode": "duration",
                    "list_price": 100.0,
                    "categ_id": services.id,
                    "taxes_id": [Command.clear()],
                },
                {
                    "name": "Tour LED upgrade",
                    "clinic_kind": "service",
                    "clinic_is_addon": True,
                    "list_price": 30.0,
                    "categ_id": services.id,
                    "taxes_id": [Command.clear()],
                },
            ]
        )
        self.env["clinic.discount.rule"].create(
            {
                "name": "Tour 10 % off",
                "discount_percent": 10.0,
                "product_tmpl_id": consultation.product_tmpl_id.id,
            }
        )
        consult_type = self.env["calendar.event.type"].create(
            {
                "name": "Tour Consultation Type",
                "clinic_billable": True,
                "price": 100.0,
                "product_id": consultation.id,
            }
        )
        client = self.env["res.partner"].create({"name": "Tour Pricing Client"})
        start = self._at_browser_today(10, 15)
        event = self.env["calendar.event"].create(
            {
                "name": "Tour consult",
                "start": start,
                "stop": start + timedelta(minutes=45),
                "client_id": client.id,
                "categ_ids": [Command.set(consult_type.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_express_checkout",
            "clinic_pricing_checkout_tour",
            login="tour_pricing_reception",
        )
        self._assert_on_browser_day(event, reception)
        self.assertEqual(event.billing_state, "billed")
        self.assertEqual(event.clinic_addon_ids.product_id, led)
        invoice = event.clinic_invoice_line_ids.move_id
        self.assertEqual(invoice.create_uid, reception)
        self.assertRecordValues(
            invoice.invoice_line_ids.sorted("price_unit"),
            [
                {"product_id": led.id, "price_unit": 30.0, "discount": 0.0},
                {"product_id": consultation.id, "price_unit": 75.0, "discount": 10.0},
            ],
        )
        # 45 minutes at 100 an hour, less 10 %, and the add-on.
        self.assertEqual(invoice.amount_total, 97.5)


@tagged("post_install", "-at_install")
class TestPricingTourFarZones(TestPricingTour):
    """The pricing tour with the browser's day a whole day ahead of the
    user's."""

    tour_user_tz = "America/Adak"
    browser_tz = "Pacific/Kiritimati"

    def test_pricing_checkout_tour(self):
        return super().test_pricing_checkout_tour()
