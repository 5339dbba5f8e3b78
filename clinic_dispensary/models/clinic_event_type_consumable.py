# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ClinicEventTypeConsumable(models.Model):
    """What one appointment of a type uses up: a facial uses a mask and
    10 ml of serum."""

    _name = "clinic.event.type.consumable"
    _description = "Appointment Type Consumable"
    _order = "event_type_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    event_type_id = fields.Many2one(
        "calendar.event.type",
        string="Appointment Type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    # Appointment types are shared by all companies; what a visit uses is
    # each clinic's: an item of one company is consumed in that company only.
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The clinic whose appointments use it up; empty: every clinic "
        "(the item must then be shared by all companies).",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", required=True
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    billable = fields.Boolean(
        help="Billed to the client at the item's price; otherwise only taken "
        "out of stock (and costed).",
    )

    @api.depends("product_id")
    def _compute_company_id(self):
        for consumable in self:
            consumable.company_id = (
                consumable.product_id.company_id or consumable.company_id
            )

    def _clinic_for_company(self, company):
        """The consumables of self used up by the appointments of ``company``."""
        return self.filtered(
            lambda consumable: (
                not consumable.company_id or consumable.company_id == company
            )
        )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for consumable in self:
            consumable.uom_id = consumable.product_id.uom_id

    @api.constrains("quantity")
    def _check_quantity(self):
        for consumable in self:
            if consumable.quantity <= 0:
                raise ValidationError(
                    _(
                        "The quantity of %(item)s used by %(type)s must be positive.",
                        item=consumable.product_id.display_name,
                        type=consumable.event_type_id.name,
                    )
                )
