# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicLotRecallLine(models.TransientModel):
    """One delivery of the recalled lot to a client."""

    _name = "clinic.lot.recall.line"
    _description = "Recall a Lot: Delivery"
    _order = "date, id"

    wizard_id = fields.Many2one("clinic.lot.recall", required=True, ondelete="cascade")
    move_line_id = fields.Many2one("stock.move.line", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
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
    )
    product_uom_id = fields.Many2one(related="wizard_id.product_uom_id")
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)

    @api.depends("quantity", "returned_quantity")
    def _compute_remaining_quantity(self):
        for line in self:
            line.remaining_quantity = line.quantity - line.returned_quantity
