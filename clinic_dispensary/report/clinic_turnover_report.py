# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .clinic_waste_report import ClinicWasteReport


class ClinicTurnoverReport(models.Model):
    """Inventory turnover: one row per item, warehouse and month, read from
    the stock valuation layers (the cost at the time, FIFO/AVCO included).

    * A layer's warehouse is its move's source location's warehouse, or its
      destination's when the source has none (receipts, client returns).
    * Layers without a move (revaluations: a change of cost price) go to
      the warehouses holding the item at the layer's date, in proportion to
      the quantity each holds then (the sum of its rows' quantities until
      then, transfers included); when none holds any, nowhere (the value is
      in no row). They count in the inventory, never in the cost of goods
      or the waste.
    * Transfers between two warehouses of one company, directly or through
      its transit location, have no layers (Odoo values neither the moves
      between its internal and transit locations nor its transit location):
      each done leg without layers leaves its source warehouse (if any) and
      enters its destination warehouse (if any) on the move's date, at its
      done quantity × the item's average unit cost of the company's layers
      until then (their value / their quantity: exact for average and
      standard cost, FIFO's lots approximated by the running average).
      These rows count in the inventory, never in the cost of goods or the
      waste.
    * Months and days are the user's time zone's (as Odoo groups dates, and
      as the Waste and Sales by Item reports count them) of the layer's date
      (its creation, as Odoo's valuation at a date); a row is made for every
      month from the item's first layer in the warehouse to the current
      month while stock is valued there or anything moved.
    * Cost of goods: what left to clients or to the company's Clinic
      Consumption location (appointments' consumables), net of what came
      back from them.
    * Average inventory: the mean of the item's value in the warehouse at
      the end of each day of the month (time-weighted; the current month as
      if the stock stayed as it is until its end), computed exactly from
      the opening value and each layer's day: opening + Σ value × days left
      in the month (its own day included) / days in the month.
    * Waste: the Waste report's value (clinic.waste.report, its own query)
      of the scraps and reason-coded losses of the warehouse that month.

    Indexes (as planned on 200,000 layers, scripts/benchmark-turnover-report
    --explain): the layers of each move through
    stock_valuation_layer__stock_move_id_index; the moves in one sequential
    scan and the locations hashed (the report aggregates every layer, a
    whole-table aggregate: no index would read less); the waste
    report's moves through stock_move__location_dest_id_index and
    stock_location__usage_index, their layers, scrap reasons and lines
    through their move and scrap id indexes. Transfers: the moves in one
    more sequential scan (the done ones, their locations hashed),
    their layers' absence through stock_valuation_layer__stock_move_id_index,
    their done quantity through stock_move_line__move_id_index and the
    item's average cost through stock_valuation_layer_index (product_id
    first). Revaluations: the layers without a move through
    stock_valuation_layer__stock_move_id_index (IS NULL), the quantity each
    warehouse holds from the report's own rows (the moved rows, read once
    and kept)."""

    _name = "clinic.turnover.report"
    _description = "Inventory Turnover"
    _auto = False
    _order = "turn_rate desc, month desc, product_id"
    _rec_name = "product_id"
    _depends = {
        **ClinicWasteReport._depends,
        "stock.valuation.layer": [
            "company_id",
            "product_id",
            "value",
            "quantity",
            "create_date",
            "stock_move_id",
        ],
        "stock.move.line": [
            *ClinicWasteReport._depends["stock.move.line"],
            "quantity_product_uom",
        ],
        "stock.move": [
            *ClinicWasteReport._depends["stock.move"],
            "location_id",
            "location_dest_id",
        ],
        "stock.location": ["usage", "warehouse_id", "company_id"],
        "res.company": [
            "currency_id",
            "clinic_consumption_location_id",
            "clinic_carrying_cost_percent",
        ],
    }

    month = fields.Date(readonly=True, help="First day of the month.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Item Category", readonly=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Clinic", readonly=True)
    days_in_month = fields.Integer(readonly=True, aggregator="max")
    cogs = fields.Monetary(
        string="Cost of Goods Used",
        readonly=True,
        help="The cost of what left to clients (dispensed, delivered) and of "
        "the consumables appointments used, net of what came back, from the "
        "stock valuation.",
    )
    avg_inventory_value = fields.Monetary(
        string="Average Inventory",
        readonly=True,
        help="The mean of the item's stock value in the clinic at the end of "
        "each day of the month.",
    )
    turn_rate = fields.Float(
        string="Turns",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Cost of goods used / average inventory: how many times the "
        "stock turned over in the month (0 without inventory). Grouped: the "
        "group's cost of goods over its average inventory.",
    )
    days_of_inventory = fields.Float(
        string="Days of Inventory",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days in the month / turns: how many days the average inventory "
        "lasts at the month's pace (empty when nothing was used).",
    )
    holding_cost = fields.Monetary(
        readonly=True,
        help="What keeping the average inventory cost in the month: the "
        "company's carrying cost per year (Settings) × average inventory × "
        "days in the month / 365.",
    )
    waste_cost = fields.Monetary(
        string="Waste",
        readonly=True,
        help="The cost of the scraps and reason-coded count losses of the "
        "item in the clinic that month (as in the Waste report).",
    )

    @property
    def _table_query(self):
        waste = self.env["clinic.waste.report"]._table_query
        tz = self.env["calendar.event"]._clinic_tz().zone
        return SQL(
            """
            WITH moved AS (
                SELECT layer.company_id,
                       layer.product_id,
                       COALESCE(src.warehouse_id, dst.warehouse_id) AS warehouse_id,
                       layer.create_date AS date,
                       layer.value,
                       layer.quantity,
                       CASE WHEN src.warehouse_id IS NOT NULL
                            THEN dst.usage = 'customer' OR dst.id IN (
                                 SELECT clinic_consumption_location_id
                                   FROM res_company)
                            ELSE src.usage = 'customer' OR src.id IN (
                                 SELECT clinic_consumption_location_id
                                   FROM res_company)
                       END AS used
                  FROM stock_valuation_layer layer
                  JOIN stock_move move ON move.id = layer.stock_move_id
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dst ON dst.id = move.location_dest_id
                 WHERE COALESCE(src.warehouse_id, dst.warehouse_id) IS NOT NULL
                   -- transfers are valued below
                   AND (src.warehouse_id IS NULL OR dst.warehouse_id IS NULL)
                 UNION ALL
                -- transfers between clinics of one company (directly or
                -- through its transit location): Odoo values none, so each
                -- leg leaves its source clinic and enters its destination
                -- clinic at the item's average cost of the company's layers
                -- until the move's date (never used, never waste)
                SELECT move.company_id,
                       move.product_id,
                       side.warehouse_id,
                       move.date,
                       side.sign * done.quantity * cost.unit_cost,
                       side.sign * done.quantity,
                       FALSE
                  FROM stock_move move
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dst ON dst.id = move.location_dest_id
                 CROSS JOIN LATERAL (
                       SELECT SUM(line.quantity_product_uom) AS quantity
                         FROM stock_move_line line
                        WHERE line.move_id = move.id
                       ) done
                 CROSS JOIN LATERAL (
                       SELECT SUM(svl.value) / NULLIF(SUM(svl.quantity), 0)
                              AS unit_cost
                         FROM stock_valuation_layer svl
                        WHERE svl.product_id = move.product_id
                          AND svl.company_id = move.company_id
                          AND svl.create_date <= move.date
                       ) cost
                 CROSS JOIN LATERAL (
                       VALUES (src.warehouse_id, -1), (dst.warehouse_id, 1)
                       ) side(warehouse_id, sign)
                 WHERE move.state = 'done'
                   AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id
                   AND src.usage IN ('internal', 'transit')
                   AND dst.usage IN ('internal', 'transit')
                   AND src.company_id = move.company_id
                   AND dst.company_id = move.company_id
                   AND side.warehouse_id IS NOT NULL
                   AND cost.unit_cost IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM stock_valuation_layer valued
                        WHERE valued.stock_move_id = move.id)
            ),
            layer AS (
                SELECT company_id, product_id, warehouse_id, date, value, used
                  FROM moved
                 UNION ALL
                -- revaluations (layers without a move: a change of cost
                -- price): their value goes to the clinics holding the item
                -- then, in proportion to the quantity each holds (its rows
                -- above until then); nowhere when none holds any (never
                -- used, never waste)
                SELECT reval.company_id,
                       reval.product_id,
                       held.warehouse_id,
                       reval.create_date,
                       reval.value * held.quantity / SUM(held.quantity) OVER (
                           PARTITION BY reval.id),
                       FALSE
                  FROM stock_valuation_layer reval
                 CROSS JOIN LATERAL (
                       SELECT moved.warehouse_id,
                              SUM(moved.quantity) AS quantity
                         FROM moved
                        WHERE moved.company_id = reval.company_id
                          AND moved.product_id = reval.product_id
                          AND moved.date <= reval.create_date
                        GROUP BY moved.warehouse_id
                       HAVING SUM(moved.quantity) > 0
                       ) held
                 WHERE reval.stock_move_id IS NULL
            ),
            dated AS (
                SELECT company_id, product_id, warehouse_id, value, used,
                       date_trunc('month', date
                                  AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
                       )::date AS month,
                       EXTRACT(DAY FROM date
                               AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s) AS day
                  FROM layer
            ),
            layer_month AS (
                SELECT company_id, product_id, warehouse_id, month,
                       SUM(value) AS net_value,
                       SUM(value * (days.n - day + 1) / days.n) AS weighted_value,
                       -SUM(value) FILTER (WHERE used) AS cogs
                  FROM dated
                 CROSS JOIN LATERAL (
                       SELECT EXTRACT(
                           DAY FROM month + interval '1 month - 1 day') AS n
                       ) days
                 GROUP BY company_id, product_id, warehouse_id, month
            ),
            waste_month AS (
                SELECT waste.company_id,
                       waste.product_id,
                       location.warehouse_id,
                       date_trunc('month', waste.date
                                  AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
                       )::date AS month,
                       SUM(waste.value) AS waste_cost
                  FROM (%(waste)s) waste
                  JOIN stock_location location ON location.id = waste.location_id
                 WHERE location.warehouse_id IS NOT NULL
                 GROUP BY 1, 2, 3, 4
            ),
            activity AS (
                SELECT company_id, product_id, warehouse_id, month,
                       SUM(net_value) AS net_value,
                       SUM(weighted_value) AS weighted_value,
                       SUM(cogs) AS cogs,
                       SUM(waste_cost) AS waste_cost
                  FROM (
                        SELECT company_id, product_id, warehouse_id, month,
                               net_value, weighted_value, cogs,
                               NULL::numeric AS waste_cost
                          FROM layer_month
                        UNION ALL
                        SELECT company_id, product_id, warehouse_id, month,
                               NULL, NULL, NULL, waste_cost
                          FROM waste_month
                       ) parts
                 GROUP BY company_id, product_id, warehouse_id, month
            ),
            span AS (
                -- each month with activity, its opening value (the layers
                -- before it) and the next month with activity
                SELECT activity.*,
                       COALESCE(SUM(activity.net_value) OVER (
                           PARTITION BY activity.company_id, activity.product_id,
                                        activity.warehouse_id
                           ORDER BY activity.month
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ), 0) AS opening,
                       LEAD(activity.month) OVER (
                           PARTITION BY activity.company_id, activity.product_id,
                                        activity.warehouse_id
                           ORDER BY activity.month
                       ) AS next_month
                  FROM activity
            ),
            monthly AS (
                -- the month with activity, then the quiet months after it
                -- (until the next one, or the current month) while stock is
                -- valued: the value at its end all month, nothing used
                SELECT span.company_id, span.product_id, span.warehouse_id,
                       series.month::date AS month,
                       CASE WHEN series.month = span.month
                            THEN span.opening
                                 + COALESCE(span.weighted_value, 0)
                            ELSE span.opening + COALESCE(span.net_value, 0)
                       END AS avg_inventory_value,
                       CASE WHEN series.month = span.month
                            THEN COALESCE(span.cogs, 0) ELSE 0 END AS cogs,
                       CASE WHEN series.month = span.month
                            THEN COALESCE(span.waste_cost, 0) ELSE 0
                       END AS waste_cost,
                       EXTRACT(DAY FROM series.month
                               + interval '1 month - 1 day')::int AS days_in_month
                  FROM span
                 CROSS JOIN LATERAL generate_series(
                       span.month,
                       CASE WHEN ROUND(span.opening
                                       + COALESCE(span.net_value, 0), 2) = 0
                            THEN span.month
                            ELSE COALESCE(
                                span.next_month - interval '1 month',
                                GREATEST(span.month, date_trunc(
                                    'month', now() AT TIME ZONE %(tz)s)))
                       END,
                       interval '1 month') AS series(month)
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY monthly.month, monthly.warehouse_id,
                                monthly.product_id
                   ) AS id,
                   monthly.month,
                   monthly.company_id,
                   company.currency_id,
                   monthly.product_id,
                   tmpl.categ_id,
                   monthly.warehouse_id,
                   monthly.days_in_month,
                   monthly.cogs,
                   monthly.avg_inventory_value,
                   CASE WHEN monthly.avg_inventory_value > 0
                        THEN monthly.cogs / monthly.avg_inventory_value
                        ELSE 0 END AS turn_rate,
                   CASE WHEN monthly.avg_inventory_value > 0 AND monthly.cogs > 0
                        THEN monthly.days_in_month * monthly.avg_inventory_value
                             / monthly.cogs
                   END AS days_of_inventory,
                   COALESCE(company.clinic_carrying_cost_percent, 0) / 100.0
                       * monthly.avg_inventory_value
                       * monthly.days_in_month / 365.0 AS holding_cost,
                   monthly.waste_cost
              FROM monthly
              JOIN res_company company ON company.id = monthly.company_id
              JOIN product_product product ON product.id = monthly.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
            """,
            waste=waste,
            tz=tz,
        )

    def _read_group_select(self, aggregate_spec, query):
        """A group's turns and days of inventory are its own ratios (its cost
        of goods over its average inventory), not a sum nor an average of its
        rows'."""
        fname = aggregate_spec.split(":")[0]
        if fname not in ("turn_rate", "days_of_inventory"):
            return super()._read_group_select(aggregate_spec, query)
        cogs = SQL("SUM(%s)", self._field_to_sql(self._table, "cogs", query))
        inventory = SQL(
            "SUM(%s)", self._field_to_sql(self._table, "avg_inventory_value", query)
        )
        if fname == "turn_rate":
            return SQL(
                "CASE WHEN %(inventory)s > 0 THEN %(cogs)s / %(inventory)s ELSE 0 END",
                cogs=cogs,
                inventory=inventory,
            )
        return SQL(
            "CASE WHEN %(inventory)s > 0 AND %(cogs)s > 0 "
            "THEN SUM(%(days)s * %(value)s) / %(cogs)s END",
            cogs=cogs,
            inventory=inventory,
            days=self._field_to_sql(self._table, "days_in_month", query),
            value=self._field_to_sql(self._table, "avg_inventory_value", query),
        )
