# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .clinic_client_credit import CREDIT_ORIGINS


class AccountMove(models.Model):
    _inherit = "account.move"

    # Set on the customer credit notes that clinic credits create, so the
    # Credits list can tell where a credit comes from.
    clinic_credit_origin = fields.Selection(
        [(key, label) for key, label in CREDIT_ORIGINS if key != "overpayment"],
        string="Credit Origin",
        readonly=True,
        copy=False,
    )
    clinic_credit_reason = fields.Char(
        string="Credit Reason",
        tracking=True,
        copy=False,
    )
    clinic_credit_invoice_id = fields.Many2one(
        "account.move",
        string="Credit for Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The invoice this credit was created from.",
    )
    clinic_return_picking_id = fields.Many2one(
        "stock.picking",
        string="Returned Goods",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

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

    def action_clinic_new_credit(self):
        """New Credit from a posted customer invoice: applied to it by default."""
        self.ensure_one()
        self.env["clinic.client.credit"]._check_credit_rights()
        if self.move_type != "out_invoice" or self.state != "posted":
            raise UserError(_("Credits are created from posted customer invoices."))
        return {
            "type": "ir.actions.act_window",
            "name": _("New Credit"),
            "res_model": "clinic.credit.create",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_invoice_id": self.id,
                "default_partner_id": self.commercial_partner_id.id,
            },
        }
