# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
    clinic_stock_move_ids = fields.One2many(
        "stock.move",
        "clinic_invoice_line_id",
        string="Dispensing Moves",
        readonly=True,
    )
    clinic_stock_shortage = fields.Boolean(
        string="Stock Shortage",
        readonly=True,
        copy=False,
        help="Billed with less stock than needed: the rest waits in a pending "
        "delivery.",
    )
    clinic_dispensed_lot_ids = fields.Many2many(
        "stock.lot",
        string="Dispensed Lots",
        compute="_compute_clinic_dispensed_lot_ids",
        compute_sudo=True,
    )

    @api.depends("clinic_stock_move_ids.move_line_ids.lot_id")
    def _compute_clinic_dispensed_lot_ids(self):
        for line in self:
            line.clinic_dispensed_lot_ids = line.clinic_stock_move_ids.filtered(
                lambda m: m.state == "done"
            ).move_line_ids.lot_id

    def _clinic_is_dispensable(self):
        """A storable line with nothing delivered (or all of it returned)."""
        self.ensure_one()
        if not (
            self.display_type == "product"
            and self.product_id.is_storable
            and self.quantity > 0
        ):
            return False
        moves = self.clinic_stock_move_ids.filtered(lambda m: m.state != "cancel")
        if moves.filtered(lambda m: m.state != "done"):
            return False
        delivered = sum(
            m.product_qty for m in moves if m.location_dest_id.usage == "customer"
        )
        returned = sum(
            m.product_qty for m in moves if m.location_id.usage == "customer"
        )
        return delivered <= returned
