# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestStockValidation(BatchSafetyCommon):
    """Transfers the clinic validates go through Odoo's ``button_validate``:
    the operation type's backorder policy and product_expiry's expired-lot
    check apply to them as to a user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_botox = cls.env["calendar.event.type"].create(
            {
                "name": "Test Botox",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": cls.vial.id, "quantity": 5, "billable": True}
                    )
                ],
            }
        )

    def _vial_line(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.vial
        )

    def test_dispensing_follows_the_operation_types_backorder_policy(self):
        self._lot(self.vial, "VIAL-3", 60, 3)
        self.company.clinic_stock_shortage = "flag"
        self.warehouse.out_type_id.create_backorder = "never"
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        line = self._vial_line(invoice)
        self.assertTrue(line.clinic_stock_shortage)
        moves = line.clinic_stock_move_ids
        self.assertEqual(
            sum(moves.filtered(lambda m: m.state == "done").mapped("quantity")), 3
        )
        # "Never" create backorders: what was missing is not left pending.
        self.assertFalse(moves.filtered(lambda m: m.state not in ("done", "cancel")))
        self.assertFalse(moves.picking_id.backorder_ids)

    def test_dispensing_leaves_a_backorder_when_the_type_asks(self):
        self._lot(self.vial, "VIAL-3", 60, 3)
        self.company.clinic_stock_shortage = "flag"
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        pending = self._vial_line(invoice).clinic_stock_move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        self.assertEqual(sum(pending.mapped("product_uom_qty")), 2)
        self.assertEqual(pending.picking_id.state, "confirmed")

    def test_an_expired_lot_reserved_by_hand_is_never_dispensed(self):
        expired = self._lot(self.vial, "VIAL-EXPIRED", -1, 3)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.client_emma.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.vial.name,
                            "product_id": self.vial.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        # Someone picked the expired lot by hand.
        self.env["stock.move.line"].create(
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": self.vial.id,
                "lot_id": expired.id,
                "quantity": 1,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
            }
        )
        with self.assertRaisesRegex(UserError, "expired lots .*VIAL-EXPIRED"):
            picking._clinic_validate_available()
        self.assertEqual(self._qty(self.vial, self.stock, expired), 3)
        self.assertNotEqual(picking.state, "done")

    def test_cancelled_invoice_takes_back_a_lot_expired_since(self):
        lot = self._lot(self.vial, "VIAL-5", 60, 5)
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        self.assertEqual(self._qty(self.vial, self.stock, lot), 0)
        lot.expiration_date = self.now - timedelta(days=1)
        invoice.button_cancel()
        # Back in stock (the next sweep quarantines it), out of checkout's
        # reach meanwhile.
        self.assertEqual(self._qty(self.vial, self.stock, lot), 5)
        self.assertEqual(
            self.env["stock.quant"]
            .with_context(with_expiration=self.now)
            ._get_available_quantity(self.vial, self.stock),
            0,
        )
