# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
    clinic_client_attendee = fields.Boolean(
        string="Invite Clients",
        default=True,
        help="The client of an appointment is one of its attendees: Odoo's "
        "calendar sends them the invitation and the reminders.",
    )
    clinic_consumption_location_id = fields.Many2one(
        "stock.location",
        ondelete="restrict",
        check_company=True,
        help="Where the consumables used during this company's appointments "
        "go: out of stock, costed like inventory losses.",
    )

    # ------------------------------------------------------------------
    # One consumption location per company, created like stock's own
    # per-company locations (scrap, inventory adjustment, production).
    # ------------------------------------------------------------------
    def _create_per_company_locations(self):
        res = super()._create_per_company_locations()
        self._clinic_create_consumption_location()
        return res

    def _clinic_create_consumption_location(self):
        parent = self.env.ref(
            "stock.stock_location_locations_virtual", raise_if_not_found=False
        )
        locations = self.env["stock.location"].create(
            [
                {
                    "name": self.env._("Clinic Consumption"),
                    "usage": "inventory",
                    "location_id": parent.id if parent else False,
                    "company_id": company.id,
                }
                for company in self
            ]
        )
        for company, location in zip(self, locations, strict=True):
            company.clinic_consumption_location_id = location

    @api.model
    def _clinic_create_missing_consumption_locations(self):
        """Give the companies created before this module their location."""
        self.with_context(active_test=False).search(
            [("clinic_consumption_location_id", "=", False)]
        )._clinic_create_consumption_location()
        return True

    def _clinic_consumption_location(self):
        """Where this company's appointments consume their consumables."""
        self.ensure_one()
        if not self.clinic_consumption_location_id:
            self.sudo()._clinic_create_consumption_location()
        return self.clinic_consumption_location_id
