# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountAsset(models.Model):
    _inherit = "account.asset"

    clinic_lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        check_company=True,
        help="The device this asset is: the serial number it was received under.",
    )
