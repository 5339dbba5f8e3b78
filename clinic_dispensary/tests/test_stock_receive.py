# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_dispensing import DispensingCommon


@tagged("post_install", "-at_install")
class TestReceiveStock(DispensingCommon):
    """Receive Stock, as the clinic manager uses it: what was entered is
    received, once, through Odoo's validation of the receipt."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Derma Supply"})
        cls.lot_serum = cls.env["product.product"].create(
            {
                "name": "Hyaluronic serum",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "standard_price": 30.0,
            }
        )
        cls.gel = cls.env["product.product"].create(
            {
                "name": "Ultrasound gel",
                "is_storable": True,
                "uom_id": cls.env.ref("uom.product_uom_litre").id,
                "uom_po_id": cls.env.ref("uom.product_uom_litre").id,
                "standard_price": 8.0,
            }
        )

    def _receive(self, lines, **vals):
        """Receive Stock through its screen, as the clinic manager."""
        form = Form(self.env["clinic.stock.receive"].with_user(self.user_manager))
        for name, value in vals.items():
            setattr(form, name, value)
        for line_vals in lines:
            with form.line_ids.new() as line:
                for name, value in line_vals.items():
                    setattr(line, name, value)
        wizard = form.save()
        action = wizard.action_confirm()
        return wizard.picking_id, action

    def _open_receipts(self, product):
        return self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("state", "not in", ("done", "cancel")),
                ("picking_code", "=", "incoming"),
            ]
        )

    def test_direct_receipt_receives_once(self):
        picking, _action = self._receive(
            [{"product_id": self.mask, "quantity": 5}], partner_id=self.supplier
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 5)
        self.assertEqual(self._qty(self.mask), 25)
        # Nothing more is expected: no second receipt, nothing incoming.
        self.assertFalse(self._open_receipts(self.mask))
        self.assertFalse(picking.backorder_ids)
        self.assertEqual(self.mask.incoming_qty, 0)

    def test_one_delivery_of_a_serum_lot_masks_and_gel(self):
        expiry = fields.Datetime.now() + timedelta(days=300)
        picking, _action = self._receive(
            [
                {
                    "product_id": self.lot_serum,
                    "quantity": 12,
                    "lot_name": "HS-2026-01",
                    "expiration_date": expiry,
                    "price_unit": 28.0,
                },
                {"product_id": self.mask, "quantity": 30},
                {"product_id": self.gel, "quantity": 2.5},
            ],
            partner_id=self.supplier,
            reference="DN-1042",
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.origin, "DN-1042")
        self.assertFalse(picking.backorder_ids)
        self.assertRecordValues(
            picking.move_ids.sorted(lambda m: m.product_id.name),
            [
                {"product_id": self.lot_serum.id, "quantity": 12, "state": "done"},
                {"product_id": self.mask.id, "quantity": 30, "state": "done"},
                {"product_id": self.gel.id, "quantity": 2.5, "state": "done"},
            ],
        )
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.name, "HS-2026-01")
        self.assertEqual(lot.expiration_date, expiry)
        self.assertEqual(self._qty(self.lot_serum, lot), 12)
        self.assertEqual(self._qty(self.mask), 50)
        self.assertEqual(self._qty(self.gel), 2.5)
        for product in (self.lot_serum, self.mask, self.gel):
            self.assertFalse(self._open_receipts(product), product.name)
            self.assertEqual(product.incoming_qty, 0, product.name)

    def test_receiving_more_of_an_expired_lot_asks_to_confirm(self):
        """An expired lot is received only when Receive Expired Lots is
        ticked: refused before anything is written otherwise, then the
        receipt goes through Odoo's validation (product_expiry told it was
        confirmed)."""
        expired = self.env["stock.lot"].create(
            {
                "name": "HS-OLD",
                "product_id": self.lot_serum.id,
                "expiration_date": fields.Datetime.now() - timedelta(days=2),
            }
        )
        lines = [{"product_id": self.lot_serum, "quantity": 3, "lot_name": "HS-OLD"}]
        receipts = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(UserError, "(?s)HS-OLD.*Receive Expired Lots"):
            self._receive(lines, partner_id=self.supplier)
        self.assertEqual(self.env["stock.picking"].search_count([]), receipts)
        self.assertEqual(self._qty(self.lot_serum, expired), 0)
        picking, _action = self._receive(
            lines, partner_id=self.supplier, confirm_expired=True
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, expired)
        self.assertEqual(self._qty(self.lot_serum, expired), 3)
        self.assertFalse(picking.backorder_ids)

    def test_partial_delivery_of_an_order_leaves_the_rest_expected(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "order_line": [
                    Command.create({"product_id": self.mask.id, "product_qty": 10}),
                    Command.create({"product_id": self.gel.id, "product_qty": 4}),
                ],
            }
        )
        order.button_confirm()
        form = Form(self.env["clinic.stock.receive"].with_user(self.user_manager))
        form.purchase_id = order
        self.assertEqual(len(form.line_ids), 2)
        # Six masks came; the gel did not.
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.product_id, self.mask)
            line.quantity = 6
        form.line_ids.remove(1)
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(wizard.picking_id.state, "done")
        self.assertEqual(wizard.picking_id.move_ids.product_id, self.mask)
        self.assertEqual(self._qty(self.mask), 26)
        self.assertEqual(self._qty(self.gel), 0)
        self.assertRecordValues(
            order.order_line, [{"qty_received": 6}, {"qty_received": 0}]
        )
        backorder = wizard.picking_id.backorder_ids
        self.assertRecordValues(
            backorder.move_ids.sorted(lambda m: m.product_id.name),
            [
                {"product_id": self.mask.id, "product_uom_qty": 4},
                {"product_id": self.gel.id, "product_uom_qty": 4},
            ],
        )
