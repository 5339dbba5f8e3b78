# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    clinic_event_ids = fields.Many2many(
        "calendar.event",
        string="Appointments",
        compute="_compute_clinic_event_ids",
    )
    clinic_event_count = fields.Integer(
        string="Appointments Count",
        compute="_compute_clinic_event_ids",
    )

    @api.depends("invoice_line_ids.clinic_event_id")
    def _compute_clinic_event_ids(self):
        for move in self:
            move.clinic_event_ids = move.invoice_line_ids.clinic_event_id
            move.clinic_event_count = len(move.clinic_event_ids)

    def action_view_clinic_events(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,form",
            "domain": [("id", "in", self.clinic_event_ids.ids)],
            "context": {"create": False},
        }
