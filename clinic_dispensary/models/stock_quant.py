# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare

from odoo.addons.stock.models.stock_quant import StockQuant as StockStockQuant


class StockQuant(models.Model):
    _inherit = "stock.quant"

    clinic_counted_by_id = fields.Many2one(
        "res.users", string="Counted by", readonly=True, copy=False
    )
    clinic_counted_at = fields.Datetime(string="Counted at", readonly=True, copy=False)
    clinic_reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Adjustment Reason",
        copy=False,
        help="Why the counted quantity differs (loss, damage, theft...).",
    )
    clinic_adjustment_note = fields.Char(string="Adjustment Note", copy=False)

    # Why a count differs is entered on the count line itself: stock only lets
    # the fields it lists be written in inventory mode, and refuses to create a
    # count line carrying any other ("Quant's creation is restricted"), which
    # made the physical inventory list unable to add a line at all.
    _CLINIC_COUNT_FIELDS = ("clinic_reason_tag_id", "clinic_adjustment_note")

    @api.model
    def _get_inventory_fields_write(self):
        return super()._get_inventory_fields_write() + list(self._CLINIC_COUNT_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_inventory_mode():
            return super().create(vals_list)
        # A count line entered for an item and place that already has a quant
        # is merged by stock into that quant, dropping all values but the
        # quantity: carry the reason and note over to the quant it lands on.
        vals_list = [dict(vals) for vals in vals_list]
        counts = [
            {f: vals.pop(f) for f in self._CLINIC_COUNT_FIELDS if vals.get(f)}
            for vals in vals_list
        ]
        if not any(counts):
            return super().create(vals_list)
        quants = self.browse()
        for vals, count in zip(vals_list, counts, strict=True):
            quant = super().create([vals])
            if count:
                quant.write(count)
            quants |= quant
        return quants

    def write(self, vals):
        # Entering a count (not Odoo resetting it after applying) records who
        # counted and when.
        if "inventory_quantity" in vals and not self.env.context.get(
            "clinic_applying_inventory"
        ):
            vals = dict(
                vals,
                clinic_counted_by_id=self.env.uid,
                clinic_counted_at=fields.Datetime.now(),
            )
        return super().write(vals)

    @api.model
    def _clinic_expired_domain(self):
        """Quants of a lot whose expiry date (``product_expiry``) is past,
        quarantined by the daily sweep or not yet."""
        return [("expiration_date", "<", fields.Datetime.now())]

    @api.model
    def _clinic_recalled_domain(self, company):
        """Quants of a lot recalled for ``company`` (``stock.lot``'s
        ``_clinic_recalled_domain``)."""
        return [
            ("lot_id", "any", self.env["stock.lot"]._clinic_recalled_domain(company))
        ]

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        # Like product_expiry's ``with_expiration``: only the moves that ask
        # (``stock.move._clinic_skips_recalled``) leave recalled lots out,
        # never the quant updates, which must find the quant they change.
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        if self.env.context.get("clinic_skip_recalled"):
            company = location_id.company_id or self.env.company
            domain = expression.AND(
                [domain, ["!", *self._clinic_recalled_domain(company)]]
            )
        return domain

    @api.model
    def _clinic_prepare_quants_of(self, lines):
        """Make ready, at once, the quants these move lines (about to be
        validated) take their units from and add them to: lock the quants
        there, as Odoo's ``_update_available_quantity`` locks the one it
        updates (``FOR NO KEY UPDATE SKIP LOCKED``), and create the missing
        destination quants, empty; one query each for all the lines instead
        of a lock or an insert per quant.

        :return: the ids of the quants ready (a frozenset), for the context
            key ``clinic_locked_quant_ids`` read by
            ``_update_available_quantity``
        """
        if not lines:
            return frozenset()
        places = set()
        destinations = {}
        for line in lines:
            product, lot, owner = line.product_id.id, line.lot_id.id, line.owner_id.id
            places.add((product, line.location_id.id, line.package_id.id, owner))
            destination = (
                product,
                line.location_dest_id.id,
                line.result_package_id.id,
                owner,
            )
            places.add(destination)
            destinations[(*destination, lot)] = line
        # What Odoo's strict _gather of each line finds: its lot's quants and
        # the untracked ones of the same place.
        quants = (
            self.sudo()
            .search(
                [
                    ("product_id", "in", lines.product_id.ids),
                    (
                        "location_id",
                        "in",
                        (lines.location_id | lines.location_dest_id).ids,
                    ),
                    ("lot_id", "in", [*lines.lot_id.ids, False]),
                ]
            )
            .filtered(
                lambda q: (
                    (q.product_id.id, q.location_id.id, q.package_id.id, q.owner_id.id)
                    in places
                )
            )
        )
        locked = set()
        if quants:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM stock_quant WHERE id = ANY(%s) "
                    "FOR NO KEY UPDATE SKIP LOCKED",
                    quants.ids,
                )
            )
            locked.update(quant_id for (quant_id,) in self.env.cr.fetchall())
        for quant in quants:
            destinations.pop(
                (
                    quant.product_id.id,
                    quant.location_id.id,
                    quant.package_id.id,
                    quant.owner_id.id,
                    quant.lot_id.id,
                ),
                None,
            )
        # The quants Odoo would create one at a time at the destinations,
        # created empty in one go: the lines' validation adds their units.
        new = self._clinic_create_quants(
            [
                {
                    "product_id": line.product_id.id,
                    "location_id": line.location_dest_id.id,
                    "lot_id": line.lot_id.id,
                    "package_id": line.result_package_id.id,
                    "owner_id": line.owner_id.id,
                }
                for line in destinations.values()
            ]
        )
        return frozenset(locked.union(new.ids))

    @api.model
    def _clinic_create_quants(self, vals_list):
        """Quants created as stock's ``create`` creates them outside its
        inventory mode (the ORM's create), all in one go: stock's create
        calls it once per quant (its inventory mode merges each count into
        an existing quant), a query and the ORM's overhead per quant."""
        if not vals_list:
            return self.browse()
        return super(StockStockQuant, self.sudo()).create(vals_list)

    @api.model
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        """Odoo's update of the quant, without its row lock (one query per
        quant) when the quants it would choose from were all locked
        beforehand (``_clinic_prepare_quants_of``, context key
        ``clinic_locked_quant_ids``): the same quant chosen, the same values
        written, the same result."""
        locked = self.env.context.get("clinic_locked_quant_ids")
        if not locked or not quantity or reserved_quantity:
            return super()._update_available_quantity(
                product_id,
                location_id,
                quantity=quantity,
                reserved_quantity=reserved_quantity,
                lot_id=lot_id,
                package_id=package_id,
                owner_id=owner_id,
                in_date=in_date,
            )
        self = self.sudo()
        quants = self._gather(
            product_id,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=True,
        )
        if lot_id and quantity > 0:
            quants = quants.filtered(lambda q: q.lot_id)
        if not quants or any(quant.id not in locked for quant in quants):
            # None to update (Odoo creates one, without a lock), or one
            # another transaction holds: Odoo's way.
            return super()._update_available_quantity(
                product_id,
                location_id,
                quantity=quantity,
                lot_id=lot_id,
                package_id=package_id,
                owner_id=owner_id,
                in_date=in_date,
            )
        if location_id.should_bypass_reservation():
            incoming_dates = []
        else:
            incoming_dates = [
                quant.in_date
                for quant in quants
                if quant.in_date
                and float_compare(
                    quant.quantity,
                    0,
                    precision_rounding=quant.product_uom_id.rounding,
                )
                > 0
            ]
        if in_date:
            incoming_dates.append(in_date)
        in_date = min(incoming_dates) if incoming_dates else fields.Datetime.now()
        # Odoo's choice: the first quant by lot (ORDER BY lot_id, the
        # untracked last).
        quant = quants.sorted(lambda q: (not q.lot_id, q.lot_id.id))[0]
        quant.write({"in_date": in_date, "quantity": quant.quantity + quantity})
        available = self._get_available_quantity(
            product_id,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=True,
            allow_negative=True,
        )
        return available, in_date

    def _get_inventory_move_values(
        self,
        qty,
        location_id,
        location_dest_id,
        package_id=False,
        package_dest_id=False,
    ):
        vals = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id, package_dest_id
        )
        vals["clinic_reason_tag_id"] = self.clinic_reason_tag_id.id
        return vals

    def _prepare_adjustment_audit_vals(self):
        self.ensure_one()
        before = self.quantity
        after = self.inventory_quantity
        cost = self.product_id.with_company(self.company_id).standard_price
        return {
            "user_id": self.env.uid,
            "counted_by_id": self.clinic_counted_by_id.id,
            "counted_at": self.clinic_counted_at,
            "company_id": self.company_id.id,
            "location_id": self.location_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "quantity_before": before,
            "quantity_after": after,
            "quantity_difference": after - before,
            "reason_tag_id": self.clinic_reason_tag_id.id,
            "note": self.clinic_adjustment_note,
            "value": (after - before) * cost,
        }

    def _apply_inventory(self):
        audit_vals = [quant._prepare_adjustment_audit_vals() for quant in self]
        res = super(
            StockQuant, self.with_context(clinic_applying_inventory=True)
        )._apply_inventory()
        self.env["clinic.stock.adjustment"].sudo().create(audit_vals)
        self.with_context(clinic_applying_inventory=True).write(
            {
                "clinic_reason_tag_id": False,
                "clinic_adjustment_note": False,
                "clinic_counted_by_id": False,
                "clinic_counted_at": False,
            }
        )
        return res

    def action_clinic_write_off(self):
        """Write off quarantined units: Odoo's scrap form, filled from the
        quant (its Quarantine as source location), for the user to confirm
        the quantity and reason."""
        self.ensure_one()
        quarantines = self.env["stock.warehouse"]._clinic_quarantine_locations()
        if not any(self.location_id._child_of(q) for q in quarantines):
            raise UserError(
                self.env._(
                    "%(item)s in %(location)s is not in Quarantine: only "
                    "quarantined units are written off from here.",
                    item=self.product_id.display_name,
                    location=self.location_id.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Write Off %s", self.product_id.display_name),
            "res_model": "stock.scrap",
            "view_mode": "form",
            "views": [(self.env.ref("stock.stock_scrap_form_view2").id, "form")],
            "target": "new",
            "context": {
                "product_ids": self.product_id.ids,
                "default_company_id": self.company_id.id,
                "default_product_id": self.product_id.id,
                "default_product_uom_id": self.product_uom_id.id,
                "default_lot_id": self.lot_id.id,
                "default_package_id": self.package_id.id,
                "default_owner_id": self.owner_id.id,
                "default_location_id": self.location_id.id,
                "default_scrap_qty": self.quantity,
                "default_origin": self.env._("Quarantine"),
            },
        }
