# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPackageConcurrency(BaseCase):
    """Two receptionists check out two appointments of a client whose
    package has one session left, at the same moment: only one uses it.

    Committed data (two real connections), cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            event_type = env["calendar.event.type"].create(
                {"name": "Concurrency Facial", "clinic_billable": True, "price": 100}
            )
            event_type._ensure_products()
            client = env["res.partner"].create({"name": "Package Concurrency"})
            offer = env["clinic.package"].create(
                {
                    "name": "Last Session",
                    "price": 90.0,
                    "line_ids": [
                        Command.create({"product_id": event_type.product_id.id})
                    ],
                }
            )
            package = env["clinic.patient.package"]._clinic_sell(
                [{"package_id": offer.id, "partner_id": client.id}]
            )
            start = datetime.now().replace(microsecond=0)
            events = env["calendar.event"].create(
                [
                    {
                        "name": f"Facial {index}",
                        "start": start + timedelta(hours=index),
                        "stop": start + timedelta(hours=index, minutes=30),
                        "client_id": client.id,
                        "categ_ids": [Command.set(event_type.ids)],
                    }
                    for index in range(2)
                ]
            )
            self.ids = {
                "type": event_type.id,
                "product": event_type.product_id.id,
                "client": client.id,
                "offer": offer.id,
                "package": package.id,
                "events": events.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = env["account.move"].search(
                [("partner_id", "=", self.ids["client"])]
            )
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            env["clinic.patient.package"].browse(self.ids["package"]).unlink()
            env["clinic.package"].browse(self.ids["offer"]).unlink()
            env["calendar.event"].browse(self.ids["events"]).unlink()
            env["calendar.event.type"].browse(self.ids["type"]).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids["client"]).unlink()

    def _checkout(self, event_id, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set([event_id])]}
        )
        wizard.action_create_invoices()
        env.flush_all()
        return wizard.invoice_ids

    def _paid_by_package(self, invoices):
        return invoices.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "package"
        )

    def test_two_checkouts_cannot_both_use_the_last_session(self):
        first, second = self.ids["events"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # cr2's snapshot, taken now, sees one session left.
            balance = env2["clinic.patient.package"].browse(self.ids["package"])
            self.assertEqual(balance.line_ids.quantity_remaining, 1)
            invoices = self._checkout(first, cr1)
            self.assertTrue(self._paid_by_package(invoices))
            cr1.commit()
            # Through Odoo's request loop: the serialization failure on the
            # balance is retried, and the retry bills the session normally.
            with patch("odoo.service.model.time.sleep"), mute_logger("odoo.sql_db"):
                invoices = retrying(partial(self._checkout, second, cr2), env2)
            self.assertFalse(self._paid_by_package(invoices))
            self.assertEqual(invoices.amount_untaxed, 100.0)
            cr2.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            package = env["clinic.patient.package"].browse(self.ids["package"])
            self.assertEqual(package.line_ids.quantity_remaining, 0)
            self.assertEqual(package.state, "exhausted")
