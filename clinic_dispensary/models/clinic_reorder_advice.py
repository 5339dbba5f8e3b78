# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import math
from collections import defaultdict
from datetime import timedelta
from statistics import NormalDist

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero

# Shortest stretch of last year the seasonal factor compares (days): a
# week or two of history is noise.
SEASON_MIN_DAYS = 28
# Column types of the rows written in bulk (_clinic_replace_rows).
SQL_TYPES = {
    "many2one": "integer",
    "integer": "integer",
    "float": "numeric",
    "boolean": "boolean",
    "text": "text",
    "date": "date",
    "datetime": "timestamp",
}
# Receipts measured for the lead time: those of the last year.
LEAD_TIME_HISTORY_DAYS = 365


def _ceil_unit(quantity):
    """Round up to a whole unit, ignoring float noise (4.0000001 is 4)."""
    return float(math.ceil(round(quantity, 6)))


class ClinicReorderAdvice(models.Model):
    """What to order, item by item and clinic warehouse by warehouse, from
    the usage history and the appointments already booked.

    Rows are computed in bulk (``action_compute``, daily scheduled action):
    a fixed number of queries whatever the number of items. See the README,
    *Reorder advice*, for the formulas."""

    _name = "clinic.reorder.advice"
    _description = "Reorder Advice"
    _order = "needs_reorder desc, stockout_date, product_id, warehouse_id"
    _rec_name = "product_id"
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", string="Item", required=True, readonly=True, index=True
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    categ_id = fields.Many2one(
        related="product_id.categ_id", store=True, string="Category"
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        related="warehouse_id.company_id", store=True, index=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The item's preferred supplier: the first line of its vendor list.",
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True)
    history_days = fields.Integer(
        string="Days of History",
        readonly=True,
        help="Days the usage average is taken over: the history window, or "
        "the days since the item was first used when shorter.",
    )
    avg_daily_usage = fields.Float(
        string="Average Daily Usage",
        digits="Product Unit of Measure",
        readonly=True,
        help="Deliveries to clients plus consumption by appointments, net of "
        "returns, over the days of history.",
    )
    usage_stddev = fields.Float(
        string="Daily Usage Deviation",
        digits="Product Unit of Measure",
        readonly=True,
        help="Standard deviation of the daily usage over the days of history.",
    )
    trend = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Slope of the weekly usage (units per week, per week) over the "
        "days of history: positive when usage rises.",
    )
    seasonal_factor = fields.Float(
        digits=(16, 2),
        readonly=True,
        default=1.0,
        help="Usage in the coming weeks' period last year against last "
        "year's average; 1 without a year of history.",
    )
    growth_percent = fields.Float(
        string="Growth (%)",
        digits=(16, 1),
        readonly=True,
        help="Usage growth year over year (measured with two years of "
        "history) or the company's projection.",
    )
    projected_daily_usage = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Average daily usage × seasonal factor × (1 + growth).",
    )
    lead_time_days = fields.Integer(
        string="Lead Time (days)",
        readonly=True,
        help="The supplier's promised delay, or the measured average of its "
        "receipts of the last year when that is longer.",
    )
    cover_days = fields.Integer(string="Cover (days)", readonly=True)
    booked_demand = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="What the appointments booked within the lead time and cover "
        "will dispense or consume.",
    )
    booked_demand_lead = fields.Float(
        string="Booked within Lead Time",
        digits="Product Unit of Measure",
        readonly=True,
    )
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    reorder_point = fields.Float(digits="Product Unit of Measure", readonly=True)
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True
    )
    qty_incoming = fields.Float(
        string="Incoming", digits="Product Unit of Measure", readonly=True
    )
    qty_outgoing = fields.Float(
        string="Reserved / To Deliver",
        digits="Product Unit of Measure",
        readonly=True,
        help="What pending deliveries and consumption will take out.",
    )
    qty_forecast = fields.Float(
        string="Stock Position",
        digits="Product Unit of Measure",
        readonly=True,
        help="On hand + incoming - reserved and to deliver.",
    )
    suggested_qty = fields.Float(
        string="Suggested Quantity",
        digits="Product Unit of Measure",
        help="Enough to cover the lead time and the cover period beyond the "
        "stock position, rounded up to the supplier's minimum and packaging. "
        "May be changed before creating the RFQ.",
    )
    stockout_date = fields.Date(
        string="Stock-out On",
        readonly=True,
        help="The first day free stock is projected to run out, within the "
        "lead time and cover.",
    )
    needs_reorder = fields.Boolean(
        readonly=True,
        help="The stock position is at or below the reorder point.",
    )
    no_supplier = fields.Boolean(
        readonly=True, help="The item has no supplier: no RFQ can be made."
    )
    no_history = fields.Boolean(
        readonly=True, help="The item has no usage in the history window."
    )
    purchase_id = fields.Many2one(
        "purchase.order", string="RFQ", readonly=True, check_company=True
    )
    explanation = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "product_warehouse_uniq",
            "unique (product_id, warehouse_id)",
            "One advice per item and warehouse.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def action_compute(self):
        """Recompute every row of the user's companies (callable over RPC).

        :return: the number of rows
        """
        if not self.env.is_superuser():
            self.check_access("create")
        companies = self.env.companies
        rows = self.sudo()._clinic_compute(companies)
        return len(rows)

    @api.model
    def action_refresh(self):
        """The list's Refresh button: compute, say how many, reload."""
        count = self.action_compute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Reorder advice computed for %s rows.", count),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _clinic_cron_compute(self):
        companies = self.env["res.company"].sudo().search([])
        self.sudo().with_context(allowed_company_ids=companies.ids)._clinic_compute(
            companies
        )

    @api.model
    def _clinic_compute(self, companies):
        Event = self.env["calendar.event"]
        tz = Event._clinic_tz()
        today = fields.Date.context_today(Event)
        warehouses = self.env["stock.warehouse"].search(
            [("company_id", "in", companies.ids)]
        )
        products = self.env["product.product"].search(
            [
                ("is_storable", "=", True),
                ("company_id", "in", [False, *companies.ids]),
            ]
        )
        pairs = [
            (product, warehouse)
            for product in products
            for warehouse in warehouses
            if not product.company_id or product.company_id == warehouse.company_id
        ]
        suppliers = self._clinic_suppliers(products, companies)
        lead_times = self._clinic_lead_times(products, suppliers, today, tz)
        settings = {
            company.id: (
                company.clinic_forecast_history_days,
                company.clinic_forecast_cover_days,
            )
            for company in companies
        }
        horizons = {
            (product.id, company_id): lead_times[product.id][0] + cover
            for product in products
            for company_id, (_history, cover) in settings.items()
        }
        usage = self._clinic_usage(
            products, warehouses, companies, today, tz, horizons, settings
        )
        max_horizon = max(horizons.values(), default=0)
        demand = (
            Event._clinic_booked_demand(
                today, today + timedelta(days=max_horizon), products, companies
            )
            if max_horizon
            else {}
        )
        booked = defaultdict(list)
        for (product_id, warehouse_id, day), quantity in demand.items():
            booked[product_id, warehouse_id].append(((day - today).days, quantity))
        position = warehouses._clinic_stock_position(products, tz)
        now = fields.Datetime.now()
        vals_list = [
            self._clinic_prepare_vals(
                product,
                warehouse,
                suppliers.get((product.id, warehouse.company_id.id)),
                lead_times[product.id],
                usage.get((product.id, warehouse.id)),
                booked.get((product.id, warehouse.id), []),
                position,
                today,
                now,
            )
            for product, warehouse in pairs
        ]
        rows = self._clinic_replace_rows(companies, vals_list)
        # Appointments ahead follow the same forecast: booked in the
        # meantime, their stock may have run short (or come in). Those
        # flagged before and now past, billed or archived are cleared.
        Event = Event.sudo().with_context(active_test=False)
        (
            Event.search(Event._clinic_booked_domain(today, companies=companies))
            | Event.search(
                [
                    ("clinic_stock_risk", "=", True),
                    ("company_id", "in", companies.ids),
                ]
            )
        )._clinic_update_stock_risk()
        return rows

    @api.model
    def _clinic_replace_rows(self, companies, vals_list):
        """Replace the rows of ``companies`` by ``vals_list`` in two queries,
        whatever their number (the ORM's create inserts by hundreds and
        computes the related fields record by record). The rows are derived
        data: nothing else points to them."""
        products = self.env["product.product"].browse(
            [vals["product_id"] for vals in vals_list]
        )
        warehouses = self.env["stock.warehouse"].browse(
            [vals["warehouse_id"] for vals in vals_list]
        )
        categ_of = {product.id: product.categ_id.id for product in products}
        company_of = {warehouse.id: warehouse.company_id.id for warehouse in warehouses}
        now = fields.Datetime.now()
        records = [
            {
                **vals,
                "categ_id": categ_of[vals["product_id"]],
                "company_id": company_of[vals["warehouse_id"]],
                "create_uid": self.env.uid,
                "write_uid": self.env.uid,
                "create_date": fields.Datetime.to_string(now),
                "write_date": fields.Datetime.to_string(now),
                "date_computed": fields.Datetime.to_string(vals["date_computed"]),
                "stockout_date": vals["stockout_date"]
                and fields.Date.to_string(vals["stockout_date"])
                or None,
                "supplier_id": vals["supplier_id"] or None,
            }
            for vals in vals_list
        ]
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM clinic_reorder_advice WHERE company_id = ANY(%s)",
                companies.ids,
            )
        )
        if records:
            columns = [
                (name, SQL_TYPES[self._fields[name].type]) for name in records[0]
            ]
            cr.execute(
                SQL(
                    "INSERT INTO clinic_reorder_advice (%s) SELECT %s "
                    "FROM jsonb_to_recordset(%s) AS r(%s)",
                    SQL(", ").join(SQL.identifier(name) for name, _type in columns),
                    SQL(", ").join(SQL.identifier(name) for name, _type in columns),
                    json.dumps(records),
                    SQL(", ").join(
                        SQL("%s %s", SQL.identifier(name), SQL(sql_type))
                        for name, sql_type in columns
                    ),
                )
            )
        self.invalidate_model()
        return self.search([("company_id", "in", companies.ids)])

    @api.model
    def _clinic_suppliers(self, products, companies):
        """{(product id, company id): preferred supplier info} (first line of
        the vendor list valid for the company and the variant)."""
        result = {}
        for product in products:
            sellers = product.product_tmpl_id._clinic_sorted_sellers()
            for company in companies:
                for seller in sellers:
                    if seller.company_id and seller.company_id != company:
                        continue
                    if seller.product_id and seller.product_id != product:
                        continue
                    result[product.id, company.id] = seller
                    break
        return result

    @api.model
    def _clinic_lead_times(self, products, suppliers, today, tz):
        """{product id: (lead time days, promised, measured or None)}."""
        self.env["stock.move"].flush_model()
        self.env["purchase.order"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.product_id, po.partner_id,
                       AVG(EXTRACT(EPOCH FROM m.date - po.date_approve) / 86400.0)
                  FROM stock_move m
                  JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  -- receipts only: a return to the supplier months later is
                  -- linked to the order line too
                  JOIN stock_location source ON source.id = m.location_id
                 WHERE m.state = 'done'
                   AND source.usage = 'supplier'
                   AND m.product_id = ANY(%s)
                   AND m.date >= %s
                   AND po.date_approve IS NOT NULL
                 GROUP BY 1, 2
                """,
                products.ids,
                fields.Datetime.now() - timedelta(days=LEAD_TIME_HISTORY_DAYS),
            )
        )
        measured = {
            (product_id, partner_id): max(days, 0.0)
            for product_id, partner_id, days in self.env.cr.fetchall()
        }
        result = {}
        sellers_by_product = defaultdict(list)
        for (product_id, _company_id), seller in suppliers.items():
            sellers_by_product[product_id].append(seller)
        for product in products:
            sellers = sellers_by_product.get(product.id)
            promised = max((s.delay for s in sellers), default=0) if sellers else 0
            got = [
                measured[product.id, seller.partner_id.id]
                for seller in sellers or ()
                if (product.id, seller.partner_id.id) in measured
            ]
            average = max(got) if got else None
            lead = max(promised, math.ceil(round(average, 6)) if got else 0)
            result[product.id] = (lead, promised, average)
        return result

    @api.model
    def _clinic_usage(
        self, products, warehouses, companies, today, tz, horizons, settings
    ):
        """Usage statistics per (product id, warehouse id), in one query:
        deliveries to clients and moves to the Clinic Consumption location,
        net of their returns, summed by day of ``tz``."""
        self.env["stock.move"].flush_model()
        Event = self.env["calendar.event"]
        longest = max([730, *(history for history, _cover in settings.values())])
        start = Event._clinic_day_bounds(today - timedelta(days=longest))[0]
        end = Event._clinic_day_bounds(today)[0]
        consumption = companies.clinic_consumption_location_id.ids or [0]
        year_start = today - timedelta(days=365)
        season = {
            key: 7 * math.ceil(max(horizon, SEASON_MIN_DAYS) / 7)
            for key, horizon in horizons.items()
        }
        self.env.cr.execute(
            SQL(
                """
                WITH moves AS (
                    SELECT m.product_id,
                           CASE WHEN src.usage = 'internal' THEN src.warehouse_id
                                ELSE dst.warehouse_id END AS warehouse_id,
                           (m.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                           SUM(CASE WHEN src.usage = 'internal' THEN 1 ELSE -1 END
                               * m.quantity / mu.factor * pu.factor) AS qty
                      FROM stock_move m
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dst ON dst.id = m.location_dest_id
                      JOIN uom_uom mu ON mu.id = m.product_uom
                      JOIN product_product p ON p.id = m.product_id
                      JOIN product_template pt ON pt.id = p.product_tmpl_id
                      JOIN uom_uom pu ON pu.id = pt.uom_id
                     WHERE m.state = 'done'
                       AND m.product_id = ANY(%(products)s)
                       AND m.date >= %(start)s AND m.date < %(end)s
                       AND ((src.usage = 'internal'
                             AND src.warehouse_id = ANY(%(warehouses)s)
                             AND (dst.usage = 'customer'
                                  OR dst.id = ANY(%(consumption)s)))
                         OR (dst.usage = 'internal'
                             AND dst.warehouse_id = ANY(%(warehouses)s)
                             AND (src.usage = 'customer'
                                  OR src.id = ANY(%(consumption)s))))
                     GROUP BY 1, 2, 3
                ), windows AS (
                    SELECT * FROM unnest(%(w_ids)s::int[], %(w_starts)s::date[])
                           AS w(warehouse_id, start)
                )
                SELECT u.product_id, u.warehouse_id, MIN(u.day),
                       SUM(u.qty) FILTER (WHERE u.day >= w.start),
                       SUM(u.qty * u.qty) FILTER (WHERE u.day >= w.start),
                       SUM(u.qty * ((%(today)s - u.day - 1) / 7))
                           FILTER (WHERE u.day >= w.start),
                       SUM(u.qty) FILTER (WHERE u.day >= %(year_start)s),
                       SUM(u.qty) FILTER (WHERE u.day < %(year_start)s
                                           AND u.day >= %(year_start)s - 365),
                       array_agg(ARRAY[u.day - %(year_start)s, u.qty])
                           FILTER (WHERE u.day >= %(year_start)s
                                   AND u.day < %(year_start)s + %(season)s)
                  FROM moves u
                  JOIN windows w ON w.warehouse_id = u.warehouse_id
                 GROUP BY u.product_id, u.warehouse_id
                """,
                tz=tz.zone,
                products=products.ids,
                start=start,
                end=end,
                warehouses=warehouses.ids,
                consumption=consumption,
                w_ids=warehouses.ids,
                w_starts=[
                    today - timedelta(days=settings[warehouse.company_id.id][0])
                    for warehouse in warehouses
                ],
                today=today,
                year_start=year_start,
                season=max(season.values(), default=0),
            )
        )
        # Fetched before the ORM reads anything else on the cursor.
        rows = self.env.cr.fetchall()
        company_of = {warehouse.id: warehouse.company_id.id for warehouse in warehouses}
        result = {}
        for row in rows:
            product_id, warehouse_id, first_day = row[:3]
            total, squares, weighted, year_qty, previous_qty = (
                value or 0.0 for value in row[3:8]
            )
            season_days = season[product_id, company_of[warehouse_id]]
            season_qty = sum(
                float(quantity)
                for offset, quantity in row[8] or ()
                if offset < season_days
            )
            window = settings[company_of[warehouse_id]][0]
            result[product_id, warehouse_id] = {
                "first_day": first_day,
                "history": min(window, (today - first_day).days),
                "total": total,
                "squares": squares,
                "weighted": weighted,
                "has_year": first_day <= year_start,
                "has_two_years": first_day <= year_start - timedelta(days=365),
                "year_qty": year_qty,
                "previous_year_qty": previous_qty,
                "season_qty": season_qty,
                "season_days": season_days,
            }
        return result

    @api.model
    def _clinic_prepare_vals(
        self, product, warehouse, seller, lead, usage, booked, position, today, now
    ):
        """Values of one row: the statistics, the advice and how it was
        reached (README, *Reorder advice*)."""
        _ = self.env._
        company = warehouse.company_id
        key = (product.id, warehouse.id)
        lead_days, promised, measured = lead
        cover = company.clinic_forecast_cover_days
        horizon = lead_days + cover
        lines = []
        avg = sigma = slope = 0.0
        factor = 1.0
        growth = 0.0
        history = 0
        if usage and usage["history"] > 0 and usage["total"]:
            history = usage["history"]
            avg = usage["total"] / history
            sigma = math.sqrt(max(usage["squares"] / history - avg * avg, 0.0))
            weeks = math.ceil(history / 7)
            if weeks >= 2:
                # x = -k for the week k weeks back: the slope of y on x.
                sum_x = -weeks * (weeks - 1) / 2
                sum_xx = (weeks - 1) * weeks * (2 * weeks - 1) / 6
                slope = (weeks * -usage["weighted"] - sum_x * usage["total"]) / (
                    weeks * sum_xx - sum_x * sum_x
                )
            lines.append(
                _(
                    "Usage: %(total)s %(uom)s over %(days)s days of history: "
                    "%(avg)s a day, standard deviation %(sigma)s. Weekly trend: "
                    "%(slope)s a week per week.",
                    total=_num(usage["total"]),
                    uom=product.uom_id.name,
                    days=history,
                    avg=_num(avg),
                    sigma=_num(sigma),
                    slope=_num(slope),
                )
            )
            if usage["has_year"] and usage["year_qty"] > 0:
                factor = (usage["season_qty"] / usage["season_days"]) / (
                    usage["year_qty"] / 365
                )
                lines.append(
                    _(
                        "Seasonal factor %(factor)s: the same %(days)s days "
                        "last year used %(season)s against %(year)s over the "
                        "year.",
                        factor=_num(factor),
                        days=usage["season_days"],
                        season=_num(usage["season_qty"]),
                        year=_num(usage["year_qty"]),
                    )
                )
            else:
                lines.append(_("Seasonal factor 1: less than a year of history."))
        else:
            lines.append(
                _(
                    "No usage history: the advice comes from the booked "
                    "appointments only."
                )
            )
        if company.clinic_forecast_growth == "fixed":
            growth = company.clinic_forecast_growth_percent
            lines.append(_("Growth %(growth)s %% (projection).", growth=_num(growth)))
        elif usage and usage["has_two_years"] and usage["previous_year_qty"] > 0:
            growth = (usage["year_qty"] / usage["previous_year_qty"] - 1) * 100
            lines.append(
                _(
                    "Growth %(growth)s %% year over year (%(year)s against "
                    "%(previous)s).",
                    growth=_num(growth),
                    year=_num(usage["year_qty"]),
                    previous=_num(usage["previous_year_qty"]),
                )
            )
        daily = avg * factor * (1 + growth / 100)
        if avg:
            lines.append(
                _(
                    "Projected usage: %(avg)s × %(factor)s × (1 + %(growth)s %%) "
                    "= %(daily)s a day.",
                    avg=_num(avg),
                    factor=_num(factor),
                    growth=_num(growth),
                    daily=_num(daily),
                )
            )
        if seller:
            lines.append(
                _(
                    "Lead time %(lead)s days: %(supplier)s promises %(promised)s"
                    "%(measured)s. Cover %(cover)s days beyond it.",
                    lead=lead_days,
                    supplier=seller.partner_id.display_name,
                    promised=promised,
                    measured=_(", its receipts took %s on average", _num(measured))
                    if measured is not None
                    else "",
                    cover=cover,
                )
            )
        else:
            lines.append(
                _(
                    "No supplier: lead time %(lead)s days, no RFQ can be made. "
                    "Cover %(cover)s days.",
                    lead=lead_days,
                    cover=cover,
                )
            )
        service = company.clinic_forecast_service_level
        z = NormalDist().inv_cdf(service / 100)
        raw_safety = z * sigma * math.sqrt(lead_days)
        safety = _ceil_unit(raw_safety)
        lines.append(
            _(
                "Safety stock = z %(z)s (%(service)s %% service) × %(sigma)s × "
                "√%(lead)s = %(raw)s, rounded up to %(safety)s.",
                z=str(round(z, 3)),
                service=_num(service),
                sigma=_num(sigma),
                lead=lead_days,
                raw=_num(raw_safety),
                safety=_num(safety),
            )
        )
        booked_lead = sum(qty for offset, qty in booked if offset < lead_days)
        booked_total = sum(qty for offset, qty in booked if offset < horizon)
        reorder_point = _ceil_unit(daily * lead_days + safety + booked_lead)
        lines.append(
            _(
                "Reorder point = %(daily)s × %(lead)s days + safety %(safety)s + "
                "%(booked)s booked within the lead time = %(rop)s (rounded up).",
                daily=_num(daily),
                lead=lead_days,
                safety=_num(safety),
                booked=_num(booked_lead),
                rop=_num(reorder_point),
            )
        )
        on_hand = position.on_hand[key]
        incoming = position.incoming_total(key)
        outgoing = position.outgoing[key]
        stock_position = on_hand + incoming - outgoing
        target = daily * horizon + safety + booked_total
        raw = max(target - stock_position, 0.0)
        suggested = _ceil_unit(raw) if raw > 1e-6 else 0.0
        rounding = []
        if suggested and seller:
            minimum = seller.product_uom._compute_quantity(
                seller.min_qty, product.uom_id, round=False
            )
            if minimum > suggested:
                suggested = minimum
                rounding.append(_("supplier minimum %s", _num(minimum)))
        packaging = product.packaging_ids.filtered("purchase")[:1]
        if suggested and packaging and packaging.qty > 0:
            packs = math.ceil(round(suggested / packaging.qty, 6))
            if packs * packaging.qty != suggested:
                rounding.append(
                    _(
                        "packs of %(qty)s (%(name)s)",
                        qty=_num(packaging.qty),
                        name=packaging.name,
                    )
                )
            suggested = packs * packaging.qty
        lines.append(
            _(
                "Stock position = %(on_hand)s on hand + %(incoming)s incoming - "
                "%(outgoing)s reserved or to deliver = %(position)s.",
                on_hand=_num(on_hand),
                incoming=_num(incoming),
                outgoing=_num(outgoing),
                position=_num(stock_position),
            )
        )
        lines.append(
            _(
                "Suggested = %(daily)s × %(horizon)s days + safety %(safety)s + "
                "%(booked)s booked within %(horizon)s days - position "
                "%(position)s = %(raw)s, rounded up to %(suggested)s%(rounding)s.",
                daily=_num(daily),
                horizon=horizon,
                safety=_num(safety),
                booked=_num(booked_total),
                position=_num(stock_position),
                raw=_num(raw),
                suggested=_num(suggested),
                rounding=(" (" + ", ".join(rounding) + ")") if rounding else "",
            )
        )
        stockout = self._clinic_stockout_day(
            position, key, booked, daily, max(horizon, 1), today
        )
        needs_reorder = bool(suggested) and (
            float_compare(
                stock_position,
                reorder_point,
                precision_rounding=product.uom_id.rounding,
            )
            <= 0
            or bool(stockout)
        )
        return {
            "product_id": product.id,
            "warehouse_id": warehouse.id,
            "supplier_id": seller.partner_id.id if seller else False,
            "date_computed": now,
            "history_days": history,
            "avg_daily_usage": avg,
            "usage_stddev": sigma,
            "trend": slope,
            "seasonal_factor": factor,
            "growth_percent": growth,
            "projected_daily_usage": daily,
            "lead_time_days": lead_days,
            "cover_days": cover,
            "booked_demand": booked_total,
            "booked_demand_lead": booked_lead,
            "safety_stock": safety,
            "reorder_point": reorder_point,
            "qty_on_hand": on_hand,
            "qty_incoming": incoming,
            "qty_outgoing": outgoing,
            "qty_forecast": stock_position,
            "suggested_qty": suggested,
            "stockout_date": stockout,
            "needs_reorder": needs_reorder,
            "no_supplier": not seller,
            "no_history": not history,
            "explanation": "\n".join(lines),
        }

    @api.model
    def _clinic_stockout_day(self, position, key, booked, daily, horizon, today):
        """First day, within ``horizon`` days, the free stock (after pending
        moves, receipts expected by that day, booked appointments and the
        projected usage) goes below zero; False if none."""
        free = position.free(key) + position.incoming_before(key, today)
        incoming = position.incoming_by_day(key)
        booked_on = defaultdict(float)
        for offset, quantity in booked:
            booked_on[offset] += quantity
        for offset in range(horizon):
            day = today + timedelta(days=offset)
            free += incoming.get(day, 0.0) - booked_on[offset] - daily
            if free < -1e-6:
                return day
        return False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_rfq(self):
        """One draft purchase order per supplier (and warehouse, whose
        receipt it goes to) for the selected rows with a quantity; rows
        without supplier are skipped, and said so."""
        self.check_access("write")
        orderable = self.filtered(
            lambda r: (
                r.supplier_id
                and not float_is_zero(
                    r.suggested_qty, precision_rounding=r.product_id.uom_id.rounding
                )
            )
        )
        skipped = self.filtered("no_supplier")
        if not orderable:
            raise UserError(
                self.env._(
                    "Nothing to order: the selected rows have no supplier or no "
                    "suggested quantity."
                )
            )
        groups = defaultdict(lambda: self.browse())
        for row in orderable:
            groups[row.supplier_id, row.warehouse_id] |= row
        vals_list = [
            {
                "partner_id": supplier.id,
                "company_id": warehouse.company_id.id,
                "picking_type_id": warehouse.in_type_id.id,
                "origin": self.env._("Reorder advice"),
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": row.product_id.id,
                            "product_qty": row.suggested_qty,
                            "product_uom": row.product_id.uom_id.id,
                        }
                    )
                    for row in rows
                ],
            }
            for (supplier, warehouse), rows in groups.items()
        ]
        orders = self.env["purchase.order"].create(vals_list)
        for rows, order in zip(groups.values(), orders, strict=True):
            rows.purchase_id = order
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("id", "in", orders.ids)]
        if len(orders) == 1:
            action.update(views=[(False, "form")], res_id=orders.id)
        message = self.env._("%s draft order(s) created.", len(orders))
        if skipped:
            message = self.env._(
                "%(message)s Skipped, no supplier: %(items)s.",
                message=message,
                items=", ".join(skipped.product_id.mapped("display_name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if skipped else "success",
                "message": message,
                "sticky": bool(skipped),
                "next": action,
            },
        }

    def action_apply_orderpoint(self):
        """Write min = reorder point, max = reorder point + suggested on the
        item's reordering rule of the warehouse, created when missing."""
        self.check_access("write")
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        existing = {
            (op.product_id.id, op.warehouse_id.id): op
            for op in Orderpoint.search(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("warehouse_id", "in", self.warehouse_id.ids),
                    ("location_id", "in", self.warehouse_id.lot_stock_id.ids),
                ]
            )
        }
        new_vals = []
        for row in self:
            values = {
                "product_min_qty": row.reorder_point,
                "product_max_qty": row.reorder_point + row.suggested_qty,
            }
            orderpoint = existing.get((row.product_id.id, row.warehouse_id.id))
            if orderpoint:
                orderpoint.write(values)
            else:
                new_vals.append(
                    {
                        "product_id": row.product_id.id,
                        "warehouse_id": row.warehouse_id.id,
                        "location_id": row.warehouse_id.lot_stock_id.id,
                        "company_id": row.company_id.id,
                        **values,
                    }
                )
        Orderpoint.create(new_vals)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%s reordering rule(s) updated.", len(self)),
            },
        }


def _num(value):
    """A quantity as people read it: 2, 4.35, not 4.352218."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"
