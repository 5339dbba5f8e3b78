# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestEquipment(BatchSafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.laser = cls.env["product.product"].create(
            {"name": "IPL laser", "is_storable": True, "tracking": "serial"}
        )
        cls.sn1, cls.sn2, cls.sn3 = cls.env["stock.lot"].create(
            [
                {"name": f"LASER-{index}", "product_id": cls.laser.id}
                for index in (1, 2, 3)
            ]
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.laser, cls.stock, 1, lot_id=cls.sn1
        )
        cls.maintenance_type = cls.env.ref(
            "clinic_dispensary.mail_activity_type_maintenance_due"
        )
        cls.warranty_type = cls.env.ref(
            "clinic_dispensary.mail_activity_type_warranty_end"
        )
        cls.technician = cls.env["res.partner"].create({"name": "Laser Service"})

    def _log(self, lot, days_ago, next_due_in, cost=0.0):
        return self.env["clinic.maintenance.log"].create(
            {
                "lot_id": lot.id,
                "date": self.today - timedelta(days=days_ago),
                "work_done": "Lamp replaced",
                "cost": cost,
                "performed_by_id": self.technician.id,
                "next_due_date": self.today + timedelta(days=next_due_in),
            }
        )

    def _alerts(self, lot, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "stock.lot"),
                ("res_id", "=", lot.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_device_records_warranty_holder_location_and_log(self):
        with Form(self.sn1) as form:
            form.clinic_warranty_end = self.today + timedelta(days=365)
            form.clinic_holder_id = self.client_emma
            with form.clinic_maintenance_ids.new() as log:
                log.work_done = "Yearly service"
                log.cost = 150.0
                log.next_due_date = self.today + timedelta(days=180)
        self.assertEqual(self.sn1.location_id, self.stock)
        self.assertEqual(self.sn1.clinic_holder_id, self.client_emma)
        self.assertRecordValues(
            self.sn1.clinic_maintenance_ids,
            [
                {
                    "work_done": "Yearly service",
                    "cost": 150.0,
                    "currency_id": self.company.currency_id.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(
            self.sn1.clinic_next_maintenance_date, self.today + timedelta(days=180)
        )

    def test_next_maintenance_is_the_latest_log_s(self):
        self._log(self.sn2, 10, 100)
        self._log(self.sn2, 400, 5)
        self.assertEqual(
            self.sn2.clinic_next_maintenance_date, self.today + timedelta(days=100)
        )
        with self.assertRaises(ValidationError):
            self._log(self.sn2, 0, -1)

    def test_maintenance_alert_when_due_and_only_once(self):
        self._log(self.sn1, 100, 5)
        self._log(self.sn2, 100, 60)
        Lot = self.env["stock.lot"]
        Lot._clinic_cron_equipment_alerts()
        self.assertEqual(len(self._alerts(self.sn1, self.maintenance_type)), 1)
        self.assertFalse(self._alerts(self.sn2, self.maintenance_type))
        self._alerts(self.sn1, self.maintenance_type).action_feedback("Booked")
        Lot._clinic_cron_equipment_alerts()
        self.assertFalse(self._alerts(self.sn1, self.maintenance_type))
        # Serviced; the next one, due soon too, is alerted again.
        self._log(self.sn1, 0, 10)
        Lot._clinic_cron_equipment_alerts()
        self.assertEqual(len(self._alerts(self.sn1, self.maintenance_type)), 1)

    def test_warranty_alert_when_it_ends_soon_and_only_once(self):
        self.sn1.clinic_warranty_end = self.today + timedelta(days=7)
        self.sn2.clinic_warranty_end = self.today + timedelta(days=90)
        self.sn3.clinic_warranty_end = self.today - timedelta(days=30)
        Lot = self.env["stock.lot"]
        Lot._clinic_cron_equipment_alerts()
        Lot._clinic_cron_equipment_alerts()
        activity = self._alerts(self.sn1, self.warranty_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, self.sn1.clinic_warranty_end)
        self.assertIn("LASER-1", str(activity.note))
        self.assertFalse(self._alerts(self.sn2, self.warranty_type))
        self.assertFalse(self._alerts(self.sn3, self.warranty_type))

    def test_alerts_of_many_devices_in_constant_queries(self):
        def devices(count, prefix):
            lots = self.env["stock.lot"].create(
                [
                    {
                        "name": f"{prefix}-{index}",
                        "product_id": self.laser.id,
                        "clinic_warranty_end": self.today + timedelta(days=3),
                    }
                    for index in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            return lots

        Lot = self.env["stock.lot"]
        devices(1, "WARMUP")
        Lot._clinic_cron_equipment_alerts()
        devices(2, "FEW")
        self.env.flush_all()
        before = self.cr.sql_log_count
        Lot._clinic_cron_equipment_alerts()
        self.env.flush_all()
        few = self.cr.sql_log_count - before
        many = devices(40, "MANY")
        with self.assertQueryCount(few):
            Lot._clinic_cron_equipment_alerts()
        self.assertEqual(
            many.mapped("clinic_warranty_alerted_date"),
            [self.today + timedelta(days=3)] * 40,
        )

    def test_equipment_dates_searched_daily_are_indexed(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'stock_lot'"
        )
        indexes = {name for (name,) in self.env.cr.fetchall()}
        self.assertIn("stock_lot__clinic_warranty_end_index", indexes)
        self.assertIn("stock_lot__clinic_next_maintenance_date_index", indexes)
