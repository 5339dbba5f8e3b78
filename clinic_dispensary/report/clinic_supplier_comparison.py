# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .clinic_supplier_scorecard import ClinicSupplierScorecard

# (numerator, denominator, factor): ratios of sums, right for any grouping.
RATIOS = {
    "on_time_rate": ("on_time_count", "receipt_count", 100.0),
    "lead_time_actual": ("lead_days_actual", "receipt_count", 1.0),
    "quality_rate": ("qty_claimed", "qty_received", 100.0),
    "lot_recall_rate": ("lots_recalled", "lots_received", 100.0),
}


class ClinicSupplierComparison(models.Model):
    """Every supplier of an item side by side: what it offers today (its
    vendor price valid today, a confirmed vendor contract first, with its
    minimum quantity and promised lead time) and how it served the item
    (last price paid, actual lead time and on-time rate of its receipts,
    units claimed or returned ÷ units received, lots recalled ÷ lots
    received), per company.

    A supplier appears for an item it has a vendor price for or was
    ordered it from. Prices paid are in the company's currency at the
    order's rate; offers in their own currency. Units are the item's."""

    _name = "clinic.supplier.comparison"
    _inherit = "clinic.supplier.report.mixin"
    _description = "Supplier Comparison per Item"
    _clinic_ratios = RATIOS
    _auto = False
    _order = "product_id, offer_price, partner_id"
    _rec_name = "product_id"
    _depends = {
        **ClinicSupplierScorecard._depends,
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "price_unit",
            "discount",
            "display_type",
        ],
        "product.supplierinfo": [
            "partner_id",
            "product_id",
            "product_tmpl_id",
            "company_id",
            "currency_id",
            "price",
            "min_qty",
            "delay",
            "date_start",
            "date_end",
            "purchase_requisition_line_id",
        ],
        "purchase.requisition": ["state", "requisition_type"],
        "purchase.requisition.line": ["requisition_id"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Item Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    offer_currency_id = fields.Many2one("res.currency", readonly=True)
    offer_price = fields.Monetary(
        string="Price",
        currency_field="offer_currency_id",
        aggregator="min",
        readonly=True,
        help="The supplier's vendor price valid today (its contract's, if a "
        "confirmed vendor contract covers the item).",
    )
    is_contract = fields.Boolean(string="Contract Price", readonly=True)
    min_qty = fields.Float(
        string="Minimum Quantity",
        digits="Product Unit of Measure",
        aggregator="min",
        readonly=True,
    )
    lead_time_promised = fields.Integer(
        string="Promised Lead Time (days)", aggregator="avg", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    last_price = fields.Monetary(
        string="Last Price Paid",
        aggregator="min",
        readonly=True,
        help="Unit price of the last confirmed order line, in the company's "
        "currency, per the order line's unit.",
    )
    last_order_date = fields.Datetime(string="Last Ordered", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH offers AS (
                SELECT DISTINCT ON (si_company.id, product.id,
                                    partner.commercial_partner_id)
                       si_company.id AS company_id,
                       product.id AS product_id,
                       partner.commercial_partner_id AS partner_id,
                       si.currency_id AS offer_currency_id,
                       si.price AS offer_price,
                       req.id IS NOT NULL AS is_contract,
                       si.min_qty,
                       si.delay AS lead_time_promised
                  FROM product_supplierinfo si
                  JOIN product_product product
                       ON product.id = si.product_id
                       OR (si.product_id IS NULL
                           AND product.product_tmpl_id = si.product_tmpl_id)
                  JOIN res_partner partner ON partner.id = si.partner_id
                  JOIN res_company si_company
                       ON si.company_id IS NULL OR si_company.id = si.company_id
                  LEFT JOIN purchase_requisition_line req_line
                       ON req_line.id = si.purchase_requisition_line_id
                  LEFT JOIN purchase_requisition req
                       ON req.id = req_line.requisition_id
                      AND req.state = 'confirmed'
                      AND req.requisition_type = 'blanket_order'
                 WHERE (si.date_start IS NULL OR si.date_start <= CURRENT_DATE)
                   AND (si.date_end IS NULL OR si.date_end >= CURRENT_DATE)
                   AND (si.purchase_requisition_line_id IS NULL
                        OR req.id IS NOT NULL)
                 ORDER BY si_company.id, product.id,
                          partner.commercial_partner_id,
                          req.id IS NOT NULL DESC, si.min_qty, si.price, si.id
            ),
            lines AS (
                SELECT line.id,
                       po.company_id,
                       line.product_id,
                       partner.commercial_partner_id AS partner_id,
                       po.date_approve,
                       po.date_planned,
                       line.price_unit * (1 - COALESCE(line.discount, 0) / 100)
                           / COALESCE(NULLIF(po.currency_rate, 0), 1.0) AS price
                  FROM purchase_order_line line
                  JOIN purchase_order po ON po.id = line.order_id
                  JOIN res_partner partner ON partner.id = po.partner_id
                 WHERE po.state IN ('purchase', 'done')
                   AND po.date_approve IS NOT NULL
                   AND line.display_type IS NULL
                   AND line.product_id IS NOT NULL
            ),
            last_prices AS (
                SELECT DISTINCT ON (company_id, product_id, partner_id)
                       company_id, product_id, partner_id,
                       price AS last_price, date_approve AS last_order_date
                  FROM lines
                 ORDER BY company_id, product_id, partner_id,
                          date_approve DESC, id DESC
            ),
            moves AS (
                SELECT lines.company_id, lines.product_id, lines.partner_id,
                       purchase_moves.picking_id, purchase_moves.move_id,
                       purchase_moves.date, lines.date_planned, lines.date_approve,
                       purchase_moves.qty, purchase_moves.lots,
                       purchase_moves.is_receipt
                  FROM (%(purchase_moves)s) purchase_moves
                  JOIN lines ON lines.id = purchase_moves.purchase_line_id
            ),
            claims AS (
                %(claimed)s
            ),
            service AS (
                SELECT company_id, product_id, partner_id,
                       SUM(receipt) AS receipt_count,
                       SUM(on_time) AS on_time_count,
                       SUM(lead_days) AS lead_days_actual,
                       SUM(received) AS qty_received,
                       SUM(claimed) AS qty_claimed,
                       SUM(lots) AS lots_received,
                       SUM(recalled) AS lots_recalled
                  FROM (
                    SELECT company_id, product_id, partner_id,
                           1 AS receipt,
                           CASE WHEN MAX(date)::date <= MAX(date_planned)::date
                                THEN 1 ELSE 0 END AS on_time,
                           EXTRACT(EPOCH FROM MAX(date) - MAX(date_approve))
                               / 86400.0 AS lead_days,
                           SUM(qty) AS received,
                           0.0 AS claimed,
                           SUM(lots) AS lots,
                           0 AS recalled
                      FROM moves
                     WHERE is_receipt
                     GROUP BY company_id, product_id, partner_id,
                              COALESCE(picking_id, -move_id)
                    UNION ALL
                    SELECT company_id, product_id, partner_id, 0, 0, 0.0, 0.0, qty,
                           0, 0
                      FROM moves
                     WHERE NOT is_receipt
                    UNION ALL
                    SELECT company_id, product_id, partner_id, 0, 0, 0.0, 0.0, qty,
                           0, 0
                      FROM claims
                    UNION ALL
                    SELECT company_id, product_id, partner_id, 0, 0, 0.0, 0.0, 0.0,
                           0, lots
                      FROM (%(recalled)s) recalled
                  ) facts
                 GROUP BY company_id, product_id, partner_id
            ),
            keys AS (
                SELECT company_id, product_id, partner_id FROM offers
                UNION
                SELECT company_id, product_id, partner_id FROM last_prices
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY keys.company_id, keys.product_id, keys.partner_id
                   ) AS id,
                   keys.company_id, keys.product_id, keys.partner_id,
                   tmpl.categ_id,
                   offers.offer_currency_id, offers.offer_price,
                   COALESCE(offers.is_contract, FALSE) AS is_contract,
                   offers.min_qty, offers.lead_time_promised,
                   company.currency_id,
                   last_prices.last_price, last_prices.last_order_date,
                   COALESCE(service.receipt_count, 0) AS receipt_count,
                   COALESCE(service.on_time_count, 0) AS on_time_count,
                   100.0 * service.on_time_count
                       / NULLIF(service.receipt_count, 0) AS on_time_rate,
                   COALESCE(service.lead_days_actual, 0.0) AS lead_days_actual,
                   service.lead_days_actual
                       / NULLIF(service.receipt_count, 0) AS lead_time_actual,
                   COALESCE(service.qty_received, 0.0) AS qty_received,
                   COALESCE(service.qty_claimed, 0.0) AS qty_claimed,
                   100.0 * service.qty_claimed
                       / NULLIF(service.qty_received, 0) AS quality_rate,
                   COALESCE(service.lots_received, 0) AS lots_received,
                   COALESCE(service.lots_recalled, 0) AS lots_recalled,
                   100.0 * service.lots_recalled
                       / NULLIF(service.lots_received, 0) AS lot_recall_rate
              FROM keys
              JOIN res_company company ON company.id = keys.company_id
              JOIN product_product product ON product.id = keys.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              LEFT JOIN offers
                   ON offers.company_id = keys.company_id
                  AND offers.product_id = keys.product_id
                  AND offers.partner_id = keys.partner_id
              LEFT JOIN last_prices
                   ON last_prices.company_id = keys.company_id
                  AND last_prices.product_id = keys.product_id
                  AND last_prices.partner_id = keys.partner_id
              LEFT JOIN service
                   ON service.company_id = keys.company_id
                  AND service.product_id = keys.product_id
                  AND service.partner_id = keys.partner_id
            """,
            purchase_moves=self._clinic_purchase_moves_sql(),
            claimed=self._clinic_claimed_sql(),
            recalled=self._clinic_recalled_lots_sql(),
        )
