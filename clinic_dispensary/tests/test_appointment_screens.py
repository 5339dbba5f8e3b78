# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import ClinicCommon

CLINIC_FORM = "clinic_dispensary.calendar_event_view_form_clinic"


@tagged("post_install", "-at_install")
class TestAppointmentScreens(ClinicCommon):
    """What reception books and reads: the client invited, the type chosen
    and the tags following it, the day coloured by billing state."""

    def _book(self, user=None, **values):
        """Book through the clinic's appointment form, as reception does."""
        env = self.env(user=user or self.user_reception)
        form = Form(env["calendar.event"], view=CLINIC_FORM)
        form.name = values.pop("name", "Booked")
        form.start = values.pop("start", self.morning)
        for fname, value in values.items():
            setattr(form, fname, value)
        return form

    # The client is an attendee --------------------------------------------
    def test_client_booked_through_the_form_is_invited(self):
        event = self._book(
            client_id=self.client_emma, appointment_type_id=self.type_follow_up
        ).save()
        # Odoo's own attendee (who booked) stays; the client joins.
        self.assertEqual(
            event.partner_ids, self.user_reception.partner_id | self.client_emma
        )
        self.assertIn(self.client_emma, event.attendee_ids.partner_id)

    def test_booked_from_the_calendar(self):
        # The clinic calendar's quick booking: client, type, practitioner.
        form = Form(
            self.env["calendar.event"].with_user(self.user_reception),
            view="clinic_dispensary.calendar_event_view_form_quick_create_clinic",
        )
        form.client_id = self.client_noah
        form.appointment_type_id = self.type_follow_up
        form.name = "Quick"
        form.start = self.morning
        form.user_id = self.user_manager
        event = form.save()
        self.assertEqual(event.categ_ids, self.type_follow_up)
        self.assertEqual(event.clinic_practitioner_id, self.user_manager)
        self.assertIn(self.client_noah, event.partner_ids)
        self.assertEqual(event.billing_state, "to_bill")

    def test_client_of_a_plain_create_is_invited(self):
        event, with_partners = self.env["calendar.event"].create(
            [
                {
                    "name": "Created",
                    "start": self.morning,
                    "stop": self.morning + timedelta(minutes=30),
                    "client_id": self.client_emma.id,
                },
                {
                    "name": "Created with attendees",
                    "start": self.morning,
                    "stop": self.morning + timedelta(minutes=30),
                    "client_id": self.client_noah.id,
                    "partner_ids": [self.user_manager.partner_id.id],
                },
            ]
        )
        self.assertEqual(event.partner_ids, self.env.user.partner_id | self.client_emma)
        self.assertEqual(
            with_partners.partner_ids, self.user_manager.partner_id | self.client_noah
        )
        self.assertEqual(
            with_partners.attendee_ids.partner_id, with_partners.partner_ids
        )

    def test_changing_the_client_changes_the_attendee(self):
        event = self._create_event()
        self.assertIn(self.client_emma, event.partner_ids)
        form = Form(event.with_user(self.user_reception), view=CLINIC_FORM)
        form.client_id = self.client_noah
        form.save()
        self.assertIn(self.client_noah, event.partner_ids)
        self.assertNotIn(self.client_emma, event.partner_ids)
        self.assertIn(self.env.user.partner_id, event.partner_ids)

    def test_clinic_can_keep_clients_out_of_the_attendees(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.clinic_client_attendee)
        settings.clinic_client_attendee = False
        settings.execute()
        self.assertFalse(self.company.clinic_client_attendee)
        booked = self._book(
            client_id=self.client_emma, appointment_type_id=self.type_follow_up
        ).save()
        created = self._create_event(client_id=self.client_noah.id)
        self.assertEqual(booked.partner_ids, self.user_reception.partner_id)
        self.assertEqual(created.partner_ids, self.env.user.partner_id)
        created.client_id = self.client_emma
        self.assertEqual(created.partner_ids, self.env.user.partner_id)

    # The type is chosen, the tags follow --------------------------------------
    def test_tags_follow_the_type_chosen_in_the_form(self):
        form = self._book(client_id=self.client_emma)
        form.appointment_type_id = self.type_first_visit
        self.assertEqual(form.categ_ids[:], self.type_first_visit)
        # Changed before saving: the first choice is not left as a tag (it
        # would be billed too).
        form.categ_ids.add(self.type_meeting)
        form.appointment_type_id = self.type_follow_up
        self.assertEqual(form.categ_ids[:], self.type_follow_up | self.type_meeting)
        self.assertEqual(form.clinic_amount, 92.0)  # 80 and 15 % tax
        event = form.save()
        self.assertEqual(event.appointment_type_id, self.type_follow_up)
        self.assertEqual(event.categ_ids, self.type_follow_up | self.type_meeting)
        self.assertEqual(event.clinic_type_ids, self.type_follow_up)
        # and again once saved
        form = Form(event.with_user(self.user_reception), view=CLINIC_FORM)
        form.appointment_type_id = self.type_first_visit
        form.save()
        self.assertEqual(event.categ_ids, self.type_first_visit | self.type_meeting)
        self.assertEqual(event.clinic_type_ids, self.type_first_visit)

    def test_tags_follow_a_type_written_or_created(self):
        event = self.env["calendar.event"].create(
            {
                "name": "Typed",
                "start": self.morning,
                "stop": self.morning + timedelta(minutes=30),
                "client_id": self.client_emma.id,
                "appointment_type_id": self.type_first_visit.id,
            }
        )
        self.assertEqual(event.categ_ids, self.type_first_visit)
        event.appointment_type_id = self.type_follow_up
        self.assertEqual(event.categ_ids, self.type_follow_up)
        self.assertEqual(event.clinic_type_ids, self.type_follow_up)
        self.assertEqual(event.billing_state, "to_bill")

    # What the screens read -----------------------------------------------------
    def test_calendar_colour_is_the_billing_state(self):
        meeting = self._create_event(type=self.type_meeting, client_id=False)
        to_bill, billed, free = self._create_events([{}, {}, {}])
        free.clinic_no_charge = True
        self._checkout(billed)
        self.assertEqual(
            (to_bill | billed | free).mapped("billing_state"),
            ["to_bill", "billed", "no_charge"],
        )
        self.assertRecordValues(
            meeting | to_bill | billed | free,
            [
                {"clinic_is_appointment": False, "clinic_calendar_color": 0},
                {"clinic_is_appointment": True, "clinic_calendar_color": 2},
                {"clinic_is_appointment": True, "clinic_calendar_color": 10},
                {"clinic_is_appointment": True, "clinic_calendar_color": 0},
            ],
        )

    def test_appointment_says_what_its_type_consumes(self):
        gloves, serum = self.env["product.product"].create(
            [
                {"name": "Screen gloves", "is_storable": True},
                {"name": "Screen serum", "is_storable": True},
            ]
        )
        self.type_first_visit.clinic_consumable_ids = [
            Command.create({"product_id": gloves.id, "quantity": 2}),
            Command.create({"product_id": serum.id, "billable": True}),
        ]
        event = self._create_event().with_user(self.user_reception)
        self.assertEqual(event.clinic_consumable_ids.product_id, gloves | serum)
        self.assertFalse(
            self._create_event(type=self.type_follow_up)
            .with_user(self.user_reception)
            .clinic_consumable_ids
        )

    def test_start_time_is_the_users_time_of_day(self):
        event = self._create_event(start=self._local_to_utc(self.today, 14.5))
        self.assertEqual(
            event.with_context(tz="Europe/Brussels").clinic_start_time, 14.5
        )

    # Express Checkout: Bill this client ------------------------------------
    def _bill_this_client_events(self, client):
        # As the button sends it: the browser's day, whatever the filters.
        action = (
            client.with_user(self.user_reception)
            .with_context(clinic_checkout_today=fields.Date.to_string(self.today))
            .action_clinic_bill_client()
        )
        wizard_form = Form(
            self.env["clinic.express.checkout"]
            .with_user(self.user_reception)
            .with_context(**action["context"])
        )
        return wizard_form.event_ids[:]

    def test_bill_this_client_without_today_filter_bills_the_rows_day(self):
        # The Today filter removed, Noah's unbilled visit of two days ago is
        # listed: his button bills that day, not an empty today.
        noah_earlier = self._create_events(
            [
                {"client_id": self.client_noah.id, "start": self.morning - delta}
                for delta in (timedelta(days=2), timedelta(days=2, hours=-1))
            ]
        )
        self._create_event(
            client_id=self.client_noah.id, start=self.morning - timedelta(days=5)
        )
        self._create_event(
            client_id=self.client_noah.id, start=self.morning + timedelta(days=1)
        )
        self.assertEqual(self._bill_this_client_events(self.client_noah), noah_earlier)
        # A client with appointments to bill today: today's.
        emma_today = self._create_event()
        self._create_event(start=self.morning - timedelta(days=2))
        self.assertEqual(self._bill_this_client_events(self.client_emma), emma_today)

    def test_bill_this_client_bills_the_clients_day(self):
        emma_today = self._create_events([{}, {"type": self.type_follow_up}])
        noah_today = self._create_event(client_id=self.client_noah.id)
        emma_tomorrow = self._create_event(start=self.morning + timedelta(days=1))
        action = (
            self.client_emma.with_user(self.user_reception)
            .with_context(clinic_checkout_date=fields.Date.to_string(self.today))
            .action_clinic_bill_client()
        )
        self.assertEqual(action["res_model"], "clinic.express.checkout")
        self.assertEqual(action["target"], "new")
        wizard_form = Form(
            self.env["clinic.express.checkout"]
            .with_user(self.user_reception)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard_form.client_id, self.client_emma)
        self.assertEqual(wizard_form.event_ids[:], emma_today)
        # 120 and 80, 15 % tax
        self.assertEqual(wizard_form.amount_total, 230.0)
        wizard = wizard_form.save()
        wizard.action_create_invoices()
        self.assertEqual(wizard.invoice_ids.amount_total, 230.0)
        self.assertEqual(wizard.invoice_ids.partner_id, self.client_emma)
        # Its context made nothing else of the day's date.
        self.assertEqual(wizard.invoice_ids.date, fields.Date.context_today(wizard))
        self.assertEqual(noah_today.billing_state, "to_bill")
        self.assertEqual(emma_tomorrow.billing_state, "to_bill")
