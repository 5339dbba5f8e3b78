# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


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
