# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPurchaseReceiveTour(HttpCase):
    """The clinic manager receives a purchase order in the browser."""

    def test_manager_receives_an_order_closed_short(self):
        new_test_user(
            self.env,
            login="tour_purchase_manager",
            password="tour_purchase_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )
        filler = self.env["product.product"].create(
            {"name": "Tour Filler", "is_storable": True, "tracking": "lot"}
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Tour Lab"}).id,
                "order_line": [
                    Command.create(
                        {"product_id": filler.id, "product_qty": 10, "price_unit": 40}
                    )
                ],
            }
        )
        order.button_confirm()
        self.start_tour(
            "/odoo/action-clinic_dispensary.action_clinic_purchase_orders",
            "clinic_purchase_receive_tour",
            login="tour_purchase_manager",
        )
        self.assertEqual(order.order_line.qty_received, 6)
        self.assertEqual(order.picking_ids.move_line_ids.lot_id.name, "TOUR-PO-LOT")
        self.assertEqual(order.clinic_status, "received")
        self.assertFalse(order.picking_ids.backorder_ids)
