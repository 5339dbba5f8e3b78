# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .account_move_line import CLINIC_DISCOUNT_GROUPS


class AccountMove(models.Model):
    """What the invoice form shows of the clinic: a clinic column only when
    a line of the invoice carries something in it, and checkout prices and
    discounts editable only by who may change them."""

    _inherit = "account.move"

    clinic_show_lots = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_shortage = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_duration = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_price_include = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_appointment = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_can_edit_checkout_price = fields.Boolean(
        compute="_compute_clinic_can_edit_checkout_price",
        help="The user may change the price and discount of checkout lines.",
    )

    @api.depends(
        "invoice_line_ids.clinic_dispensed_lot_ids",
        "invoice_line_ids.clinic_stock_shortage",
        "invoice_line_ids.clinic_duration",
        "invoice_line_ids.clinic_price_include",
        "invoice_line_ids.clinic_event_id",
    )
    def _compute_clinic_show_columns(self):
        for move in self:
            lines = move.invoice_line_ids
            move.clinic_show_lots = bool(lines.clinic_dispensed_lot_ids)
            move.clinic_show_shortage = any(lines.mapped("clinic_stock_shortage"))
            move.clinic_show_duration = any(lines.mapped("clinic_duration"))
            move.clinic_show_price_include = any(lines.mapped("clinic_price_include"))
            move.clinic_show_appointment = bool(lines.clinic_event_id)

    @api.depends_context("uid")
    def _compute_clinic_can_edit_checkout_price(self):
        # The same groups account.move.line's write() lets through: the form
        # makes the fields read-only instead of refusing them at save.
        allowed = self.env.su or any(
            self.env.user.has_group(group) for group in CLINIC_DISCOUNT_GROUPS
        )
        self.clinic_can_edit_checkout_price = allowed

    @api.depends("name", "invoice_date", "amount_residual")
    @api.depends_context("clinic_invoice_picker")
    def _compute_display_name(self):
        """Where a credit is applied or unapplied, an invoice reads as its
        number, date and amount due: enough to pick the right one."""
        if not self.env.context.get("clinic_invoice_picker"):
            return super()._compute_display_name()
        for move in self:
            move.display_name = self.env._(
                "%(number)s, %(date)s, %(due)s due",
                number=move.name,
                date=format_date(self.env, move.invoice_date),
                due=format_amount(self.env, move.amount_residual, move.currency_id),
            )
