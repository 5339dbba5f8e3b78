# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    @api.model
    def _clinic_get_for_clients(self, clients):
        """{client: fiscal position} of the current company, found the way
        Odoo sets it on a client's invoice (delivery address included)."""
        return {
            client: self._get_fiscal_position(
                client,
                delivery=client.browse(client.address_get(["delivery"])["delivery"]),
            )
            for client in clients
        }
