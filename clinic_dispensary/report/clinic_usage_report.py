# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class ClinicUsageReport(models.Model):
    """Weekly usage per item and warehouse, with the projection of the
    reorder advice for the weeks it covers: trend and season at a glance.

    * usage: deliveries to clients and moves to the Clinic Consumption
      location, net of their returns (what the advice averages), per week of
      the move's date (weeks start on Monday, UTC days);
    * projection: the advice's projected daily usage × 7, for the weeks
      from the one it was computed in to the end of its lead time and cover.

    Units are the item's."""

    _name = "clinic.usage.report"
    _description = "Usage and Projection"
    _auto = False
    _order = "date desc, product_id"
    _rec_name = "product_id"
    _depends = {
        "stock.move": [
            "state",
            "date",
            "quantity",
            "product_uom",
            "product_id",
            "location_id",
            "location_dest_id",
        ],
        "stock.location": ["usage", "warehouse_id"],
        "stock.warehouse": ["company_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
        "res.company": ["clinic_consumption_location_id"],
        "clinic.reorder.advice": [
            "product_id",
            "categ_id",
            "warehouse_id",
            "company_id",
            "projected_daily_usage",
            "lead_time_days",
            "cover_days",
            "date_computed",
        ],
    }

    date = fields.Date(string="Week", readonly=True)
    kind = fields.Selection(
        [("usage", "Usage"), ("projection", "Projection")], readonly=True
    )
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    usage_qty = fields.Float(
        string="Usage", readonly=True, digits="Product Unit of Measure"
    )
    projected_qty = fields.Float(
        string="Projection", readonly=True, digits="Product Unit of Measure"
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (
                       ORDER BY kind, date, product_id, warehouse_id
                   ) AS id, * FROM (
                SELECT date_trunc('week', m.date)::date AS date,
                       'usage' AS kind,
                       m.product_id AS product_id,
                       pt.categ_id AS categ_id,
                       w.id AS warehouse_id,
                       w.company_id AS company_id,
                       SUM(CASE WHEN src.usage = 'internal' THEN 1 ELSE -1 END
                           * m.quantity / mu.factor * pu.factor) AS usage_qty,
                       0.0 AS projected_qty
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN stock_warehouse w
                       ON w.id = CASE WHEN src.usage = 'internal'
                                      THEN src.warehouse_id
                                      ELSE dst.warehouse_id END
                  JOIN uom_uom mu ON mu.id = m.product_uom
                  JOIN product_product p ON p.id = m.product_id
                  JOIN product_template pt ON pt.id = p.product_tmpl_id
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE m.state = 'done'
                   AND ((src.usage = 'internal'
                         AND (dst.usage = 'customer' OR dst.id IN (
                              SELECT clinic_consumption_location_id
                                FROM res_company)))
                     OR (dst.usage = 'internal'
                         AND (src.usage = 'customer' OR src.id IN (
                              SELECT clinic_consumption_location_id
                                FROM res_company))))
                 GROUP BY 1, 3, 4, 5, 6
                UNION ALL
                SELECT week::date AS date,
                       'projection' AS kind,
                       a.product_id,
                       a.categ_id,
                       a.warehouse_id,
                       a.company_id,
                       0.0 AS usage_qty,
                       a.projected_daily_usage * 7 AS projected_qty
                  FROM clinic_reorder_advice a
                  CROSS JOIN LATERAL generate_series(
                       date_trunc('week', a.date_computed),
                       a.date_computed + make_interval(
                           days => COALESCE(a.lead_time_days, 0)
                                   + COALESCE(a.cover_days, 0)),
                       interval '1 week') AS week
                 WHERE a.projected_daily_usage > 0
            ) report
            """
        )
