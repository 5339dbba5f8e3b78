# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from functools import partial
from unittest.mock import patch

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCheckoutConcurrency(BaseCase):
    """Two receptionists bill the same appointment at the same moment.

    The data must be committed for two real database connections to see it,
    so this case works outside the usual test transaction and cleans up
    after itself.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            event_type = env["calendar.event.type"].create(
                {"name": "Concurrency Visit", "clinic_billable": True, "price": 50}
            )
            event_type._ensure_products()
            client = env["res.partner"].create({"name": "Concurrency Client"})
            start = datetime.now().replace(microsecond=0)
            event = env["calendar.event"].create(
                {
                    "name": "Concurrency appointment",
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "client_id": client.id,
                    "categ_ids": [Command.set(event_type.ids)],
                }
            )
            self.ids = {
                "type": event_type.id,
                "product": event_type.product_id.id,
                "client": client.id,
                "event": event.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            event = env["calendar.event"].browse(self.ids["event"])
            event.clinic_invoice_line_ids.move_id.unlink()
            event.unlink()
            env["calendar.event.type"].browse(self.ids["type"]).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["account.move"].search(
                [("partner_id", "=", self.ids["client"])]
            ).unlink()
            env["res.partner"].browse(self.ids["client"]).unlink()

    def _checkout(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set([self.ids["event"]])]}
        )
        wizard.action_create_invoices()
        return wizard.invoice_ids

    def _invoice_lines(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lines = env["account.move.line"].search(
                [("clinic_event_id", "=", self.ids["event"])]
            )
            return len(lines)

    def test_two_receptionists_one_invoice(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            # Reception 1 bills the appointment; its transaction is still open.
            invoices = self._checkout(cr1)
            self.assertEqual(len(invoices), 1)
            # Reception 2, at the same moment, is told at once.
            with self.assertRaisesRegex(UserError, "being billed by someone else"):
                self._checkout(cr2)
            cr2.rollback()
            cr1.commit()
            # Once the first checkout is done, the second sees it billed.
            with self.assertRaisesRegex(UserError, "already billed"):
                self._checkout(cr2)
            cr2.rollback()
        self.assertEqual(self._invoice_lines(), 1)

    def test_checkout_started_before_the_other_committed_is_retried(self):
        """A transaction whose snapshot predates the other's commit gets a
        serialization failure, which Odoo's request loop retries; the retry
        then sees the appointment billed."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # cr2's snapshot is taken now, before cr1 bills.
            self.assertEqual(
                env2["calendar.event"].browse(self.ids["event"]).billing_state,
                "to_bill",
            )
            self._checkout(cr1)
            cr1.commit()
            with (
                self.assertRaises(pg_errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                self._checkout(cr2)
            cr2.rollback()
            with self.assertRaisesRegex(UserError, "already billed"):
                self._checkout(cr2)
            cr2.rollback()
        self.assertEqual(self._invoice_lines(), 1)

    def _stale_snapshot(self, cr):
        """Take ``cr``'s snapshot now (REPEATABLE READ: at its first query)."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        self.assertEqual(
            env["calendar.event"].browse(self.ids["event"]).billing_state,
            "to_bill",
        )
        return env

    def _checkout_as_rpc(self, cr, env):
        """Checkout through Odoo's request loop (``retrying``, as every RPC
        and web request), without its random back-off."""
        with patch("odoo.service.model.time.sleep"), mute_logger("odoo.sql_db"):
            return retrying(partial(self._checkout, cr), env)

    def test_serialization_failure_is_left_to_odoos_retry(self):
        """Why the lock does not turn a serialization failure into "being
        billed by someone else" as it does a lock not available: through
        Odoo's request loop, the retry gives the true answer, which that
        message would hide."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            env2 = self._stale_snapshot(cr2)
            self._checkout(cr1)
            cr1.commit()
            # Billed meanwhile by the other receptionist: "already billed".
            with self.assertRaisesRegex(UserError, "already billed"):
                self._checkout_as_rpc(cr2, env2)
        self.assertEqual(self._invoice_lines(), 1)

    def test_checkout_after_an_unrelated_edit_succeeds_on_retry(self):
        """Someone only edited the appointment meanwhile: the lock fails to
        serialize, the retry bills it. Refusing with a UserError there would
        refuse a checkout that nothing prevents."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            env2 = self._stale_snapshot(cr2)
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env1["calendar.event"].browse(self.ids["event"]).description = "Late"
            cr1.commit()
            invoices = self._checkout_as_rpc(cr2, env2)
            self.assertEqual(len(invoices), 1)
        self.assertEqual(self._invoice_lines(), 1)
