# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class ClinicPackageLine(models.Model):
    """An item or service a package contains, with its quantity (for a
    membership: the quantity included per period)."""

    _name = "clinic.package.line"
    _description = "Clinic Package Content"
    _order = "package_id, sequence, id"
    _check_company_auto = True

    package_id = fields.Many2one(
        "clinic.package", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="package_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    quantity = fields.Float(
        required=True, default=1.0, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(
        related="product_id.uom_id", string="Unit of Measure"
    )

    @api.constrains("quantity")
    def _check_quantity(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for line in self:
            if float_compare(line.quantity, 0.0, precision_digits=digits) <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(item)s in %(package)s must be more "
                        "than zero.",
                        item=line.product_id.display_name,
                        package=line.package_id.name,
                    )
                )
