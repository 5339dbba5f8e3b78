# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.clinic_stockout_event import STOCKOUT_CAUSES


class ClinicStockoutReport(models.Model):
    """Stock-outs per item, warehouse, month and cause, from the
    stock-out events (clinic.stockout.event), with the distinct appointments
    and patients they affected and the days the item spent below its
    reordering rule's minimum that month.

    Indexes: events are read whole (grouped); their appointments and
    patients through the relation tables' primary keys (stockout_id first);
    reordering rules by stock_warehouse_orderpoint's (product_id,
    location_id, company_id) unique index; the stock on hand through
    stock_quant's product_id index, and the item's moves since its first
    month with a stock-out through stock_move's product_id indexes
    (stock_move__product_id_index, stock_move_product_location_index), read
    once per item and clinic (not once per month: a move of January would
    be read again for every later month). The days are then one row per
    item, clinic and day, summed from the end by one window function."""

    _name = "clinic.stockout.report"
    _description = "Stock-Outs Analysis"
    _auto = False
    _order = "month desc, occurrence_count desc, product_id"
    _rec_name = "product_id"
    _depends = {
        "clinic.stockout.event": [
            "date",
            "company_id",
            "product_id",
            "categ_id",
            "warehouse_id",
            "cause",
            "occurrence_count",
            "quantity_short",
            "product_uom_id",
            "cost_short",
            "appointment_ids",
            "partner_ids",
        ],
        "stock.warehouse.orderpoint": [
            "product_id",
            "warehouse_id",
            "location_id",
            "product_min_qty",
            "active",
        ],
        "stock.quant": ["product_id", "location_id", "quantity"],
        "stock.move": [
            "state",
            "date",
            "product_id",
            "product_qty",
            "location_id",
            "location_dest_id",
        ],
        "stock.location": ["parent_path"],
        "res.company": ["currency_id"],
    }

    month = fields.Date(readonly=True, help="First day of the month.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Item Category", readonly=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Clinic", readonly=True)
    cause = fields.Selection(STOCKOUT_CAUSES, readonly=True)
    occurrence_count = fields.Integer(string="Occurrences", readonly=True)
    quantity_short = fields.Float(
        readonly=True,
        digits="Product Unit of Measure",
        help="What was missing, in the item's unit.",
    )
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    cost_short = fields.Monetary(
        readonly=True, help="The quantity short at the item's cost when recorded."
    )
    appointment_count = fields.Integer(
        string="Appointments",
        readonly=True,
        help="The distinct appointments affected (in a group of several "
        "rows, each once).",
    )
    patient_count = fields.Integer(
        string="Patients",
        readonly=True,
        help="The distinct patients affected (in a group of several rows, each once).",
    )
    days_below_minimum = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days of the month (the user's days, up to today) at whose end the "
        "item's stock on hand in the location of its reordering rule in this "
        "clinic was below the rule's minimum (the highest minimum when it "
        "has several). The stock at the end of a day is today's on-hand "
        "stock less what the done moves brought in after that day, plus "
        "what they took out. 0 without a reordering rule. The same for every "
        "cause of the item that month.",
    )

    @property
    def _table_query(self):
        # Days are the user's, as the events' dates (context_today) and the
        # other reports' months: a delivery at 23:00 local time counts on
        # that day, not on the next UTC one.
        tz = self.env["calendar.event"]._clinic_tz().zone
        return SQL(
            """
            WITH grouped AS (
                SELECT date_trunc('month', event.date)::date AS month,
                       event.company_id,
                       event.product_id,
                       event.warehouse_id,
                       event.cause,
                       SUM(event.occurrence_count) AS occurrence_count,
                       SUM(event.quantity_short) AS quantity_short,
                       SUM(event.cost_short) AS cost_short,
                       ARRAY_AGG(event.id) AS event_ids
                  FROM clinic_stockout_event event
                 GROUP BY 1, 2, 3, 4, 5
            ),
            rule AS (
                SELECT DISTINCT ON (op.product_id, op.warehouse_id)
                       op.product_id, op.warehouse_id, op.product_min_qty,
                       location.parent_path
                  FROM stock_warehouse_orderpoint op
                  JOIN stock_location location ON location.id = op.location_id
                 WHERE op.active
                   AND (op.product_id, op.warehouse_id) IN (
                       SELECT product_id, warehouse_id FROM grouped)
                 ORDER BY op.product_id, op.warehouse_id,
                          op.product_min_qty DESC, op.id
            ),
            item_month AS (
                SELECT DISTINCT grouped.month, grouped.product_id,
                       grouped.warehouse_id, rule.product_min_qty,
                       rule.parent_path
                  FROM grouped
                  JOIN rule ON rule.product_id = grouped.product_id
                           AND rule.warehouse_id = grouped.warehouse_id
            ),
            span AS (
                -- each item's clinic once, from its first month with a
                -- stock-out to today
                SELECT product_id, warehouse_id, parent_path, product_min_qty,
                       MIN(month) AS first_day,
                       (now() AT TIME ZONE %(tz)s)::date AS today
                  FROM item_month
                 GROUP BY 1, 2, 3, 4
            ),
            flow AS (
                -- the done moves into (+) and out of (-) the rule's
                -- location since the first month, per local day: each
                -- move read once, whatever the months it is after
                SELECT span.product_id, span.warehouse_id,
                       (move.date AT TIME ZONE 'UTC'
                                  AT TIME ZONE %(tz)s)::date AS day,
                       SUM(CASE WHEN starts_with(dst.parent_path,
                                                 span.parent_path)
                                THEN move.product_qty
                                ELSE -move.product_qty END) AS quantity
                  FROM span
                  JOIN stock_move move
                       ON move.product_id = span.product_id
                      AND move.state = 'done'
                      -- the first month's first local midnight, in UTC
                      AND move.date >= (span.first_day::timestamp
                                        AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC'
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dst ON dst.id = move.location_dest_id
                 WHERE starts_with(src.parent_path, span.parent_path)
                       <> starts_with(dst.parent_path, span.parent_path)
                 GROUP BY 1, 2, 3
            ),
            on_hand AS (
                SELECT span.product_id, span.warehouse_id,
                       SUM(quant.quantity) AS quantity
                  FROM span
                  JOIN stock_quant quant ON quant.product_id = span.product_id
                  JOIN stock_location location
                       ON location.id = quant.location_id
                 WHERE starts_with(location.parent_path, span.parent_path)
                 GROUP BY 1, 2
            ),
            movement AS (
                -- one row per day from the first month on (every day to
                -- today, and any later day a move is dated): what moved
                -- that day. A union, not a join: no day is matched to a
                -- move one by one.
                SELECT product_id, warehouse_id, day, SUM(quantity) AS quantity
                  FROM (
                       SELECT span.product_id, span.warehouse_id,
                              day.day::date AS day, 0 AS quantity
                         FROM span
                        CROSS JOIN LATERAL generate_series(
                              span.first_day, span.today,
                              interval '1 day') AS day(day)
                        UNION ALL
                       SELECT product_id, warehouse_id, day, quantity
                         FROM flow
                       ) days
                 GROUP BY 1, 2, 3
            ),
            daily AS (
                -- the stock at the end of each day: today's, less what came
                -- in after that day, plus what went out
                SELECT movement.product_id, movement.warehouse_id,
                       movement.day,
                       COALESCE(on_hand.quantity, 0)
                       - COALESCE(SUM(movement.quantity) OVER (
                             PARTITION BY movement.product_id,
                                          movement.warehouse_id
                             ORDER BY movement.day DESC
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                         ), 0) AS quantity
                  FROM movement
                  LEFT JOIN on_hand
                       ON on_hand.product_id = movement.product_id
                      AND on_hand.warehouse_id = movement.warehouse_id
            ),
            below AS (
                -- per month, its days up to today
                SELECT date_trunc('month', daily.day)::date AS month,
                       daily.product_id, daily.warehouse_id,
                       COUNT(*) FILTER (
                           WHERE daily.quantity < span.product_min_qty
                       ) AS days
                  FROM daily
                  JOIN span ON span.product_id = daily.product_id
                           AND span.warehouse_id = daily.warehouse_id
                 WHERE daily.day <= span.today
                 GROUP BY 1, 2, 3
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY grouped.month, grouped.warehouse_id,
                                grouped.product_id, grouped.cause
                   ) AS id,
                   grouped.month,
                   grouped.company_id,
                   company.currency_id,
                   grouped.product_id,
                   tmpl.categ_id,
                   grouped.warehouse_id,
                   grouped.cause,
                   grouped.occurrence_count,
                   grouped.quantity_short,
                   tmpl.uom_id AS product_uom_id,
                   grouped.cost_short,
                   grouped.event_ids,
                   appointments.count AS appointment_count,
                   patients.count AS patient_count,
                   COALESCE(below.days, 0) AS days_below_minimum
              FROM grouped
              JOIN res_company company ON company.id = grouped.company_id
              JOIN product_product product ON product.id = grouped.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              LEFT JOIN below ON below.month = grouped.month
                             AND below.product_id = grouped.product_id
                             AND below.warehouse_id = grouped.warehouse_id
             CROSS JOIN LATERAL (
                   SELECT COUNT(DISTINCT rel.event_id) AS count
                     FROM clinic_stockout_event_appointment_rel rel
                    WHERE rel.stockout_id = ANY(grouped.event_ids)
                   ) appointments
             CROSS JOIN LATERAL (
                   SELECT COUNT(DISTINCT rel.partner_id) AS count
                     FROM clinic_stockout_event_partner_rel rel
                    WHERE rel.stockout_id = ANY(grouped.event_ids)
                   ) patients
            """,
            tz=tz,
        )

    def _read_group_select(self, aggregate_spec, query):
        """A group's appointments and patients are each counted once, even
        when they are in several of its rows (causes, months, clinics): the
        distinct ones of the group's events."""
        fname, __, func = aggregate_spec.partition(":")
        relation = {
            "appointment_count": ("clinic_stockout_event_appointment_rel", "event_id"),
            "patient_count": ("clinic_stockout_event_partner_rel", "partner_id"),
        }.get(fname)
        if not relation or func != "sum":
            return super()._read_group_select(aggregate_spec, query)
        self._field_to_sql(self._table, fname, query)  # its access checks
        table, column = relation
        # the group's event ids: its rows' arrays joined (arrays of unequal
        # lengths cannot be aggregated as arrays)
        event_ids = SQL(
            "string_to_array(string_agg(array_to_string(%s, ','), ','), ',')::int[]",
            SQL.identifier(self._table, "event_ids"),
        )
        return SQL(
            "(SELECT COUNT(DISTINCT rel.%(column)s) FROM %(table)s rel"
            " WHERE rel.stockout_id = ANY(%(event_ids)s))",
            column=SQL.identifier(column),
            table=SQL.identifier(table),
            event_ids=event_ids,
        )
