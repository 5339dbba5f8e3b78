# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .test_dispensing import DispensingCommon


@tagged("post_install", "-at_install")
class TestPhysicalInventoryScreen(HttpCase):
    def test_odoo_count_tour_adds_two_lines_with_the_addon(self):
        """Odoo's own physical inventory tour (stock's
        test_inventory_adjustment_apply_all) still passes with the addon:
        the list adds a second count line and applies both."""
        products = self.env["product.product"].create(
            [
                {"name": "Product 1", "is_storable": True},
                {"name": "Product 2", "is_storable": True},
            ]
        )
        menu = self.env.ref("stock.menu_action_inventory_tree")
        # Stock's test needs a window where "Apply All" is visible at once.
        self.browser_size = "1920,1080"
        self.start_tour(
            f"/odoo/stock.quant?menu_id={menu.id}",
            "test_inventory_adjustment_apply_all",
            login="admin",
            timeout=60,
        )
        quants = self.env["stock.quant"].search(
            [("product_id", "in", products.ids), ("location_id.usage", "=", "internal")]
        )
        self.assertEqual(
            sorted(quants.mapped("quantity")), [123.0, 456.0], "both lines applied"
        )


@tagged("post_install", "-at_install")
class TestCountLineCreation(DispensingCommon):
    """The physical inventory list creates count lines in inventory mode,
    sending every editable column (empty ones as False):
    the reason and note typed on the line must be accepted and kept."""

    def _count_line(self, product, quantity, reason, note):
        return (
            self.env["stock.quant"]
            .with_user(self.user_manager)
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": self.stock.id,
                    "inventory_quantity": quantity,
                    "clinic_reason_tag_id": reason.id,
                    "clinic_adjustment_note": note,
                }
            )
        )

    def test_new_count_line_with_a_reason_for_a_new_place(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf B", "location_id": self.stock.id}
        )
        self.stock = shelf
        found = self.env.ref("clinic_dispensary.stock_reason_found")
        quant = self._count_line(self.mask, 3, found, "Behind the towels")
        self.assertRecordValues(
            quant,
            [
                {
                    "location_id": shelf.id,
                    "inventory_quantity": 3,
                    "clinic_reason_tag_id": found.id,
                    "clinic_adjustment_note": "Behind the towels",
                    "clinic_counted_by_id": self.user_manager.id,
                }
            ],
        )

    def test_count_line_merged_into_the_existing_quant_keeps_its_reason(self):
        existing = self.env["stock.quant"].search(
            [("product_id", "=", self.mask.id), ("location_id", "=", self.stock.id)]
        )
        damage = self.env.ref("clinic_dispensary.stock_reason_damage")
        quant = self._count_line(self.mask, 18, damage, "Two torn")
        self.assertEqual(quant, existing, "stock merges the line into the quant")
        self.assertRecordValues(
            existing,
            [
                {
                    "inventory_quantity": 18,
                    "clinic_reason_tag_id": damage.id,
                    "clinic_adjustment_note": "Two torn",
                    "clinic_counted_by_id": self.user_manager.id,
                }
            ],
        )
        existing.with_user(self.user_manager).action_apply_inventory()
        audit = self.env["clinic.stock.adjustment"].search(
            [("product_id", "=", self.mask.id)]
        )
        self.assertRecordValues(
            audit,
            [
                {
                    "quantity_difference": -2,
                    "reason_tag_id": damage.id,
                    "note": "Two torn",
                }
            ],
        )

    def test_count_lines_with_empty_reason_fields_are_accepted(self):
        quants = (
            self.env["stock.quant"]
            .with_user(self.user_manager)
            .with_context(inventory_mode=True)
            .create(
                [
                    {
                        "product_id": product.id,
                        "location_id": self.stock.id,
                        "inventory_quantity": 1,
                        "clinic_reason_tag_id": False,
                        "clinic_adjustment_note": False,
                    }
                    for product in (self.mask, self.serum)
                ]
            )
        )
        self.assertEqual(quants.mapped("inventory_quantity"), [1.0, 1.0])
