# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    clinic_min_qty = fields.Float(
        string="Minimum Stock Level",
        digits="Product Unit of Measure",
        compute="_compute_clinic_min_qty",
        inverse="_inverse_clinic_min_qty",
        help="Kept as the item's reordering rule at the clinic's stock: below "
        "it, Odoo prepares a draft RFQ and the manager is alerted. Zero removes "
        "the rule.",
    )

    def _clinic_stock_location(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    def _clinic_orderpoints(self):
        return self.env["stock.warehouse.orderpoint"].search(
            [
                ("product_id", "in", self.product_variant_ids.ids),
                ("location_id", "=", self._clinic_stock_location().id),
            ]
        )

    @api.depends_context("company")
    @api.depends("product_variant_ids")
    def _compute_clinic_min_qty(self):
        minimums = {
            orderpoint.product_id.product_tmpl_id.id: orderpoint.product_min_qty
            for orderpoint in self._clinic_orderpoints()
        }
        for template in self:
            template.clinic_min_qty = minimums.get(template.id, 0.0)

    def _inverse_clinic_min_qty(self):
        location = self._clinic_stock_location()
        orderpoints = self._clinic_orderpoints()
        to_create = []
        for template in self:
            existing = orderpoints.filtered(
                lambda op, t=template: op.product_id.product_tmpl_id == t
            )
            if not template.clinic_min_qty:
                existing.unlink()
                continue
            for orderpoint in existing:
                orderpoint.write(
                    {
                        "product_min_qty": template.clinic_min_qty,
                        "product_max_qty": max(
                            orderpoint.product_max_qty, template.clinic_min_qty
                        ),
                    }
                )
            to_create += [
                {
                    "product_id": variant.id,
                    "location_id": location.id,
                    "product_min_qty": template.clinic_min_qty,
                    "product_max_qty": template.clinic_min_qty * 2,
                    "trigger": "auto",
                }
                for variant in template.product_variant_ids - existing.product_id
                if template.is_storable
            ]
        self.env["stock.warehouse.orderpoint"].create(to_create)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_event_type(self):
        # Variants go with their template through a database cascade, which
        # skips the variants' own ondelete checks.
        self.with_context(
            active_test=False
        ).product_variant_ids._check_not_linked_to_event_type()
