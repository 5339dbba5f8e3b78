# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ClinicEventAddon(models.Model):
    """An extra billed with an appointment: a premium upgrade, extra time, a
    product used. Checkout bills it on the client's invoice with the visit."""

    _name = "clinic.event.addon"
    _description = "Appointment Add-on"
    _order = "event_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    event_id = fields.Many2one(
        "calendar.event",
        string="Appointment",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="event_id.company_id", store=True, index="btree_not_null"
    )
    currency_id = fields.Many2one(related="event_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Add-on",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain="[('clinic_is_addon', '=', True), ('sale_ok', '=', True)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    clinic_price_mode = fields.Selection(related="product_id.clinic_price_mode")
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", required=True
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
    duration = fields.Float(
        help="Time billed for an add-on priced per duration (extra time), in hours.",
    )
    price_subtotal = fields.Monetary(
        string="Amount",
        compute="_compute_price_subtotal",
        help="Catalogue price, before discounts and taxes.",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "clinic_addon_id",
        string="Invoice Lines",
        readonly=True,
    )
    billed = fields.Boolean(compute="_compute_billed")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for addon in self:
            addon.product_uom_id = addon.product_id.uom_id

    @api.depends("product_id", "quantity", "product_uom_id", "duration")
    def _compute_price_subtotal(self):
        for addon in self:
            addon.price_subtotal = addon._clinic_catalogue_amount()

    @api.depends("invoice_line_ids.parent_state")
    def _compute_billed(self):
        for addon in self:
            addon.billed = any(
                line.parent_state != "cancel" for line in addon.invoice_line_ids
            )

    def _clinic_catalogue_amount(self):
        self.ensure_one()
        product = self.product_id
        if not product:
            return 0.0
        price = product._clinic_catalogue_price(self.duration)
        if self.product_uom_id and self.product_uom_id != product.uom_id:
            price = product.uom_id._compute_price(price, self.product_uom_id)
        return self.event_id.currency_id.round(price * self.quantity)

    @api.constrains("product_id", "quantity", "duration")
    def _check_addon(self):
        for addon in self:
            item = addon.product_id.display_name
            if not addon.product_id.clinic_is_addon:
                raise ValidationError(self.env._("%s is not an add-on item.", item))
            if addon.quantity <= 0:
                raise ValidationError(
                    self.env._("The quantity of add-on %s must be positive.", item)
                )
            if addon.duration < 0 or (
                addon.product_id.clinic_price_mode == "duration" and not addon.duration
            ):
                raise ValidationError(
                    self.env._(
                        "Add-on %s is priced per duration: give it a positive "
                        "duration.",
                        item,
                    )
                )

    # ------------------------------------------------------------------
    # Billed add-ons are frozen, like the appointment they were billed with
    # ------------------------------------------------------------------
    def _check_not_billed(self):
        billed = self.filtered(
            lambda a: a.billed or a.event_id.billing_state == "billed"
        )
        if billed:
            raise UserError(
                self.env._(
                    "Add-ons of billed appointments cannot change; add the "
                    "extra to the invoice, or cancel it first: %s",
                    ", ".join(
                        f"{addon.product_id.display_name} "
                        f"({addon.event_id.display_name})"
                        for addon in billed
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        addons = super().create(vals_list)
        addons._check_not_billed()
        return addons

    def write(self, vals):
        self._check_not_billed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        self._check_not_billed()

    # ------------------------------------------------------------------
    # Checkout (pipeline step 5)
    # ------------------------------------------------------------------
    def _prepare_invoice_lines_vals(self):
        """Line values of the add-ons of self still to bill."""
        return [
            addon._prepare_invoice_line_vals() for addon in self if not addon.billed
        ]

    def _prepare_invoice_line_vals(self):
        """Invoice line values of this add-on, priced by the pricing step."""
        self.ensure_one()
        product = self.product_id
        return {
            "product_id": product.id,
            "name": self.env._(
                "%(item)s\nAdd-on to %(appointment)s",
                item=product.display_name,
                appointment=self.event_id.appointment_type_id.name
                or self.event_id.name,
            ),
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "clinic_duration": self.duration,
            "clinic_event_id": self.event_id.id,
            "clinic_addon_id": self.id,
            "clinic_line_role": "addon",
        }
