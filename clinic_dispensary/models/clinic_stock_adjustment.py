# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ClinicStockAdjustment(models.Model):
    """Audit trail of applied stock adjustments: who, when, before, after,
    why and what it was worth. Written once, never edited."""

    _name = "clinic.stock.adjustment"
    _description = "Stock Adjustment Audit"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Applied by", required=True, readonly=True
    )
    counted_by_id = fields.Many2one("res.users", string="Counted by", readonly=True)
    counted_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    location_id = fields.Many2one("stock.location", required=True, readonly=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    quantity_before = fields.Float(
        string="Before", digits="Product Unit of Measure", readonly=True
    )
    quantity_after = fields.Float(
        string="After", digits="Product Unit of Measure", readonly=True
    )
    quantity_difference = fields.Float(
        string="Difference", digits="Product Unit of Measure", readonly=True
    )
    reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag", string="Reason", readonly=True
    )
    note = fields.Text(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    value = fields.Monetary(
        readonly=True,
        groups="clinic_dispensary.group_clinic_manager,stock.group_stock_manager",
        help="Difference valued at the item's cost when applied.",
    )
