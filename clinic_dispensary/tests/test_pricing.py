# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestClinicCatalogue(PricingCommon):
    def test_kind_maps_onto_odoo_product_type(self):
        form = Form(self.env["product.template"])
        form.name = "Vitamin C serum"
        form.clinic_kind = "physical"
        self.assertEqual(form.type, "consu")
        self.assertTrue(form.is_storable)
        form.clinic_kind = "digital"
        self.assertEqual(form.type, "service")
        serum = form.save()
        self.assertEqual(serum.clinic_kind, "digital")
        # Through the ORM too, and back from Odoo's type.
        vial = self.env["product.template"].create(
            {"name": "Filler syringe", "clinic_kind": "physical"}
        )
        self.assertRecordValues(vial, [{"type": "consu", "is_storable": True}])
        vial.clinic_kind = "service"
        self.assertEqual(vial.type, "service")
        vial.type = "consu"
        self.assertEqual(vial.clinic_kind, "physical")

    def test_margin_shown_to_managers_only(self):
        self.facial.standard_price = 20.0
        template = self.facial.product_tmpl_id
        self.assertEqual(template.clinic_margin, 60.0)
        self.assertEqual(template.clinic_margin_percent, 75.0)
        with self.assertRaises(AccessError):
            template.with_user(self.user_reception).read(["clinic_margin"])
        arch = (
            self.env["product.template"]
            .with_user(self.user_reception)
            .get_view(self.env.ref("product.product_template_form_view").id)["arch"]
        )
        self.assertNotIn('name="clinic_margin"', arch)

    def test_item_with_history_cannot_be_deleted(self):
        self._bill(self._visit(self.type_facial))
        self.type_facial.product_id = False
        with self.assertRefused(UserError, "Hydra Facial.*Archive it instead"):
            self.facial.unlink()
        with self.assertRefused(UserError, "Archive it instead"):
            self.facial.product_tmpl_id.unlink()
        unused = self._item("Never sold", 10.0)
        unused.product_tmpl_id.unlink()
        self.assertFalse(unused.exists())

    def test_archived_item_refused_at_checkout(self):
        event = self._visit(self.type_facial, name="Late facial")
        self.facial.product_tmpl_id.action_archive()
        with self.assertRefused(UserError, "Late facial.*Hydra Facial is archived"):
            self._bill(event)

    def test_zero_or_negative_prices_refused(self):
        with self.assertRefused(ValidationError, "Peel.*cannot be negative"):
            self._item("Peel", -5.0)
        with self.assertRefused(ValidationError, "Coaching.*rate.*positive"):
            self._item("Coaching", 0.0, clinic_price_mode="duration")
        free = self._item("Free sample", 0.0)
        event = self._visit(self._type(free), name="Sample visit")
        with self.assertRefused(UserError, "Sample visit.*Free sample has no price"):
            self._bill(event)

    def test_duration_item_is_billed_per_unit(self):
        with self.assertRefused(ValidationError, "Physio.*unit of measure"):
            self._item(
                "Physio",
                60.0,
                clinic_price_mode="duration",
                uom_id=self.env.ref("uom.product_uom_hour").id,
                uom_po_id=self.env.ref("uom.product_uom_hour").id,
            )


@tagged("post_install", "-at_install")
class TestClinicPricing(PricingCommon):
    def test_fixed_price_bills_the_sales_price(self):
        invoice = self._bill(self._visit(self.type_facial, minutes=50))
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "price_unit": 80.0,
                    "quantity": 1.0,
                    "clinic_base_price": 80.0,
                    "clinic_duration": 0.0,
                    "price_subtotal": 80.0,
                }
            ],
        )

    def test_per_hour_rate_bills_the_duration(self):
        event = self._visit(self.type_consultation, minutes=45)
        self.assertEqual(event.clinic_amount, 75.0)
        invoice = self._bill(event)
        line = invoice.invoice_line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "quantity": 1.0,
                    "price_unit": 75.0,
                    "clinic_base_price": 100.0,
                    "clinic_duration": 0.75,
                    "clinic_time_unit": "hour",
                    "price_subtotal": 75.0,
                }
            ],
        )
        self.assertIn("45 min at", line.name)
        self.assertEqual(invoice.amount_total, 75.0)

    def test_per_minute_rate(self):
        self.consultation.clinic_time_unit = "minute"
        self.consultation.list_price = 2.5
        invoice = self._bill(self._visit(self.type_consultation, minutes=50))
        self.assertEqual(invoice.invoice_line_ids.price_unit, 125.0)
        self.assertEqual(invoice.amount_total, 125.0)

    def test_duration_rounding_exact_or_next_started_quarter(self):
        exact = self._bill(self._visit(self.type_consultation, minutes=50))
        self.assertEqual(exact.amount_total, 83.33)
        self.consultation.clinic_duration_rounding = "quarter"
        event = self._visit(self.type_consultation, minutes=50)
        self.assertEqual(event.clinic_amount, 100.0)
        rounded = self._bill(event)
        self.assertEqual(rounded.amount_total, 100.0)
        self.assertEqual(rounded.invoice_line_ids.clinic_duration, 1.0)
        self.assertIn("1 h 00", rounded.invoice_line_ids.name)
        quarter = self._bill(self._visit(self.type_consultation, minutes=15))
        self.assertEqual(quarter.amount_total, 25.0)

    def test_variable_price_needs_a_duration(self):
        event = self._visit(self.type_consultation, name="All-day consult")
        event.allday = True
        with self.assertRefused(
            UserError,
            "All-day consult.*Consultation is priced per duration but the "
            "appointment has no duration",
        ):
            self._bill(event)


@tagged("post_install", "-at_install")
class TestClinicVariants(PricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        size = cls.env["product.attribute"].create(
            {
                "name": "Vial",
                "value_ids": [
                    Command.create({"name": "50U"}),
                    Command.create({"name": "100U"}),
                ],
            }
        )
        cls.botox = cls.env["product.template"].create(
            {
                "name": "Botox",
                "list_price": 200.0,
                "clinic_kind": "service",
                "categ_id": cls.services_categ.id,
                "taxes_id": [Command.clear()],
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": size.id,
                            "value_ids": [Command.set(size.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        ptav_100 = cls.botox.attribute_line_ids.product_template_value_ids.filtered(
            lambda v: v.name == "100U"
        )
        ptav_100.price_extra = 180.0
        cls.vial_50, cls.vial_100 = cls.botox.product_variant_ids.sorted(
            lambda p: p.lst_price
        )
        cls.type_botox = cls._type(cls.vial_50)

    def test_variants_have_their_own_prices(self):
        self.assertEqual(self.vial_50.lst_price, 200.0)
        self.assertEqual(self.vial_100.lst_price, 380.0)

    def test_checkout_bills_the_variant_set_on_the_appointment(self):
        form = Form(self.env["calendar.event"])
        form.name = "Botox 100U"
        form.client_id = self.client_emma
        form.start = self.morning
        form.categ_ids.add(self.type_botox)
        self.assertEqual(form.appointment_type_id, self.type_botox)
        form.clinic_variant_id = self.vial_100
        event = form.save()
        self.assertEqual(event.clinic_amount, 380.0)
        invoice = self._bill(event)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.vial_100)
        self.assertEqual(invoice.amount_total, 380.0)
        with self.assertRefused(UserError, "cannot change"):
            event.clinic_variant_id = self.vial_50

    def test_checkout_asks_for_the_variant(self):
        event = self._visit(self.type_botox, name="Which vial")
        with self.assertRefused(
            UserError, r"Which vial.*choose the variant of Botox billed \(Botox \(50U\)"
        ):
            self._bill(event)

    def test_changing_the_type_drops_a_foreign_variant(self):
        event = self._visit(self.type_botox)
        event.clinic_variant_id = self.vial_100
        event.categ_ids = self.type_facial
        self.assertEqual(event.appointment_type_id, self.type_facial)
        self.assertFalse(event.clinic_variant_id)
        invoice = self._bill(event)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.facial)
