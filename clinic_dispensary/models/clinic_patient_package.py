# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

PATIENT_PACKAGE_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("exhausted", "Used Up"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class ClinicPatientPackage(models.Model):
    """A package sold to a client: the record of what was paid for, what is
    left, until when and for whom. Its money is in the ledger: the sale
    credits the Prepaid Packages account on lines linked to it, uses and
    breakage at expiry debit it, so its balance is read from there."""

    _name = "clinic.patient.package"
    _description = "Client Package"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    package_id = fields.Many2one(
        "clinic.package",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    package_type = fields.Selection(related="package_id.package_type", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        readonly=True,
        help="What the client paid for the package, at the time of sale.",
    )
    state = fields.Selection(
        PATIENT_PACKAGE_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Active once its invoice is posted; cancelled with its invoice.",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(
        string="Expiry Date",
        compute="_compute_date_end",
        store=True,
        precompute=True,
        tracking=True,
        help="Last day the package may be used; empty: it never expires.",
    )
    invoice_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    line_ids = fields.One2many(
        "clinic.patient.package.line",
        "patient_package_id",
        string="Balances",
        readonly=True,
    )
    beneficiary_ids = fields.Many2many(
        "res.partner",
        "clinic_patient_package_beneficiary_rel",
        "patient_package_id",
        "partner_id",
        string="Also Used By",
        check_company=True,
        help="Household members who may use this package too.",
    )
    amount_remaining = fields.Monetary(
        string="Value Left",
        compute="_compute_amount_remaining",
        help="What the clinic still owes in sessions: the package's balance "
        "on the Prepaid Packages account.",
    )
    breakage_move_id = fields.Many2one(
        "account.move",
        string="Breakage Entry",
        readonly=True,
        copy=False,
        check_company=True,
        help="The entry recognising the unused value as income at expiry.",
    )

    @api.depends("package_id")
    def _compute_company_id(self):
        for package in self:
            package.company_id = package.package_id.company_id or self.env.company

    @api.depends(
        "date_start",
        "package_id.validity_days",
        "package_id.package_type",
        "package_id.recurring_rule_type",
        "package_id.recurring_interval",
    )
    def _compute_date_end(self):
        for package in self:
            offer = package.package_id
            days = offer.validity_days
            if not package.date_start:
                package.date_end = False
            elif days:
                package.date_end = package.date_start + timedelta(days=days - 1)
            elif offer.package_type == "membership" and offer.recurring_rule_type:
                # A membership fee pays for its period: without a validity of
                # its own it ends with the period, so what the period did not
                # use is recognised as income then (not a liability forever).
                unit = "months" if offer.recurring_rule_type == "monthly" else "years"
                period = relativedelta(**{unit: offer.recurring_interval})
                package.date_end = package.date_start + period - timedelta(days=1)
            else:
                package.date_end = False

    @api.depends(
        "state",
        "invoice_id.state",
        "breakage_move_id.state",
        "line_ids.quantity_used",
    )
    def _compute_amount_remaining(self):
        balances = self._clinic_prepaid_balances()
        for package in self:
            package.amount_remaining = -sum(
                amount
                for (package_id, _account), amount in balances.items()
                if package_id == package.id
            )

    def _clinic_prepaid_balances(self):
        """{(package id, account): balance} of these packages' posted lines
        on liability accounts (the prepaid balance, negative: a credit).
        One query for all; read as superuser so reception sees balances."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("clinic_patient_package_id", "in", self.ids),
                    ("parent_state", "=", "posted"),
                    ("account_id.internal_group", "=", "liability"),
                ],
                ["clinic_patient_package_id", "account_id"],
                ["balance:sum"],
            )
        )
        return {(package.id, account): amount for package, account, amount in groups}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "clinic.patient.package"
                ) or self.env._("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Selling: the package, its balances and its invoice in one go
    # ------------------------------------------------------------------
    @api.model
    def _clinic_sell(self, vals_list):
        """Sell packages: ``vals_list`` holds ``package_id``, ``partner_id``,
        ``date_start`` and ``beneficiary_ids``. Creates the clients'
        packages with a balance per content line and one customer invoice
        each, posted when the company says so (the package is then active).
        """
        # Reception sells (the sale wizard is theirs) but may not write a
        # balance, a price or a state by hand: the packages are created as
        # superuser from the offer, the invoices as the user who sells.
        packages = self.sudo().create(
            [self._clinic_prepare_sale_vals(vals) for vals in vals_list]
        )
        invoices = self.env["account.move"].create(
            [package._clinic_prepare_invoice_vals() for package in packages]
        )
        for package, invoice in zip(packages, invoices, strict=True):
            package.invoice_id = invoice
        invoices.filtered(
            lambda inv: inv.company_id.clinic_package_post_invoice
        ).action_post()
        return packages.sudo(False)

    @api.model
    def _clinic_prepare_sale_vals(self, vals):
        offer = self.env["clinic.package"].browse(vals["package_id"])
        if not offer.active:
            raise UserError(
                self.env._(
                    "The package %s is archived: it is no longer sold.", offer.name
                )
            )
        return {
            **vals,
            "price": offer.price,
            "line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "quantity": line.quantity,
                        "price_share": share,
                    }
                )
                for line, share in zip(
                    offer.line_ids, offer._clinic_price_shares(), strict=True
                )
            ],
        }

    def _clinic_prepare_invoice_vals(self):
        self.ensure_one()
        if self.package_id._clinic_is_prepaid():
            lines = [self._clinic_prepare_prepaid_line_vals()]
        else:
            lines = self._clinic_prepare_bundle_lines_vals()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "invoice_line_ids": [Command.create(vals) for vals in lines],
        }

    def _clinic_prepare_prepaid_line_vals(self):
        """One line crediting Prepaid Packages: the client pays for sessions
        still owed, so it is not income yet. No tax here: a voucher for
        several kinds of services is taxed when a session is supplied."""
        contents = ", ".join(
            f"{line.product_id.display_name} × {line.quantity:g}"
            for line in self.line_ids
        )
        return {
            "name": self.env._(
                "Package %(package)s (%(ref)s): %(contents)s",
                package=self.package_id.name,
                ref=self.name,
                contents=contents,
            ),
            "quantity": 1.0,
            "price_unit": self.price,
            "account_id": self.company_id._clinic_package_prepaid_account().id,
            "tax_ids": [Command.clear()],
            "clinic_patient_package_id": self.id,
        }

    def _clinic_prepare_bundle_lines_vals(self):
        """A bundle is revenue at once: its items as ordinary lines (so the
        invoice dispenses them from stock, FEFO), each at its catalogue
        price with the discount that brings it to its share of the bundle
        price. They draw the balances down like any use."""
        company = self.company_id
        PackageLine = self.env["clinic.patient.package.line"]
        vals_list = []
        for line in self.line_ids:
            product = line.product_id.with_company(company)
            vals = {
                "product_id": product.id,
                "name": self.env._(
                    "%(item)s (package %(package)s)",
                    item=product.display_name,
                    package=self.package_id.name,
                ),
                "quantity": line.quantity,
                "product_uom_id": product.uom_id.id,
                "price_unit": product.lst_price,
                "clinic_base_price": product.lst_price,
                "clinic_patient_package_id": self.id,
                "clinic_patient_package_line_id": line.id,
            }
            PackageLine._clinic_price_at_share(vals, line.price_share, company)
            vals_list.append(vals)
        return vals_list

    def _clinic_valid_on(self, day):
        """May be used on ``day``: started and not past its end date."""
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or day <= self.date_end)

    # ------------------------------------------------------------------
    # Following the invoice
    # ------------------------------------------------------------------
    @api.model
    def _clinic_from_invoices(self, invoices):
        return self.search([("invoice_id", "in", invoices.ids)])

    def _clinic_invoice_posted(self):
        """Paid for: the package can be used. A bundle's items left with
        the invoice, so it is used up at once."""
        drafts = self.filtered(lambda p: p.state == "draft")
        drafts.state = "active"
        drafts._clinic_update_exhausted()

    def _clinic_invoice_cancelled(self):
        self.filtered(lambda p: p.state != "expired").state = "cancelled"

    def _clinic_invoice_reset(self):
        """The invoice is a draft again: so is the package."""
        self.filtered(
            lambda p: p.state in ("active", "exhausted", "cancelled")
        ).state = "draft"

    def _clinic_update_exhausted(self):
        """Active packages with nothing left are used up; used-up packages
        given a balance back (a use cancelled) are active again."""
        # As superuser: who bills or cancels a session (an accountant reads
        # packages only) moves its package along.
        for package in self.sudo().filtered(
            lambda p: p.state in ("active", "exhausted")
        ):
            left = any(line.quantity_remaining > 0 for line in package.line_ids)
            state = "active" if left else "exhausted"
            if package.state != state:
                package.state = state

    # ------------------------------------------------------------------
    # Expiry: what is left becomes breakage income
    # ------------------------------------------------------------------
    @api.model
    def _clinic_cron_expire(self, batch_size=500):
        """Daily: expire the active packages past their end date and move
        what is left of their value from Prepaid Packages to breakage
        income, ``batch_size`` packages at a time; the cron runs again at
        once until none is left."""
        done, remaining = self._clinic_expire_due(limit=batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    @api.model
    def _clinic_expire_due(self, limit=None):
        """:return: (packages expired, packages left for a next batch)"""
        domain = [
            ("state", "=", "active"),
            ("date_end", "<", fields.Date.context_today(self)),
        ]
        packages = self.sudo().search(domain, order="date_end, id", limit=limit)
        remaining = 0
        if limit and len(packages) == limit:
            remaining = self.sudo().search_count(domain) - limit
        packages._clinic_expire()
        return len(packages), remaining

    def _clinic_expire(self):
        """Expire these packages: one breakage entry per company, a pair of
        lines per package with value left, posted at once."""
        balances = self._clinic_prepaid_balances()
        today = fields.Date.context_today(self)
        for company in self.company_id:
            packages = self.filtered(lambda p, c=company: p.company_id == c)
            by_id = {package.id: package for package in packages}
            income = company._clinic_package_breakage_account()
            lines = []
            for (package_id, account), balance in balances.items():
                package = by_id.get(package_id)
                if package and not company.currency_id.is_zero(balance):
                    lines += package._clinic_breakage_lines_vals(
                        account, income, -balance
                    )
            move = self.env["account.move"]
            if lines:
                move = (
                    move.sudo()
                    .with_company(company)
                    .create(
                        {
                            "move_type": "entry",
                            "company_id": company.id,
                            "journal_id": company._clinic_package_journal().id,
                            "date": today,
                            "ref": self.env._("Expired packages: unused value"),
                            "line_ids": [Command.create(vals) for vals in lines],
                        }
                    )
                )
                move.action_post()
            packages.write({"state": "expired", "breakage_move_id": move.id})

    def _clinic_breakage_lines_vals(self, account, income, amount):
        self.ensure_one()
        label = self.env._(
            "Breakage: %(package)s (%(ref)s) expired unused",
            package=self.package_id.name,
            ref=self.name,
        )
        common = {
            "name": label,
            "partner_id": self.partner_id.id,
            "clinic_patient_package_id": self.id,
        }
        return [
            {**common, "account_id": account.id, "debit": amount, "credit": 0.0},
            {**common, "account_id": income.id, "debit": 0.0, "credit": amount},
        ]

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_view_invoice(self):
        self.ensure_one()
        return self.invoice_id._get_records_action()

    def action_view_breakage(self):
        self.ensure_one()
        return self.breakage_move_id._get_records_action()
