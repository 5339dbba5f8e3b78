# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # Copied: a backorder or a return of the move still serves the same line
    # or appointment.
    # Dispensing: the invoice line that sold what this move delivered.
    clinic_invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Dispensed for",
        index="btree_not_null",
        copy=True,
        readonly=True,
        ondelete="set null",
    )
    # Consumables: the appointment that used what this move consumed.
    clinic_event_id = fields.Many2one(
        "calendar.event",
        string="Consumed by",
        index="btree_not_null",
        copy=True,
        readonly=True,
        ondelete="set null",
    )
    clinic_reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Reason",
        index="btree_not_null",
        readonly=True,
    )
