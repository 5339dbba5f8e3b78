# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestCheckoutTypes(PricingCommon):
    """An appointment of two billable types (a visit with Botox and a peel)
    bills both, each on its own line, priced and discounted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.botox = cls._item("Botox", 200.0)
        cls.peel = cls._item("Chemical peel", 90.0, categ_id=cls.facials_categ.id)
        cls.type_botox = cls._type(cls.botox)
        cls.type_peel = cls._type(cls.peel)
        cls.peel_rule = cls.env["clinic.discount.rule"].create(
            {
                "name": "Peels 10 %",
                "discount_percent": 10.0,
                "product_tmpl_id": cls.peel.product_tmpl_id.id,
            }
        )

    def _book_botox_and_peel(self, amount=281.0):
        form = Form(self.env["calendar.event"].with_user(self.user_reception))
        form.name = "Botox and a peel"
        form.client_id = self.client_emma
        form.start = self.morning
        form.stop = self.morning + timedelta(hours=1)
        form.categ_ids.add(self.type_botox)
        form.categ_ids.add(self.type_peel)
        self.assertEqual(form.appointment_type_id, self.type_botox)
        # What the client will pay for both: 200 and 90 less 10 % (and
        # what else the types bill).
        self.assertEqual(form.clinic_amount, amount)
        return form.save()

    def _type_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "appointment"
        )

    def test_each_billable_type_billed_on_its_own_line(self):
        event = self._book_botox_and_peel()
        self.assertEqual(event.clinic_type_ids, self.type_botox | self.type_peel)
        self.assertEqual(event.billing_state, "to_bill")
        invoice = self._bill(event, user=self.user_reception)
        self.assertRecordValues(
            self._type_lines(invoice).sorted("price_unit"),
            [
                {
                    "product_id": self.peel.id,
                    "clinic_event_type_id": self.type_peel.id,
                    "clinic_event_id": event.id,
                    "price_unit": 90.0,
                    "discount": 10.0,
                    "clinic_discount_rule_id": self.peel_rule.id,
                },
                {
                    "product_id": self.botox.id,
                    "clinic_event_type_id": self.type_botox.id,
                    "clinic_event_id": event.id,
                    "price_unit": 200.0,
                    "discount": 0.0,
                    "clinic_discount_rule_id": False,
                },
            ],
        )
        peel_line = self._type_lines(invoice).filtered("discount")
        self.assertIn("Chemical peel type appointment", peel_line.name)
        self.assertEqual(invoice.amount_total, 281.0)
        self.assertEqual(event.billing_state, "billed")
        self.assertEqual(event.clinic_amount, 281.0)
        with self.assertRaisesRegex(UserError, "already billed"):
            self._bill(event)

    def test_a_type_whose_line_is_deleted_is_billed_next_time(self):
        event = self._book_botox_and_peel()
        invoice = self._bill(event)
        peel_line = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.peel
        )
        invoice.write({"invoice_line_ids": [Command.unlink(peel_line.id)]})
        # Not dropped: the peel is still to bill, and only the peel.
        self.assertEqual(event.billing_state, "to_bill")
        self.assertEqual(event.clinic_amount, 81.0)
        second = self._bill(event)
        self.assertEqual(second.invoice_line_ids.product_id, self.peel)
        self.assertEqual(second.amount_total, 81.0)
        self.assertEqual(event.billing_state, "billed")
        # Cancelling the first invoice leaves the Botox to bill again.
        invoice.button_cancel()
        self.assertEqual(event.billing_state, "to_bill")
        self.assertEqual(event.clinic_amount, 200.0)
        self.assertEqual(self._bill(event).invoice_line_ids.product_id, self.botox)
        self.assertEqual(event.billing_state, "billed")

    def test_billed_types_are_frozen_and_cancelling_frees_them(self):
        event = self._book_botox_and_peel()
        invoice = self._bill(event)
        event.categ_ids = self.type_facial
        self.assertEqual(event.clinic_type_ids, self.type_botox | self.type_peel)
        self.assertEqual(event.billing_state, "billed")
        invoice.button_cancel()
        # No longer billed: it bills what it is tagged with now.
        self.assertEqual(event.clinic_type_ids, self.type_botox | self.type_facial)
        self.assertEqual(event.billing_state, "to_bill")

    def test_each_type_consumables_billed_with_it(self):
        mask = self._item("Peel mask", 12.0)
        self.type_peel.clinic_consumable_ids = [
            Command.create({"product_id": mask.id, "billable": True})
        ]
        event = self._book_botox_and_peel(amount=281.0 + 12.0)
        invoice = self._bill(event)
        consumable = invoice.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "consumable"
        )
        self.assertRecordValues(
            consumable,
            [{"product_id": mask.id, "clinic_event_type_id": self.type_peel.id}],
        )
        self.assertEqual(invoice.amount_total, 281.0 + 12.0)
