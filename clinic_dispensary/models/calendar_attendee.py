# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # Stored for the record rule hiding, outside the clinic, who has a
    # private appointment (a rule cannot compare two columns).
    clinic_is_client = fields.Boolean(
        string="Is the Client",
        compute="_compute_clinic_is_client",
        store=True,
        help="This attendee is the client of the appointment.",
    )

    @api.depends("partner_id", "event_id.client_id")
    def _compute_clinic_is_client(self):
        for attendee in self:
            attendee.clinic_is_client = bool(
                attendee.partner_id
                and attendee.partner_id == attendee.event_id.client_id
            )
