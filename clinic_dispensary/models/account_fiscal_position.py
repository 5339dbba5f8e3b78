# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .account_analytic_distribution_model import DistributionMemo


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    @api.model
    def _clinic_get_for_clients(self, clients):
        """{client: fiscal position} of the current company, found the way
        Odoo sets it on a client's invoice (delivery address included).

        Odoo finds each client's position by searching the positions applied
        automatically: the same search for every client of a checkout, so it
        runs once for all of them (a memo in the context, see search_fetch),
        and positions are still chosen by Odoo's own rules and hooks.
        """
        positions = self.with_context(clinic_fiscal_position_memo=DistributionMemo())
        delivery_ids = {
            client: client.address_get(["delivery"])["delivery"] for client in clients
        }
        # One prefetch set, so the addresses' fields are read once for all.
        prefetch = clients.browse(set(delivery_ids.values()) | set(clients.ids))
        deliveries = {
            client: prefetch.browse(delivery_id).with_prefetch(prefetch._prefetch_ids)
            for client, delivery_id in delivery_ids.items()
        }
        return {
            client: self.browse(
                positions._get_fiscal_position(client, delivery=delivery).ids
            )
            for client, delivery in deliveries.items()
        }

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        memo = self.env.context.get("clinic_fiscal_position_memo")
        if memo is None:
            return super().search_fetch(domain, field_names, offset, limit, order)
        key = (repr(domain), tuple(field_names), offset, limit, order)
        if key not in memo:
            memo[key] = super().search_fetch(domain, field_names, offset, limit, order)
        return memo[key]
