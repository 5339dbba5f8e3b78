# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    clinic_central_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Central Warehouse",
        domain="[('company_id', '=', id)]",
        help="Where purchases for the clinics set to Centralized are "
        "received, before they are transferred to each clinic.",
    )

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
    clinic_package_post_invoice = fields.Boolean(
        string="Post Package Invoices",
        default=True,
        help="Selling a package posts its invoice at once (the package is "
        "active); otherwise the invoice stays a draft until someone posts it.",
    )
    clinic_package_account_id = fields.Many2one(
        "account.account",
        string="Prepaid Packages Account",
        ondelete="restrict",
        check_company=True,
        domain="[('internal_group', '=', 'liability')]",
        help="The liability the price of treatment packages and memberships "
        "is credited to when sold, until the sessions are used.",
    )
    clinic_package_breakage_account_id = fields.Many2one(
        "account.account",
        string="Package Breakage Account",
        ondelete="restrict",
        check_company=True,
        domain="[('internal_group', '=', 'income')]",
        help="The income the unused value of expired packages is moved to.",
    )

    # Reorder advice (clinic.reorder.advice): how the forecast is made.
    clinic_forecast_history_days = fields.Integer(
        string="Usage History (days)",
        default=365,
        help="How far back usage (deliveries to clients and consumption) is "
        "averaged for the reorder advice.",
    )
    clinic_forecast_service_level = fields.Float(
        string="Service Level (%)",
        default=95.0,
        help="The chance of not running out during a supplier's lead time "
        "that the safety stock aims at.",
    )
    clinic_forecast_cover_days = fields.Integer(
        string="Cover (days)",
        default=30,
        help="Days of usage an order covers beyond the supplier's lead time.",
    )
    clinic_forecast_growth = fields.Selection(
        [
            ("measured", "Measured year over year"),
            ("fixed", "Fixed projection"),
        ],
        string="Growth",
        default="measured",
        required=True,
        help="Usage growth applied to the forecast: measured on the last two "
        "years of history, or the projection entered.",
    )
    clinic_forecast_growth_percent = fields.Float(
        string="Growth Projection (%)",
        help="Usage growth expected over a year, when the growth is a fixed "
        "projection.",
    )

    # Inventory turnover (clinic.turnover.report): what holding stock costs.
    clinic_carrying_cost_percent = fields.Float(
        string="Carrying Cost (% per year)",
        default=20.0,
        help="What keeping stock costs a year, as a share of its value "
        "(capital, storage, insurance, shrinkage): the holding cost of the "
        "Inventory Turnover report.",
    )

    @api.constrains(
        "clinic_forecast_history_days",
        "clinic_forecast_service_level",
        "clinic_forecast_cover_days",
    )
    def _check_clinic_forecast(self):
        for company in self:
            if company.clinic_forecast_history_days < 7:
                raise ValidationError(
                    company.env._("The usage history must cover at least 7 days.")
                )
            if not 50.0 <= company.clinic_forecast_service_level < 100.0:
                raise ValidationError(
                    company.env._(
                        "The service level must be from 50 % to less than 100 %."
                    )
                )
            if company.clinic_forecast_cover_days < 0:
                raise ValidationError(company.env._("The cover cannot be negative."))

    @api.constrains("clinic_carrying_cost_percent")
    def _check_clinic_carrying_cost_percent(self):
        if any(company.clinic_carrying_cost_percent < 0 for company in self):
            raise ValidationError(self.env._("The carrying cost cannot be negative."))

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

    # ------------------------------------------------------------------
    # Packages: the accounts of prepaid balances and of their breakage
    # ------------------------------------------------------------------
    def _clinic_create_package_accounts(self):
        """Create the missing Prepaid Packages (current liability) and
        Package Breakage (other income) accounts of these companies, coded
        after the company's last account of the same type."""
        for company in self:
            Account = self.env["account.account"].sudo().with_company(company)
            for fname, name, account_type, fallback in (
                (
                    "clinic_package_account_id",
                    self.env._("Prepaid Packages"),
                    "liability_current",
                    "2190",
                ),
                (
                    "clinic_package_breakage_account_id",
                    self.env._("Package Breakage Income"),
                    "income_other",
                    "4190",
                ),
            ):
                if company[fname]:
                    continue
                codes = Account.search(
                    [
                        *Account._check_company_domain(company),
                        ("account_type", "=", account_type),
                    ]
                ).mapped("code")
                code = Account._search_new_account_code(max(codes or [fallback]))
                company[fname] = Account.create(
                    {
                        "name": name,
                        "code": code,
                        "account_type": account_type,
                        "company_ids": [Command.set(company.ids)],
                    }
                )

    @api.model
    def _clinic_create_missing_package_accounts(self):
        """At install: companies with a chart of accounts get theirs."""
        self.search(
            [
                ("chart_template", "!=", False),
                "|",
                ("clinic_package_account_id", "=", False),
                ("clinic_package_breakage_account_id", "=", False),
            ]
        )._clinic_create_package_accounts()
        return True

    def _clinic_package_prepaid_account(self):
        self.ensure_one()
        if not self.clinic_package_account_id:
            self.sudo()._clinic_create_package_accounts()
        return self.clinic_package_account_id

    def _clinic_package_breakage_account(self):
        self.ensure_one()
        if not self.clinic_package_breakage_account_id:
            self.sudo()._clinic_create_package_accounts()
        return self.clinic_package_breakage_account_id

    def _clinic_package_journal(self):
        """The miscellaneous journal breakage entries are posted in."""
        self.ensure_one()
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    *self.env["account.journal"]._check_company_domain(self),
                    ("type", "=", "general"),
                ],
                limit=1,
            )
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%s has no miscellaneous journal to record expired "
                    "packages in: create one in Accounting.",
                    self.name,
                )
            )
        return journal
