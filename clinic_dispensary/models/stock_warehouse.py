# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from bisect import bisect_left
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Moves not done yet that will still move stock.
PENDING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # Next to WH/Stock, not under it: reservation (FEFO included) only takes
    # from the children of a picking's source location, so checkout never
    # dispenses what sits here. Internal, hence still valued: damaged or
    # recalled units wait here for a supplier return, a claim or a scrap.
    clinic_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Units out of sellable stock (expired, damaged, recalled) wait "
        "here for their supplier return, claim or write-off.",
    )

    clinic_supply_mode = fields.Selection(
        [
            ("local", "Local"),
            ("central", "Centralized"),
        ],
        string="Purchases",
        required=True,
        default="local",
        help="Local: what is bought for this clinic is delivered to it, in "
        "a receipt of its own. Centralized: it is received at the company's "
        "central warehouse and transferred to the clinic through transit "
        "(the clinic's resupply route from the central warehouse).",
    )

    def _clinic_receiving_warehouse(self):
        """Where what is bought for this clinic is received: the company's
        central warehouse for a centralized clinic, else the clinic."""
        self.ensure_one()
        central = self.company_id.clinic_central_warehouse_id
        if self.clinic_supply_mode != "central":
            return self
        if not central:
            raise UserError(
                _(
                    "%(clinic)s is supplied centrally, but %(company)s has no "
                    "central warehouse: set it in the settings, or set the "
                    "clinic's Purchases to Local.",
                    clinic=self.display_name,
                    company=self.company_id.display_name,
                )
            )
        return central

    def _clinic_resupply_route(self, central):
        """Odoo's resupply route of this clinic from ``central`` (stock →
        transit → this clinic), created with its rules when missing."""
        self.ensure_one()
        if central not in self.resupply_wh_ids:
            self.sudo().resupply_wh_ids = [fields.Command.link(central.id)]
        return self.resupply_route_ids.filtered(
            lambda route: route.supplier_wh_id == central
        )[:1]

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        values["clinic_quarantine_location_id"] = {
            "name": _("Quarantine"),
            "active": True,
            "usage": "internal",
            "replenish_location": False,
            "barcode": self._valid_barcode(code + "QUARANTINE", company_id),
        }
        return values

    @api.model
    def _clinic_create_quarantine_locations(self):
        """Give the warehouses created before this module a Quarantine."""
        warehouses = (
            self.with_context(active_test=False)
            .sudo()
            .search([("clinic_quarantine_location_id", "=", False)])
        )
        warehouses._create_missing_locations({})
        return True

    @api.model
    def _clinic_main_by_company(self, companies):
        """{company: its clinic warehouse}, the first by sequence, for all
        ``companies`` in one search (no other company's): where checkout
        dispenses and consumes, and where claims and minimums default to."""
        warehouses = {}
        for warehouse in self.search([("company_id", "in", companies.ids)]):
            warehouses.setdefault(warehouse.company_id, warehouse)
        return warehouses

    @api.model
    def _clinic_quarantine_locations(self):
        """The Quarantines of the companies the environment works in: the
        user's (warehouses are readable by every employee, within their
        companies), every company's for the scheduler running as superuser."""
        return (
            self.with_context(active_test=False)
            .search([("clinic_quarantine_location_id", "!=", False)])
            .clinic_quarantine_location_id
        )

    @api.model
    def _clinic_quarantine_for(self, locations):
        """The Quarantine each of ``locations`` sends its units to: the one
        of its warehouse, else the company's first warehouse's.

        :return: {location id: quarantine location}
        """
        warehouses = (
            self.with_context(active_test=False)
            .sudo()
            .search([("company_id", "in", locations.company_id.ids)], order="id")
        )
        by_company = {}
        for warehouse in warehouses:
            by_company.setdefault(warehouse.company_id, warehouse)
        result = {}
        for location in locations:
            warehouse = location.warehouse_id or by_company.get(location.company_id)
            quarantine = warehouse.clinic_quarantine_location_id if warehouse else None
            if not quarantine:
                raise UserError(
                    _("No Quarantine location for %s.", location.display_name)
                )
            result[location.id] = quarantine
        return result

    @api.model
    def _clinic_prepare_quarantine_move_vals(
        self, product, quantity, location, quarantine, reason, origin, **line_vals
    ):
        """Values of a validated-at-once move of ``quantity`` (product UoM)
        of ``product`` from ``location`` into ``quarantine``.

        :param line_vals: lot_id, package_id, owner_id of the units moved
        """
        company = location.company_id or quarantine.company_id
        return {
            "name": _("Quarantine: %s", reason.name) if reason else _("Quarantine"),
            "origin": origin,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": location.id,
            "location_dest_id": quarantine.id,
            # The units stay in Quarantine until someone decides (return,
            # claim, write-off): no push rule sends them further.
            "location_final_id": quarantine.id,
            "company_id": company.id,
            "clinic_reason_tag_id": reason.id if reason else False,
            "restrict_partner_id": line_vals.get("owner_id", False),
            # Confirmed and picked, like Odoo's own inventory moves: validated
            # as they are, without merging nor procurement.
            "state": "confirmed",
            "picked": True,
            "move_line_ids": [
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": quantity,
                        "location_id": location.id,
                        "location_dest_id": quarantine.id,
                        "company_id": company.id,
                        "picked": True,
                        **line_vals,
                    }
                )
            ],
        }

    @api.model
    def _clinic_quarantine_quants(self, quants, reason, origin):
        """Move whole quants into their warehouse's Quarantine: one
        ``stock.move.create`` for all of them, validated together.

        :return: the done moves
        """
        quants = quants.filtered(lambda q: q.quantity > 0)
        if not quants:
            return self.env["stock.move"]
        quarantine_of = self._clinic_quarantine_for(quants.location_id)
        vals_list = [
            self._clinic_prepare_quarantine_move_vals(
                quant.product_id,
                quant.quantity,
                quant.location_id,
                quarantine_of[quant.location_id.id],
                reason,
                origin,
                lot_id=quant.lot_id.id,
                package_id=quant.package_id.id,
                owner_id=quant.owner_id.id,
            )
            for quant in quants
        ]
        # Each quant created at the destination reads its lot's properties
        # (a related field): read them once for all the lots.
        quants.lot_id.fetch(["lot_properties"])
        # The quants are known and taken whole: their lines do not reserve
        # them first (stock_move.py).
        return (
            self.env["stock.move"]
            .sudo()
            ._clinic_create_done_taking_quants(vals_list)
            .with_env(self.env)
        )

    # ------------------------------------------------------------------
    # Stock position, for the reorder advice and the stock-out risk
    # ------------------------------------------------------------------
    def _clinic_stock_position(self, products, tz):
        """What the stock of these warehouses (their WH/Stock and its
        children) holds and expects for ``products``, in two queries
        whatever their number.

        :param tz: the timezone whose days receipts are scheduled in
        :return: a ``StockPosition``
        """
        position = StockPosition()
        if not products or not self:
            return position
        self.env["stock.quant"].flush_model()
        self.env["stock.move"].flush_model()
        self.env["stock.location"].flush_model()
        stock_paths = {
            warehouse.id: warehouse.lot_stock_id.parent_path for warehouse in self
        }

        def warehouse_of(path):
            for warehouse_id, stock_path in stock_paths.items():
                if path and path.startswith(stock_path):
                    return warehouse_id
            return None

        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT q.product_id, l.parent_path, SUM(q.quantity)
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE q.product_id = ANY(%s)
                   AND l.usage = 'internal'
                   AND l.warehouse_id = ANY(%s)
                 GROUP BY 1, 2
                """,
                products.ids,
                self.ids,
            )
        )
        for product_id, path, quantity in cr.fetchall():
            warehouse_id = warehouse_of(path)
            if warehouse_id:
                position.on_hand[product_id, warehouse_id] += quantity
        # A pending move's product_qty is its demand in the item's unit.
        cr.execute(
            SQL(
                """
                SELECT m.product_id, src.parent_path, dst.parent_path,
                       (m.date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date,
                       SUM(m.product_qty)
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                 WHERE m.product_id = ANY(%s)
                   AND m.state IN %s
                   AND (src.warehouse_id = ANY(%s) OR dst.warehouse_id = ANY(%s))
                 GROUP BY 1, 2, 3, 4
                """,
                tz.zone,
                products.ids,
                PENDING_MOVE_STATES,
                self.ids,
                self.ids,
            )
        )
        incoming = defaultdict(lambda: defaultdict(float))
        for product_id, src_path, dst_path, day, quantity in cr.fetchall():
            source, destination = warehouse_of(src_path), warehouse_of(dst_path)
            if source == destination:
                continue
            if source:
                position.outgoing[product_id, source] += quantity
            if destination:
                incoming[product_id, destination][day] += quantity
        for key, days in incoming.items():
            position.incoming[key] = sorted(days.items())
        return position


class StockPosition:
    """Stock per (product id, warehouse id): on hand, pending outgoing
    (deliveries, consumption, transfers out, reserved or not) and receipts
    expected by day, in the item's unit."""

    def __init__(self):
        self.on_hand = defaultdict(float)
        self.outgoing = defaultdict(float)
        self.incoming = {}  # key: [(day, quantity)] sorted by day

    def free(self, key):
        """On hand minus what pending moves will take out."""
        return self.on_hand[key] - self.outgoing[key]

    def incoming_total(self, key):
        return sum(quantity for _day, quantity in self.incoming.get(key, ()))

    def incoming_before(self, key, day):
        """Receipts scheduled before ``day`` (late ones included)."""
        items = self.incoming.get(key)
        if not items:
            return 0.0
        index = bisect_left(items, (day,))
        return sum(quantity for _day, quantity in items[:index])

    def incoming_by_day(self, key):
        return dict(self.incoming.get(key, ()))
