# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestExpirySweepValuation(BatchSafetyCommon):
    """The sweep takes the expired quants without reserving them first and
    values its write-offs from FIFO candidates searched once for the batch:
    stock_account's layers end as Odoo's scrap, lot by lot, leaves them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fifo = cls.env["product.category"].create(
            {
                "name": "Clinic FIFO",
                "property_cost_method": "fifo",
                "removal_strategy_id": cls.env.ref("product_expiry.removal_fefo").id,
            }
        )
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        Product = cls.env["product.product"]
        common = {
            "is_storable": True,
            "tracking": "lot",
            "use_expiration_date": True,
            "categ_id": cls.fifo.id,
        }
        cls.filler = Product.create({**common, "name": "Filler syringe"})
        cls.serum = Product.create(
            {**common, "name": "Serum ampoule", "lot_valuated": True}
        )

    def _receive(self, product, name, days, quantity, unit_cost):
        """A lot expiring in ``days`` days, received at ``unit_cost``."""
        lot = self._lot(product, name, days)
        move = self.env["stock.move"].create(
            {
                "name": name,
                "product_id": product.id,
                "product_uom_qty": quantity,
                "product_uom": product.uom_id.id,
                "price_unit": unit_cost,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock.id,
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "lot_id": lot.id,
                            "quantity": quantity,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                ],
            }
        )
        move._action_confirm()
        move.picked = True
        move._action_done()
        return lot

    def _layers(self, product):
        return self.env["stock.valuation.layer"].search(
            [("product_id", "=", product.id)], order="id"
        )

    def test_write_offs_take_fifo_layers_in_order_across_the_batch(self):
        # Lots A and C expired; B is fine. The two write-offs are valued in
        # the same batch: C's takes what A's left of the oldest layers.
        received = [
            self._receive(self.filler, "FILLER-A", -3, 3, 10.0),
            self._receive(self.filler, "FILLER-B", 60, 2, 20.0),
            self._receive(self.filler, "FILLER-C", -1, 4, 30.0),
        ]
        self.env["stock.lot"]._clinic_quarantine_expired()
        scraps = self.env["stock.scrap"].search(
            [("product_id", "=", self.filler.id)], order="id"
        )
        self.assertEqual(scraps.lot_id.mapped("name"), ["FILLER-A", "FILLER-C"])
        self.assertEqual(
            scraps.move_ids.stock_valuation_layer_ids.mapped("value"),
            [-30.0, -100.0],
        )
        self.assertEqual(
            self._layers(self.filler)
            .filtered(lambda layer: layer.quantity > 0)
            .mapped("remaining_qty"),
            [0.0, 0.0, 2.0],
        )
        # What stays valued is what stays in stock: lot B's 2 units.
        self.assertEqual(self.filler.quantity_svl, 2.0)
        self.assertEqual(self.filler.value_svl, 60.0)
        self.assertEqual(self._qty(self.filler, self.stock), 2.0)
        self.assertEqual(self._qty(self.filler, self.stock, received[1]), 2.0)

    def test_lot_valuated_write_offs_take_each_lots_own_layers(self):
        self._receive(self.serum, "SERUM-A", -3, 3, 10.0)
        lot_b = self._receive(self.serum, "SERUM-B", 60, 2, 20.0)
        self._receive(self.serum, "SERUM-C", -1, 4, 30.0)
        # A FIFO item in the same batch, its candidates cached alongside.
        self._receive(self.filler, "FILLER-D", -1, 1, 7.0)
        self.env["stock.lot"]._clinic_quarantine_expired()
        scraps = self.env["stock.scrap"].search(
            [("product_id", "in", (self.serum | self.filler).ids)], order="id"
        )
        self.assertEqual(
            [
                (scrap.lot_id.name, scrap.move_ids.stock_valuation_layer_ids.value)
                for scrap in scraps
            ],
            [("SERUM-A", -30.0), ("SERUM-C", -120.0), ("FILLER-D", -7.0)],
        )
        self.assertEqual(self.serum.quantity_svl, 2.0)
        self.assertEqual(self.serum.value_svl, 40.0)
        remaining = self._layers(self.serum).filtered("remaining_qty")
        self.assertEqual(remaining.lot_id, lot_b)
        self.assertEqual(remaining.remaining_qty, 2.0)
        self.assertEqual(self.filler.value_svl, 0.0)

    def test_sweep_frees_units_another_move_reserved(self):
        # A delivery reserved the lot before it expired: the sweep takes the
        # units all the same and the delivery waits for other stock, as
        # Odoo's validation of a forced quantity leaves it.
        lot = self._receive(self.filler, "FILLER-R", 5, 3, 10.0)
        delivery = self.env["stock.move"].create(
            {
                "name": "Delivery",
                "product_id": self.filler.id,
                "product_uom_qty": 2,
                "product_uom": self.filler.uom_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
            }
        )
        delivery._action_confirm()
        delivery._action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        self.assertEqual(delivery.quantity, 2.0)
        lot.expiration_date = self.now.replace(year=self.now.year - 1)
        self.env["stock.lot"]._clinic_quarantine_expired()
        self.env.invalidate_all()
        self.assertEqual(self._qty(self.filler, self.stock), 0.0)
        self.assertEqual(self._qty(self.filler, self.quarantine), 0.0)
        scrap = self.env["stock.scrap"].search([("lot_id", "=", lot.id)])
        self.assertEqual(scrap.scrap_qty, 3.0)
        self.assertEqual(scrap.move_ids.stock_valuation_layer_ids.value, -30.0)
        self.assertEqual(
            (delivery.state, delivery.quantity, delivery.move_line_ids.lot_id),
            ("confirmed", 0.0, lot.browse()),
        )
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", self.stock.id)]
        )
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 0.0)
