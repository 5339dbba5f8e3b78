# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CalendarEventType(models.Model):
    _inherit = "calendar.event.type"

    # Core tags cannot be archived; a clinic retires appointment types
    # without losing the item (and history) they were billed with.
    active = fields.Boolean(default=True)
    clinic_billable = fields.Boolean(
        string="Billable",
        help="Appointments of this type are billed through Express Checkout.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    price = fields.Monetary(
        help="Price of the dispensary item created for this type the first "
        "time it is billed. Later price changes are made on the item.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Dispensary Item",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        domain="[('type', '=', 'service')]",
        help="Service billed for appointments of this type; created on first "
        "checkout when empty.",
    )

    clinic_consumable_ids = fields.One2many(
        "clinic.event.type.consumable",
        "event_type_id",
        string="Consumables",
        help="Items one appointment of this type takes out of stock.",
    )

    _sql_constraints = [
        (
            "product_uniq",
            "unique (product_id)",
            "A dispensary item can be linked to one appointment type only.",
        ),
    ]

    @api.depends_context("company")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @api.constrains("price")
    def _check_price(self):
        for event_type in self:
            if event_type.price < 0:
                raise ValidationError(
                    _(
                        "The price of appointment type %(type)s cannot be negative.",
                        type=event_type.name,
                    )
                )

    def _prepare_product_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "type": "service",
            "list_price": self.price,
            "sale_ok": True,
            "purchase_ok": False,
            "categ_id": self.env.ref(
                "clinic_dispensary.product_category_clinic_services"
            ).id,
        }

    def _ensure_products(self):
        """Create, in one batch, the dispensary items of the types that have none.

        Returns the types' products. Runs as superuser: reception may bill a
        type for the first time without having catalogue rights.
        """
        missing = self.filtered(lambda t: not t.product_id)
        if missing:
            products = (
                self.env["product.product"]
                .sudo()
                .create([event_type._prepare_product_vals() for event_type in missing])
            )
            for event_type, product in zip(missing, products, strict=True):
                event_type.sudo().product_id = product
        return self.product_id

    def action_sync_products(self):
        """List action "Create billable items": the seed's fake appointment,
        made unnecessary."""
        # Items are created as superuser: only who may edit types may ask.
        self.check_access("write")
        # A type that is not billed needs no item: skipped, and said so.
        billable = self.filtered("clinic_billable")
        skipped = self - billable
        created = billable.filtered(lambda t: not t.product_id)
        billable._ensure_products()
        message = _("%(count)s billable item(s) created.", count=len(created))
        if skipped:
            message = _(
                "%(created)s Skipped, not billable: %(types)s.",
                created=message,
                types=", ".join(skipped.mapped("name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if skipped else "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
