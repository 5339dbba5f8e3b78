# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    clinic_stock_shortage = fields.Selection(
        [
            ("refuse", "Refuse the checkout"),
            ("flag", "Allow and flag the line"),
        ],
        string="Stock Too Low",
        default="refuse",
        required=True,
        help="What happens when a dispensed item has less stock than billed: "
        "refuse the checkout naming the items, or dispense what is there, keep "
        "the rest as a pending delivery and flag the invoice line.",
    )
