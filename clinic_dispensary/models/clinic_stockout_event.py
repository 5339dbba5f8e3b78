# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.tools import float_compare, float_is_zero

_logger = logging.getLogger(__name__)

STOCKOUT_CAUSES = [
    ("refused", "Refused Checkout"),
    ("shortage", "Shortage"),
    ("consumables", "Consumables Short"),
    ("below_minimum", "Below Minimum"),
]


class ClinicStockoutEvent(models.Model):
    """A stock-out: an item the clinic did not have when it was needed.

    Recorded by the paths where it happens (checkout refused, dispensed in
    part, consumables short, free stock at zero below the minimum), one
    record per item, warehouse, day and cause: a second occurrence the same
    day adds its appointments and quantity to the first.
    """

    _name = "clinic.stockout.event"
    _description = "Clinic Stock-Out"
    _order = "date desc, id desc"

    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    categ_id = fields.Many2one(
        related="product_id.categ_id", string="Item Category", store=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        required=True,
        readonly=True,
        index=True,
        default=fields.Date.context_today,
    )
    cause = fields.Selection(
        STOCKOUT_CAUSES,
        required=True,
        readonly=True,
        help="Refused Checkout: the checkout was refused for lack of stock. "
        "Shortage: a billed item was dispensed in part, the rest is pending. "
        "Consumables Short: an appointment's consumables could not be consumed "
        "in full. Below Minimum: the free stock reached zero while the item was "
        "below its reordering rule's minimum.",
    )
    quantity_short = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="What was missing, in the item's unit (the day's occurrences added up).",
    )
    product_uom_id = fields.Many2one(
        related="product_id.uom_id", string="Unit", store=True
    )
    cost_short = fields.Monetary(
        readonly=True,
        groups="clinic_dispensary.group_clinic_manager,stock.group_stock_manager",
        help="The quantity short at the item's cost when it was recorded.",
    )
    occurrence_count = fields.Integer(
        string="Occurrences",
        default=1,
        readonly=True,
        help="How many times it happened that day.",
    )
    appointment_ids = fields.Many2many(
        "calendar.event",
        "clinic_stockout_event_appointment_rel",
        "stockout_id",
        "event_id",
        string="Appointments",
        readonly=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "clinic_stockout_event_partner_rel",
        "stockout_id",
        "partner_id",
        string="Patients",
        readonly=True,
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "clinic_stockout_event_picking_rel",
        "stockout_id",
        "picking_id",
        string="Transfers",
        readonly=True,
    )
    move_ids = fields.Many2many(
        "stock.move",
        "clinic_stockout_event_move_rel",
        "stockout_id",
        "move_id",
        string="Stock Moves",
        readonly=True,
    )

    @api.depends("product_id", "cause", "date")
    def _compute_display_name(self):
        causes = dict(self._fields["cause"]._description_selection(self.env))
        for event in self:
            event.display_name = self.env._(
                "%(item)s: %(cause)s",
                item=event.product_id.display_name,
                cause=causes.get(event.cause, ""),
            )

    # ------------------------------------------------------------------
    # Recording
    # ------------------------------------------------------------------
    @api.model
    def _clinic_record(self, cause, entries, date=None):
        """Record stock-outs of one cause, one event per item, warehouse and
        day: an event already there for the key takes the new quantity,
        appointments, patients, transfers and moves.

        A repeated attempt (a refused checkout tried again, the scheduler
        seeing the same item twice) adds nothing to the quantity: when an
        entry brings no appointment nor move the event does not have yet, the
        quantity kept is the larger of the two, not their sum.

        One search for all entries; an event already there is written once
        (a checkout runs out of few distinct items).

        :param entries: dicts with ``product`` (product.product), ``warehouse``
            (stock.warehouse), ``quantity`` (in the item's unit) and
            optionally ``events``, ``partners``, ``pickings``, ``moves``.
        :return: the events created or updated
        """
        Event = self.sudo()
        date = date or fields.Date.context_today(self)
        merged = {}
        for entry in entries:
            key = (entry["product"].id, entry["warehouse"].id)
            if key not in merged:
                merged[key] = {
                    "product": entry["product"],
                    "warehouse": entry["warehouse"],
                    "quantity": 0.0,
                    "events": self.env["calendar.event"],
                    "partners": self.env["res.partner"],
                    "pickings": self.env["stock.picking"],
                    "moves": self.env["stock.move"],
                }
            target = merged[key]
            target["quantity"] += entry.get("quantity") or 0.0
            for field in ("events", "partners", "pickings", "moves"):
                if entry.get(field):
                    target[field] |= entry[field]
        if not merged:
            return Event
        products = self.env["product.product"].concat(
            *(entry["product"] for entry in merged.values())
        )
        warehouses = self.env["stock.warehouse"].concat(
            *(entry["warehouse"] for entry in merged.values())
        )
        existing = {
            (event.product_id.id, event.warehouse_id.id): event
            for event in Event.search(
                [
                    ("cause", "=", cause),
                    ("date", "=", date),
                    ("product_id", "in", products.ids),
                    ("warehouse_id", "in", warehouses.ids),
                ]
            )
        }
        result = Event
        vals_list = []
        for key, entry in merged.items():
            product = entry["product"].with_company(entry["warehouse"].company_id)
            event = existing.get(key)
            if event:
                # Nothing new (same appointments, no new move): a retry.
                repeated = not (entry["events"] - event.appointment_ids) and not (
                    entry["moves"] - event.move_ids
                )
                quantity = (
                    max(event.quantity_short, entry["quantity"])
                    if repeated
                    else event.quantity_short + entry["quantity"]
                )
                event.write(
                    {
                        "quantity_short": quantity,
                        "cost_short": quantity * product.standard_price,
                        "occurrence_count": event.occurrence_count
                        + (0 if repeated else 1),
                        **self._clinic_links_vals(entry),
                    }
                )
                result |= event
                continue
            vals_list.append(
                {
                    "product_id": product.id,
                    "warehouse_id": entry["warehouse"].id,
                    "company_id": entry["warehouse"].company_id.id,
                    "date": date,
                    "cause": cause,
                    "quantity_short": entry["quantity"],
                    "cost_short": entry["quantity"] * product.standard_price,
                    **self._clinic_links_vals(entry),
                }
            )
        return result | Event.create(vals_list)

    @api.model
    def _clinic_links_vals(self, entry):
        return {
            field: [Command.link(record.id) for record in entry[key]]
            for field, key in (
                ("appointment_ids", "events"),
                ("partner_ids", "partners"),
                ("picking_ids", "pickings"),
                ("move_ids", "moves"),
            )
            if entry[key]
        }

    @api.model
    def _clinic_record_refusal(self, entries):
        """Record refused checkouts in a transaction of their own.

        A refusal raises a UserError, and the request's transaction (the
        invoices being made, the appointments locked) is rolled back with
        it: the event is written and committed by a separate cursor first,
        the way Odoo writes its logs (ir.logging). Only ids cross over: the
        items, warehouse, appointments and patients exist before checkout.
        A lock held by the checkout's own transaction would make the new
        cursor wait on it forever, so it waits 2 seconds at most and gives
        up (logged): losing one record beats hanging the desk."""
        ids = [
            {
                "product": entry["product"].id,
                "warehouse": entry["warehouse"].id,
                "quantity": entry["quantity"],
                "events": entry.get("events", self.env["calendar.event"]).ids,
                "partners": entry.get("partners", self.env["res.partner"]).ids,
            }
            for entry in entries
        ]
        date = fields.Date.context_today(self)
        recorded = False
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                env = api.Environment(cr, SUPERUSER_ID, dict(self.env.context))
                if env["clinic.stockout.event"]._clinic_all_exist(ids):
                    env["clinic.stockout.event"]._clinic_record(
                        "refused",
                        [
                            {
                                "product": env["product.product"].browse(
                                    entry["product"]
                                ),
                                "warehouse": env["stock.warehouse"].browse(
                                    entry["warehouse"]
                                ),
                                "quantity": entry["quantity"],
                                "events": env["calendar.event"].browse(entry["events"]),
                                "partners": env["res.partner"].browse(
                                    entry["partners"]
                                ),
                                "pickings": env["stock.picking"],
                                "moves": env["stock.move"],
                            }
                            for entry in ids
                        ],
                        date=date,
                    )
                    recorded = True
        except Exception:
            # Never let the record hide the refusal the user must see.
            _logger.exception("Could not record a refused checkout's stock-out")
            return
        if not recorded:
            # Records made in this very transaction (an import, a test) are
            # not seen by another cursor: recorded here then, it stays only
            # if the caller does not roll the refusal back.
            self._clinic_record("refused", entries, date=date)

    @api.model
    def _clinic_all_exist(self, ids):
        """Whether this cursor sees every record `ids` names (committed)."""
        for model, key in (
            ("product.product", "product"),
            ("stock.warehouse", "warehouse"),
            ("calendar.event", "events"),
            ("res.partner", "partners"),
        ):
            wanted = set()
            for entry in ids:
                value = entry[key]
                wanted.update(value if isinstance(value, list) else [value])
            if len(self.env[model].browse(wanted).exists()) != len(wanted):
                return False
        return True

    # ------------------------------------------------------------------
    # Paths: what each records
    # ------------------------------------------------------------------
    @api.model
    def _clinic_record_shortage(self, lines):
        """Billed items dispensed in part: what their pending deliveries
        still owe, per item, for their appointments and client."""
        entries = []
        for line in lines:
            pending = line.clinic_stock_move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.location_dest_id.usage == "customer"
                )
            )
            quantity = sum(pending.mapped("product_qty"))
            if float_is_zero(
                quantity, precision_rounding=line.product_id.uom_id.rounding
            ):
                continue
            entries.append(
                {
                    "product": line.product_id,
                    "warehouse": pending.picking_type_id.warehouse_id[:1]
                    or pending.location_id.warehouse_id[:1],
                    "quantity": quantity,
                    "events": line.clinic_event_id,
                    "partners": line.move_id.partner_id,
                    "pickings": pending.picking_id,
                    "moves": pending,
                }
            )
        return self._clinic_record("shortage", entries)

    @api.model
    def _clinic_record_consumables_short(self, warehouse, shortfalls):
        """Consumables an appointment could not use in full.

        :param shortfalls: [(move, quantity short in the item's unit)]
        """
        return self._clinic_record(
            "consumables",
            [
                {
                    "product": move.product_id,
                    "warehouse": warehouse,
                    "quantity": quantity,
                    "events": move.clinic_event_id,
                    "partners": move.clinic_event_id.client_id,
                    "moves": move,
                }
                for move, quantity in shortfalls
            ],
        )

    @api.model
    def _clinic_record_below_minimum(self, warehouse, moves):
        """Items these moves took out of ``warehouse``'s stock whose free
        stock is now at zero (or less) while below their reordering rule's
        minimum, with the appointments and clients the moves served."""
        if not moves:
            return self.sudo()
        products = moves.product_id.with_context(location=warehouse.lot_stock_id.id)
        empty = products.filtered(
            lambda p: (
                float_compare(p.free_qty, 0.0, precision_rounding=p.uom_id.rounding)
                <= 0
            )
        )
        if not empty:
            return self.sudo()
        below = self.env["product.product"]._clinic_below_minimum_ids(empty)
        entries = []
        for product in empty.filtered(lambda p: p.id in below):
            product_moves = moves.filtered(lambda m, p=product: m.product_id == p)
            events = (
                product_moves.clinic_event_id
                | product_moves.clinic_invoice_line_id.clinic_event_id
            )
            entries.append(
                {
                    "product": product,
                    "warehouse": warehouse,
                    "quantity": 0.0,
                    "events": events,
                    "partners": product_moves.partner_id | events.client_id,
                    "pickings": product_moves.picking_id,
                    "moves": product_moves,
                }
            )
        return self._clinic_record("below_minimum", entries)

    @api.model
    def _clinic_record_orderpoints_empty(self, orderpoints):
        """The scheduler's rules below their minimum whose free stock is at
        zero: stock-outs no appointment revealed (scrap, manual deliveries)."""
        entries = []
        by_location = defaultdict(lambda: self.env["stock.warehouse.orderpoint"])
        for orderpoint in orderpoints:
            by_location[orderpoint.location_id] |= orderpoint
        for location, location_orderpoints in by_location.items():
            free = {
                product.id: product.free_qty
                for product in location_orderpoints.product_id.with_context(
                    location=location.id
                )
            }
            for orderpoint in location_orderpoints:
                product = orderpoint.product_id
                if (
                    float_compare(
                        free[product.id],
                        0.0,
                        precision_rounding=product.uom_id.rounding,
                    )
                    <= 0
                ):
                    entries.append(
                        {
                            "product": product,
                            "warehouse": orderpoint.warehouse_id,
                            "quantity": 0.0,
                        }
                    )
        return self._clinic_record("below_minimum", entries)
