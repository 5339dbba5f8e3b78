# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .common_batch import BatchSafetyCommon

# Queries of the daily sweep's own code, whatever the number of lots. The ORM
# writes rows 100 at a time: 500 lots take 4 more statements per table the
# step inserts into or updates in bulk (INSERT_BATCH_SIZE, UPDATE_BATCH_SIZE).
# The alert is product_expiry's, run by the stock scheduler: the clinic's
# batch, then product_expiry's own search for what is left.
ALERT_QUERIES = 21
ALERT_BULK_TABLES = 1
SWEEP_OWN_QUERIES = 18
SWEEP_BULK_TABLES = 2
# The whole sweep, Odoo's stock move and scrap validation included: the
# moves into Quarantine are created and validated together, and so are the
# scraps (stock_scrap.py). Odoo's update of each quant (a row lock, or the
# insert of a new quant, per lot for the move into Quarantine and again for
# the scrap: 4 queries per lot) is made ready for all the lines at once: one
# lock and one insert of the empty quants for all (stock_quant.py). The whole
# sweep takes the same queries for 10 lots as for 30, and 500 lots add only
# the ORM's batches of 100 rows (about 17 statements per 100 lots). (69
# measured; the count varies by a few with the clock: rows of a step written
# across a second boundary are flushed in two UPDATEs.)
SWEEP_QUERIES = 74
SWEEP_QUERIES_PER_100_LOTS = 17


@tagged("post_install", "-at_install")
class TestExpirySweepPerformance(BatchSafetyCommon):
    """The sweep's own queries do not grow with the number of lots. Odoo's
    creation and validation of the stock moves and of the scraps, all at
    once, grows only by its update of each quant: measured apart."""

    def _lots(self, prefix, count, days):
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"{prefix}-{index}",
                    "product_id": self.vial.id,
                    "expiration_date": self.now + timedelta(days=days),
                }
                for index in range(count)
            ]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                self.vial, self.stock, 2, lot_id=lot
            )
        self.env.flush_all()
        self.env.invalidate_all()
        return lots

    def _sweep(self, count):
        """Sweep ``count`` expired lots: (all queries, queries spent by
        Odoo creating and validating the stock moves and the scraps)."""
        self._lots(f"SWEEP{count}", count, -1)
        Move = type(self.env["stock.move"])
        Scrap = type(self.env["stock.scrap"])
        in_odoo = [0]
        depth = [0]

        def counting(method):
            def wrapper(records, *args, **kwargs):
                if depth[0]:
                    # Called by one already counted (do_scrap creates and
                    # validates its move).
                    return method(records, *args, **kwargs)
                depth[0] += 1
                try:
                    records.env.flush_all()
                    before = self.cr.sql_log_count
                    result = method(records, *args, **kwargs)
                    records.env.flush_all()
                    in_odoo[0] += self.cr.sql_log_count - before
                finally:
                    depth[0] -= 1
                return result

            return wrapper

        with (
            patch.object(Move, "create", counting(Move.create)),
            patch.object(
                Move,
                "_clinic_create_done_taking_quants",
                counting(Move._clinic_create_done_taking_quants),
            ),
            patch.object(Move, "_action_done", counting(Move._action_done)),
            patch.object(Scrap, "do_scrap", counting(Scrap.do_scrap)),
        ):
            total = self._count(self.env["stock.lot"]._clinic_quarantine_expired)
        return total, in_odoo[0]

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _item_alerts(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", self.vial.product_tmpl_id.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "clinic_dispensary.mail_activity_type_lots_expiring"
                    ).id,
                ),
            ]
        )

    def test_expiry_alerts_in_constant_queries_10_vs_500_lots(self):
        # product_expiry's alert, as the stock scheduler runs it.
        self._lots("WARMUP", 1, 20)
        self.env["stock.lot"]._alert_date_exceeded()
        alerts = self._item_alerts()
        lots = self._lots("ALERT10", 10, 20)
        with self.assertQueryCount(ALERT_QUERIES):
            self.env["stock.lot"]._alert_date_exceeded()
        # One activity for the item, listing its 10 lots; none per lot.
        new = self._item_alerts() - alerts
        self.assertEqual(len(new), 1)
        self.assertEqual(str(new.note).count("<li>"), 10)
        self.assertFalse(lots.activity_ids)
        alerts |= new
        lots = self._lots("ALERT500", 500, 20)
        with self.assertQueryCount(ALERT_QUERIES + 4 * ALERT_BULK_TABLES):
            self.env["stock.lot"]._alert_date_exceeded()
        new = self._item_alerts() - alerts
        self.assertEqual(str(new.note).count("<li>"), 500)
        self.assertFalse(lots.activity_ids)
        self.assertTrue(all(lots.mapped("product_expiry_reminded")))

    def test_expiry_sweep_own_queries_constant_10_vs_500_lots(self):
        self._sweep(1)
        total_10, stock_moves_10 = self._sweep(10)
        total_500, stock_moves_500 = self._sweep(500)
        self.assertEqual(total_10 - stock_moves_10, SWEEP_OWN_QUERIES)
        self.assertEqual(
            total_500 - stock_moves_500, SWEEP_OWN_QUERIES + 4 * SWEEP_BULK_TABLES
        )
        self.assertEqual(self._qty(self.vial, self.stock), 0)
        self.assertEqual(
            self.env["stock.scrap"].search_count([("lot_id.name", "=like", "SWEEP%")]),
            511,
        )
        Lot = self.env["stock.lot"]
        # No query per lot: as many for 30 lots as for 10.
        self._lots("AGAIN10", 10, -1)
        with self.assertQueryCount(SWEEP_QUERIES):
            Lot._clinic_quarantine_expired()
        self._lots("AGAIN30", 30, -1)
        with self.assertQueryCount(SWEEP_QUERIES):
            Lot._clinic_quarantine_expired()
        self.assertLessEqual(total_500 - total_10, 5 * SWEEP_QUERIES_PER_100_LOTS)
