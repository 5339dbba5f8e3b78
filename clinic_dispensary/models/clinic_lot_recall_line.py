# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

NOTIFICATION_METHODS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("phone", "Phone"),
]


class ClinicLotRecallLine(models.Model):
    """One delivery of the recalled lot to a client (or one appointment that
    used it up), and how the client was told of the recall."""

    _name = "clinic.lot.recall.line"
    _description = "Lot Recall: Client Reached"
    _order = "recall_id, date, id"
    _check_company_auto = True

    recall_id = fields.Many2one(
        "clinic.lot.recall", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    state = fields.Selection(related="recall_id.state")
    kind = fields.Selection(
        [("delivery", "Delivery"), ("appointment", "Used in Appointment")],
        required=True,
        default="delivery",
        readonly=True,
    )
    move_line_id = fields.Many2one(
        "stock.move.line", readonly=True, ondelete="set null", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", readonly=True, index=True
    )
    event_id = fields.Many2one(
        "calendar.event", string="Appointment", readonly=True, ondelete="set null"
    )
    date = fields.Datetime(readonly=True)
    quantity = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    returned_quantity = fields.Float(
        string="Returned", digits="Product Unit of Measure", readonly=True
    )
    remaining_quantity = fields.Float(
        string="Still Held",
        digits="Product Unit of Measure",
        compute="_compute_remaining_quantity",
        store=True,
    )
    product_uom_id = fields.Many2one(related="recall_id.product_uom_id")
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", readonly=True, check_company=True
    )
    invoice_id = fields.Many2one("account.move", readonly=True, check_company=True)
    notification_method = fields.Selection(
        NOTIFICATION_METHODS,
        string="Notified by",
        help="How the client was told of the recall: set when the letters "
        "are sent; record phone calls here.",
    )
    notified_date = fields.Date(
        string="Notified on",
        compute="_compute_notified_date",
        store=True,
        readonly=False,
    )

    @api.depends("quantity", "returned_quantity")
    def _compute_remaining_quantity(self):
        for line in self:
            line.remaining_quantity = line.quantity - line.returned_quantity

    @api.depends("notification_method")
    def _compute_notified_date(self):
        today = fields.Date.context_today(self)
        for line in self:
            if not line.notification_method:
                line.notified_date = False
            elif not line.notified_date:
                line.notified_date = today

    def write(self, vals):
        res = super().write(vals)
        if {"notification_method", "notified_date"} & set(vals):
            self._log_notifications()
        return res

    def _log_notifications(self):
        """Keep on the recall's chatter who was notified how and when: the
        recall is the record of a regulated event."""
        methods = dict(
            self._fields["notification_method"]._description_selection(self.env)
        )
        for recall in self.recall_id:
            lines = self.filtered(lambda line, r=recall: line.recall_id == r)
            items = Markup().join(
                Markup("<li>%s</li>")
                % recall.env._(
                    "%(client)s: %(method)s, %(date)s",
                    client=line.partner_id.display_name or "",
                    method=methods.get(line.notification_method)
                    or recall.env._("not notified"),
                    date=format_date(self.env, line.notified_date),
                )
                for line in lines
            )
            recall._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (self.env._("Clients notified:"), items)
            )
