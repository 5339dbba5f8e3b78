# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

CREDIT_BALANCE_GROUPS = (
    "clinic_dispensary.group_clinic_reception,"
    "account.group_account_invoice,"
    "account.group_account_readonly"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # What a client is owed is for who bills: reception (which applies it at
    # the desk), billing and accounting; not for every employee.
    clinic_credit_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_clinic_credit_balance",
        groups=CREDIT_BALANCE_GROUPS,
    )
    clinic_credit_balance = fields.Monetary(
        string="Client Credit",
        currency_field="clinic_credit_currency_id",
        compute="_compute_clinic_credit_balance",
        groups=CREDIT_BALANCE_GROUPS,
        help="What the clinic owes this client: credit notes and payments not "
        "yet applied, in the current company.",
    )

    # Reception sees the client's packages and what is left of them.
    clinic_patient_package_ids = fields.One2many(
        "clinic.patient.package",
        "partner_id",
        string="Packages",
        groups=CREDIT_BALANCE_GROUPS,
    )
    clinic_patient_package_count = fields.Integer(
        string="Packages Count",
        compute="_compute_clinic_patient_package_count",
        groups=CREDIT_BALANCE_GROUPS,
    )

    @api.depends("clinic_patient_package_ids.state")
    def _compute_clinic_patient_package_count(self):
        groups = self.env["clinic.patient.package"]._read_group(
            [
                ("partner_id", "in", self.ids),
                ("state", "in", ("draft", "active")),
            ],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.clinic_patient_package_count = counts.get(partner.id, 0)

    def action_view_clinic_patient_packages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_patient_package"
        )
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("beneficiary_ids", "in", self.ids),
        ]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_current": 1,
        }
        action["name"] = _("Packages of %s", self.display_name)
        return action

    @api.depends_context("company")
    def _compute_clinic_credit_balance(self):
        # Reception sees the balance without access to the credits themselves,
        # so they are summed as superuser: only those of the current company,
        # which Odoo checks is one of the user's.
        partners = self.commercial_partner_id
        groups = (
            self.env["clinic.client.credit"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", self.env.company.id),
                ],
                ["partner_id"],
                ["amount_remaining:sum"],
            )
        )
        balances = {partner.id: amount for partner, amount in groups}
        for partner in self:
            partner.clinic_credit_currency_id = self.env.company.currency_id
            partner.clinic_credit_balance = balances.get(
                partner.commercial_partner_id.id, 0.0
            )

    def action_view_clinic_credits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_client_credit"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_open": 1,
        }
        action["name"] = _("Credits of %s", self.commercial_partner_id.display_name)
        return action

    def action_clinic_bill_client(self):
        """Express Checkout's *Bill this client*: the client's checkout of
        the day (the browser's day, sent by the button; else the user's),
        shown with its total before its invoice is made."""
        self.ensure_one()
        day = self.env.context.get("clinic_checkout_date") or fields.Date.context_today(
            self
        )
        return self.env["clinic.express.checkout"]._get_client_checkout_action(
            self, day
        )
