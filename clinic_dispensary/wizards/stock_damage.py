# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class ClinicStockDamage(models.TransientModel):
    """Mark damaged or defective units: out of sellable stock into the
    Quarantine, with their reason, and optionally a claim for them."""

    _name = "clinic.stock.damage"
    _description = "Mark Units Damaged"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="From",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        default=lambda self: (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id
        ),
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
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Reason",
        required=True,
        default=lambda self: self.env.ref(
            "clinic_dispensary.stock_reason_damage", raise_if_not_found=False
        ),
    )
    note = fields.Char()
    claim_kind = fields.Selection(
        [
            ("supplier_return", "Supplier Return"),
            ("warranty", "Warranty Claim"),
            ("insurance", "Insurance Claim"),
        ],
        string="Open a Claim",
        help="Leave empty to only move the units out of sellable stock.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Claimed From",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for wizard in self:
            wizard.product_uom_id = wizard.product_id.uom_id

    @api.depends("lot_id", "product_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = (
                wizard.lot_id.clinic_supplier_id
                or wizard.product_id.seller_ids[:1].partner_id
            )

    def _check_damage(self):
        self.ensure_one()
        if self.quantity <= 0:
            raise UserError(_("The quantity must be positive."))
        if self.product_id.tracking != "none" and not self.lot_id:
            raise UserError(
                _("%s is tracked: choose the lot.", self.product_id.display_name)
            )
        if self.claim_kind and not self.partner_id:
            raise UserError(_("Choose who the claim is made to."))
        available = self.env["stock.quant"]._get_available_quantity(
            self.product_id,
            self.location_id,
            lot_id=self.lot_id or None,
            strict=True,
            allow_negative=True,
        )
        quantity = self._product_quantity()
        if (
            float_compare(
                quantity, available, precision_rounding=self.product_id.uom_id.rounding
            )
            > 0
        ):
            raise UserError(
                _(
                    "Only %(available)s %(uom)s of %(item)s in %(location)s.",
                    available=available,
                    uom=self.product_id.uom_id.name,
                    item=self.product_id.display_name,
                    location=self.location_id.display_name,
                )
            )

    def _product_quantity(self):
        return self.product_uom_id._compute_quantity(
            self.quantity, self.product_id.uom_id
        )

    def _prepare_claim_vals(self, quarantine):
        return {
            "kind": self.claim_kind,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "description": self.note or self.reason_tag_id.name,
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "lot_id": self.lot_id.id,
                        "location_id": quarantine.id,
                        "quantity": self.quantity,
                        "product_uom_id": self.product_uom_id.id,
                    }
                )
            ],
        }

    def action_confirm(self):
        self.ensure_one()
        self._check_damage()
        Warehouse = self.env["stock.warehouse"]
        quarantine = Warehouse._clinic_quarantine_for(self.location_id)[
            self.location_id.id
        ]
        origin = " - ".join(filter(None, [self.reason_tag_id.name, self.note]))
        move = (
            self.env["stock.move"]
            .sudo()
            .create(
                Warehouse._clinic_prepare_quarantine_move_vals(
                    self.product_id,
                    self._product_quantity(),
                    self.location_id,
                    quarantine,
                    self.reason_tag_id,
                    origin,
                    lot_id=self.lot_id.id,
                )
            )
        )
        move._action_done()
        if not self.claim_kind:
            return self._done_notification(quarantine)
        claim = self.env["clinic.stock.claim"].create(
            self._prepare_claim_vals(quarantine)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "clinic.stock.claim",
            "res_id": claim.id,
            "view_mode": "form",
        }

    def _done_notification(self, quarantine):
        """Say what was done: the wizard closes on a notification."""
        quantity = f"{self.quantity:g}"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Marked damaged"),
                "message": _(
                    "%(quantity)s %(uom)s of %(item)s%(lot)s moved from "
                    "%(from_location)s to %(quarantine)s (%(reason)s).",
                    quantity=quantity,
                    uom=self.product_uom_id.name,
                    item=self.product_id.display_name,
                    lot=_(", lot %s", self.lot_id.name) if self.lot_id else "",
                    from_location=self.location_id.display_name,
                    quarantine=quarantine.display_name,
                    reason=self.reason_tag_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
