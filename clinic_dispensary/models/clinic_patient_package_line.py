# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicPatientPackageLine(models.Model):
    """A balance of a client's package: how much of an item or service was
    paid for, how much was used and what is left."""

    _name = "clinic.patient.package.line"
    _description = "Client Package Balance"
    _order = "patient_package_id, id"
    _check_company_auto = True

    patient_package_id = fields.Many2one(
        "clinic.patient.package", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="patient_package_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="patient_package_id.partner_id")
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    product_uom_id = fields.Many2one(
        related="product_id.uom_id", string="Unit of Measure"
    )
    quantity = fields.Float(
        string="Paid For", required=True, digits="Product Unit of Measure"
    )
    quantity_used = fields.Float(
        string="Used", readonly=True, copy=False, digits="Product Unit of Measure"
    )
    quantity_remaining = fields.Float(
        string="Left",
        compute="_compute_quantity_remaining",
        store=True,
        digits="Product Unit of Measure",
    )

    @api.depends("quantity", "quantity_used")
    def _compute_quantity_remaining(self):
        for line in self:
            line.quantity_remaining = line.quantity - line.quantity_used
