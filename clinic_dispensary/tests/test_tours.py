# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import pytz

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common_tour import ClinicTourCase


@tagged("post_install", "-at_install")
class TestClinicTours(ClinicTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reception = new_test_user(
            cls.env,
            login="tour_reception",
            password="tour_reception",
            groups="clinic_dispensary.group_clinic_reception",
            tz=cls.tour_user_tz,
        )

    def test_express_checkout_tour(self):
        massage, checkup = self.env["calendar.event.type"].create(
            [
                {"name": "Tour Massage Type", "clinic_billable": True, "price": 60},
                {"name": "Tour Check-up Type", "clinic_billable": True, "price": 35},
            ]
        )
        client = self.env["res.partner"].create({"name": "Tour Client"})
        start = self._at_browser_today(10)
        events = self.env["calendar.event"].create(
            [
                {
                    "name": name,
                    "start": start + timedelta(minutes=offset),
                    "stop": start + timedelta(minutes=offset + 30),
                    "client_id": client.id,
                    "categ_ids": [Command.set(event_type.ids)],
                }
                for name, event_type, offset in (
                    ("Tour massage", massage, 0),
                    ("Tour check-up", checkup, 30),
                )
            ]
        )
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_express_checkout",
            "clinic_express_checkout_tour",
            login="tour_reception",
        )
        self._assert_on_browser_day(events, self.reception)
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})
        invoice = events.clinic_invoice_line_ids.move_id
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, client)
        self.assertEqual(invoice.amount_untaxed, 95.0)
        # The total the group showed, default sales tax included.
        self.assertEqual(invoice.amount_total, 109.25)
        self.assertEqual(invoice.create_uid, self.reception)

    def test_receptionist_day_tour(self):
        """The receptionist's day: the clinic's calendar (every practitioner's
        appointments), then the checkout of a client, the total shown being
        what the invoice charges, and its printing."""
        practitioner = new_test_user(
            self.env,
            login="tour_practitioner",
            name="Dr Tour Lee",
            groups="base.group_user",
            tz=self.tour_user_tz,
        )
        # What a massage uses up, taken from stock at checkout (not billed).
        oil = self.env["product.product"].create(
            {"name": "Tour massage oil", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            oil,
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id,
            5,
        )
        massage, checkup = self.env["calendar.event.type"].create(
            [
                {
                    "name": "Tour Day Massage Type",
                    "clinic_billable": True,
                    "price": 60,
                    "clinic_consumable_ids": [Command.create({"product_id": oil.id})],
                },
                {
                    "name": "Tour Day Check-up Type",
                    "clinic_billable": True,
                    "price": 35,
                },
            ]
        )
        client, other = self.env["res.partner"].create(
            [{"name": "Tour Day Client"}, {"name": "Tour Other Client"}]
        )
        start = self._at_browser_today(10)
        Event = self.env["calendar.event"]
        # The practitioner's appointment: reception is not an attendee.
        theirs = Event.with_user(practitioner).create(
            {
                "name": "Tour day massage",
                "start": start,
                "stop": start + timedelta(minutes=30),
                "client_id": client.id,
                "appointment_type_id": massage.id,
                "partner_ids": [Command.set(practitioner.partner_id.ids)],
            }
        )
        ours, others = Event.with_user(self.reception).create(
            [
                {
                    "name": name,
                    "start": start + timedelta(minutes=offset),
                    "stop": start + timedelta(minutes=offset + 30),
                    "client_id": partner.id,
                    "appointment_type_id": checkup.id,
                }
                for name, partner, offset in (
                    ("Tour day check-up", client, 30),
                    ("Tour other check-up", other, 60),
                )
            ]
        )
        self.assertNotIn(self.reception.partner_id, theirs.partner_ids)
        self.assertEqual(theirs.partner_ids, practitioner.partner_id | client)
        # The calendar opens on the browser's day; where the browser's day
        # and the user's are apart (see TestClinicToursFarZones), on the
        # browser's day of the appointments.
        browser_tz = pytz.timezone(self.browser_tz or "UTC")
        if pytz.utc.localize(start).astimezone(browser_tz).date() != (
            self._browser_today()
        ):
            self.env.ref("clinic_dispensary.action_clinic_appointments").context = str(
                {"initial_date": fields.Datetime.to_string(start)}
            )
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_appointments",
            "clinic_receptionist_day_tour",
            login="tour_reception",
        )
        day = (theirs | ours).with_env(self.env)
        self._assert_on_browser_day(day, self.reception)
        invoice = day.clinic_invoice_line_ids.move_id
        self.assertEqual(len(invoice), 1)
        self.assertRecordValues(
            invoice,
            [
                {
                    "partner_id": client.id,
                    "state": "posted",
                    "amount_untaxed": 95.0,
                    # What the calendar, the group and the checkout showed.
                    "amount_total": 109.25,
                }
            ],
        )
        self.assertEqual(others.billing_state, "to_bill")
        self.assertEqual(day.clinic_consumption_move_ids.product_id, oil)

    def test_client_credit_tour(self):
        accountant = new_test_user(
            self.env,
            login="tour_accountant",
            password="tour_accountant",
            groups="account.group_account_user,clinic_dispensary.group_clinic_manager",
        )
        client = self.env["res.partner"].create({"name": "Tour Credit Client"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": client.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consultation",
                            "price_unit": 50.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_client_credit",
            "clinic_client_credit_tour",
            login="tour_accountant",
        )
        credit = self.env["clinic.client.credit"].search(
            [("partner_id", "=", client.id)]
        )
        self.assertRecordValues(
            credit,
            [{"amount_original": 80.0, "amount_remaining": 0.0, "state": "used"}],
        )
        self.assertEqual(invoice.amount_residual, 20.0)
        refund = self.env["account.payment"].search([("partner_id", "=", client.id)])
        self.assertEqual(refund.payment_type, "outbound")
        self.assertEqual(refund.amount, 50.0)
        self.assertEqual(refund.create_uid, accountant)

    def test_dispensing_tour(self):
        stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id
        )
        vial = self.env["product.product"].create(
            {
                "name": "Tour vial",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "categ_id": self.env.ref(
                    "clinic_dispensary.product_category_clinic_injectables"
                ).id,
                "list_price": 40.0,
            }
        )
        now = fields.Datetime.now()
        for name, days in (("TOUR-LOT-LATE", 90), ("TOUR-LOT-SOON", 20)):
            lot = self.env["stock.lot"].create(
                {
                    "name": name,
                    "product_id": vial.id,
                    "expiration_date": now + timedelta(days=days),
                }
            )
            self.env["stock.quant"]._update_available_quantity(
                vial, stock, 3, lot_id=lot
            )
        botox = self.env["calendar.event.type"].create(
            {
                "name": "Tour Botox Type",
                "clinic_billable": True,
                "price": 100,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": vial.id, "quantity": 1, "billable": True}
                    )
                ],
            }
        )
        client = self.env["res.partner"].create({"name": "Tour Dispensing Client"})
        start = self._at_browser_today(10, 10)
        event = self.env["calendar.event"].create(
            {
                "name": "Tour botox",
                "start": start,
                "stop": start + timedelta(minutes=30),
                "client_id": client.id,
                "categ_ids": [Command.set(botox.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_express_checkout",
            "clinic_dispensing_tour",
            login="tour_reception",
        )
        self._assert_on_browser_day(event, self.reception)
        line = event.clinic_invoice_line_ids.filtered(
            lambda line: line.product_id == vial
        )
        self.assertEqual(line.clinic_dispensed_lot_ids.name, "TOUR-LOT-SOON")

    def test_lot_recall_tour(self):
        manager = new_test_user(
            self.env,
            login="tour_manager",
            password="tour_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        stock = warehouse.lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        vial = self.env["product.product"].create(
            {"name": "Tour recall vial", "is_storable": True, "tracking": "lot"}
        )
        lot, sibling = self.env["stock.lot"].create(
            [
                {"name": "TOUR-RECALL", "product_id": vial.id},
                {"name": "TOUR-SIBLING", "product_id": vial.id},
            ]
        )
        client, sibling_client = self.env["res.partner"].create(
            [
                {"name": "Tour Recall Client", "email": "recall@example.com"},
                {"name": "Tour Sibling Client", "email": "sibling@example.com"},
            ]
        )
        for each_lot, partner in ((lot, client), (sibling, sibling_client)):
            self.env["stock.quant"]._update_available_quantity(
                vial, stock, 5, lot_id=each_lot
            )
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": partner.id,
                    "location_id": stock.id,
                    "location_dest_id": customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": vial.name,
                                "product_id": vial.id,
                                "product_uom_qty": 2,
                                "location_id": stock.id,
                                "location_dest_id": customers.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.move_line_ids.unlink()
            picking.move_ids.move_line_ids = [
                Command.create(
                    {
                        "product_id": vial.id,
                        "lot_id": each_lot.id,
                        "quantity": 2,
                        "location_id": stock.id,
                        "location_dest_id": customers.id,
                        "picking_id": picking.id,
                    }
                ),
            ]
            picking.move_ids.picked = True
            picking._action_done()
        self.start_tour(
            f"/odoo/action-clinic_dispensary.action_clinic_lots/{lot.id}",
            "clinic_lot_recall_tour",
            login="tour_manager",
        )
        self.assertTrue(lot.clinic_recalled)
        self.assertEqual(
            lot.clinic_recall_reason, "Contamination reported by the supplier"
        )
        recall = self.env["clinic.lot.recall"].search([("lot_id", "=", lot.id)])
        self.assertRecordValues(
            recall,
            [
                {
                    "state": "done",
                    "reason": "Contamination reported by the supplier",
                    "user_id": manager.id,
                    "quarantined_quantity": 3.0,
                }
            ],
        )
        self.assertRecordValues(
            recall.line_ids,
            [
                {
                    "partner_id": client.id,
                    "quantity": 2.0,
                    "notification_method": "email",
                }
            ],
        )
        quarantined = self.env["stock.quant"].search(
            [
                ("lot_id", "=", lot.id),
                ("location_id", "=", warehouse.clinic_quarantine_location_id.id),
            ]
        )
        self.assertEqual(quarantined.quantity, 3)
        self.assertTrue(
            self.env["mail.mail"].search([("recipient_ids", "in", client.ids)])
        )
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", sibling_client.ids)])
        )
        self.assertFalse(sibling.clinic_recalled)


@tagged("post_install", "-at_install")
class TestClinicToursFarZones(TestClinicTours):
    """The checkout tours with the browser's day a whole day ahead of the
    user's: (almost) no instant is on the same date in both zones."""

    tour_user_tz = "America/Adak"  # UTC-10 (-9 in summer)
    browser_tz = "Pacific/Kiritimati"  # UTC+14

    def test_browser_runs_in_the_far_zone(self):
        self._assert_browser_zone(login="tour_reception")

    def test_express_checkout_tour(self):
        return super().test_express_checkout_tour()

    def test_dispensing_tour(self):
        return super().test_dispensing_tour()

    def test_receptionist_day_tour(self):
        return super().test_receptionist_day_tour()
