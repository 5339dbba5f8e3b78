# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class ClinicSupplierReportMixin(models.AbstractModel):
    """What the supplier reports share: their rates are ratios of sums
    (``_clinic_ratios``: {field: (numerator, denominator, factor)}), so any
    grouping of a pivot gets its true rate, not an average of rates; and
    the units claimed from suppliers."""

    _name = "clinic.supplier.report.mixin"
    _description = "Supplier Report Figures"
    _clinic_ratios = {}

    # How the supplier served the clinic: its receipts and what was sent back.
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    on_time_count = fields.Integer(string="Receipts on Time", readonly=True)
    on_time_rate = fields.Float(
        string="On-Time Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Receipts done by the order's promised date ÷ receipts.",
    )
    lead_days_actual = fields.Float(readonly=True)
    lead_time_actual = fields.Float(
        string="Actual Lead Time (days)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Days from the order's confirmation to its receipt, on average "
        "per receipt.",
    )
    qty_received = fields.Float(
        string="Units Received", digits="Product Unit of Measure", readonly=True
    )
    qty_claimed = fields.Float(
        string="Units Claimed or Returned",
        digits="Product Unit of Measure",
        readonly=True,
    )
    quality_rate = fields.Float(
        string="Claimed or Returned (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Units claimed from or returned to the supplier ÷ units "
        "received from it: lower is better.",
    )

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname not in self._clinic_ratios:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = self._clinic_ratios[fname]
        return SQL(
            "%(factor)s * SUM(%(numerator)s) / NULLIF(SUM(%(denominator)s), 0)",
            factor=factor,
            numerator=self._field_to_sql(self._table, numerator, query),
            denominator=self._field_to_sql(self._table, denominator, query),
        )

    def _clinic_purchase_moves_sql(self):
        """Done stock moves of purchase order lines receiving from or
        returning to the supplier, in the item's unit: purchase_line_id,
        picking_id, move_id, date, qty, is_receipt (false for a return)."""
        return SQL(
            """
            SELECT move.purchase_line_id,
                   move.picking_id,
                   move.id AS move_id,
                   move.date,
                   move.quantity / move_uom.factor * item_uom.factor AS qty,
                   source.usage = 'supplier' AS is_receipt
              FROM stock_move move
              JOIN product_product product ON product.id = move.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              JOIN uom_uom move_uom ON move_uom.id = move.product_uom
              JOIN uom_uom item_uom ON item_uom.id = tmpl.uom_id
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location destination
                   ON destination.id = move.location_dest_id
             WHERE move.state = 'done'
               AND move.purchase_line_id IS NOT NULL
               AND (source.usage = 'supplier') != (destination.usage = 'supplier')
            """
        )

    def _clinic_claimed_sql(self):
        """Units claimed from suppliers (returns and warranty claims sent,
        not drafts), in the item's unit: company_id, partner_id (commercial),
        product_id, date, qty."""
        return SQL(
            """
            SELECT claim.company_id, partner.commercial_partner_id AS partner_id,
                   claim_line.product_id, claim.date,
                   claim_line.quantity / line_uom.factor * item_uom.factor AS qty
              FROM clinic_stock_claim_line claim_line
              JOIN clinic_stock_claim claim ON claim.id = claim_line.claim_id
              JOIN res_partner partner ON partner.id = claim.partner_id
              JOIN product_product product ON product.id = claim_line.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              JOIN uom_uom line_uom ON line_uom.id = claim_line.product_uom_id
              JOIN uom_uom item_uom ON item_uom.id = tmpl.uom_id
             WHERE claim.state != 'draft'
               AND claim.kind IN ('supplier_return', 'warranty')
            """
        )
