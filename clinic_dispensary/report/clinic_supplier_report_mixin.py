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

    lots_received = fields.Integer(
        readonly=True,
        help="Lots and serial numbers received from the supplier's orders.",
    )
    lots_recalled = fields.Integer(
        readonly=True,
        help="Lots supplied by the supplier that the clinic recalled (recalls "
        "in progress or done), in the month of the recall.",
    )
    lot_recall_rate = fields.Float(
        string="Lots Recalled (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Lots recalled ÷ lots received from the supplier: lower is better.",
    )

    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Every read of the report (list, pivot, count) searches first.
        PostgreSQL's JIT compiler would compile the view's one big query on
        each read, for seconds (11 s of 13 s for 200 suppliers and 20,000
        order lines, scripts/benchmark-supplier-scorecard): it is off for
        the rest of the transaction, as for any Odoo request it rarely
        pays off."""
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
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
        picking_id, move_id, date, qty, lots (the lots it carried),
        is_receipt (false for a return)."""
        return SQL(
            """
            SELECT move.purchase_line_id,
                   move.picking_id,
                   move.id AS move_id,
                   move.date,
                   move.quantity / move_uom.factor * item_uom.factor AS qty,
                   move_lots.lots,
                   source.usage = 'supplier' AS is_receipt
              FROM stock_move move
              %(move_lots)s
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
            """,
            move_lots=self._clinic_move_lots_sql(),
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

    def _clinic_move_lots_sql(self):
        """Joined to ``stock_move move``: the lots (and serial numbers) the
        move carried, ``move_lots.lots``."""
        return SQL(
            """
            LEFT JOIN LATERAL (
                SELECT COUNT(DISTINCT move_line.lot_id) AS lots
                  FROM stock_move_line move_line
                 WHERE move_line.move_id = move.id
            ) move_lots ON TRUE
            """
        )

    def _clinic_recalled_lots_sql(self):
        """Lots recalled (recalls in progress or done) per supplier of the
        lot (commercial partner; the recall's supplier, else the lot's):
        company_id, partner_id, product_id, date, lots (1 per recall: a
        company recalls a lot once)."""
        return SQL(
            """
            SELECT recall.company_id, supplier.commercial_partner_id AS partner_id,
                   lot.product_id, recall.date, 1 AS lots
              FROM clinic_lot_recall recall
              JOIN stock_lot lot ON lot.id = recall.lot_id
              JOIN res_partner supplier
                   ON supplier.id = COALESCE(recall.supplier_id,
                                             lot.clinic_supplier_id)
             WHERE recall.state IN ('confirmed', 'done')
            """
        )
