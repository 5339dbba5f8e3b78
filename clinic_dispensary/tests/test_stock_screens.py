# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestStockScreens(BatchSafetyCommon):
    """What the clinic manager's stock screens show and do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot(cls.vial, "VIAL-DROPPED", 90, 6)

    def _damage(self, quantity):
        form = Form(self.env["clinic.stock.damage"].with_user(self.user_manager))
        form.product_id = self.vial
        form.lot_id = self.lot
        form.quantity = quantity
        return form.save().action_confirm()

    def _quarantined(self):
        action = (
            self.env.ref("clinic_dispensary.action_clinic_quarantine")
            .with_user(self.user_manager)
            .run()
        )
        return action, self.env["stock.quant"].search(
            [*action["domain"], ("lot_id", "=", self.lot.id)]
        )

    def test_mark_damaged_says_what_it_did(self):
        action = self._damage(2)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        message = action["params"]["message"]
        self.assertIn("2 Units of Botox 50U vial, lot VIAL-DROPPED", message)
        self.assertIn(self.quarantine.display_name, message)
        self.assertEqual(
            action["params"]["next"]["type"], "ir.actions.act_window_close"
        )
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 2)

    def test_quarantined_units_written_off_from_quarantine(self):
        self._damage(2)
        action, quant = self._quarantined()
        self.assertEqual(action["name"], "Quarantine")
        self.assertEqual(action["display_name"], "Quarantine")
        self.assertIn("Nothing in quarantine", action["help"])
        self.assertEqual(
            action["views"][0][0],
            self.env.ref(
                "clinic_dispensary.stock_quant_view_list_clinic_quarantine"
            ).id,
        )
        # Write Off on the line: Odoo's scrap, from the Quarantine.
        write_off = quant.with_user(self.user_manager).action_clinic_write_off()
        self.assertEqual(write_off["res_model"], "stock.scrap")
        form = Form(
            self.env["stock.scrap"]
            .with_user(self.user_manager)
            .with_context(**write_off["context"]),
            view=write_off["views"][0][0],
        )
        self.assertEqual(form.product_id, self.vial)
        self.assertEqual(form.lot_id, self.lot)
        self.assertEqual(form.scrap_qty, 2)
        form.scrap_qty = 1
        form.scrap_reason_tag_ids.add(self.reason_damage)
        scrap = form.save()
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.location_id, self.quarantine)
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 1)
        # Sellable stock untouched.
        self.assertEqual(self._qty(self.vial, self.stock, self.lot), 4)

    def test_only_quarantined_units_written_off_from_there(self):
        sellable = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot.id), ("location_id", "=", self.stock.id)]
        )
        with self.assertRaisesRegex(UserError, "not in Quarantine"):
            sellable.action_clinic_write_off()

    def test_stock_by_location_has_its_own_title_and_help(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_stock_levels"
        )
        self.assertEqual(action["name"], "Stock by Location")
        self.assertIn("No stock in the clinic yet", action["help"])

    def test_lots_and_expiry_lists_expiry_date_and_quantity(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_lots"
        )
        arch = self.env["stock.lot"].get_view(action["view_id"][0], "list")["arch"]
        self.assertIn('name="expiration_date"', arch)
        self.assertIn('name="product_qty"', arch)
        lots = self.env["stock.lot"].search(
            [*safe_eval(action["domain"]), ("id", "=", self.lot.id)]
        )
        self.assertRecordValues(lots, [{"product_qty": 6.0}])

    def test_clinic_screens_show_clinic_items_by_default(self):
        other = self.env["product.product"].create(
            {"name": "Office chair", "is_storable": True, "sale_ok": True}
        )
        for xmlid in (
            "clinic_dispensary.product_template_action_clinic",
            "clinic_dispensary.action_clinic_stock_items",
        ):
            action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            context = safe_eval(action["context"])
            self.assertEqual(context.get("search_default_clinic_item"), 1, xmlid)
        Product = self.env["product.product"]
        clinic = Product.search([("clinic_item", "=", True)])
        self.assertIn(self.vial, clinic)
        self.assertNotIn(other, clinic)
        self.assertIn(other, Product.search([("clinic_item", "=", False)]))
        self.assertFalse(other.product_tmpl_id.clinic_item)
        self.assertTrue(self.vial.product_tmpl_id.clinic_item)
        # An item billed by an appointment type is a clinic item, wherever
        # its category.
        self.type_first_visit._ensure_products()
        self.type_first_visit.product_id.categ_id = other.categ_id
        self.assertIn(
            self.type_first_visit.product_id,
            Product.search([("clinic_item", "=", True)]),
        )
        # A new catalogue item lands in the Clinic category: it stays listed.
        context = safe_eval(
            self.env["ir.actions.act_window"]._for_xml_id(
                "clinic_dispensary.product_template_action_clinic"
            )["context"]
        )
        form = Form(self.env["product.template"].with_context(**context))
        form.name = "Vitamin C serum"
        self.assertTrue(form.save().clinic_item)

    def test_appointment_types_show_clinic_types_by_default(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_event_type"
        )
        self.assertEqual(safe_eval(action["context"])["search_default_clinic_type"], 1)
        tag = self.env["calendar.event.type"].create({"name": "Customer Meeting tag"})
        arch = self.env["calendar.event.type"].get_view(
            action["search_view_id"][0], "search"
        )["arch"]
        domain = (
            etree.fromstring(arch)
            .xpath("//filter[@name='clinic_type']")[0]
            .get("domain")
        )
        found = self.env["calendar.event.type"].search(safe_eval(domain))
        self.assertIn(self.type_first_visit, found)
        self.assertNotIn(tag, found)

    def test_new_equipment_is_a_device_form(self):
        laser = self.env["product.product"].create(
            {"name": "Laser handpiece", "is_storable": True, "tracking": "serial"}
        )
        room = self.env["stock.location"].create(
            {"name": "Treatment Room 1", "location_id": self.stock.id}
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_equipment"
        )
        form_view = dict((mode, view) for view, mode in action["views"])["form"]
        self.assertEqual(
            form_view,
            self.env.ref("clinic_dispensary.stock_lot_view_form_clinic_equipment").id,
        )
        context = safe_eval(action["context"])
        form = Form(
            self.env["stock.lot"].with_user(self.user_manager).with_context(**context),
            view=form_view,
        )
        form.name = "SN-LASER-0001"
        form.product_id = laser
        warranty = fields.Date.today() + timedelta(days=365)
        form.clinic_warranty_end = warranty
        form.clinic_holder_id = self.user_manager.partner_id
        form.location_id = room
        with form.clinic_maintenance_ids.new() as log:
            log.work_done = "Installed and calibrated"
        device = form.save()
        self.assertRecordValues(
            device,
            [
                {
                    "product_id": laser.id,
                    "clinic_warranty_end": warranty,
                    "clinic_holder_id": self.user_manager.partner_id.id,
                    "location_id": room.id,
                }
            ],
        )
        self.assertEqual(
            device.clinic_maintenance_ids.work_done, "Installed and calibrated"
        )
        # Only serial-tracked items are devices.
        arch = self.env["stock.lot"].get_view(form_view, "form")["arch"]
        self.assertIn("('tracking', '=', 'serial')", arch)
