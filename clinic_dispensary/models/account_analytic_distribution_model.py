# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class DistributionMemo(dict):
    """A per-checkout memo carried in the context.

    Hashed by identity so that it can live in a (frozen) context.
    """

    __hash__ = object.__hash__


class AccountAnalyticDistributionModel(models.Model):
    _inherit = "account.analytic.distribution.model"

    @api.model
    def _get_distribution(self, vals):
        # Invoice lines compute their distribution one line at a time while
        # the invoice is created, so a 20-line checkout would search the
        # models 20 times with the same arguments. Express Checkout passes a
        # memo so that identical arguments are searched once per checkout.
        memo = self.env.context.get("clinic_distribution_memo")
        if memo is None:
            return super()._get_distribution(vals)
        key = tuple(
            sorted(
                (name, tuple(value) if isinstance(value, list) else value)
                for name, value in vals.items()
            )
        )
        if key not in memo:
            memo[key] = super()._get_distribution(vals)
        return dict(memo[key])
