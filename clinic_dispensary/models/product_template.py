# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

# The Odoo product type (and stock tracking) each clinic kind is kept as:
# memberships and packages are intangible, so Odoo services too.
CLINIC_KIND_TYPES = {
    "service": {"type": "service", "is_storable": False},
    "physical": {"type": "consu", "is_storable": True},
    "digital": {"type": "service", "is_storable": False},
}
# The clinic kinds an item of each Odoo product type can be.
CLINIC_TYPE_KINDS = {
    "consu": ("physical",),
    "service": ("service", "digital"),
    "combo": ("digital",),
}


# Who sees suppliers and their terms: purchasing, not reception.
PURCHASE_GROUPS = "clinic_dispensary.group_clinic_manager,purchase.group_purchase_user"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    clinic_kind = fields.Selection(
        [
            ("service", "Service"),
            ("physical", "Physical"),
            ("digital", "Digital"),
        ],
        compute="_compute_clinic_kind",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Service: staff time (appointments). Physical: goods tracked in "
        "stock. Digital: memberships and packages. Sets the Odoo product type.",
    )
    clinic_price_mode = fields.Selection(
        [("fixed", "Fixed Price"), ("duration", "Per Duration")],
        string="Pricing",
        default="fixed",
        required=True,
        help="Per Duration: the sales price is a rate per hour or minute and "
        "an appointment bills it for its duration.",
    )
    clinic_time_unit = fields.Selection(
        [("hour", "Hour"), ("minute", "Minute")],
        string="Rate per",
        default="hour",
        required=True,
    )
    clinic_duration_rounding = fields.Selection(
        [
            ("exact", "Exact Duration"),
            ("quarter", "Next Started 15 Minutes"),
        ],
        string="Duration Rounding",
        default="exact",
        required=True,
        help="Duration billed: the appointment's exact duration, or rounded up "
        "to the next started quarter of an hour.",
    )
    clinic_is_addon = fields.Boolean(
        string="Add-on",
        help="Can be attached to an appointment (premium upgrade, extra time, "
        "a product used) and billed with it.",
    )
    clinic_margin = fields.Monetary(
        string="Margin",
        compute="_compute_clinic_margin",
        groups="clinic_dispensary.group_clinic_manager",
        help="Sales price minus cost (per hour or minute for items priced by "
        "duration).",
    )
    clinic_margin_percent = fields.Float(
        string="Margin (%)",
        compute="_compute_clinic_margin",
        digits=(16, 2),
        groups="clinic_dispensary.group_clinic_manager",
    )
    clinic_discount_rule_ids = fields.One2many(
        "clinic.discount.rule",
        "product_tmpl_id",
        string="Clinic Discounts",
    )

    clinic_item = fields.Boolean(
        compute="_compute_clinic_item",
        search="_search_clinic_item",
        help="In a Clinic category, an add-on, billed by an appointment type or "
        "consumed by one: what the clinic's screens show by default.",
    )

    clinic_min_qty = fields.Float(
        string="Minimum Stock Level",
        digits="Product Unit of Measure",
        compute="_compute_clinic_min_qty",
        inverse="_inverse_clinic_min_qty",
        help="Kept as the item's reordering rule at the clinic's stock: below "
        "it, Odoo prepares a draft RFQ and the manager is alerted. Zero removes "
        "the rule.",
    )

    # The first line of Odoo's vendor list is the vendor Odoo buys from
    # (replenishment, new order lines): that order is the preference, kept
    # nowhere else.
    clinic_preferred_supplier_id = fields.Many2one(
        "res.partner",
        string="Preferred Supplier",
        compute="_compute_clinic_preferred_supplier_id",
        inverse="_inverse_clinic_preferred_supplier_id",
        groups=PURCHASE_GROUPS,
        help="The first supplier of the item's vendor list, the one its "
        "purchases go to by default. Choosing another one moves its vendor "
        "lines to the top of the list.",
    )

    @api.depends("type")
    def _compute_clinic_kind(self):
        for template in self:
            if template.type == "consu":
                template.clinic_kind = "physical"
            elif template.type == "combo":
                template.clinic_kind = "digital"
            elif template.clinic_kind not in ("service", "digital"):
                template.clinic_kind = "service"

    def _compute_clinic_item(self):
        clinic = self.search([("id", "in", self.ids), ("clinic_item", "=", True)])
        for template in self:
            template.clinic_item = template in clinic

    @api.model
    def _search_clinic_item(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        category = self.env.ref(
            "clinic_dispensary.product_category_clinic", raise_if_not_found=False
        )
        # Types and their consumables are few: read as superuser, the
        # catalogue filter works for whoever sees the catalogue.
        types = (
            self.env["calendar.event.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id", "!=", False)])
        )
        consumables = self.env["clinic.event.type.consumable"].sudo().search([])
        products = types.product_id | consumables.product_id
        domain = [
            "|",
            "|",
            ("categ_id", "child_of", category.ids),
            ("clinic_is_addon", "=", True),
            ("product_variant_ids", "in", products.ids),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    @api.onchange("clinic_kind")
    def _onchange_clinic_kind(self):
        for template in self.filtered("clinic_kind"):
            template.update(CLINIC_KIND_TYPES[template.clinic_kind])

    @api.model
    def _clinic_map_kind(self, vals):
        """`vals` completed with the Odoo type and storability of the clinic
        kind they set. The one place the kind becomes a type: templates and
        variants (imports, integrations) are created and written through it.
        Odoo's tracking follows storability (a service tracks nothing)."""
        kind = vals.get("clinic_kind")
        if not kind:
            return vals
        if "type" in vals and kind not in CLINIC_TYPE_KINDS.get(vals["type"], ()):
            fields_ = self._fields
            raise ValidationError(
                self.env._(
                    "%(item)s cannot be of kind %(kind)s and of product type "
                    "%(type)s: set one of them only.",
                    item=vals.get("name") or ", ".join(self.mapped("display_name")),
                    kind=dict(fields_["clinic_kind"]._description_selection(self.env))[
                        kind
                    ],
                    type=dict(fields_["type"]._description_selection(self.env)).get(
                        vals["type"], vals["type"]
                    ),
                )
            )
        mapped = CLINIC_KIND_TYPES[kind]
        if vals.get("type", mapped["type"]) != mapped["type"]:
            return vals  # a digital item kept as a combo
        return {**{k: v for k, v in mapped.items() if k not in vals}, **vals}

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._clinic_map_kind(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._clinic_map_kind(vals))

    @api.depends("list_price", "standard_price")
    @api.depends_context("company")
    def _compute_clinic_margin(self):
        for template in self:
            margin = template.list_price - template.standard_price
            template.clinic_margin = margin
            template.clinic_margin_percent = (
                margin / template.list_price * 100 if template.list_price else 0.0
            )

    @api.constrains("list_price", "clinic_price_mode", "sale_ok")
    def _check_clinic_price(self):
        for template in self.filtered("sale_ok"):
            if template.list_price < 0:
                raise ValidationError(
                    self.env._(
                        "The sales price of %(item)s cannot be negative.",
                        item=template.display_name,
                    )
                )
            if template.clinic_price_mode == "duration" and template.list_price <= 0:
                raise ValidationError(
                    self.env._(
                        "%(item)s is priced per duration: its rate (sales price) "
                        "must be positive.",
                        item=template.display_name,
                    )
                )

    @api.constrains("clinic_price_mode", "uom_id")
    def _check_clinic_duration_uom(self):
        unit_category = self.env.ref("uom.product_uom_categ_unit")
        for template in self:
            if (
                template.clinic_price_mode == "duration"
                and template.uom_id.category_id != unit_category
            ):
                raise ValidationError(
                    self.env._(
                        "%(item)s is priced per duration: an appointment bills it "
                        "once for its duration, so its unit of measure must be a "
                        "unit (e.g. Units), not %(uom)s.",
                        item=template.display_name,
                        uom=template.uom_id.name,
                    )
                )

    def _clinic_billed_hours(self, hours):
        """Duration billed for an appointment of `hours`, after rounding."""
        self.ensure_one()
        minutes = float_round(hours * 60, precision_digits=2)
        if self.clinic_duration_rounding == "quarter":
            minutes = math.ceil(minutes / 15) * 15
        return minutes / 60

    def _clinic_duration_units(self, billed_hours):
        """Billed duration in the unit of the rate (hours or minutes)."""
        self.ensure_one()
        return billed_hours if self.clinic_time_unit == "hour" else billed_hours * 60

    def _clinic_stock_location(self):
        company = self.env.company
        warehouse = self.env["stock.warehouse"]._clinic_main_by_company(company)
        return warehouse.get(company, self.env["stock.warehouse"]).lot_stock_id

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
        """Set the items' minimums as reordering rules of the clinic's stock:
        one unlink, one write per (minimum, maximum) and one create for all
        the items, whatever their number."""
        location = self._clinic_stock_location()
        by_template = defaultdict(lambda: self.env["stock.warehouse.orderpoint"])
        for orderpoint in self._clinic_orderpoints():
            by_template[orderpoint.product_id.product_tmpl_id] |= orderpoint
        to_unlink = self.env["stock.warehouse.orderpoint"]
        to_write = defaultdict(lambda: self.env["stock.warehouse.orderpoint"])
        to_create = []
        for template in self:
            existing = by_template[template]
            minimum = template.clinic_min_qty
            if not minimum:
                to_unlink |= existing
                continue
            for orderpoint in existing:
                to_write[(minimum, max(orderpoint.product_max_qty, minimum))] |= (
                    orderpoint
                )
            to_create += [
                {
                    "product_id": variant.id,
                    "location_id": location.id,
                    "product_min_qty": minimum,
                    "product_max_qty": minimum * 2,
                    "trigger": "auto",
                }
                for variant in template.product_variant_ids - existing.product_id
                if template.is_storable
            ]
        to_unlink.unlink()
        for (minimum, maximum), orderpoints in to_write.items():
            orderpoints.write({"product_min_qty": minimum, "product_max_qty": maximum})
        self.env["stock.warehouse.orderpoint"].create(to_create)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_event_type(self):
        # Variants go with their template through a database cascade, which
        # skips the variants' own ondelete checks.
        self.with_context(
            active_test=False
        ).product_variant_ids._check_not_linked_to_event_type()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_clinic_history(self):
        self.with_context(
            active_test=False
        ).product_variant_ids._clinic_check_no_history()

    @api.depends("seller_ids.sequence", "seller_ids.partner_id")
    @api.depends_context("company")
    def _compute_clinic_preferred_supplier_id(self):
        for template in self:
            template.clinic_preferred_supplier_id = template._clinic_sorted_sellers()[
                :1
            ].partner_id

    def _clinic_sorted_sellers(self):
        """The vendor list in Odoo's order of preference, the one its
        ``product.product._prepare_sellers`` chooses by (the cached lines
        keep their reading order when a sequence changes)."""
        self.ensure_one()
        return self.seller_ids.sorted(lambda s: (s.sequence, -s.min_qty, s.price, s.id))

    def _inverse_clinic_preferred_supplier_id(self):
        """Re-sequence the vendor list: the preferred supplier's lines first
        (in their order), then the others. A supplier not in the list yet
        gets a line at the item's cost, to be completed in the list."""
        new_lines = []
        for template in self:
            supplier = template.clinic_preferred_supplier_id
            if not supplier:
                continue
            sellers = template._clinic_sorted_sellers()
            preferred = sellers.filtered(lambda s, p=supplier: s.partner_id == p)
            if not preferred:
                new_lines.append(
                    {
                        "product_tmpl_id": template.id,
                        "partner_id": supplier.id,
                        "price": template.standard_price,
                        "sequence": 0,
                    }
                )
            for sequence, seller in enumerate(preferred + (sellers - preferred), 1):
                if seller.sequence != sequence:
                    seller.sequence = sequence
        self.env["product.supplierinfo"].create(new_lines)
