# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.mail.tools.discuss import Store

from .common_pricing import PricingCommon

# What a private appointment could tell about the client's treatment.
HEALTH_FIELDS = [
    "name",
    "client_id",
    "appointment_type_id",
    "clinic_variant_id",
    "clinic_amount",
    "clinic_addon_ids",
    "billing_state",
    "clinic_no_charge",
    "clinic_item_tmpl_id",
    "clinic_variant_count",
    "clinic_invoice_line_ids",
    "clinic_calendar_color",
    "clinic_consumable_ids",
]


@tagged("post_install", "-at_install")
class TestAppointmentPrivacy(PricingCommon):
    """A private appointment is health data: staff outside the clinic see it
    as Busy; reception and managers see what they bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner = new_test_user(
            cls.env,
            login="clinic_practitioner",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.employee = new_test_user(
            cls.env,
            login="clinic_plain_employee",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # The practitioner books a private appointment with Emma: a facial
        # with an LED mask upgrade, 110 in all. No staff member is invited.
        Event = cls.env["calendar.event"].with_user(cls.practitioner)
        cls.private, cls.public = Event.create(
            [
                {
                    "name": name,
                    "privacy": privacy,
                    "start": cls.morning,
                    "stop": cls.morning + timedelta(minutes=30),
                    "categ_ids": [Command.set(cls.type_facial.ids)],
                    "client_id": cls.client_emma.id,
                    "partner_ids": [Command.set(cls.client_emma.ids)],
                }
                for name, privacy in (
                    ("Emma - acne treatment", "private"),
                    ("Emma - public facial", "public"),
                )
            ]
        )
        cls.env["clinic.event.addon"].sudo().create(
            {"event_id": cls.private.id, "product_id": cls.led_mask.id}
        )
        cls.private = cls.private.with_user(cls.env.user)
        cls.public = cls.public.with_user(cls.env.user)

    def _read(self, user, method="read", fnames=tuple(HEALTH_FIELDS)):
        # What an earlier read as superuser left in the cache must not serve
        # the user: Odoo's privacy hides fields when fetching them.
        self.env.invalidate_all()
        events = self.env["calendar.event"].with_user(user)
        if method == "read":
            return events.browse(self.private.id).read(list(fnames))[0]
        return events.search_read([("id", "=", self.private.id)], list(fnames))[0]

    def test_plain_employee_sees_a_private_appointment_as_busy(self):
        # Add-ons and invoice lines are the clinic's and billing's: not even
        # readable.
        fnames = [
            fname
            for fname in HEALTH_FIELDS
            if fname
            not in (
                "clinic_addon_ids",
                "clinic_invoice_line_ids",
                "clinic_consumable_ids",
            )
        ]
        for method in ("read", "search_read"):
            with self.subTest(method=method):
                values = self._read(self.employee, method, fnames)
                self.assertEqual(values["name"], "Busy")
                for fname in fnames[1:]:
                    self.assertFalse(values[fname], f"{method} {fname}")
        for fname in (
            "clinic_addon_ids",
            "clinic_invoice_line_ids",
            "clinic_consumable_ids",
        ):
            with self.assertRaises(AccessError):
                self._read(self.employee, "read", [fname])
        # Its display name, as the calendar shows it, is Busy too.
        self.env.invalidate_all()
        event = self.private.with_user(self.employee)
        self.assertEqual(event.display_name, "Busy")
        self.assertFalse(event.clinic_item_tmpl_id)

    def test_computed_fields_read_alone_tell_nothing(self):
        # Read on their own (nothing hidden in the cache yet), computed fields
        # must not compute from what the user may not see.
        for fname in (
            "clinic_amount",
            "clinic_amount_untaxed",
            "clinic_item_tmpl_id",
            "clinic_variant_count",
            "clinic_calendar_color",
        ):
            with self.subTest(fname=fname):
                self.assertFalse(self._read(self.employee, "read", [fname])[fname])
                self.env.invalidate_all()
                self.assertFalse(self.private.with_user(self.employee)[fname])
                self.assertTrue(self._read(self.user_reception, "read", [fname])[fname])

    def test_plain_employee_still_sees_public_appointments(self):
        self.env.invalidate_all()
        values = self.public.with_user(self.employee).read(
            ["name", "client_id", "clinic_amount"]
        )[0]
        self.assertEqual(values["name"], "Emma - public facial")
        self.assertEqual(values["client_id"][0], self.client_emma.id)
        self.assertEqual(values["clinic_amount"], 80.0)

    def test_private_appointments_cannot_be_searched_by_client_or_treatment(self):
        Event = self.env["calendar.event"].with_user(self.employee)
        both = (self.private | self.public).ids
        for domain in (
            [("client_id", "=", self.client_emma.id)],
            [("client_id.name", "ilike", "Emma")],
            [("appointment_type_id", "=", self.type_facial.id)],
            [("clinic_type_ids", "in", self.type_facial.ids)],
            [("billing_state", "=", "to_bill")],
        ):
            with self.subTest(domain=domain):
                found = Event.search([("id", "in", both), *domain])
                self.assertNotIn(self.private, found)
        # Not filtered on clinic fields: the time slot stays visible (Busy).
        self.assertEqual(Event.search([("id", "in", both)]), self.private | self.public)
        groups = Event.read_group(
            [("id", "in", both)], ["client_id"], ["client_id"], lazy=False
        )
        self.assertEqual([group["__count"] for group in groups], [1])
        # Reception finds it: it bills it.
        found = (
            self.env["calendar.event"]
            .with_user(self.user_reception)
            .search([("id", "in", both), ("client_id", "=", self.client_emma.id)])
        )
        self.assertEqual(found, self.private | self.public)

    def test_plain_employee_cannot_read_the_private_chatter(self):
        # Tracking messages would name the client and the treatment: Odoo
        # lets only attendees read the messages of a private event. (Records
        # created in the same transaction are not tracked: forget they were.)
        self.env.cr.precommit.data.pop("mail.tracking.calendar.event", None)
        self.private.sudo().with_context(
            tracking_disable=False, mail_notrack=False
        ).write({"client_id": self.client_noah.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", self.private.id),
                    ("tracking_value_ids", "!=", False),
                ]
            )
        )
        self.assertTrue(tracked)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            tracked.with_user(self.employee).read(["body", "tracking_value_ids"])
        # Nor through what the chatter calls: a message search, then the
        # messages and their tracking values as the web client gets them.
        thread = [
            ("model", "=", "calendar.event"),
            ("res_id", "=", self.private.id),
            ("message_type", "!=", "user_notification"),
        ]
        self.env.invalidate_all()
        Message = self.env["mail.message"].with_user(self.employee)
        messages = Message._message_fetch(thread)["messages"]
        self.assertFalse(messages & tracked)
        data = repr(Store(messages, for_current_user=True).get_result())
        for name in ("Emma", "Noah"):
            self.assertNotIn(name, data, "client named in the private chatter")
        # Reception, who bills it, still follows its changes.
        self.env.invalidate_all()
        Message = self.env["mail.message"].with_user(self.user_reception)
        self.assertTrue(Message._message_fetch(thread)["messages"] & tracked)

    def test_reception_and_manager_see_what_they_bill(self):
        for user in (self.user_reception, self.user_manager):
            for method in ("read", "search_read"):
                with self.subTest(user=user.login, method=method):
                    values = self._read(user, method)
                    # The subject stays the organizer's: not needed to bill.
                    self.assertEqual(values["name"], "Busy")
                    self.assertEqual(values["client_id"][0], self.client_emma.id)
                    self.assertEqual(
                        values["appointment_type_id"][0], self.type_facial.id
                    )
                    self.assertEqual(values["clinic_amount"], 110.0)
                    self.assertEqual(
                        values["clinic_addon_ids"], self.private.clinic_addon_ids.ids
                    )
                    self.assertEqual(values["billing_state"], "to_bill")

    def test_reception_checks_out_a_private_appointment(self):
        self.env.invalidate_all()
        invoice = self._bill(self.private, user=self.user_reception)
        self.assertEqual(invoice.partner_id, self.client_emma)
        self.assertEqual(invoice.amount_total, 110.0)
        self.assertEqual(
            invoice.invoice_line_ids.product_id, self.facial | self.led_mask
        )
        self.assertEqual(self.private.billing_state, "billed")
        # The plain employee still sees nothing of it once billed.
        values = self._read(self.employee, fnames=["billing_state", "clinic_amount"])
        self.assertFalse(values["billing_state"])
        self.assertFalse(values["clinic_amount"])

    def test_plain_employee_cannot_check_out(self):
        with self.assertRaises(AccessError):
            self._bill(self.private, user=self.employee)

    def test_private_appointments_cannot_be_found_by_their_client_attendee(self):
        # The client is an attendee: searching by attendee, reading the
        # attendees or the client's meetings must not tell who has one.
        Event = self.env["calendar.event"].with_user(self.employee)
        both = (self.private | self.public).ids
        emma = self.client_emma
        for domain in (
            [("partner_ids", "in", emma.ids)],
            [("partner_ids", "=", emma.id)],
            [("partner_ids.name", "ilike", "Emma")],
            [("partner_ids", "ilike", "Emma")],
            [("attendee_ids.partner_id", "=", emma.id)],
        ):
            with self.subTest(domain=domain):
                self.env.invalidate_all()
                found = Event.search([("id", "in", both), *domain])
                self.assertEqual(found, self.public)
        # Nor left out for the client: as if she were not invited.
        found = Event.search([("id", "in", both), ("partner_ids", "not in", emma.ids)])
        self.assertEqual(found, self.private)
        self.env.invalidate_all()
        attendees = (
            self.env["calendar.attendee"]
            .with_user(self.employee)
            .search_read([("event_id", "in", both)], ["event_id", "partner_id"])
        )
        # (Invited once, though also given as attendee.)
        self.assertEqual(
            [(a["event_id"][0], a["partner_id"][0]) for a in attendees],
            [(self.public.id, emma.id)],
        )
        # The client's Meetings button and count.
        self.env.invalidate_all()
        emma_as_employee = emma.with_user(self.employee)
        action = emma_as_employee.schedule_meeting()
        meetings = Event.search([("id", "in", both), *action["domain"]])
        self.assertEqual(meetings, self.public)
        self.assertEqual(emma_as_employee.meeting_count, 1)
        # Reception, who bills it, finds it by its client.
        self.env.invalidate_all()
        Event = Event.with_user(self.user_reception)
        found = Event.search([("id", "in", both), ("partner_ids", "in", emma.ids)])
        self.assertEqual(found, self.private | self.public)
        self.assertEqual(emma.with_user(self.user_reception).meeting_count, 2)

    def test_attendee_search_keeps_odoo_for_meetings_and_own_appointments(self):
        # Another's private plain meeting and the employee's own private
        # appointment are found by attendee as Odoo finds them; so is a
        # private appointment by its organizer.
        Event = self.env["calendar.event"].with_user(self.employee)
        times = {"start": self.morning, "stop": self.morning + timedelta(hours=1)}
        meeting = Event.with_user(self.practitioner).create(
            {
                "name": "Supplier call",
                "privacy": "private",
                "partner_ids": [Command.set(self.client_emma.ids)],
                **times,
            }
        )
        own = Event.create(
            {
                "name": "Noah - own appointment",
                "privacy": "private",
                "partner_ids": [
                    Command.set((self.employee.partner_id | self.client_noah).ids)
                ],
                **times,
            }
        )
        own.sudo().client_id = self.client_noah
        ids = (meeting | own | self.private).ids
        self.env.invalidate_all()
        found = Event.search(
            [
                ("id", "in", ids),
                ("partner_ids", "in", (self.client_emma | self.client_noah).ids),
            ]
        )
        self.assertEqual(found, meeting | own)
        self.env.invalidate_all()
        found = Event.with_user(self.practitioner).search(
            [("id", "in", ids), ("partner_ids", "in", self.client_emma.ids)]
        )
        self.assertEqual(found, self.private | meeting)

    def test_plain_calendar_forms_offer_no_clinic_fields_outside_reception(self):
        # Odoo's calendar quick create and form, every employee's: no client,
        # no billable type, so no billable appointment booked from there.
        clinic_fields = {"client_id", "appointment_type_id", "clinic_amount"}
        for view in (
            "calendar.view_calendar_event_form_quick_create",
            "calendar.view_calendar_event_form",
        ):
            with self.subTest(view=view):
                form = Form(
                    self.env["calendar.event"].with_user(self.employee), view=view
                )
                self.assertFalse(clinic_fields & set(form._view["fields"]))
                form.name = "Team lunch"
                meeting = form.save()
                self.assertFalse(meeting.sudo().clinic_is_appointment)
        # Reception books appointments there.
        form = Form(
            self.env["calendar.event"].with_user(self.user_reception),
            view="calendar.view_calendar_event_form_quick_create",
        )
        form.name = "Emma"
        form.client_id = self.client_emma
        self.assertTrue(form.save().clinic_is_appointment)
