# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # copy=False: a credit note or a duplicated invoice does not bill the
    # appointment a second time.
    clinic_event_id = fields.Many2one(
        "calendar.event",
        string="Appointment",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
