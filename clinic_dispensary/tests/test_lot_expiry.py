# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestLotExpiry(BatchSafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alert_type = cls.env.ref(
            "product_expiry.mail_activity_type_alert_date_reached"
        )
        cls.item_alert_type = cls.env.ref(
            "clinic_dispensary.mail_activity_type_lots_expiring"
        )
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf 1", "location_id": cls.stock.id, "usage": "internal"}
        )

    def _alerts(self, lots):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "stock.lot"),
                ("res_id", "in", lots.ids),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )

    def test_lot_remembers_the_supplier_it_was_received_from(self):
        form = Form(self.env["clinic.stock.receive"])
        form.partner_id = self.supplier
        with form.line_ids.new() as line:
            line.product_id = self.vial
            line.quantity = 4
            line.lot_name = "RECEIVED-1"
        form.save().action_confirm()
        lot = self.env["stock.lot"].search([("name", "=", "RECEIVED-1")])
        self.assertEqual(lot.clinic_supplier_id, self.supplier)

    def _run_stock_scheduler(self):
        """Odoo's "Procurement: run scheduler" scheduled action, as the cron
        runs it (its own cursor, here on the test's transaction)."""
        if self.registry.test_cr is None:
            self.registry.enter_test_mode(self.cr)
            self.addCleanup(self.registry.leave_test_mode)
        # Its cursor reads the database: what this test wrote must be there.
        self.env.flush_all()
        self.env.ref("stock.ir_cron_scheduler_action").method_direct_trigger()
        self.env.invalidate_all()

    def _run_expiry_sweep(self):
        self.env.ref("clinic_dispensary.ir_cron_expiry_sweep").method_direct_trigger()
        self.env.invalidate_all()

    def _item_alerts(self, product):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", product.product_tmpl_id.id),
                ("activity_type_id", "=", self.item_alert_type.id),
            ]
        )

    def test_alert_before_expiry_follows_each_item_alert_delay(self):
        # Both expire in 20 days: the vial alerts 30 days ahead, the cream 5.
        vial_lot = self._lot(self.vial, "VIAL-20D", 20, 3)
        cream_lot = self._lot(self.cream, "CREAM-20D", 20, 3)
        cream_soon = self._lot(self.cream, "CREAM-3D", 3, 3)
        vial_empty = self._lot(self.vial, "VIAL-EMPTY", 20)
        self._run_stock_scheduler()
        activity = self._item_alerts(self.vial)
        self.assertEqual(len(activity), 1)
        self.assertIn("VIAL-20D", str(activity.note))
        self.assertNotIn("VIAL-EMPTY", str(activity.note))
        self.assertEqual(activity.date_deadline, vial_lot.expiration_date.date())
        cream_activity = self._item_alerts(self.cream)
        self.assertEqual(len(cream_activity), 1)
        self.assertIn("CREAM-3D", str(cream_activity.note))
        self.assertNotIn("CREAM-20D", str(cream_activity.note))
        # One activity per item, none per lot (product_expiry's).
        self.assertFalse(self._alerts(vial_lot | cream_soon | cream_lot | vial_empty))
        self.assertTrue(vial_lot.product_expiry_reminded)
        self.assertFalse(cream_lot.product_expiry_reminded)
        # Alerted once: neither the next run nor the sweep alert again.
        self._run_stock_scheduler()
        self._run_expiry_sweep()
        self.assertEqual(self._item_alerts(self.vial), activity)
        self.assertFalse(self._alerts(vial_lot))
        # Nothing expired yet: nothing moved.
        self.assertEqual(self._qty(self.vial, self.stock, vial_lot), 3)

    def test_expiry_alert_is_product_expirys_not_a_second_scheduler(self):
        lot = self._lot(self.vial, "VIAL-ALERT", 20, 3)
        # The clinic's daily sweep quarantines; it does not alert.
        self._run_expiry_sweep()
        self.assertFalse(self._alerts(lot))
        self.assertFalse(lot.product_expiry_reminded)
        # product_expiry's alert, run by the stock scheduler, says what
        # expires when.
        self._run_stock_scheduler()
        activity = self._item_alerts(self.vial)
        self.assertEqual(len(activity), 1)
        self.assertIn("3 Units of lot VIAL-ALERT expire on", str(activity.note))
        self.assertEqual(activity.date_deadline, lot.expiration_date.date())

    def test_alert_lists_an_items_lots_in_one_activity(self):
        # Lots of one item reaching their alert date the same day: one
        # activity for the item's responsible, its lots by expiry, due when
        # the first expires; the shelf's units counted with the stock's.
        responsible = self.env["res.users"].create(
            {"name": "Stock keeper", "login": "stock.keeper.expiry"}
        )
        self.vial.responsible_id = responsible
        late = self._lot(self.vial, "VIAL-LATE", 25, 1)
        early = self._lot(self.vial, "VIAL-EARLY", 10, 2)
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.shelf, 3, lot_id=early
        )
        cream = self._lot(self.cream, "CREAM-SOON", 2, 4)
        self._run_stock_scheduler()
        activity = self._item_alerts(self.vial)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, responsible)
        self.assertEqual(activity.date_deadline, early.expiration_date.date())
        self.assertIn("2 lot(s)", activity.summary)
        note = str(activity.note)
        self.assertIn(self.warehouse.name, note)
        self.assertIn("5 Units of lot VIAL-EARLY", note)
        self.assertIn("1 Units of lot VIAL-LATE", note)
        self.assertLess(note.index("VIAL-EARLY"), note.index("VIAL-LATE"))
        self.assertEqual(len(self._item_alerts(self.cream)), 1)
        self.assertTrue(all((late | early | cream).mapped("product_expiry_reminded")))

    def test_lot_only_in_quarantine_keeps_product_expirys_own_alert(self):
        waiting = self._lot(self.vial, "VIAL-WAITING", 20, 2, self.quarantine)
        self._run_stock_scheduler()
        activity = self._alerts(waiting)
        self.assertEqual(len(activity), 1)
        self.assertTrue(waiting.product_expiry_reminded)

    def test_expiry_sweep_moves_exactly_the_expired_quantities(self):
        expired = self._lot(self.vial, "VIAL-EXPIRED", -1, 3)
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.shelf, 2, lot_id=expired
        )
        good = self._lot(self.vial, "VIAL-GOOD", 60, 4)
        waiting = self._lot(self.vial, "VIAL-WAITING", -5, 1, self.quarantine)
        self.env["stock.lot"]._clinic_cron_expiry_sweep()

        moves = self.env["stock.move"].search(
            [("location_dest_id", "=", self.quarantine.id), ("state", "=", "done")]
        )
        self.assertRecordValues(
            moves.sorted("product_uom_qty"),
            [
                {
                    "location_id": self.shelf.id,
                    "product_uom_qty": 2.0,
                    "clinic_reason_tag_id": self.reason_expired.id,
                },
                {
                    "location_id": self.stock.id,
                    "product_uom_qty": 3.0,
                    "clinic_reason_tag_id": self.reason_expired.id,
                },
            ],
        )
        self.assertEqual(moves.move_line_ids.lot_id, expired)
        # Out of sellable stock, written off from Quarantine as expired.
        self.assertEqual(self._qty(self.vial, self.stock, expired), 0)
        self.assertEqual(self._qty(self.vial, self.stock, good), 4)
        scrap = self.env["stock.scrap"].search([("lot_id", "=", expired.id)])
        self.assertRecordValues(
            scrap,
            [
                {
                    "state": "done",
                    "scrap_qty": 5.0,
                    "location_id": self.quarantine.id,
                    "scrap_reason_tag_ids": self.reason_expired.ids,
                }
            ],
        )
        self.assertNotEqual(scrap.name, "New")
        self.assertIn("written off", expired.message_ids[0].body)
        # Units already quarantined wait for their return: untouched.
        self.assertEqual(self._qty(self.vial, self.quarantine, waiting), 1)
        self.assertFalse(self.env["stock.scrap"].search([("lot_id", "=", waiting.id)]))

    def test_expired_units_are_out_of_checkouts_reach(self):
        # Expired first: FEFO would dispense it if it stayed in stock.
        self._lot(self.vial, "VIAL-EXPIRED", -1, 3)
        good = self._lot(self.vial, "VIAL-GOOD", 60, 2)
        botox = self.env["calendar.event.type"].create(
            {
                "name": "Test Botox",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": self.vial.id, "quantity": 3, "billable": True}
                    )
                ],
            }
        )
        self.env["stock.lot"]._clinic_cron_expiry_sweep()
        self.company.clinic_stock_shortage = "refuse"
        with self.assertRaisesRegex(UserError, "3 Units needed, 2 in stock"):
            self._checkout(self._create_event(type=botox))
        botox.clinic_consumable_ids.quantity = 2
        invoice, _action = self._checkout(self._create_event(type=botox))
        line = invoice.invoice_line_ids.filtered(
            lambda inv_line: inv_line.product_id == self.vial
        )
        self.assertEqual(line.clinic_dispensed_lot_ids, good)

    def test_expired_write_off_is_odoos_do_scrap(self):
        # Modules extending Odoo's scrap validation see the write-offs.
        expired = self._lot(self.cream, "CREAM-OLD", -2, 2)
        Scrap = type(self.env["stock.scrap"])
        odoo_do_scrap = Scrap.do_scrap
        validated = []

        def do_scrap(scraps):
            validated.append(scraps)
            return odoo_do_scrap(scraps)

        with patch.object(Scrap, "do_scrap", do_scrap):
            self._run_expiry_sweep()
        scrap = self.env["stock.scrap"].search([("lot_id", "=", expired.id)])
        self.assertEqual(scrap.state, "done")
        self.assertEqual(validated, [scrap])

    def test_expired_lots_are_written_off_together_as_odoo_scraps(self):
        # Several scraps validated together end as Odoo's do_scrap leaves
        # each: named from the scrap sequence, done, one scrap move each.
        vial = self._lot(self.vial, "VIAL-OLD", -1, 3)
        cream = self._lot(self.cream, "CREAM-OLD", -2, 2)
        sequence = self.env["ir.sequence"].search(
            [
                ("code", "=", "stock.scrap"),
                ("company_id", "in", [self.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        first = sequence.number_next_actual
        self._run_expiry_sweep()
        scraps = self.env["stock.scrap"].search([("lot_id", "in", (vial | cream).ids)])
        self.assertRecordValues(
            scraps.sorted("scrap_qty"),
            [
                {"lot_id": cream.id, "scrap_qty": 2.0, "state": "done"},
                {"lot_id": vial.id, "scrap_qty": 3.0, "state": "done"},
            ],
        )
        self.assertTrue(all(scraps.mapped("date_done")))
        self.assertEqual(
            set(scraps.mapped("name")),
            {sequence.get_next_char(first), sequence.get_next_char(first + 1)},
        )
        for scrap in scraps:
            self.assertRecordValues(
                scrap.move_ids,
                [
                    {
                        "state": "done",
                        "scrapped": True,
                        "name": scrap.name,
                        "quantity": scrap.scrap_qty,
                        "location_id": self.quarantine.id,
                        "location_dest_id": scrap.scrap_location_id.id,
                    }
                ],
            )
            self.assertEqual(scrap.move_ids.move_line_ids.lot_id, scrap.lot_id)
            self.assertEqual(
                self._qty(scrap.product_id, scrap.scrap_location_id, scrap.lot_id),
                scrap.scrap_qty,
            )
        self.assertEqual(self._qty(self.vial, self.quarantine), 0)
        self.assertEqual(self._qty(self.cream, self.quarantine), 0)
        # Valued as Odoo values a scrap: out of stock at cost.
        self.assertEqual(
            sorted(scraps.move_ids.stock_valuation_layer_ids.mapped("value")),
            [-270.0, -24.0],
        )

    def test_sweep_adds_to_the_quant_already_in_quarantine(self):
        # Units of the lot already waiting in Quarantine: the sweep's units
        # join their quant (Odoo's update of an existing quant, locked with
        # the others at once), and only the sweep's units are written off.
        lot = self._lot(self.vial, "VIAL-SPLIT", -1, 2)
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.quarantine, 1, lot_id=lot
        )
        self.env["stock.lot"]._clinic_quarantine_expired()
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", self.quarantine.id)]
        )
        self.assertEqual(quants.mapped("quantity"), [1.0])
        scrap = self.env["stock.scrap"].search([("lot_id", "=", lot.id)])
        self.assertEqual(scrap.scrap_qty, 2.0)
        self.assertEqual(self._qty(self.vial, scrap.scrap_location_id, lot), 2.0)
        self.assertEqual(self._qty(self.vial, self.stock, lot), 0.0)

    def test_sweep_logs_on_the_lot_not_on_each_scrap(self):
        # With the chatter on (tests run without it): each lot tells what
        # was written off; the sweep's scraps get no note, follower nor
        # state tracking of their own.
        lot = self._lot(self.vial, "VIAL-QUIET", -1, 2)
        env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=False,
                mail_create_nolog=False,
                mail_create_nosubscribe=False,
                mail_notrack=False,
            )
        )
        env["stock.lot"]._clinic_quarantine_expired()
        env.flush_all()
        # The state tracking is written when the sweep's transaction commits.
        env.cr.precommit.run()
        self.env.invalidate_all()
        scrap = self.env["stock.scrap"].search([("lot_id", "=", lot.id)])
        self.assertEqual(scrap.state, "done")
        self.assertFalse(scrap.message_ids)
        self.assertFalse(scrap.message_follower_ids)
        self.assertIn("written off", lot.message_ids[0].body)
        self.assertIn(scrap.name, lot.message_ids[0].body)

    def test_sweep_works_through_a_backlog_in_batches(self):
        for index in range(3):
            self._lot(self.cream, f"CREAM-OLD-{index}", -2, 1)
        Lot = self.env["stock.lot"]
        self.assertEqual(Lot._clinic_quarantine_expired(limit=2), (2, 1))
        self.assertEqual(Lot._clinic_quarantine_expired(limit=2), (1, 0))
        self.assertEqual(Lot._clinic_quarantine_expired(limit=2), (0, 0))
        self.assertEqual(self._qty(self.cream, self.stock), 0)

    def test_checkout_never_dispenses_an_expired_lot_before_the_sweep(self):
        # Expired yesterday, not swept into Quarantine yet: first-expiry-first
        # would take it.
        expired = self._lot(self.vial, "VIAL-EXPIRED", -1, 3)
        good = self._lot(self.vial, "VIAL-GOOD", 60, 1)
        cream_expired = self._lot(self.cream, "CREAM-EXPIRED", -1, 3)
        cream_good = self._lot(self.cream, "CREAM-GOOD", 60, 1)
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(self.vial, self.stock), 4)
        self.assertEqual(
            Quant.with_context(with_expiration=self.now)._get_available_quantity(
                self.vial, self.stock
            ),
            1,
        )
        treatment = self.env["calendar.event.type"].create(
            {
                "name": "Test Botox and Cream",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": self.vial.id, "quantity": 1, "billable": True}
                    ),
                    Command.create(
                        {"product_id": self.cream.id, "quantity": 1, "billable": False}
                    ),
                ],
            }
        )
        self.company.clinic_stock_shortage = "refuse"
        event = self._create_event(type=treatment)
        invoice, _action = self._checkout(event)
        line = invoice.invoice_line_ids.filtered(
            lambda inv_line: inv_line.product_id == self.vial
        )
        self.assertEqual(line.clinic_dispensed_lot_ids, good)
        self.assertFalse(line.clinic_stock_shortage)
        consumed = event.clinic_consumption_move_ids.filtered(
            lambda move: move.state == "done"
        )
        self.assertEqual(consumed.move_line_ids.lot_id, cream_good)
        self.assertEqual(self._qty(self.vial, self.stock, expired), 3)
        self.assertEqual(self._qty(self.cream, self.stock, cream_expired), 3)
        # Only expired lots left: they are not stock checkout can dispense.
        with self.assertRaisesRegex(
            UserError, r"Botox 50U vial: 1 Units needed, 0 in stock"
        ):
            self._checkout(self._create_event(type=treatment))
        self.assertEqual(self._qty(self.vial, self.stock, expired), 3)
