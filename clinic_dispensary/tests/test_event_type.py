# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ClinicCommon

SYNC_QUERIES_ONE = 55
SYNC_QUERIES_TEN = 110


@tagged("post_install", "-at_install")
class TestEventTypeItems(ClinicCommon):
    def test_sync_products_creates_missing_items_once(self):
        types = self.type_first_visit | self.type_follow_up
        action = types.action_sync_products()
        self.assertEqual(action["params"]["message"], "2 billable item(s) created.")
        item = self.type_first_visit.product_id
        self.assertEqual(item.name, "Test First Visit")
        self.assertEqual(item.type, "service")
        self.assertEqual(item.lst_price, 120.0)
        self.assertEqual(item.categ_id, self.services_categ)
        self.assertEqual(self.type_follow_up.product_id.lst_price, 80.0)
        # Idempotent: a second click creates nothing and keeps the links.
        action = types.action_sync_products()
        self.assertEqual(action["params"]["message"], "0 billable item(s) created.")
        self.assertEqual(self.type_first_visit.product_id, item)
        self.assertEqual(
            self.env["product.product"].search_count(
                [("name", "=", "Test First Visit")]
            ),
            1,
        )

    def test_sync_products_skips_types_not_billed(self):
        # The selection holds a staff meeting: no item for it, and it says so.
        types = self.type_first_visit | self.type_meeting
        action = types.action_sync_products()
        self.assertEqual(
            action["params"]["message"],
            "1 billable item(s) created. Skipped, not billable: Test Staff Meeting.",
        )
        self.assertEqual(action["params"]["type"], "warning")
        self.assertTrue(self.type_first_visit.product_id)
        self.assertFalse(self.type_meeting.product_id)
        self.assertFalse(
            self.env["product.product"].search([("name", "=", "Test Staff Meeting")])
        )

    def _sync_queries(self, count, budget):
        types = self.env["calendar.event.type"].create(
            [
                {"name": f"Batch type {count}-{i}", "clinic_billable": True}
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            types.action_sync_products()
            self.env.flush_all()
        self.assertEqual(len(types.product_id), count)

    def test_sync_products_query_count_one_type(self):
        self._sync_queries(1, SYNC_QUERIES_ONE)

    def test_sync_products_query_count_ten_types(self):
        # One create() for all: Odoo's variant creation costs a few queries
        # per template, far from ten separate creations (10 x one type).
        self._sync_queries(10, SYNC_QUERIES_TEN)

    def test_rename_type_keeps_item_name(self):
        self.type_first_visit._ensure_products()
        self.type_first_visit.name = "Initial Consultation"
        self.assertEqual(self.type_first_visit.product_id.name, "Test First Visit")

    def test_archived_type_keeps_item(self):
        item = self.type_first_visit._ensure_products()
        self.type_first_visit.action_archive()
        self.assertFalse(self.type_first_visit.active)
        self.assertEqual(self.type_first_visit.product_id, item)
        self.assertTrue(item.active)

    def test_linked_item_cannot_be_deleted(self):
        item = self.type_first_visit._ensure_products()
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            item.unlink()
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            item.product_tmpl_id.unlink()
        # Archiving is the way out, even once the type itself is archived.
        self.type_first_visit.action_archive()
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            item.unlink()
        item.action_archive()
        self.assertFalse(item.active)

    def test_unlinked_item_can_be_deleted(self):
        item = self.type_first_visit._ensure_products()
        self.type_first_visit.product_id = False
        item.unlink()
        self.assertFalse(item.exists())

    def test_one_type_per_item(self):
        item = self.type_first_visit._ensure_products()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.type_follow_up.product_id = item
            self.env.flush_all()

    def test_negative_price_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.type_first_visit.price = -5
