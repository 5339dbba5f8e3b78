# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicPackageSale(models.TransientModel):
    """Sell a package to a client: collects who, what and from when, then
    lets ``clinic.patient.package`` create the client's package and its
    invoice."""

    _name = "clinic.package.sale"
    _description = "Sell a Package"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    package_id = fields.Many2one(
        "clinic.package",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    package_type = fields.Selection(related="package_id.package_type")
    price = fields.Monetary(related="package_id.price")
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        check_company=True,
        default=lambda self: self._default_partner_id(),
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    beneficiary_ids = fields.Many2many(
        "res.partner",
        "clinic_package_sale_beneficiary_rel",
        "wizard_id",
        "partner_id",
        string="Also Used By",
        check_company=True,
        help="Household members who may use this package too.",
    )

    @api.model
    def _default_partner_id(self):
        """The client the wizard is opened from: the client's form, or an
        appointment's form (its client)."""
        model = self.env.context.get("active_model")
        active_id = self.env.context.get("active_id")
        if not active_id:
            return False
        if model == "res.partner":
            return active_id
        if model == "calendar.event":
            return self.env["calendar.event"].browse(active_id).client_id.id
        return False

    def _prepare_sale_vals(self):
        self.ensure_one()
        return {
            "package_id": self.package_id.id,
            "partner_id": self.partner_id.id,
            "date_start": self.date_start,
            "beneficiary_ids": [fields.Command.set(self.beneficiary_ids.ids)],
        }

    def action_confirm(self):
        """Sell: open the client's new package."""
        packages = self.env["clinic.patient.package"]._clinic_sell(
            [wizard._prepare_sale_vals() for wizard in self]
        )
        return packages._get_records_action(context={})
