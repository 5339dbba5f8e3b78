# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import Form, tagged

from .test_reorder_advice import AdviceCommon

ONCHANGE_LOGGER = "odoo.tests.form.onchange"


@tagged("post_install", "-at_install")
class TestStockRisk(AdviceCommon):
    """An appointment booked on a day its consumables run out is flagged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 3 peel pads in stock, 2 per peel: the second peel lacks one.
        cls.pads = cls._item("Peel pads")
        cls.env["stock.quant"]._update_available_quantity(cls.pads, cls.stock, 3)
        cls.type_peel = cls.env["calendar.event.type"].create(
            {
                "name": "Test Peel",
                "clinic_billable": True,
                "clinic_consumable_ids": [
                    Command.create({"product_id": cls.pads.id, "quantity": 2})
                ],
            }
        )

    def _at_risk(self):
        return self.env["calendar.event"].search(
            [
                ("clinic_stock_risk", "=", True),
                ("billing_state", "=", "to_bill"),
                ("start", ">=", self._local_to_utc(self.today, 0)),
            ]
        )

    def test_appointment_on_the_day_consumables_run_out_is_flagged(self):
        first = self._book(self.type_peel, [1])
        self.assertFalse(first.clinic_stock_risk)
        second = self._book(self.type_peel, [2])
        self.assertTrue(second.clinic_stock_risk)
        self.assertFalse(first.clinic_stock_risk)
        self.assertEqual(second.clinic_stock_risk_items, "Peel pads: 1 Units short")
        self.assertEqual(self._at_risk(), second)

    def test_booking_earlier_flags_the_later_appointment(self):
        later = self._book(self.type_peel, [5])
        self.assertFalse(later.clinic_stock_risk)
        earlier = self._book(self.type_peel, [2])
        self.assertFalse(earlier.clinic_stock_risk)
        self.assertTrue(later.clinic_stock_risk)
        # Moved past a receipt of 10 pads, it is covered again.
        receipt = self.env["stock.move"].create(
            {
                "name": "Pads from supplier",
                "product_id": self.pads.id,
                "product_uom_qty": 10,
                "product_uom": self.pads.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "date": self._local_to_utc(self.today + timedelta(days=7), 9),
            }
        )
        receipt._action_confirm()
        later.write(
            {
                "start": self._local_to_utc(self.today + timedelta(days=8), 9),
                "stop": self._local_to_utc(self.today + timedelta(days=8), 10),
            }
        )
        self.assertFalse(later.clinic_stock_risk)
        self.assertFalse(self._at_risk())

    def test_cancelling_an_appointment_covers_the_next(self):
        first, second = self._book(self.type_peel, [1, 2])
        self.assertTrue(second.clinic_stock_risk)
        first.action_archive()
        self.assertFalse(second.clinic_stock_risk)
        self.assertFalse(first.clinic_stock_risk)

    def test_form_warns_while_booking(self):
        self._book(self.type_peel, [1])
        form = Form(
            self.env["calendar.event"].with_user(self.user_reception),
            view="clinic_dispensary.calendar_event_view_form_clinic",
        )
        form.name = "Second peel"
        form.client_id = self.client_noah
        form.start = self._local_to_utc(self.today + timedelta(days=3), 9)
        form.stop = self._local_to_utc(self.today + timedelta(days=3), 10)
        with self.assertLogs(ONCHANGE_LOGGER, "WARNING") as logs:
            form.appointment_type_id = self.type_peel
        self.assertIn("Peel pads: 1 Units short", logs.output[0])
        self.assertTrue(form.clinic_stock_risk)
        event = form.save()
        self.assertTrue(event.clinic_stock_risk)
        self.assertEqual(event.clinic_stock_risk_items, "Peel pads: 1 Units short")

    def test_advice_refresh_recomputes_risk(self):
        first, second = self._book(self.type_peel, [1, 2])
        self.assertTrue(second.clinic_stock_risk)
        # Stock counted up, without touching the appointments.
        self.env["stock.quant"]._update_available_quantity(self.pads, self.stock, 5)
        self.assertTrue(second.clinic_stock_risk)
        self.env["clinic.reorder.advice"].action_compute()
        self.assertFalse(second.clinic_stock_risk)
        self.assertFalse(first.clinic_stock_risk)

    def test_risk_is_batched(self):
        """Flagging 2 or 20 booked appointments costs the same queries."""
        Event = self.env["calendar.event"].with_context(clinic_skip_stock_risk=True)
        counts = []
        for size, first_day in ((1, 9), (2, 10), (20, 20)):
            events = Event.create(
                [
                    {
                        "name": f"Peel {day}",
                        "start": self._local_to_utc(
                            self.today + timedelta(days=day), 9
                        ),
                        "stop": self._local_to_utc(
                            self.today + timedelta(days=day), 10
                        ),
                        "client_id": self.client_emma.id,
                        "categ_ids": [Command.set(self.type_peel.ids)],
                    }
                    for day in range(first_day, first_day + size)
                ]
            )
            self.assertFalse(events.filtered("clinic_stock_risk"))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            events._clinic_refresh_stock_risk()
            counts.append(self.env.cr.sql_log_count - before)
        # The first round warms the caches.
        self.assertEqual(counts[1], counts[2])
        self.assertEqual(
            len(self._at_risk()), 22, "3 pads: the first peel only is covered"
        )
