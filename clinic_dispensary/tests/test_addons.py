# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestClinicAddons(PricingCommon):
    def _with_addons(self, event, *vals_list):
        event.clinic_addon_ids = [Command.create(vals) for vals in vals_list]
        return event

    def test_addon_attached_from_the_appointment_form(self):
        event = self._visit(self.type_facial)
        with Form(event.with_user(self.user_reception)) as form:
            with form.clinic_addon_ids.new() as addon:
                addon.product_id = self.led_mask
                addon.quantity = 2
                self.assertEqual(addon.price_subtotal, 60.0)
        self.assertEqual(event.clinic_addon_ids.product_id, self.led_mask)
        self.assertEqual(event.clinic_amount, 140.0)

    def test_addons_billed_on_the_clients_invoice_with_the_appointment(self):
        event = self._with_addons(
            self._visit(self.type_facial),
            {"product_id": self.led_mask.id, "quantity": 2},
        )
        invoice = self._bill(event)
        addon_line = self._line(invoice, self.led_mask)
        self.assertRecordValues(
            addon_line,
            [
                {
                    "quantity": 2.0,
                    "price_unit": 30.0,
                    "price_subtotal": 60.0,
                    "clinic_event_id": event.id,
                    "clinic_addon_id": event.clinic_addon_ids.id,
                    "clinic_line_role": "addon",
                }
            ],
        )
        self.assertEqual(
            self._line(invoice, self.facial).clinic_line_role, "appointment"
        )
        self.assertEqual(invoice.amount_total, 140.0)
        self.assertTrue(event.clinic_addon_ids.billed)
        self.assertEqual(invoice.clinic_event_ids, event)

    def test_extra_time_addon_priced_per_duration(self):
        event = self._with_addons(
            self._visit(self.type_consultation, minutes=30),
            {"product_id": self.extra_time.id, "duration": 0.25},
        )
        self.assertEqual(event.clinic_addon_ids.price_subtotal, 30.0)
        invoice = self._bill(event)
        self.assertEqual(self._line(invoice, self.extra_time).price_unit, 30.0)
        self.assertEqual(self._line(invoice, self.extra_time).clinic_duration, 0.25)
        self.assertEqual(invoice.amount_total, 80.0)

    def test_bad_addons_refused(self):
        event = self._visit(self.type_facial)
        with self.assertRefused(ValidationError, "Hydra Facial is not an add-on"):
            self._with_addons(event, {"product_id": self.facial.id})
        with self.assertRefused(ValidationError, "Extra time.*positive duration"):
            self._with_addons(event, {"product_id": self.extra_time.id})
        with self.assertRefused(ValidationError, "LED mask upgrade must be positive"):
            self._with_addons(event, {"product_id": self.led_mask.id, "quantity": 0})

    def test_archived_addon_refused_at_checkout(self):
        event = self._with_addons(
            self._visit(self.type_facial, name="Mask visit"),
            {"product_id": self.led_mask.id},
        )
        self.led_mask.action_archive()
        with self.assertRefused(UserError, "Mask visit.*LED mask upgrade is archived"):
            self._bill(event)

    def test_addon_lines_do_not_bill_the_appointment(self):
        event = self._with_addons(
            self._visit(self.type_facial), {"product_id": self.led_mask.id}
        )
        invoice = self._bill(event)
        main_line = self._line(invoice, self.facial)
        invoice.write({"invoice_line_ids": [Command.unlink(main_line.id)]})
        # Only its add-on is still billed: the appointment is to bill again...
        self.assertEqual(event.billing_state, "to_bill")
        again = self._bill(event)
        # ...without billing the add-on twice.
        self.assertEqual(again.invoice_line_ids.product_id, self.facial)
        self.assertEqual(event.billing_state, "billed")

    def test_cancelled_invoice_bills_addons_again(self):
        event = self._with_addons(
            self._visit(self.type_facial), {"product_id": self.led_mask.id}
        )
        self._bill(event).button_cancel()
        self.assertEqual(event.billing_state, "to_bill")
        self.assertFalse(event.clinic_addon_ids.billed)
        again = self._bill(event)
        self.assertEqual(again.amount_total, 110.0)

    def test_addons_of_a_billed_appointment_are_frozen(self):
        event = self._with_addons(
            self._visit(self.type_facial), {"product_id": self.led_mask.id}
        )
        self._bill(event)
        with self.assertRefused(UserError, "cannot change"):
            event.clinic_addon_ids.quantity = 3
        with self.assertRefused(UserError, "cannot change"):
            event.clinic_addon_ids.unlink()
        with self.assertRefused(UserError, "cannot change"):
            self._with_addons(event, {"product_id": self.led_mask.id})
