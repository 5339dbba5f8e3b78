# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestShippingNoticeConcurrency(BaseCase):
    """Two of the supplier's users send a notice of the whole order at the
    same moment: only one announces it.

    Committed data (two real connections), cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            supplier = env["res.partner"].create(
                {"name": "Concurrency Supplier", "is_company": True}
            )
            product = env["product.product"].create(
                {"name": "Concurrency Gauze", "is_storable": True}
            )
            order = env["purchase.order"].create(
                {
                    "partner_id": supplier.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": 10,
                                "price_unit": 1.0,
                            }
                        )
                    ],
                }
            )
            order.button_confirm()
            self.ids = {
                "supplier": supplier.id,
                "product": product.id,
                "order": order.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["purchase.order"].browse(self.ids["order"])
            order.clinic_notice_ids.unlink()
            pickings = order.picking_ids
            pickings.action_cancel()
            pickings.move_ids.unlink()
            pickings.unlink()
            order.button_cancel()
            order.unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids["supplier"]).unlink()

    @contextmanager
    def _two_connections(self):
        """Two users' transactions; a lock waited for fails after 10 s
        instead of hanging the test."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            for cr in (cr1, cr2):
                cr.execute("SET lock_timeout = '10s'")
            yield cr1, cr2

    def _send(self, cr, quantity=10):
        notice = self._draft(cr, quantity)
        notice.action_send()
        return notice

    def _draft(self, cr, quantity):
        env = api.Environment(cr, SUPERUSER_ID, {})
        order = env["purchase.order"].browse(self.ids["order"])
        return env["clinic.shipping.notice"].create(
            {
                "purchase_id": order.id,
                "line_ids": [
                    Command.create(
                        {
                            "purchase_line_id": order.order_line.id,
                            "quantity": quantity,
                        }
                    )
                ],
            }
        )

    def _sent_notices(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return len(
                env["clinic.shipping.notice"].search(
                    [("purchase_id", "=", self.ids["order"]), ("state", "=", "sent")]
                )
            )

    def _assert_nothing_left(self, cr):
        """Sent again in a fresh transaction, the notice is refused: the
        one notice sent announced the whole order."""
        with self.assertRaisesRegex(ValidationError, "only 0 Units are left"):
            self._send(cr)
        cr.rollback()
        self.assertEqual(self._sent_notices(), 1)

    def test_two_notices_sent_at_the_same_moment(self):
        with self._two_connections() as (cr1, cr2):
            # The first notice is being sent: its transaction is still open.
            self._send(cr1)
            # The second, at the same moment, is told at once.
            with self.assertRaisesRegex(UserError, "being sent by someone else"):
                self._send(cr2)
            cr2.rollback()
            cr1.commit()
            # Once the first is sent, nothing is left for the second.
            self._assert_nothing_left(cr2)

    def test_send_started_before_the_other_committed_is_retried(self):
        """A send whose snapshot predates the other's commit would lock the
        lines and still not see the other notice: it gets a serialization
        failure, which Odoo's request loop retries; the retry sees nothing
        left."""
        with self._two_connections() as (cr1, cr2):
            # cr2's snapshot is taken now, before cr1 sends.
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            self.assertFalse(
                env2["purchase.order"].browse(self.ids["order"]).clinic_notice_ids
            )
            self._send(cr1)
            cr1.commit()
            # The lock itself fails, whatever else the send would write.
            notice = self._draft(cr2, 10)
            with (
                self.assertRaises(pg_errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                notice._lock_order_lines()
            cr2.rollback()
            self._assert_nothing_left(cr2)
