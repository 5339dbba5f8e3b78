# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

# Rates and averages of the scorecard: (numerator, denominator, factor). They
# are ratios of sums, so any grouping of the pivot (a supplier over a year,
# every supplier in a month) gets its true rate, not an average of rates.
RATIOS = {
    "on_time_rate": ("on_time_count", "receipt_count", 100.0),
    "fill_rate": ("qty_filled", "qty_ordered", 100.0),
    "lead_time_actual": ("lead_days_actual", "receipt_count", 1.0),
    "lead_time_promised": ("lead_days_promised", "receipt_count", 1.0),
    "price_variance_rate": ("price_variance", "reference_amount", 100.0),
    "quality_rate": ("qty_claimed", "qty_received", 100.0),
    "lot_recall_rate": ("lots_recalled", "lots_received", 100.0),
}


class ClinicSupplierScorecard(models.Model):
    """How each supplier served the clinic, per company and month.

    Each figure counts in the month of its own event:

    * orders and spend: orders confirmed in the month; spend is untaxed, in
      the company's currency at the order's rate;
    * receipts: the order's receipts done in the month (the done moves of one
      picking from a supplier location): on time when done by the day of the
      order's promised date (``date_planned``, UTC days); lead times run
      from the order's confirmation to the receipt (actual) and to its
      promised date (promised);
    * fill rate: units received ÷ units ordered, on orders with nothing more
      to come (clinic status Received: in full or closed short), in the month
      of their last receipt;
    * quality: units claimed (supplier returns and warranty claims sent to
      the supplier, not drafts) and units returned to it from its orders'
      receipts, ÷ units received from its orders, in the month of the claim,
      return and receipt; and lots recalled (recalls in progress or done of
      lots the supplier supplied) ÷ lots received from its orders, in the
      month of the recall and receipt;
    * price variance: on the order lines of orders confirmed in the month,
      (price paid - reference price) x units, the reference being the
      supplier's vendor contract valid on the order's day, else the price of
      the supplier's previous order of the item (a first order has none).

    Units are in the item's unit of measure. The supplier is the commercial
    partner of the order or claim."""

    _name = "clinic.supplier.scorecard"
    _inherit = "clinic.supplier.report.mixin"
    _description = "Supplier Scorecard"
    _clinic_ratios = RATIOS
    _auto = False
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    # Flushed before the view is read.
    _depends = {
        "purchase.order": [
            "company_id",
            "partner_id",
            "state",
            "date_approve",
            "date_planned",
            "currency_rate",
            "amount_untaxed",
            "clinic_status",
        ],
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "product_qty",
            "product_uom",
            "price_unit",
            "discount",
            "display_type",
        ],
        "purchase.requisition": [
            "requisition_type",
            "state",
            "vendor_id",
            "date_start",
            "date_end",
        ],
        "purchase.requisition.line": [
            "requisition_id",
            "product_id",
            "price_unit",
            "product_uom_id",
        ],
        "stock.move": [
            "state",
            "date",
            "picking_id",
            "purchase_line_id",
            "quantity",
            "product_uom",
            "product_id",
            "location_id",
            "location_dest_id",
        ],
        "stock.location": ["usage"],
        "clinic.stock.claim": ["company_id", "partner_id", "state", "kind", "date"],
        "clinic.stock.claim.line": [
            "claim_id",
            "product_id",
            "quantity",
            "product_uom_id",
        ],
        "stock.move.line": ["move_id", "lot_id"],
        "stock.lot": ["product_id", "clinic_supplier_id"],
        "clinic.lot.recall": [
            "lot_id",
            "company_id",
            "supplier_id",
            "state",
            "date",
        ],
        "res.partner": ["commercial_partner_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["type", "uom_id"],
        "uom.uom": ["factor"],
    }

    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    spend = fields.Monetary(readonly=True)
    qty_ordered = fields.Float(
        string="Units Ordered (completed orders)",
        digits="Product Unit of Measure",
        readonly=True,
    )
    qty_filled = fields.Float(
        string="Units Received (completed orders)",
        digits="Product Unit of Measure",
        readonly=True,
    )
    fill_rate = fields.Float(
        string="Fill Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Units received ÷ units ordered, on orders with nothing more to come.",
    )
    price_variance = fields.Monetary(
        readonly=True,
        help="What was paid above (or below, negative) the reference price: "
        "the supplier's vendor contract valid on the order's day, else the "
        "price of the previous order of the item; orders in the month.",
    )
    reference_amount = fields.Monetary(
        string="Amount at Reference Prices", readonly=True
    )
    price_variance_rate = fields.Float(
        string="Price Variance (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Price variance ÷ the amount at reference prices.",
    )
    lead_days_promised = fields.Float(readonly=True)
    lead_time_promised = fields.Float(
        string="Promised Lead Time (days)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Days from the order's confirmation to its promised date, on "
        "average per receipt.",
    )

    @property
    def _table_query(self):
        ratios = SQL(", ").join(
            SQL(
                "%s * SUM(facts.%s) / NULLIF(SUM(facts.%s), 0) AS %s",
                factor,
                SQL.identifier(numerator),
                SQL.identifier(denominator),
                SQL.identifier(fname),
            )
            for fname, (numerator, denominator, factor) in RATIOS.items()
        )
        return SQL(
            """
            WITH orders AS (
                SELECT po.id,
                       po.company_id,
                       partner.commercial_partner_id AS partner_id,
                       po.date_approve,
                       po.date_planned,
                       po.clinic_status,
                       po.amount_untaxed
                           / COALESCE(NULLIF(po.currency_rate, 0), 1.0) AS spend
                  FROM purchase_order po
                  JOIN res_partner partner ON partner.id = po.partner_id
                 WHERE po.state IN ('purchase', 'done')
                   AND po.date_approve IS NOT NULL
            ),
            moves AS (
                SELECT line.order_id, purchase_moves.picking_id,
                       purchase_moves.move_id, purchase_moves.date,
                       purchase_moves.qty, purchase_moves.lots,
                       purchase_moves.is_receipt
                  FROM (%(purchase_moves)s) purchase_moves
                  JOIN purchase_order_line line
                       ON line.id = purchase_moves.purchase_line_id
            ),
            receipts AS (
                SELECT moves.order_id,
                       MAX(moves.date) AS date,
                       SUM(moves.qty) AS qty,
                       SUM(moves.lots) AS lots
                  FROM moves
                 WHERE moves.is_receipt
                 GROUP BY moves.order_id, COALESCE(moves.picking_id, -moves.move_id)
            ),
            ordered AS (
                SELECT line.order_id, SUM(line.product_uom_qty) AS qty
                  FROM purchase_order_line line
                  JOIN product_product product ON product.id = line.product_id
                  JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                 WHERE line.display_type IS NULL AND tmpl.type = 'consu'
                 GROUP BY line.order_id
            ),
            priced_lines AS (
                SELECT line.id,
                       orders.company_id,
                       orders.partner_id,
                       orders.date_approve AS date,
                       line.product_id,
                       item_uom.factor AS item_factor,
                       line.product_qty / line_uom.factor * item_uom.factor AS qty,
                       line.price_unit * (1 - COALESCE(line.discount, 0) / 100)
                           / COALESCE(NULLIF(po.currency_rate, 0), 1.0)
                           * line_uom.factor / item_uom.factor AS price
                  FROM purchase_order_line line
                  JOIN orders ON orders.id = line.order_id
                  JOIN purchase_order po ON po.id = line.order_id
                  JOIN product_product product ON product.id = line.product_id
                  JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                  JOIN uom_uom line_uom ON line_uom.id = line.product_uom
                  JOIN uom_uom item_uom ON item_uom.id = tmpl.uom_id
                 WHERE line.display_type IS NULL AND line.product_qty > 0
            ),
            priced AS (
                -- The reference price of a line: the supplier's vendor
                -- contract valid on the order's day, else the price of its
                -- previous order of the item.
                SELECT priced_lines.*,
                       COALESCE(
                           contract.price,
                           LAG(priced_lines.price) OVER (
                               PARTITION BY priced_lines.company_id,
                                            priced_lines.partner_id,
                                            priced_lines.product_id
                               ORDER BY priced_lines.date, priced_lines.id
                           )
                       ) AS reference
                  FROM priced_lines
                  LEFT JOIN LATERAL (
                    SELECT MIN(req_line.price_unit * req_uom.factor
                               / priced_lines.item_factor) AS price
                      FROM purchase_requisition_line req_line
                      JOIN purchase_requisition req
                           ON req.id = req_line.requisition_id
                      JOIN res_partner vendor ON vendor.id = req.vendor_id
                      JOIN uom_uom req_uom ON req_uom.id = req_line.product_uom_id
                     WHERE req.requisition_type = 'blanket_order'
                       AND req.state IN ('confirmed', 'done')
                       AND vendor.commercial_partner_id = priced_lines.partner_id
                       AND req_line.product_id = priced_lines.product_id
                       AND (req.date_start IS NULL
                            OR req.date_start <= priced_lines.date::date)
                       AND (req.date_end IS NULL
                            OR req.date_end >= priced_lines.date::date)
                  ) contract ON TRUE
            ),
            facts AS (
                SELECT company_id, partner_id, date_approve AS date,
                       1 AS order_count, spend,
                       0 AS receipt_count, 0 AS on_time_count,
                       0.0 AS lead_days_actual, 0.0 AS lead_days_promised,
                       0.0 AS qty_ordered, 0.0 AS qty_filled,
                       0.0 AS qty_received, 0.0 AS qty_claimed,
                       0.0 AS price_variance, 0.0 AS reference_amount,
                       0 AS lots_received, 0 AS lots_recalled
                  FROM orders
                UNION ALL
                SELECT orders.company_id, orders.partner_id, receipts.date,
                       0, 0.0,
                       1,
                       CASE WHEN receipts.date::date <= orders.date_planned::date
                            THEN 1 ELSE 0 END,
                       EXTRACT(EPOCH FROM receipts.date - orders.date_approve)
                           / 86400.0,
                       EXTRACT(EPOCH FROM orders.date_planned - orders.date_approve)
                           / 86400.0,
                       0.0, 0.0,
                       receipts.qty, 0.0, 0.0, 0.0,
                       receipts.lots, 0
                  FROM receipts
                  JOIN orders ON orders.id = receipts.order_id
                UNION ALL
                SELECT orders.company_id, orders.partner_id, MAX(receipts.date),
                       0, 0.0, 0, 0, 0.0, 0.0,
                       MAX(ordered.qty), SUM(receipts.qty),
                       0.0, 0.0, 0.0, 0.0, 0, 0
                  FROM orders
                  JOIN receipts ON receipts.order_id = orders.id
                  JOIN ordered ON ordered.order_id = orders.id
                 WHERE orders.clinic_status = 'received'
                 GROUP BY orders.id, orders.company_id, orders.partner_id
                UNION ALL
                SELECT orders.company_id, orders.partner_id, moves.date,
                       0, 0.0, 0, 0, 0.0, 0.0, 0.0, 0.0,
                       0.0, moves.qty, 0.0, 0.0, 0, 0
                  FROM moves
                  JOIN orders ON orders.id = moves.order_id
                 WHERE NOT moves.is_receipt
                UNION ALL
                SELECT claimed.company_id, claimed.partner_id, claimed.date,
                       0, 0.0, 0, 0, 0.0, 0.0, 0.0, 0.0,
                       0.0, claimed.qty, 0.0, 0.0, 0, 0
                  FROM (%(claimed)s) claimed
                UNION ALL
                SELECT recalled.company_id, recalled.partner_id, recalled.date,
                       0, 0.0, 0, 0, 0.0, 0.0, 0.0, 0.0,
                       0.0, 0.0, 0.0, 0.0, 0, recalled.lots
                  FROM (%(recalled)s) recalled
                UNION ALL
                SELECT priced.company_id, priced.partner_id, priced.date,
                       0, 0.0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                       (priced.price - priced.reference) * priced.qty,
                       priced.reference * priced.qty, 0, 0
                  FROM priced
                 WHERE priced.reference IS NOT NULL
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY DATE_TRUNC('month', facts.date),
                                facts.company_id, facts.partner_id
                   ) AS id,
                   DATE_TRUNC('month', facts.date)::date AS date,
                   facts.company_id,
                   facts.partner_id,
                   company.currency_id,
                   SUM(facts.order_count) AS order_count,
                   SUM(facts.spend) AS spend,
                   SUM(facts.receipt_count) AS receipt_count,
                   SUM(facts.on_time_count) AS on_time_count,
                   SUM(facts.lead_days_actual) AS lead_days_actual,
                   SUM(facts.lead_days_promised) AS lead_days_promised,
                   SUM(facts.qty_ordered) AS qty_ordered,
                   SUM(facts.qty_filled) AS qty_filled,
                   SUM(facts.qty_received) AS qty_received,
                   SUM(facts.qty_claimed) AS qty_claimed,
                   SUM(facts.price_variance) AS price_variance,
                   SUM(facts.reference_amount) AS reference_amount,
                   SUM(facts.lots_received) AS lots_received,
                   SUM(facts.lots_recalled) AS lots_recalled,
                   %(ratios)s
              FROM facts
              JOIN res_company company ON company.id = facts.company_id
             GROUP BY DATE_TRUNC('month', facts.date), facts.company_id,
                      facts.partner_id, company.currency_id
            """,
            ratios=ratios,
            purchase_moves=self._clinic_purchase_moves_sql(),
            claimed=self._clinic_claimed_sql(),
            recalled=self._clinic_recalled_lots_sql(),
        )
