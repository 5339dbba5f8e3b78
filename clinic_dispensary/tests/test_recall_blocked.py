# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestRecalledLotBlocked(RecallCommon):
    """Once recalled, a lot never leaves to a client nor is consumed again:
    whatever of it comes back to stock after the recall waits in
    Quarantine, and nothing takes it out of the shelf by mistake."""

    def _vial_line(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.vial
        )

    def _assert_all_in_quarantine(self, lot, quantity, location=None):
        self.assertEqual(self._qty(lot.product_id, location or self.stock, lot), 0)
        self.assertEqual(self._qty(lot.product_id, self.quarantine, lot), quantity)

    def test_cancelled_checkout_returns_recalled_units_to_quarantine(self):
        # Emma's checkout dispensed two vials of the lot (first expiry).
        self.assertEqual(
            self._vial_line(self.emma_invoice).clinic_dispensed_lot_ids, self.lot
        )
        recall, _action = self._recall()
        self._assert_all_in_quarantine(self.lot, 8)
        self.emma_invoice.button_cancel()
        # Back from Emma, straight into Quarantine, with the recall.
        self._assert_all_in_quarantine(self.lot, 10)
        # (9 quarantined on recall, one of them in the second clinic.)
        self.assertEqual(recall.quarantined_quantity, 11)
        self.assertEqual(
            recall.quarantine_move_ids.clinic_reason_tag_id, self.reason_recall
        )
        # Checking out again dispenses the sibling lot.
        self.emma_invoice.button_draft()
        self.emma_invoice.action_post()
        delivery = self._vial_line(self.emma_invoice).clinic_stock_move_ids.filtered(
            lambda m: m.location_dest_id.usage == "customer"
        )[-1:]
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.move_line_ids.lot_id, self.sibling)

    def test_returned_consumption_goes_to_quarantine(self):
        serum = self._lot(self.cream, "SERUM-1", 10, 1)
        serum_sibling = self._lot(self.cream, "SERUM-2", 100, 5)
        facial = self._facial(self.cream)
        event = self._create_event(type=facial, client_id=self.client_liam.id)
        invoice, _action = self._checkout(event)
        self.assertEqual(event.clinic_consumption_move_ids.lot_ids, serum)
        self._recall(lot=serum)
        # The appointment's billing cancelled: the serum comes back from
        # consumption, into Quarantine.
        invoice.button_cancel()
        self._assert_all_in_quarantine(serum, 1)
        # Billed again, the appointment uses the sibling lot.
        invoice2, _action = self._checkout(event)
        consumed = event.clinic_consumption_move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "inventory"
        )
        self.assertEqual(consumed.sorted("id")[-1].lot_ids, serum_sibling)
        self.assertEqual(self._qty(self.cream, self.stock, serum_sibling), 4)

    def test_customer_return_of_a_recalled_lot_goes_to_quarantine(self):
        picking = self._deliver(self.client_liam, self.lot, 1)
        self._recall()
        self._return(picking)
        self._assert_all_in_quarantine(self.lot, 8)

    def test_later_receipt_of_a_recalled_lot_goes_to_quarantine(self):
        self._recall()
        self._receive_recall_lot(3)
        self._assert_all_in_quarantine(self.lot, 11)

    def test_recalled_lot_chosen_by_hand_is_refused(self):
        self._recall()
        # Units found on the shelf without a move (a count not entered yet).
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.stock, 1, lot_id=self.lot
        )
        with self.assertRaisesRegex(UserError, "RECALL-1.*recalled"):
            self._deliver(self.client_liam, self.lot, 1)
        # Nor can an appointment's consumption take it.
        move = self.env["stock.move"].create(
            {
                "name": "Forced consumption",
                "product_id": self.vial.id,
                "product_uom_qty": 1,
                "product_uom": self.vial.uom_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.company._clinic_consumption_location().id,
                "clinic_event_id": self._create_event().id,
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": self.vial.id,
                            "lot_id": self.lot.id,
                            "quantity": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": (
                                self.company._clinic_consumption_location().id
                            ),
                        }
                    )
                ],
            }
        )
        move._action_confirm()
        move.picked = True
        with self.assertRaisesRegex(UserError, "RECALL-1.*recalled"):
            move._action_done()

    def test_reservation_and_checkout_leave_recalled_units_out(self):
        self._recall()
        # Units of the lot on the shelf without a move: neither reserved nor
        # counted by checkout's stock check.
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.stock, 3, lot_id=self.lot
        )
        Quant = self.env["stock.quant"]
        self.assertEqual(
            Quant.with_context(clinic_skip_recalled=True)._get_available_quantity(
                self.vial, self.stock
            ),
            5,
        )
        botox = self.env["calendar.event.type"].create(
            {
                "name": "Test Botox 6",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": self.vial.id, "quantity": 6, "billable": True}
                    )
                ],
            }
        )
        self.company.clinic_stock_shortage = "refuse"
        with self.assertRaisesRegex(UserError, "6 Units needed, 5 in stock"):
            self._checkout(self._create_event(type=botox))
        # Allowed short: the sibling lot leaves, the recalled one stays.
        self.company.clinic_stock_shortage = "flag"
        invoice, _action = self._checkout(self._create_event(type=botox))
        self.assertEqual(
            self._vial_line(invoice).clinic_dispensed_lot_ids, self.sibling
        )
        self.assertEqual(self._qty(self.vial, self.stock, self.lot), 3)

    def test_supplier_return_still_ships_the_recalled_lot(self):
        recall, _action = self._recall(create_supplier_return=True)
        picking = recall.claim_ids.picking_id.filtered(
            lambda p: p.location_id == self.quarantine
        )
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 0)

    def test_shared_lot_is_blocked_in_each_company_once_it_recalls_it(self):
        """A shared item's lot (no company) is recalled by each company for
        its own stock and clients: the first company's recall leaves the
        second's shelf alone until the second recalls it too."""
        company_b, warehouse_b = self._second_company()
        zoe = self.env["res.partner"].create({"name": "Zoe of Clinic B"})
        self.assertFalse(self.lot.company_id)
        self._recall()
        # Clinic B still dispenses and takes back the lot as before.
        picking = self._deliver_from(warehouse_b, zoe, self.lot, 1)
        self.assertEqual(picking.state, "done")
        self._return(picking)
        stock_b = warehouse_b.lot_stock_id
        self.assertEqual(self._qty(self.vial, stock_b, self.lot), 1)
        # Once Clinic B recalled it, it stops there too.
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=[company_b.id])
        )
        self._recall(env=env_b, lot=self.lot.with_env(env_b))
        self.assertEqual(self._qty(self.vial, stock_b, self.lot), 0)
        with self.assertRaisesRegex(UserError, "RECALL-1.*recalled"):
            self._deliver_from(warehouse_b, zoe, self.lot, 1)
