# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models that are no model themselves."""

from psycopg2 import errors as pg_errors

from odoo.tools import SQL, mute_logger


def try_lock_rows(records):
    """Row-lock `records` FOR NO KEY UPDATE NOWAIT; False when another
    transaction holds one of them.

    NO KEY UPDATE: the lock an UPDATE takes, so other transactions may still
    reference the rows (foreign keys take KEY SHARE). NOWAIT: the second
    user gets an answer at once instead of waiting behind the first one's
    transaction. The savepoint keeps the transaction usable after a refusal.
    """
    if not records:
        return True
    try:
        with records.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    records.ids,
                )
            )
    except pg_errors.LockNotAvailable:
        return False
    return True
