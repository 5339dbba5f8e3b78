# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicStockClaimLine(models.Model):
    _name = "clinic.stock.claim.line"
    _description = "Stock Claim Line"
    _check_company_auto = True

    claim_id = fields.Many2one(
        "clinic.stock.claim", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    # Indexed: a recall looks up the claims of its lot.
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        index="btree_not_null",
        domain="[('product_id', '=', product_id)]",
    )
    location_id = fields.Many2one(
        "stock.location",
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('usage', '=', 'internal')]",
        help="Where the units wait: the Quarantine by default.",
    )
    quantity = fields.Float(
        default=1.0, required=True, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_unit = fields.Monetary(
        string="Unit Cost",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        groups="clinic_dispensary.group_clinic_manager",
    )
    subtotal = fields.Monetary(
        compute="_compute_subtotal",
        store=True,
        groups="clinic_dispensary.group_clinic_manager",
    )

    @api.depends("claim_id.company_id")
    def _compute_location_id(self):
        warehouses = self.env["stock.warehouse"]._clinic_main_by_company(
            self.claim_id.company_id | self.env.company
        )
        for line in self:
            if line.location_id:
                continue
            company = line.claim_id.company_id or self.env.company
            line.location_id = warehouses.get(
                company, self.env["stock.warehouse"]
            ).clinic_quarantine_location_id

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_uom_id")
    def _compute_price_unit(self):
        for line in self:
            product = line.product_id.with_company(line.company_id)
            line.price_unit = product.uom_id._compute_price(
                product.standard_price, line.product_uom_id or product.uom_id
            )

    @api.depends("quantity", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit

    def _prepare_return_move_vals(self, source, destination):
        self.ensure_one()
        return {
            "name": self.product_id.display_name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": self.quantity,
            "location_id": (self.location_id or source).id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "partner_id": self.claim_id.partner_id.id,
        }

    def _prepare_return_move_line_vals(self, move):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom_id": self.product_uom_id.id,
            "quantity": self.quantity,
            "lot_id": self.lot_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "picking_id": move.picking_id.id,
            "move_id": move.id,
        }

    def _prepare_credit_note_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": " - ".join(
                filter(None, [self.product_id.display_name, self.lot_id.name])
            ),
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.sudo().price_unit,
        }
