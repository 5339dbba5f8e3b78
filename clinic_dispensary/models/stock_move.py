# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The links wired like sale_stock's sale_line_id: they keep moves apart when
# Odoo merges them, and backorders, returns and exchanges carry them
# explicitly (they are not copied: a duplicated picking serves no line).
CLINIC_MOVE_LINKS = ("clinic_invoice_line_id", "clinic_event_id")


class StockMove(models.Model):
    _inherit = "stock.move"

    # Dispensing: the invoice line that sold what this move delivered.
    clinic_invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Dispensed for",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    # Consumables: the appointment that used what this move consumed.
    clinic_event_id = fields.Many2one(
        "calendar.event",
        string="Consumed by",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    clinic_reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Reason",
        index="btree_not_null",
        readonly=True,
    )

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        # Two invoice lines (or appointments) of one item stay two moves:
        # merged, the second line would look undelivered and leave again.
        return super()._prepare_merge_moves_distinct_fields() + list(CLINIC_MOVE_LINKS)

    def _clinic_link_vals(self):
        self.ensure_one()
        return {field: self[field].id for field in CLINIC_MOVE_LINKS if self[field]}

    def _prepare_move_split_vals(self, qty):
        # A backorder (stock short at checkout) still delivers for its line.
        vals = super()._prepare_move_split_vals(qty)
        vals.update(self._clinic_link_vals())
        return vals

    def _get_related_invoices(self):
        """Anglo-saxon: a dispensing move validated after its invoice was
        posted (a backorder, a line dispensed on posting) reconciles the
        invoice's interim lines with its valuation (like sale_stock)."""
        invoices = super()._get_related_invoices()
        return invoices | self.sudo().clinic_invoice_line_id.move_id.filtered(
            lambda m: m.state == "posted"
        ).with_env(invoices.env)
