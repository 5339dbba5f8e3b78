# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, tagged

from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestInvoiceScreen(PricingCommon):
    """What the invoice form shows of a checkout, and who may edit it."""

    def _visit_with_addon(self):
        event = self._visit(self.type_facial)
        event.clinic_addon_ids = [
            Command.create({"product_id": self.led_mask.id, "quantity": 1})
        ]
        return event

    def test_clinic_columns_only_when_a_line_fills_them(self):
        plain = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.facial.id, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        self.assertRecordValues(
            plain,
            [
                {
                    "clinic_show_appointment": False,
                    "clinic_show_lots": False,
                    "clinic_show_shortage": False,
                    "clinic_show_duration": False,
                    "clinic_show_price_include": False,
                    "clinic_show_discount_rule": False,
                }
            ],
        )
        # A consultation billed per hour fills the duration column; an add-on
        # the appointment one.
        invoice = self._bill(
            self._visit(self.type_consultation, minutes=90) | self._visit_with_addon()
        )
        self.assertRecordValues(
            invoice,
            [
                {
                    "clinic_show_appointment": True,
                    "clinic_show_lots": False,
                    "clinic_show_shortage": False,
                    "clinic_show_duration": True,
                    "clinic_show_price_include": False,
                }
            ],
        )
        # A tax included in the price fills its column.
        included = self.env["account.tax"].create(
            {
                "name": "VAT 21% incl.",
                "amount": 21.0,
                "price_include_override": "tax_included",
            }
        )
        invoice.invoice_line_ids[:1].tax_ids = included
        self.assertTrue(invoice.clinic_show_price_include)

    def test_addon_line_says_which_appointment_it_belongs_to(self):
        event = self._visit_with_addon()
        invoice = self._bill(event)
        addon = self._line(invoice, self.led_mask)
        appointment = self._line(invoice, self.facial)
        self.assertIn("Hydra Facial type on ", addon.clinic_appointment_label)
        # The appointment line is that appointment: no label of its own.
        self.assertFalse(appointment.clinic_appointment_label)
        # Printed under the add-on's description.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", invoice.ids)[0]
            .decode()
        )
        self.assertIn(addon.clinic_appointment_label, html)

    def test_reception_reads_the_checkout_discount_and_price(self):
        self._rule(
            discount_percent=10.0, product_tmpl_id=self.facial.product_tmpl_id.id
        )
        invoice = self._bill(self._visit(self.type_facial), user=self.user_reception)
        self.assertTrue(invoice.clinic_show_discount_rule)
        form = Form(invoice.with_user(self.user_reception))
        self.assertFalse(form.clinic_can_edit_checkout_price)
        with form.invoice_line_ids.edit(0) as line:
            # Read-only on screen, not refused at save.
            with self.assertRaisesRegex(AssertionError, "readonly field 'discount'"):
                line.discount = 0.0
            with self.assertRaisesRegex(AssertionError, "readonly field 'price_unit'"):
                line.price_unit = 1.0
            # The rest of the line stays hers.
            line.name = "Hydra Facial, gift wrap"
        # A line she adds herself is hers to discount.
        with form.invoice_line_ids.new() as line:
            line.product_id = self.led_mask
            line.discount = 5.0
        form.save()
        self.assertEqual(self._line(invoice, self.facial).discount, 10.0)
        self.assertEqual(self._line(invoice, self.led_mask).discount, 5.0)
        # A manager edits both.
        form = Form(invoice.with_user(self.user_manager))
        self.assertTrue(form.clinic_can_edit_checkout_price)
        with form.invoice_line_ids.edit(0) as line:
            line.discount = 20.0
        form.save()
        self.assertEqual(self._line(invoice, self.facial).discount, 20.0)
