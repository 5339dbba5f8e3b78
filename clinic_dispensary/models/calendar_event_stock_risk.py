# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Booked demand and stock-out risk of appointments.

Kept apart from calendar_event.py (the checkout's extension, already long):
this part only reads the calendar to forecast stock."""

from bisect import bisect_right
from collections import defaultdict
import pytz

from odoo import _, api, fields, models
from odoo.tools import SQL, float_compare, float_repr

# What, written on an appointment, changes what it needs from stock and when.
STOCK_RISK_TRIGGERS = {
    "start",
    "stop",
    "allday",
    "start_date",
    "stop_date",
    "appointment_type_id",
    "categ_ids",
    "clinic_variant_id",
    "clinic_no_charge",
    "client_id",
    "company_id",
    "active",
}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    clinic_stock_risk = fields.Boolean(
        string="At Risk of Stock-out",
        readonly=True,
        copy=False,
        index=True,
        help="An item this appointment dispenses or consumes is projected to "
        "be out of free stock on its day: free stock now, plus the receipts "
        "expected before that day, minus what the appointments booked up to "
        "that day need.",
    )
    clinic_stock_risk_items = fields.Text(
        string="Missing Items",
        readonly=True,
        copy=False,
        help="The items projected to be short on the appointment's day, and "
        "by how much.",
    )

    # ------------------------------------------------------------------
    # What booked appointments need
    # ------------------------------------------------------------------
    def _clinic_local_day(self):
        self.ensure_one()
        return pytz.utc.localize(self.start).astimezone(self._clinic_tz()).date()

    def _clinic_needed_items(self):
        """What each appointment will take out of stock at checkout, in the
        item's unit: the storable item each billable type bills (its variant
        for the main type), the types' consumables (billed or only used up)
        kept for the appointment's company, and storable add-ons.

        Works on saved and on new (form) records; reads in batches.

        :return: [(event, product, quantity)]
        """
        needs = []
        for event in self:
            company = event.company_id or self.env.company
            for event_type in event.clinic_type_ids:
                item = (
                    event.clinic_variant_id
                    if event_type == event.appointment_type_id
                    and event.clinic_variant_id
                    else event_type.product_id
                )
                if item.is_storable:
                    needs.append((event, item, 1.0))
                for consumable in event_type.clinic_consumable_ids._clinic_for_company(
                    company
                ):
                    product = consumable.product_id
                    needs.append(
                        (
                            event,
                            product,
                            consumable.uom_id._compute_quantity(
                                consumable.quantity, product.uom_id, round=False
                            ),
                        )
                    )
            for addon in event.clinic_addon_ids:
                product = addon.product_id
                if product.is_storable:
                    needs.append(
                        (
                            event,
                            product,
                            addon.product_uom_id._compute_quantity(
                                addon.quantity, product.uom_id, round=False
                            ),
                        )
                    )
        return needs

    @api.model
    def _clinic_booked_domain(self, date_from, date_to=None, companies=None):
        """Appointments still to be checked out (what checkout will take
        out of stock) between two days of the user's timezone, included."""
        domain = [
            ("clinic_is_appointment", "=", True),
            ("billing_state", "=", "to_bill"),
            ("start", ">=", self._clinic_day_bounds(date_from)[0]),
        ]
        if date_to:
            domain.append(("start", "<", self._clinic_day_bounds(date_to)[1]))
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        return domain

    @api.model
    def _clinic_booked_demand(
        self, date_from, date_to, products=None, companies=None, exclude_ids=()
    ):
        """What the appointments booked between ``date_from`` and
        ``date_to`` (days of the user's timezone, included) will take out of
        stock, per item, warehouse (their company's clinic warehouse, where
        checkout takes it from) and day, in the item's unit.

        One search and a fixed number of batched reads, whatever the number
        of appointments and items: used by the reorder advice and by the
        appointments' stock-out risk.

        :param products: only these items (all when None)
        :param companies: only these companies' appointments (all when None)
        :param exclude_ids: appointments left out (one being edited in a form)
        :return: {(product id, warehouse id, day): quantity}
        """
        domain = self._clinic_booked_domain(date_from, date_to, companies)
        if exclude_ids:
            domain.append(("id", "not in", list(exclude_ids)))
        # Demand is stock data: private appointments count as the others.
        events = self.sudo().search(domain, order="start")
        return events._clinic_demand_by_day(products)

    def _clinic_demand_by_day(self, products=None):
        """{(product id, warehouse id, day): quantity} these appointments need."""
        warehouse_of = self.env["stock.warehouse"]._clinic_main_by_company(
            self.company_id | self.env.company
        )
        wanted = set(products.ids) if products is not None else None
        demand = defaultdict(float)
        for event, product, quantity in self._clinic_needed_items():
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if not warehouse or (wanted is not None and product.id not in wanted):
                continue
            demand[product.id, warehouse.id, event._clinic_local_day()] += quantity
        return demand

    # ------------------------------------------------------------------
    # Stock-out risk
    # ------------------------------------------------------------------
    def _clinic_is_booked_ahead(self, today):
        self.ensure_one()
        return bool(
            self.active
            and self.clinic_is_appointment
            and self.billing_state == "to_bill"
            and self.start
            and self._clinic_local_day() >= today
        )

    def _clinic_stock_shortfalls(self):
        """The items each of these appointments is projected to lack on its
        day: {event: [(product, shortfall)]}.

        For an item and warehouse, the stock left after day D is: free
        stock now (on hand in the warehouse's stock, minus what pending
        deliveries and consumption will take), plus receipts scheduled
        before D, minus what every booked appointment from today up to and
        including D needs. Below zero, the appointments of D needing the
        item are at risk. Works on new (form) records too: their needs
        replace what the saved appointment needed."""
        today = fields.Date.context_today(self)
        booked = self.filtered(lambda e: e._clinic_is_booked_ahead(today))
        needs = booked._clinic_needed_items()
        if not needs:
            return {}
        companies = booked.company_id | self.env.company
        Warehouse = self.env["stock.warehouse"]
        warehouse_of = Warehouse._clinic_main_by_company(companies)
        products = self.env["product.product"].concat(
            *{product for _event, product, _qty in needs}
        )
        last_day = max(event._clinic_local_day() for event in booked)
        own_ids = [event._origin.id for event in booked if event._origin.id]
        demand = self._clinic_booked_demand(
            today, last_day, products, companies, exclude_ids=own_ids
        )
        for event, product, quantity in needs:
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if warehouse:
                demand[product.id, warehouse.id, event._clinic_local_day()] += quantity
        position = Warehouse.concat(*warehouse_of.values())._clinic_stock_position(
            products, self._clinic_tz()
        )
        cumulated = _cumulate(demand)
        shortfalls = defaultdict(list)
        seen = set()
        for event, product, _quantity in needs:
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if not warehouse or (event, product) in seen:
                continue
            seen.add((event, product))
            key = (product.id, warehouse.id)
            day = event._clinic_local_day()
            free = position.free(key) + position.incoming_before(key, day)
            days, totals = cumulated.get(key, ((), ()))
            index = bisect_right(days, day)
            left = free - (totals[index - 1] if index else 0.0)
            if float_compare(left, 0.0, precision_rounding=product.uom_id.rounding) < 0:
                shortfalls[event].append((product, -left))
        return shortfalls

    def _clinic_stock_risk_text(self, shortfalls):
        return "\n".join(
            self.env._(
                "%(item)s: %(short)s %(uom)s short",
                item=product.display_name,
                short=float_repr(short, 2).rstrip("0").rstrip("."),
                uom=product.uom_id.name,
            )
            for product, short in shortfalls
        )

    def _clinic_update_stock_risk(self):
        """Flag these (saved) appointments by their projected shortfalls, in
        one UPDATE: clears the flag of those no longer at risk."""
        events = self.exists()
        if not events:
            return
        shortfalls = events._clinic_stock_shortfalls()
        # Item names (variant attributes included) read for all at once.
        self.env["product.product"].concat(
            *{product for short in shortfalls.values() for product, _qty in short}
        ).mapped("display_name")
        texts = {
            event.id: events._clinic_stock_risk_text(short)
            for event, short in shortfalls.items()
        }
        self.env.flush_all()
        ids = events.ids
        self.env.cr.execute(
            SQL(
                """
                UPDATE calendar_event e
                   SET clinic_stock_risk = v.risk,
                       clinic_stock_risk_items = v.items
                  FROM (SELECT unnest(%s::int[]) AS id,
                               unnest(%s::bool[]) AS risk,
                               unnest(%s::text[]) AS items) v
                 WHERE e.id = v.id
                   AND (e.clinic_stock_risk IS DISTINCT FROM v.risk
                        OR e.clinic_stock_risk_items IS DISTINCT FROM v.items)
                """,
                ids,
                [event_id in texts for event_id in ids],
                [texts.get(event_id) for event_id in ids],
            )
        )
        events.invalidate_recordset(["clinic_stock_risk", "clinic_stock_risk_items"])

    def _clinic_refresh_stock_risk(self):
        """Recompute the risk of these appointments and of the other booked
        appointments needing the same items: booking one may leave a later
        one short, moving it away may cover it again."""
        today = fields.Date.context_today(self)
        needs = self.filtered(
            lambda e: e._clinic_is_booked_ahead(today)
        )._clinic_needed_items()
        products = self.env["product.product"].concat(*{p for _e, p, _q in needs})
        if not products and not any(self.mapped("clinic_stock_risk")):
            # Nothing to forecast (a meeting, a type using no stock).
            return
        others = self.browse()
        if products:
            others = self._clinic_booked_needing(products, self.company_id, today)
        (self | others).sudo()._clinic_update_stock_risk()

    @api.model
    def _clinic_booked_needing(self, products, companies, today):
        """Appointments booked from ``today`` whose types or add-ons need
        one of ``products``: one search of types, one of appointments."""
        types = (
            self.env["calendar.event.type"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("product_id", "in", products.ids),
                    ("clinic_consumable_ids.product_id", "in", products.ids),
                ]
            )
        )
        return (
            self.sudo()
            .search(
                self._clinic_booked_domain(today, companies=companies)
                + [
                    "|",
                    ("clinic_type_ids", "in", types.ids),
                    ("clinic_addon_ids.product_id", "in", products.ids),
                ]
            )
            .with_env(self.env)
        )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        if not self.env.context.get("clinic_skip_stock_risk"):
            events._clinic_refresh_stock_risk()
        return events

    def write(self, vals):
        res = super().write(vals)
        if STOCK_RISK_TRIGGERS & set(vals) and not self.env.context.get(
            "clinic_skip_stock_risk"
        ):
            self._clinic_refresh_stock_risk()
        return res

    @api.onchange(
        "start",
        "stop",
        "allday",
        "appointment_type_id",
        "categ_ids",
        "clinic_variant_id",
        "clinic_addon_ids",
        "clinic_no_charge",
    )
    def _onchange_clinic_stock_risk(self):
        shortfalls = self._clinic_stock_shortfalls()
        for event in self:
            short = shortfalls.get(event)
            event.clinic_stock_risk = bool(short)
            event.clinic_stock_risk_items = (
                short and self._clinic_stock_risk_text(short) or False
            )
        risky = [event for event in self if shortfalls.get(event)]
        if risky:
            return {
                "warning": {
                    "title": _("Risk of stock-out"),
                    "message": _(
                        "On the day of this appointment, these items are "
                        "projected to be out of stock:\n%s",
                        risky[0].clinic_stock_risk_items,
                    ),
                }
            }


def _cumulate(demand):
    """{(product, warehouse): (sorted days, running totals)} of a
    {(product, warehouse, day): quantity} demand."""
    by_key = defaultdict(list)
    for (product_id, warehouse_id, day), quantity in demand.items():
        by_key[product_id, warehouse_id].append((day, quantity))
    result = {}
    for key, items in by_key.items():
        items.sort()
        days, totals, total = [], [], 0.0
        for day, quantity in items:
            total += quantity
            days.append(day)
            totals.append(total)
        result[key] = (days, totals)
    return result
