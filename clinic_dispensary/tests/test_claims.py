# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestClaims(BatchSafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot(cls.vial, "VIAL-CRACKED", 90, 6)
        cls.lot.clinic_supplier_id = cls.supplier

    def _damage(self, quantity, **values):
        form = Form(self.env["clinic.stock.damage"])
        form.product_id = self.vial
        form.lot_id = self.lot
        form.quantity = quantity
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_confirm()

    def _claim(self, quantity=2, **values):
        return self.env["clinic.stock.claim"].create(
            {
                "partner_id": self.supplier.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.vial.id,
                            "lot_id": self.lot.id,
                            "quantity": quantity,
                        }
                    )
                ],
                **values,
            }
        )

    def test_damaged_units_leave_sellable_stock_with_their_reason(self):
        self._damage(2, note="Dropped")
        self.assertEqual(self._qty(self.vial, self.stock, self.lot), 4)
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 2)
        move = self.env["stock.move"].search(
            [("location_dest_id", "=", self.quarantine.id)]
        )
        self.assertEqual(move.clinic_reason_tag_id, self.reason_damage)
        self.assertIn("Dropped", move.origin)
        with self.assertRaisesRegex(UserError, "Only 4"):
            self._damage(5)
        # Clinic > Stock > Quarantine lists them.
        action = (
            self.env.ref("clinic_dispensary.action_clinic_quarantine")
            .with_user(self.user_manager)
            .run()
        )
        quants = self.env["stock.quant"].search(action["domain"])
        self.assertEqual(quants.filtered(lambda q: q.lot_id == self.lot).quantity, 2)

    def test_damage_opens_a_claim_for_the_units(self):
        action = self._damage(1, claim_kind="warranty")
        claim = self.env["clinic.stock.claim"].browse(action["res_id"])
        self.assertRecordValues(
            claim,
            [{"kind": "warranty", "state": "draft", "partner_id": self.supplier.id}],
        )
        self.assertRecordValues(
            claim.line_ids,
            [
                {
                    "lot_id": self.lot.id,
                    "quantity": 1.0,
                    "location_id": self.quarantine.id,
                    "price_unit": 90.0,
                }
            ],
        )
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(claim.amount_claimed, 90.0)

    def test_claim_goes_through_its_states(self):
        claim = self._claim()
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        claim.action_refuse()
        self.assertEqual(claim.state, "refused")
        claim.action_draft()
        claim.action_submit()
        claim.action_accept()
        self.assertEqual(claim.state, "accepted")
        with self.assertRaises(UserError):
            claim.action_submit()
        empty = self.env["clinic.stock.claim"].create({"partner_id": self.supplier.id})
        with self.assertRaisesRegex(UserError, "Add the units"):
            empty.action_submit()

    def test_posting_the_vendor_credit_note_credits_the_claim(self):
        claim = self._claim(quantity=2, kind="supplier_return")
        claim.action_submit()
        claim.action_accept()
        claim.action_create_credit_note()
        refund = claim.vendor_credit_note_id
        self.assertRecordValues(
            refund,
            [
                {
                    "move_type": "in_refund",
                    "partner_id": self.supplier.id,
                    "state": "draft",
                    "invoice_origin": claim.name,
                }
            ],
        )
        self.assertRecordValues(
            refund.invoice_line_ids,
            [{"product_id": self.vial.id, "quantity": 2.0, "price_unit": 90.0}],
        )
        self.assertEqual(claim.state, "accepted")
        refund.invoice_date = self.today
        refund.action_post()
        self.assertEqual(claim.state, "credited")

    def test_linking_a_posted_credit_note_credits_the_claim(self):
        claim = self._claim()
        claim.action_submit()
        refund = self.env["account.move"].create(
            {
                "move_type": "in_refund",
                "partner_id": self.supplier.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create({"name": "Goodwill", "price_unit": 50.0})
                ],
            }
        )
        refund.action_post()
        claim.vendor_credit_note_id = refund
        self.assertEqual(claim.state, "credited")

    def test_claim_follows_its_credit_note_back(self):
        claim = self._claim(quantity=2)
        claim.action_submit()
        claim.action_create_credit_note()
        refund = claim.vendor_credit_note_id
        refund.invoice_date = self.today
        refund.action_post()
        self.assertEqual(claim.state, "credited")
        # Reset to draft: no longer settled, the supplier having agreed.
        refund.button_draft()
        self.assertEqual(claim.state, "accepted")
        refund.action_post()
        self.assertEqual(claim.state, "credited")
        # Cancelled straight from posted.
        refund.button_cancel()
        self.assertEqual(refund.state, "cancel")
        self.assertEqual(claim.state, "accepted")
        # A cancelled note does not stand in the way of the right one, a
        # draft one does.
        claim.action_create_credit_note()
        replacement = claim.vendor_credit_note_id
        self.assertNotEqual(replacement, refund)
        self.assertEqual(replacement.state, "draft")
        with self.assertRaisesRegex(UserError, "already has a credit note"):
            claim.action_create_credit_note()
        replacement.unlink()
        claim.vendor_credit_note_id = refund
        # Taken off the claim once posted.
        refund.button_draft()
        refund.action_post()
        self.assertEqual(claim.state, "credited")
        claim.vendor_credit_note_id = False
        self.assertEqual(claim.state, "accepted")

    def test_one_return_ships_from_one_warehouse(self):
        warehouse2 = self.env["stock.warehouse"].create(
            {"name": "Second Clinic", "code": "CL2", "company_id": self.company.id}
        )
        quarantine2 = warehouse2.clinic_quarantine_location_id
        self.env["stock.quant"]._update_available_quantity(
            self.vial, quarantine2, 1, lot_id=self.lot
        )
        self._damage(2)
        claim = self._claim(quantity=2)
        claim.line_ids = [
            Command.create(
                {
                    "product_id": self.vial.id,
                    "lot_id": self.lot.id,
                    "location_id": quarantine2.id,
                    "quantity": 1,
                }
            )
        ]
        with self.assertRaisesRegex(UserError, "several warehouses"):
            claim.action_prepare_return()
        self.assertFalse(claim.picking_id)
        # A claim per warehouse, both prepared at once.
        claim.line_ids.filtered(lambda line: line.location_id == quarantine2).unlink()
        claim2 = self._claim(quantity=1)
        claim2.line_ids.location_id = quarantine2
        (claim | claim2).action_prepare_return()
        for record, warehouse, quarantine in (
            (claim, self.warehouse, self.quarantine),
            (claim2, warehouse2, quarantine2),
        ):
            picking = record.picking_id
            self.assertEqual(picking.state, "assigned")
            self.assertEqual(picking.origin, record.name)
            self.assertEqual(picking.location_id, quarantine)
            self.assertEqual(picking.picking_type_id.warehouse_id, warehouse)
            self.assertEqual(picking.move_line_ids.location_id, quarantine)
            self.assertEqual(picking.move_line_ids.lot_id, self.lot)

    def test_supplier_return_ships_the_claimed_units_from_quarantine(self):
        self._damage(2)
        claim = self._claim(quantity=2)
        claim.action_prepare_return()
        picking = claim.picking_id
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        self.assertEqual(picking.move_line_ids.location_id, self.quarantine)
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 0)
        self.assertEqual(self._qty(self.vial, self.stock, self.lot), 4)

    def test_reception_follows_claims_without_their_cost(self):
        claim = self._claim().with_user(self.user_reception)
        self.assertEqual(claim.state, "draft")
        with self.assertRaises(AccessError):
            claim.read(["amount_claimed"])
        with self.assertRaises(AccessError):
            claim.action_submit()

    def test_claims_are_found_by_credit_note_and_lot_through_indexes(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes"
            " WHERE tablename IN ('clinic_stock_claim', 'clinic_stock_claim_line')"
        )
        indexes = {name for (name,) in self.env.cr.fetchall()}
        self.assertIn("clinic_stock_claim__vendor_credit_note_id_index", indexes)
        self.assertIn("clinic_stock_claim_line__lot_id_index", indexes)
