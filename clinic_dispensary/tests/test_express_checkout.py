# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ClinicCommon


@tagged("post_install", "-at_install")
class TestExpressCheckout(ClinicCommon):
    def test_first_checkout_creates_item_for_type(self):
        event = self._create_event()
        self.assertFalse(self.type_first_visit.product_id)
        # Estimated as the item checkout creates: its price, the default tax.
        self.assertEqual(event.clinic_amount_untaxed, 120.0)
        self.assertEqual(event.clinic_amount, 138.0)
        invoices, _action = self._checkout(event)
        self.assertEqual(invoices.amount_total, 138.0)
        item = self.type_first_visit.product_id
        self.assertTrue(item, "billing the type created its item")
        self.assertEqual(item.name, "Test First Visit")
        self.assertEqual(invoices.invoice_line_ids.product_id, item)
        self.assertEqual(invoices.invoice_line_ids.price_unit, 120.0)
        # The second checkout reuses it.
        invoices2, _action = self._checkout(self._create_event())
        self.assertEqual(invoices2.invoice_line_ids.product_id, item)

    def test_one_draft_invoice_per_client_one_line_per_appointment(self):
        events = self._create_events(
            [
                {"client_id": self.client_emma.id},
                {"client_id": self.client_noah.id, "type": self.type_follow_up},
                {"client_id": self.client_emma.id, "type": self.type_follow_up},
            ]
        )
        invoices, action = self._checkout(events)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(set(invoices.mapped("move_type")), {"out_invoice"})
        emma_invoice = invoices.filtered(lambda m: m.partner_id == self.client_emma)
        noah_invoice = invoices - emma_invoice
        self.assertEqual(
            emma_invoice.invoice_line_ids.mapped("clinic_event_id"),
            events[0] | events[2],
        )
        self.assertRecordValues(
            emma_invoice.invoice_line_ids.sorted("clinic_event_id"),
            [
                {"quantity": 1.0, "price_unit": 120.0, "clinic_event_id": events[0].id},
                {"quantity": 1.0, "price_unit": 80.0, "clinic_event_id": events[2].id},
            ],
        )
        self.assertEqual(noah_invoice.invoice_line_ids.clinic_event_id, events[1])
        self.assertEqual(noah_invoice.amount_untaxed, 80.0)
        label = emma_invoice.invoice_line_ids[0].name
        self.assertIn("Test First Visit appointment on", label)
        self.assertIn(str(self.today.year), label)
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})
        self.assertEqual(events[0].clinic_invoice_line_ids.move_id, emma_invoice)
        self.assertEqual(emma_invoice.clinic_event_ids, events[0] | events[2])
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(action["domain"], [("id", "in", invoices.ids)])

    def test_single_invoice_action_opens_form(self):
        invoices, action = self._checkout(self._create_event())
        self.assertEqual(action["res_id"], invoices.id)
        self.assertEqual(action["views"], [(False, "form")])

    def test_list_button_new_invoice(self):
        events = self._create_events([{}, {"client_id": self.client_noah.id}])
        action = events.action_express_checkout()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertEqual(invoices.partner_id, self.client_emma | self.client_noah)
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})

    def test_line_taxes_follow_item_and_fiscal_position(self):
        event = self._create_event()
        invoices, _action = self._checkout(event)
        self.assertEqual(invoices.invoice_line_ids.tax_ids, self.tax_sale_a)
        event_b = self._create_event(client_id=self.partner_b.id)
        invoices_b, _action = self._checkout(event_b)
        # partner_b's fiscal position maps tax_sale_a onto tax_sale_b
        self.assertEqual(invoices_b.invoice_line_ids.tax_ids, self.tax_sale_b)

    def test_type_defaulted_from_tags(self):
        event = self._create_event(type=self.type_meeting | self.type_follow_up)
        self.assertEqual(event.appointment_type_id, self.type_follow_up)
        self.assertEqual(event.billing_state, "to_bill")
        meeting = self._create_event(type=self.type_meeting)
        self.assertFalse(meeting.appointment_type_id)
        self.assertEqual(meeting.billing_state, "no_charge")
        event.clinic_no_charge = True
        self.assertEqual(event.billing_state, "no_charge")

    # Reversal follows the links back ----------------------------------
    def test_cancelled_invoice_returns_event_to_bill(self):
        event = self._create_event()
        invoices, _action = self._checkout(event)
        invoices.button_cancel()
        self.assertEqual(event.billing_state, "to_bill")
        # and it can be billed again
        invoices2, _action = self._checkout(event)
        self.assertEqual(event.billing_state, "billed")
        self.assertEqual(invoices2.invoice_line_ids.clinic_event_id, event)

    def test_posted_then_cancelled_invoice_returns_event_to_bill(self):
        event = self._create_event()
        invoices, _action = self._checkout(event)
        invoices.action_post()
        self.assertEqual(event.billing_state, "billed")
        invoices.button_draft()
        invoices.button_cancel()
        self.assertEqual(event.billing_state, "to_bill")

    def test_deleted_invoice_returns_event_to_bill(self):
        event = self._create_event()
        invoices, _action = self._checkout(event)
        invoices.unlink()
        self.assertEqual(event.billing_state, "to_bill")
        self.assertFalse(event.clinic_invoice_line_ids)

    def test_deleted_invoice_line_returns_event_to_bill(self):
        events = self._create_events([{}, {}])
        invoices, _action = self._checkout(events)
        line = invoices.invoice_line_ids.filtered(
            lambda line: line.clinic_event_id == events[0]
        )
        invoices.write({"invoice_line_ids": [Command.unlink(line.id)]})
        self.assertEqual(events[0].billing_state, "to_bill")
        self.assertEqual(events[1].billing_state, "billed")

    def test_credit_note_does_not_bill_the_appointment_again(self):
        event = self._create_event()
        invoices, _action = self._checkout(event)
        invoices.action_post()
        refund = invoices._reverse_moves()
        self.assertFalse(refund.invoice_line_ids.clinic_event_id)
        self.assertEqual(event.clinic_invoice_line_ids.move_id, invoices)

    def test_billed_event_cannot_be_deleted_nor_rebilled(self):
        event = self._create_event()
        self._checkout(event)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            event.unlink()
        with self.assertRaisesRegex(UserError, "cannot change"):
            event.client_id = self.client_noah
        with self.assertRaisesRegex(UserError, "already billed"):
            self._checkout(event)
        # Retagging it does not change the type it was billed as.
        event.categ_ids = self.type_follow_up
        self.assertEqual(event.appointment_type_id, self.type_first_visit)
        self.assertEqual(event.billing_state, "billed")
        # an unbilled one can go
        other = self._create_event()
        other.unlink()
        self.assertFalse(other.exists())

    # Bad input ------------------------------------------------------------
    def test_bad_input_names_every_offending_appointment(self):
        good = self._create_event(name="Good one")
        no_client = self._create_event(name="Nobody", client_id=False)
        meeting = self._create_event(name="Team meeting", type=self.type_meeting)
        products_before = self.env["product.product"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._checkout(good | no_client | meeting)
        message = str(caught.exception)
        self.assertIn("Nobody", message)
        self.assertIn("no client", message)
        self.assertIn("Team meeting", message)
        self.assertIn("not billable", message)
        self.assertNotIn("Good one", message)
        # nothing half-written
        self.assertEqual(good.billing_state, "to_bill")
        self.assertFalse(self.type_first_visit.product_id)
        self.assertEqual(self.env["product.product"].search_count([]), products_before)
        self.assertFalse(
            self.env["account.move"].search([("partner_id", "=", self.client_emma.id)])
        )

    def test_no_charge_appointment_refused(self):
        event = self._create_event(name="Courtesy", clinic_no_charge=True)
        with self.assertRaisesRegex(UserError, "Courtesy.*not billable"):
            self._checkout(event)

    def test_no_income_account_refused(self):
        self.services_categ.with_company(
            self.company
        ).property_account_income_categ_id = False
        self.company_data["default_journal_sale"].default_account_id = False
        event = self._create_event(name="No account")
        with self.assertRaisesRegex(UserError, "No account.*no income account"):
            self._checkout(event)
        self.assertFalse(self.type_first_visit.product_id)

    def test_other_company_appointment_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Clinic"})
        self.env.user.company_ids |= other_company
        event = self._create_event(name="Elsewhere", company_id=other_company.id)
        # Both companies are active; the checkout bills for the first one.
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[self.company.id, other_company.id],
            )
        )
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(event.ids)]}
        )
        self.assertEqual(wizard.company_id, self.company)
        with self.assertRaisesRegex(UserError, "Elsewhere.*belongs to company"):
            wizard.action_create_invoices()

    def test_empty_checkout_refused(self):
        wizard = self.env["clinic.express.checkout"].create(
            {"date": self.today + timedelta(days=400)}
        )
        with self.assertRaisesRegex(UserError, "no appointment to bill"):
            wizard.action_create_invoices()

    # Wizard ---------------------------------------------------------------
    def test_wizard_from_selected_appointments(self):
        events = self._create_events([{}, {"type": self.type_follow_up}])
        tomorrow = self._create_event(start=self.morning + timedelta(days=1))
        selection = events | tomorrow
        form = Form(
            self.env["clinic.express.checkout"].with_context(
                active_model="calendar.event", active_ids=selection.ids
            )
        )
        self.assertEqual(form.event_ids.ids, selection.ids)
        self.assertEqual(form.amount_untaxed, 320.0)
        self.assertEqual(form.amount_total, 368.0)
        wizard = form.save()
        action = wizard.action_create_invoices()
        self.assertEqual(len(wizard.invoice_ids), 1)
        self.assertEqual(wizard.invoice_ids.amount_untaxed, 320.0)
        self.assertEqual(wizard.invoice_ids.amount_total, 368.0)
        self.assertEqual(action["res_id"], wizard.invoice_ids.id)

    def test_wizard_offers_the_days_unbilled_appointments(self):
        today_events = self._create_events([{}, {"client_id": self.client_noah.id}])
        billed = self._create_event()
        self._checkout(billed)
        meeting = self._create_event(type=self.type_meeting)
        tomorrow = self._create_event(start=self.morning + timedelta(days=1))
        form = Form(self.env["clinic.express.checkout"])
        self.assertEqual(form.date, self.today)
        offered = form.event_ids.ids
        self.assertEqual(set(offered) & set((billed | meeting | tomorrow).ids), set())
        self.assertTrue(set(today_events.ids) <= set(offered))
        form.date = self.today + timedelta(days=1)
        self.assertIn(tomorrow.id, form.event_ids.ids)
        self.assertNotIn(today_events[0].id, form.event_ids.ids)

    def test_rpc_checkout_by_day(self):
        events = self._create_events([{}, {"client_id": self.client_noah.id}])
        later = self.today + timedelta(days=30)
        for event in events:
            start = self._local_to_utc(later, 9)
            event.write({"start": start, "stop": start + timedelta(hours=1)})
        wizard = self.env["clinic.express.checkout"].create({"date": later})
        wizard.action_create_invoices()
        self.assertEqual(
            wizard.invoice_ids.partner_id, self.client_emma | self.client_noah
        )
        self.assertEqual(set(events.mapped("billing_state")), {"billed"})

    def test_day_is_the_users_local_day(self):
        # 23:30 in Brussels is still "today" there, but tomorrow in UTC.
        late = self._create_event(start=self._local_to_utc(self.today, 23.5))
        early = self._create_event(start=self._local_to_utc(self.today, 0.5))
        Event = self.env["calendar.event"]
        found = Event.search([("clinic_checkout_date", "=", self.today)])
        self.assertIn(late, found)
        self.assertIn(early, found)
        self.assertEqual(late.clinic_checkout_date, self.today)
        self.assertNotIn(
            late, Event.search([("clinic_checkout_date", ">", self.today)])
        )
        self.assertIn(
            late,
            Event.search([("clinic_checkout_date", "<=", self.today)]),
        )
