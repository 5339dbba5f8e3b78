# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PACKAGE_TYPES = [
    ("treatment", "Treatment Package"),
    ("bundle", "Product Bundle"),
    ("membership", "Membership"),
]

# Sold to a client as a prepaid balance (a liability until used), or as
# revenue at once (a bundle's items leave the stock when it is sold).
PREPAID_PACKAGE_TYPES = ("treatment", "membership")


class ClinicPackage(models.Model):
    """A package offer of the catalogue: what is sold, not what a client
    holds (``clinic.patient.package``)."""

    _name = "clinic.package"
    _description = "Clinic Package"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    package_type = fields.Selection(
        PACKAGE_TYPES,
        string="Type",
        required=True,
        default="treatment",
        tracking=True,
        help="Treatment package: sessions paid in advance (e.g. 6 treatments). "
        "Product bundle: physical items sold together at a bundled price. "
        "Membership: a recurring fee with included services per period "
        "and/or a discount.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        required=True,
        tracking=True,
        help="The bundled price the client pays for the package.",
    )
    line_ids = fields.One2many(
        "clinic.package.line", "package_id", string="Contents", copy=True
    )
    validity_days = fields.Integer(
        string="Validity (days)",
        default=0,
        help="How long a sold package may be used, from its start date. "
        "0: it never expires.",
    )
    recurring_rule_type = fields.Selection(
        [("monthly", "Month(s)"), ("yearly", "Year(s)")],
        string="Period",
        help="A membership is invoiced, and its included quantities renew, "
        "every period.",
    )
    recurring_interval = fields.Integer(
        string="Every", default=1, help="Number of months or years in a period."
    )
    auto_renew = fields.Boolean(
        help="The membership goes on period after period (its end date moves "
        "on by a period with each period invoiced) until it is cancelled; "
        "otherwise it ends after its validity, or after one period.",
    )
    discount_percent = fields.Float(
        string="Member Discount (%)",
        digits="Discount",
        help="Discount the membership gives on the covered items beyond "
        "the included quantities.",
    )
    discount_product_ids = fields.Many2many(
        "product.product",
        "clinic_package_discount_product_rel",
        "package_id",
        "product_id",
        string="Discounted Items",
        check_company=True,
        help="Items the member discount applies to besides the membership's "
        "own contents.",
    )
    discount_categ_ids = fields.Many2many(
        "product.category",
        "clinic_package_discount_categ_rel",
        "package_id",
        "categ_id",
        string="Discounted Categories",
        help="Item categories (with their subcategories) the member discount "
        "applies to.",
    )

    @api.constrains("line_ids", "package_type", "price")
    def _check_package(self):
        for package in self:
            if not package.line_ids:
                raise ValidationError(
                    self.env._(
                        "Add at least one item or service to the package %s.",
                        package.name,
                    )
                )
            if package.currency_id.compare_amounts(package.price, 0.0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The price of the package %s must be more than zero.",
                        package.name,
                    )
                )
            services = package.line_ids.product_id.filtered(
                lambda product: product.type != "consu"
            )
            if package.package_type == "bundle" and services:
                raise ValidationError(
                    self.env._(
                        "A product bundle holds physical items only: remove "
                        "%(services)s from %(package)s, or make it a treatment "
                        "package.",
                        services=", ".join(services.mapped("display_name")),
                        package=package.name,
                    )
                )

    @api.constrains("package_type", "recurring_rule_type", "recurring_interval")
    def _check_membership_period(self):
        for package in self.filtered(lambda p: p.package_type == "membership"):
            if not package.recurring_rule_type or package.recurring_interval < 1:
                raise ValidationError(
                    self.env._(
                        "The membership %s needs a period: every how many "
                        "months or years it is invoiced.",
                        package.name,
                    )
                )

    @api.constrains("validity_days", "discount_percent")
    def _check_validity_and_discount(self):
        for package in self:
            if package.validity_days < 0:
                raise ValidationError(
                    self.env._(
                        "The validity of %s cannot be negative (0: never expires).",
                        package.name,
                    )
                )
            if not 0 <= package.discount_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The member discount of %s must be between 0 and 100%%.",
                        package.name,
                    )
                )

    def _clinic_period(self):
        """A membership's period, as a relativedelta."""
        self.ensure_one()
        unit = "months" if self.recurring_rule_type == "monthly" else "years"
        return relativedelta(**{unit: self.recurring_interval})

    def _clinic_price_shares(self, price=None):
        """The package price (or ``price``: what a membership sold for) split
        over its lines in proportion to their catalogue value (by quantity
        when nothing has a price), to the cent: the last line takes what
        rounding left."""
        self.ensure_one()
        currency = self.currency_id
        price = self.price if price is None else price
        gross = [
            line.quantity * line.product_id.with_company(self.company_id).lst_price
            for line in self.line_ids
        ]
        weights = gross if sum(gross) > 0 else self.line_ids.mapped("quantity")
        shares, left = [], price
        for index, weight in enumerate(weights):
            share = (
                left
                if index == len(weights) - 1
                else currency.round(price * weight / sum(weights))
            )
            shares.append(share)
            left = currency.round(left - share)
        return shares

    def _clinic_is_prepaid(self):
        """Sold as a prepaid balance (liability) rather than revenue at once."""
        self.ensure_one()
        return self.package_type in PREPAID_PACKAGE_TYPES

    def action_sell(self):
        """Sell this package to a client."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_package_sale"
        )
        action["context"] = {"default_package_id": self.id}
        return action

    def _clinic_discounts_item(self, product):
        """The member discount applies to ``product``: one of its contents,
        its discounted items, or in one of its discounted categories."""
        self.ensure_one()
        return (
            product in self.line_ids.product_id
            or product in self.discount_product_ids
            or any(
                categ.parent_path.startswith(scope.parent_path)
                for categ in product.categ_id
                for scope in self.discount_categ_ids
            )
        )
