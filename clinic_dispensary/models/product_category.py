# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    clinic_asset_profile_id = fields.Many2one(
        "account.asset.profile",
        string="Asset Profile",
        company_dependent=True,
        domain="[('company_id', 'parent_of', current_company_id)]",
        help="Items of this category bought on a vendor bill become fixed "
        "assets of this profile (its accounts and useful life): devices, "
        "lasers, furniture. Leave empty for items that are stock.",
    )
