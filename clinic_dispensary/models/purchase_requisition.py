# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

# A contract expiring this soon is flagged and its buyer reminded.
CONTRACT_WARNING_DAYS = 30


class PurchaseRequisition(models.Model):
    """Odoo's blanket orders as the clinic's vendor contracts: while one is
    confirmed and valid, its prices bind every order to its supplier (see
    ``product.product._get_filtered_sellers``)."""

    _inherit = "purchase.requisition"

    clinic_expiring_soon = fields.Boolean(
        string="Expires Soon",
        compute="_compute_clinic_expiring_soon",
        search="_search_clinic_expiring_soon",
        help="A confirmed vendor contract ending within 30 days.",
    )

    def _clinic_is_contract(self):
        """True for a confirmed blanket order (its validity is carried by
        its vendor prices' dates)."""
        return any(
            req.requisition_type == "blanket_order" and req.state == "confirmed"
            for req in self
        )

    @api.model
    def _clinic_expiring_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("requisition_type", "=", "blanket_order"),
            ("state", "=", "confirmed"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=CONTRACT_WARNING_DAYS)),
        ]

    @api.depends("requisition_type", "state", "date_end")
    @api.depends_context("date")
    def _compute_clinic_expiring_soon(self):
        expiring = self.filtered_domain(self._clinic_expiring_domain())
        for requisition in self:
            requisition.clinic_expiring_soon = requisition in expiring

    def _search_clinic_expiring_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        ids = self._search(self._clinic_expiring_domain())
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "date_end"} & set(vals):
            self.line_ids._clinic_sync_supplier_dates()
        return res

    @api.model
    def _clinic_cron_warn_expiring(self):
        """Daily: remind the buyer of each contract about to end, once."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        contracts = self.search(self._clinic_expiring_domain())
        reminded = (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", contracts.ids),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "=like", self.env._("Contract ends on") + "%"),
                ]
            )
            .mapped("res_id")
        )
        for contract in contracts.filtered(lambda c: c.id not in reminded):
            contract.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Contract ends on %s", contract.date_end),
                note=self.env._(
                    "The vendor contract %(contract)s with %(vendor)s ends on "
                    "%(date)s: renew it or negotiate a new one before its "
                    "prices stop applying.",
                    contract=contract.name,
                    vendor=contract.vendor_id.display_name,
                    date=contract.date_end,
                ),
                user_id=(contract.user_id or self.env.user).id,
                date_deadline=contract.date_end,
            )
        return True
