# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_purchase import PurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseSplit(PurchaseCommon):
    """One purchase for several clinics: each Local clinic gets its lines in
    a receipt of its own; a Centralized clinic's lines are received at the
    central warehouse and transferred to it through transit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.central = cls.warehouse
        cls.clinic_a, cls.clinic_b = cls.env["stock.warehouse"].create(
            [
                {"name": "Clinic A", "code": "CLA", "company_id": cls.company.id},
                {"name": "Clinic B", "code": "CLB", "company_id": cls.company.id},
            ]
        )
        cls.company.clinic_central_warehouse_id = cls.central
        cls.transit = cls.company.internal_transit_location_id

    def _split_order(self, lines):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "picking_type_id": self.central.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": 1.0,
                            "clinic_warehouse_id": warehouse.id,
                        }
                    )
                    for product, qty, warehouse in lines
                ],
            }
        )
        order.button_confirm()
        return order

    def _contents(self, picking):
        return sorted(
            (move.product_id.name, move.product_uom_qty) for move in picking.move_ids
        )

    def _validate(self, picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _on_hand(self, product, location):
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

    def test_local_clinics_get_a_receipt_each(self):
        order = self._split_order(
            [
                (self.mask, 10, self.clinic_a),
                (self.serum, 2, self.clinic_a),
                (self.mask, 4, self.clinic_b),
            ]
        )
        self.assertEqual(len(order.picking_ids), 2, "no receipt left at central")
        receipt_a = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.clinic_a.in_type_id
        )
        receipt_b = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.clinic_b.in_type_id
        )
        self.assertEqual(
            self._contents(receipt_a), [("Serum", 2.0), ("Sheet mask", 10.0)]
        )
        self.assertEqual(self._contents(receipt_b), [("Sheet mask", 4.0)])
        self.assertEqual(receipt_a.location_dest_id, self.clinic_a.lot_stock_id)
        self.assertEqual(receipt_a.partner_id, self.supplier)
        # The clinic's Receive takes one receipt at a time, its lines only.
        receive = self._receive_form(order).save()
        self.assertEqual(
            sorted((line.product_id.name, line.quantity) for line in receive.line_ids),
            self._contents(receipt_a),
        )
        receive.action_confirm()
        self.assertEqual(receipt_a.state, "done")
        self.assertEqual(receipt_b.state, "assigned")
        self._validate(receipt_b)
        self.assertEqual(self._on_hand(self.mask, self.clinic_a.lot_stock_id), 10)
        self.assertEqual(self._on_hand(self.mask, self.clinic_b.lot_stock_id), 4)
        self.assertEqual(order.order_line.mapped("qty_received"), [10.0, 2.0, 4.0])
        self.assertEqual(order.clinic_status, "received")

    def test_centralized_clinic_is_received_centrally_and_transferred(self):
        self.clinic_a.clinic_supply_mode = "central"
        order = self._split_order(
            [
                (self.mask, 10, self.clinic_a),
                (self.mask, 3, self.central),
                (self.mask, 4, self.clinic_b),
            ]
        )
        receipts = order.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "incoming" and p.location_id.usage == "supplier"
            )
        )
        self.assertEqual(len(receipts), 2)
        central_receipt = receipts.filtered(
            lambda p: p.picking_type_id == self.central.in_type_id
        )
        self.assertEqual(
            self._contents(central_receipt), [("Sheet mask", 3.0), ("Sheet mask", 10.0)]
        )
        self.assertEqual(
            self._contents(receipts - central_receipt), [("Sheet mask", 4.0)]
        )
        # Odoo's resupply route of Clinic A from the central warehouse.
        self.assertIn(self.central, self.clinic_a.resupply_wh_ids)
        line_a = order.order_line.filtered(
            lambda line: line.clinic_warehouse_id == self.clinic_a
        )
        send = line_a.move_ids.move_dest_ids.picking_id
        self.assertEqual(send.picking_type_id, self.central.out_type_id)
        self.assertEqual(send.location_dest_id, self.transit)
        self.assertEqual(send.state, "waiting")
        arrive = send.move_ids.move_dest_ids.picking_id
        self.assertEqual(arrive.picking_type_id, self.clinic_a.in_type_id)
        self.assertEqual(self._contents(arrive), [("Sheet mask", 10.0)])

        self._validate(central_receipt)
        self.assertEqual(send.state, "assigned")
        self._validate(send)
        # On the road: in transit until Clinic A receives it.
        self.assertEqual(self._on_hand(self.mask, self.transit), 10)
        self.assertEqual(arrive.state, "assigned")
        self._validate(arrive)
        self.assertEqual(self._on_hand(self.mask, self.transit), 0)
        self.assertEqual(self._on_hand(self.mask, self.clinic_a.lot_stock_id), 10)
        self.assertEqual(line_a.qty_received, 10)

    def test_cancelled_order_cancels_the_whole_transfer(self):
        self.clinic_a.clinic_supply_mode = "central"
        order = self._split_order([(self.mask, 10, self.clinic_a)])
        line = order.order_line
        send = line.move_ids.move_dest_ids
        arrive = send.move_dest_ids
        self.assertTrue(arrive)
        order.button_cancel()
        self.assertEqual(
            (line.move_ids | send | arrive).mapped("state"), ["cancel"] * 3
        )

    def test_centralized_clinic_without_central_warehouse_is_refused(self):
        self.company.clinic_central_warehouse_id = False
        self.clinic_a.clinic_supply_mode = "central"
        with self.assertRaisesRegex(UserError, "no central warehouse"):
            self._split_order([(self.mask, 10, self.clinic_a)])

    def test_planned_clinic_cannot_change(self):
        order = self._split_order([(self.mask, 4, self.clinic_b)])
        with self.assertRaisesRegex(UserError, "its clinic cannot change"):
            order.order_line.clinic_warehouse_id = self.clinic_a
        receipt = order.order_line.move_ids.picking_id
        self.assertEqual(receipt.picking_type_id, self.clinic_b.in_type_id)

    def test_centralized_quantity_is_fixed_once_confirmed(self):
        self.clinic_a.clinic_supply_mode = "central"
        order = self._split_order(
            [(self.mask, 10, self.clinic_a), (self.mask, 4, self.clinic_b)]
        )
        line_a, line_b = order.order_line
        with self.assertRaisesRegex(UserError, "cannot change once confirmed"):
            line_a.product_qty = 15
        self.assertEqual(line_a.move_ids.move_dest_ids.product_uom_qty, 10)
        # A Local clinic's receipt follows the quantity, as Odoo does it.
        line_b.product_qty = 6
        self.assertEqual(sum(line_b.move_ids.mapped("product_uom_qty")), 6)
