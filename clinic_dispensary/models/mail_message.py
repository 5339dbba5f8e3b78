# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        """A message search (the chatter's ``_message_fetch``) keeps the
        messages of the documents the user can search, and private events are
        searchable (as Busy): their tracking would name the client and the
        treatment. Outside reception and management, the messages of other
        people's private events are left out, as Odoo's read check of
        messages (``calendar.event._get_mail_message_access``) does."""
        allowed = super()._find_allowed_model_wise(doc_model, doc_dict)
        if doc_model != "calendar.event" or not allowed:
            return allowed
        # The documents found (a message may outlive its event).
        events = self.env[doc_model].browse(
            res_id for res_id, message_ids in doc_dict.items() if message_ids & allowed
        )
        for event in events._clinic_hidden_events():
            allowed -= doc_dict[event.id]
        return allowed
