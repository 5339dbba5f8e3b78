# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common_purchase import SupplierHistoryCommon

# Queries to read the scorecard (its list and its pivot by supplier),
# whatever the number of suppliers; 3 of them turn PostgreSQL's JIT off
# before each read of the view (report/clinic_supplier_report_mixin.py).
SCORECARD_QUERIES = 14

FIGURES = (
    "order_count",
    "spend",
    "receipt_count",
    "on_time_rate",
    "fill_rate",
    "lead_time_actual",
    "lead_time_promised",
    "qty_received",
    "qty_claimed",
    "quality_rate",
)


@tagged("post_install", "-at_install")
class TestSupplierScorecard(SupplierHistoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scorecard = cls.env["clinic.supplier.scorecard"].with_user(cls.user_manager)

    def test_scorecard_figures_per_supplier_and_month(self):
        self._january()
        rows = self.Scorecard.search(
            [("partner_id", "in", (self.supplier | self.medline).ids)]
        )
        self.assertEqual(len(rows), 2)
        allergan = rows.filtered(lambda r: r.partner_id == self.supplier)
        medline = rows.filtered(lambda r: r.partner_id == self.medline)
        self.assertEqual(allergan.date, date(2026, 1, 1))
        self.assertEqual(allergan.company_id, self.company)
        self.assertEqual(allergan.currency_id, self.company.currency_id)
        expected = {
            # 2 orders: 10 x 2.0 + 4 x 50.0; one receipt of two by its date;
            # all 14 units came; lead times 4 and 9 days for 5 and 6
            # promised; 2 of 14 units claimed.
            allergan: (2, 220.0, 2, 50.0, 100.0, 6.5, 5.5, 14.0, 2.0, 100 * 2 / 14),
            # 1 order of 20 x 1.0, received 15 on its day at 17:00, 7 days
            # and 9 hours after its confirmation for 7 promised.
            medline: (1, 20.0, 1, 100.0, 75.0, 7.375, 7.0, 15.0, 0.0, 0.0),
        }
        for row, values in expected.items():
            for fname, value in zip(FIGURES, values, strict=True):
                with self.subTest(supplier=row.partner_id.name, figure=fname):
                    self.assertAlmostEqual(row[fname], value, places=3)

    def test_pivot_rates_are_ratios_of_the_group_totals(self):
        self._january()
        [total] = self.Scorecard.read_group(
            [("partner_id", "in", (self.supplier | self.medline).ids)],
            list(FIGURES),
            [],
        )
        expected = {
            "order_count": 3,
            "spend": 240.0,
            "receipt_count": 3,
            # 2 of 3 receipts on time, not the average 75 of 50 and 100.
            "on_time_rate": 100 * 2 / 3,
            "fill_rate": 100 * 29 / 34,
            "lead_time_actual": (4 + 9 + 7.375) / 3,
            "lead_time_promised": (5 + 6 + 7) / 3,
            "qty_received": 29.0,
            "qty_claimed": 2.0,
            "quality_rate": 100 * 2 / 29,
        }
        for fname, value in expected.items():
            with self.subTest(figure=fname):
                self.assertAlmostEqual(total[fname], value, places=3)
        [row] = self.Scorecard.read_group(
            [("partner_id", "=", self.supplier.id)], ["on_time_rate"], ["date:month"]
        )
        self.assertAlmostEqual(row["on_time_rate"], 50.0)

    def test_returns_to_the_supplier_count_against_its_quality(self):
        order = self._order([(self.mask, 10, 2.0)], supplier=self.medline)
        picking = self._validate_receipt(order, {self.mask: 10})
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 3
        returned = wizard._create_return()
        returned.move_ids.write({"quantity": 3, "picked": True})
        returned.button_validate()
        [row] = self.Scorecard.search([("partner_id", "=", self.medline.id)])
        self.assertEqual(row.qty_received, 10.0)
        self.assertEqual(row.qty_claimed, 3.0)
        self.assertAlmostEqual(row.quality_rate, 30.0)

    def _receive_lots(self, order, lots):
        """The order's receipt, one move line per lot: {lot name: qty}."""
        picking = order.picking_ids
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_name": name,
                    "quantity": quantity,
                    "expiration_date": self.expiry,
                }
                for name, quantity in lots.items()
            ]
        )
        move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return move.move_line_ids.lot_id

    def test_lots_recalled_count_against_the_supplier_quality(self):
        """Medline delivers 3 lots of filler (2 + 2 + 1 units) and Allergan
        1; the clinic recalls one of Medline's lots in progress and cancels
        a recall of another: Medline 1 lot recalled of 3, 33.3 %; Allergan
        none of 1. The units' quality is untouched (nothing claimed)."""
        medline_lots = self._receive_lots(
            self._order([(self.filler, 5, 90.0)], supplier=self.medline),
            {"MED-A": 2, "MED-B": 2, "MED-C": 1},
        )
        self._receive_lots(self._order([(self.filler, 2, 95.0)]), {"ALL-A": 2})
        self.assertEqual(medline_lots.clinic_supplier_id, self.medline)
        recalled, cancelled = self.env["clinic.lot.recall"].create(
            [
                {"lot_id": lot.id, "reason": "Sterility not guaranteed"}
                for lot in medline_lots.sorted("name")[:2]
            ]
        )
        recalled.action_confirm()
        cancelled.action_cancel()
        rows = self.Scorecard.search(
            [("partner_id", "in", (self.supplier | self.medline).ids)]
        )
        self.assertRecordValues(
            rows.sorted(lambda row: row.partner_id.name),
            [
                {
                    "partner_id": self.supplier.id,
                    "lots_received": 1,
                    "lots_recalled": 0,
                    "lot_recall_rate": 0.0,
                    "quality_rate": 0.0,
                },
                {
                    "partner_id": self.medline.id,
                    "lots_received": 3,
                    "lots_recalled": 1,
                    "lot_recall_rate": 100 / 3,
                    "quality_rate": 0.0,
                },
            ],
        )
        [total] = self.Scorecard.read_group(
            [("id", "in", rows.ids)],
            ["lots_received", "lots_recalled", "lot_recall_rate"],
            [],
        )
        self.assertEqual((total["lots_received"], total["lots_recalled"]), (4, 1))
        self.assertAlmostEqual(total["lot_recall_rate"], 25.0)
        # The comparison of the filler's suppliers says the same.
        comparison = (
            self.env["clinic.supplier.comparison"]
            .with_user(self.user_manager)
            .search([("product_id", "=", self.filler.id)])
        )
        self.assertRecordValues(
            comparison.sorted(lambda row: row.partner_id.name),
            [
                {
                    "partner_id": self.supplier.id,
                    "lots_received": 1,
                    "lots_recalled": 0,
                    "lot_recall_rate": 0.0,
                },
                {
                    "partner_id": self.medline.id,
                    "lots_received": 3,
                    "lots_recalled": 1,
                    "lot_recall_rate": 100 / 3,
                },
            ],
        )

    def _suppliers_with_orders(self, count):
        suppliers = self.env["res.partner"].create(
            [{"name": f"Perf supplier {count}-{i}"} for i in range(count)]
        )
        orders = self.env["purchase.order"].create(
            [
                {
                    "partner_id": supplier.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.mask.id,
                                "product_qty": 2,
                                "price_unit": 1.0,
                            }
                        )
                    ],
                }
                for supplier in suppliers
            ]
        )
        orders.button_confirm()
        moves = orders.picking_ids.move_ids
        moves.write({"quantity": 2, "picked": True})
        orders.picking_ids.button_validate()
        claim = self.env["clinic.stock.claim"].create(
            {
                "partner_id": suppliers[0].id,
                "line_ids": [
                    Command.create({"product_id": self.mask.id, "quantity": 1})
                ],
            }
        )
        claim.action_submit()
        return suppliers

    def _scorecard_queries(self, count):
        suppliers = self._suppliers_with_orders(count)
        domain = [("partner_id", "in", suppliers.ids)]
        spec = {fname: {} for fname in ("date", *FIGURES)}
        spec["partner_id"] = {"fields": {"display_name": {}}}
        spec["currency_id"] = {"fields": {}}
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(SCORECARD_QUERIES):
            rows = self.Scorecard.web_search_read(domain, spec, limit=500)
            groups = self.Scorecard.read_group(domain, list(FIGURES), ["partner_id"])
        self.assertEqual(rows["length"], count)
        self.assertEqual(len(groups), count)
        self.assertEqual(sum(group["receipt_count"] for group in groups), count)

    def test_scorecard_queries_2_suppliers(self):
        self._scorecard_queries(2)

    def test_scorecard_queries_20_suppliers(self):
        self._scorecard_queries(20)

    def test_price_variance_against_the_contract_or_the_last_price(self):
        self._january()  # Allergan: masks at 2.00, serums at 50.00
        february = (datetime(2026, 2, 3, 8), datetime(2026, 2, 9, 8))
        # Masks at 2.50 against January's 2.00: 10 x 0.50 over.
        self._dated(self._order([(self.mask, 10, 2.5)]), *february)
        # A contract for serums at 45.00 valid in February: 2 at 47.00 is
        # 2 x 2.00 over the contract, not 2 x -3.00 under the last price.
        contract = self.env["purchase.requisition"].create(
            {
                "requisition_type": "blanket_order",
                "vendor_id": self.supplier.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 2, 28),
                "line_ids": [
                    Command.create(
                        {"product_id": self.serum.id, "product_qty": 10,
                         "price_unit": 45.0}
                    )
                ],
            }
        )  # fmt: skip
        contract.action_confirm()
        self._dated(self._order([(self.serum, 2, 47.0)]), *february)
        january, february_row = self.Scorecard.search(
            [("partner_id", "=", self.supplier.id)], order="date"
        )
        self.assertEqual(january.price_variance, 0.0, "first orders: no reference")
        self.assertAlmostEqual(february_row.price_variance, 5.0 + 4.0)
        self.assertAlmostEqual(february_row.reference_amount, 20.0 + 90.0)
        self.assertAlmostEqual(february_row.price_variance_rate, 100 * 9 / 110)
