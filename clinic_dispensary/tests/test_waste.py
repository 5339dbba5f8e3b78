# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestWaste(BatchSafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Waste = cls.env["clinic.waste.report"]
        cls.reason_loss = cls.env.ref("clinic_dispensary.stock_reason_loss")

    def _scrap(self, lot, quantity, reason):
        form = Form(self.env["stock.scrap"])
        form.product_id = lot.product_id
        form.lot_id = lot
        form.scrap_qty = quantity
        form.scrap_reason_tag_ids.add(reason)
        scrap = form.save()
        scrap.action_validate()
        return scrap

    def test_damage_scrap_is_waste_valued_at_cost_with_its_reason(self):
        lot = self._lot(self.vial, "VIAL-BROKEN", 60, 5)
        scrap = self._scrap(lot, 2, self.reason_damage)
        waste = self.Waste.search([("scrap_id", "=", scrap.id)])
        self.assertRecordValues(
            waste,
            [
                {
                    "product_id": self.vial.id,
                    "lot_id": lot.id,
                    "reason_tag_id": self.reason_damage.id,
                    "source": "scrap",
                    "quantity": 2.0,
                    "value": 180.0,
                    "location_id": self.stock.id,
                }
            ],
        )

    def test_expired_write_off_is_waste_with_reason_expired(self):
        lot = self._lot(self.cream, "CREAM-OLD", -3, 4)
        self.env["stock.lot"]._clinic_cron_expiry_sweep()
        waste = self.Waste.search([("lot_id", "=", lot.id)])
        # The move into Quarantine is internal: only the write-off counts.
        self.assertRecordValues(
            waste,
            [
                {
                    "reason_tag_id": self.reason_expired.id,
                    "quantity": 4.0,
                    "value": 48.0,
                    "location_id": self.quarantine.id,
                }
            ],
        )

    def test_reason_coded_count_loss_is_waste(self):
        lot = self._lot(self.vial, "VIAL-COUNTED", 60, 5)
        quant = self.env["stock.quant"].search([("lot_id", "=", lot.id)])
        quant.with_context(inventory_mode=True).write(
            {"inventory_quantity": 4, "clinic_reason_tag_id": self.reason_loss.id}
        )
        quant.action_apply_inventory()
        waste = self.Waste.search([("lot_id", "=", lot.id)])
        self.assertRecordValues(
            waste,
            [
                {
                    "source": "adjustment",
                    "reason_tag_id": self.reason_loss.id,
                    "quantity": 1.0,
                    "value": 90.0,
                }
            ],
        )

    def test_sales_and_counts_without_reason_are_not_waste(self):
        lot = self._lot(self.vial, "VIAL-SOLD", 60, 5)
        self._deliver(self.client_emma, lot, 2)
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", self.stock.id)]
        )
        quant.with_context(inventory_mode=True).write({"inventory_quantity": 1})
        quant.action_apply_inventory()
        self.assertFalse(self.Waste.search([("lot_id", "=", lot.id)]))

    def test_waste_by_item_reason_and_month(self):
        vial_lot = self._lot(self.vial, "VIAL-W", 60, 10)
        cream_lot = self._lot(self.cream, "CREAM-W", 60, 10)
        self._scrap(vial_lot, 1, self.reason_damage)
        self._scrap(vial_lot, 2, self.reason_damage)
        self._scrap(vial_lot, 1, self.reason_loss)
        self._scrap(cream_lot, 3, self.reason_damage)
        groups = self.Waste._read_group(
            [("product_id", "in", (self.vial | self.cream).ids)],
            ["product_id", "reason_tag_id", "date:month"],
            ["value:sum", "quantity:sum"],
        )
        self.assertEqual(
            {
                (product, reason): (value, qty)
                for product, reason, _m, value, qty in groups
            },
            {
                (self.vial, self.reason_damage): (270.0, 3.0),
                (self.vial, self.reason_loss): (90.0, 1.0),
                (self.cream, self.reason_damage): (36.0, 3.0),
            },
        )

    def test_waste_costs_are_for_managers_only(self):
        self._scrap(self._lot(self.vial, "VIAL-X", 60, 2), 1, self.reason_damage)
        self.assertTrue(
            sum(self.Waste.with_user(self.user_manager).search([]).mapped("value"))
        )
        with self.assertRaises(AccessError):
            self.Waste.with_user(self.user_reception).search([])
