# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

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
    # Memberships: OCA's contract invoices the fee every period.
    contract_id = fields.Many2one(
        "contract.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The recurring contract invoicing the membership every period.",
    )
    auto_renew = fields.Boolean(
        readonly=True,
        copy=False,
        help="The membership goes on period after period, its end date moving "
        "on with each period invoiced, until it is cancelled.",
    )
    recurring_next_date = fields.Date(
        string="Next Invoice",
        compute="_compute_recurring_next_date",
        compute_sudo=True,
        help="When the contract invoices the next period (empty: no more periods).",
    )
    period_start = fields.Date(string="Current Period Start", compute="_compute_period")
    period_end = fields.Date(string="Current Period End", compute="_compute_period")
    period_line_ids = fields.One2many(
        "clinic.patient.package.line",
        string="Included This Period",
        compute="_compute_period",
        help="What the membership includes in its current period, used and left.",
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
        "contract_id.date_end",
        "contract_id.contract_line_ids.last_date_invoiced",
    )
    def _compute_date_end(self):
        for package in self:
            offer = package.package_id
            days = offer.validity_days
            if not package.date_start:
                package.date_end = False
            elif offer.package_type == "membership" and package.contract_id:
                package.date_end = package._clinic_membership_date_end()
            elif days:
                package.date_end = package.date_start + timedelta(days=days - 1)
            elif offer.package_type == "membership" and offer.recurring_rule_type:
                # A membership fee pays for its period: without a validity of
                # its own it ends with the period, so what the period did not
                # use is recognised as income then (not a liability forever).
                package.date_end = (
                    package.date_start + offer._clinic_period() - timedelta(days=1)
                )
            else:
                package.date_end = False

    def _clinic_membership_date_end(self):
        """A membership's end mirrors its contract: the contract's end (its
        term, or the period it was cancelled at), or, renewing itself with no
        end, the end of the last period invoiced."""
        self.ensure_one()
        if self.contract_id.date_end:
            return self.contract_id.date_end
        invoiced = [
            d
            for d in self.contract_id.contract_line_ids.mapped("last_date_invoiced")
            if d
        ]
        return max(invoiced) if invoiced else self._clinic_membership_term_end()

    def _clinic_membership_term_end(self):
        """The end of the membership's first term: its validity, or one
        period."""
        self.ensure_one()
        offer = self.package_id
        if offer.validity_days:
            return self.date_start + timedelta(days=offer.validity_days - 1)
        return self.date_start + offer._clinic_period() - timedelta(days=1)

    @api.depends("contract_id.contract_line_ids.recurring_next_date")
    def _compute_recurring_next_date(self):
        # The fee line's: the contract's own date falls back to its start
        # once its line has ended.
        for package in self:
            dates = [
                line.recurring_next_date
                for line in package.contract_id.contract_line_ids
                if not line.display_type and line.recurring_next_date
            ]
            package.recurring_next_date = min(dates) if dates else False

    @api.depends("line_ids.period_start", "line_ids.period_end")
    def _compute_period(self):
        today = fields.Date.context_today(self)
        for package in self:
            periods = sorted(
                {
                    (line.period_start, line.period_end)
                    for line in package.line_ids
                    if line.period_start
                }
            )
            # The period running today, else the last one invoiced.
            current = next(
                (p for p in periods if p[0] <= today <= p[1]),
                periods[-1] if periods else (False, False),
            )
            package.period_start, package.period_end = current
            package.period_line_ids = package.line_ids.filtered(
                lambda line, c=current: (
                    line.period_start and (line.period_start, line.period_end) == c
                )
            )

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
        memberships = packages.filtered(lambda p: p.package_type == "membership")
        others = packages - memberships
        invoices = self.env["account.move"].create(
            [package._clinic_prepare_invoice_vals() for package in others]
        )
        for package, invoice in zip(others, invoices, strict=True):
            package.invoice_id = invoice
        invoices.filtered(
            lambda inv: inv.company_id.clinic_package_post_invoice
        ).action_post()
        memberships._clinic_start_contracts()
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
        if offer.package_type == "membership":
            # Its included quantities come with each period invoiced.
            return {**vals, "price": offer.price, "auto_renew": offer.auto_renew}
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

    # ------------------------------------------------------------------
    # Memberships: OCA's contract invoices every period
    # ------------------------------------------------------------------
    def _clinic_start_contracts(self):
        """Each membership gets its recurring contract, which invoices its
        first period at once (from its start date when it starts later)."""
        if not self:
            return
        contracts = (
            self.env["contract.contract"]
            .sudo()
            .create([package._clinic_prepare_contract_vals() for package in self])
        )
        for package, contract in zip(self, contracts, strict=True):
            package.contract_id = contract
        today = fields.Date.context_today(self)
        for date_ref in {max(today, package.date_start) for package in self}:
            self.filtered(
                lambda p, d=date_ref: max(today, p.date_start) == d
            ).contract_id._recurring_create_invoice(date_ref=date_ref)

    def _clinic_prepare_contract_vals(self):
        self.ensure_one()
        offer = self.package_id
        return {
            "name": self.env._(
                "Membership %(package)s (%(ref)s)",
                package=offer.name,
                ref=self.name,
            ),
            "code": self.name,
            "partner_id": self.partner_id.id,
            "invoice_partner_id": self.partner_id.address_get(["invoice"])["invoice"],
            "company_id": self.company_id.id,
            "contract_type": "sale",
            "payment_term_id": self.partner_id.with_company(
                self.company_id
            ).property_payment_term_id.id,
            "date_start": self.date_start,
            "recurring_rule_type": offer.recurring_rule_type,
            "recurring_interval": offer.recurring_interval,
            "recurring_invoicing_type": "pre-paid",
            # The fee line keeps its own recurrence, so its next date ends
            # with it (the contract's copy of it would stay on).
            "line_recurrence": True,
            "clinic_patient_package_id": self.id,
            "contract_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Membership %(package)s (%(ref)s): #START# - #END#",
                            package=offer.name,
                            ref=self.name,
                        ),
                        "quantity": 1.0,
                        # Given, not left to the line's default (today).
                        "date_start": self.date_start,
                        "recurring_rule_type": offer.recurring_rule_type,
                        "recurring_interval": offer.recurring_interval,
                        "recurring_invoicing_type": "pre-paid",
                        "specific_price": self.price,
                        "price_unit": self.price,
                        # Renewing itself, it has no end until cancelled.
                        "date_end": not self.auto_renew
                        and self._clinic_membership_term_end(),
                    }
                )
            ],
        }

    @api.model
    def _clinic_periods_invoiced(self, moves, periods):
        """The contracts invoiced ``moves``, each for its period ({contract:
        (first day, last day)}): the membership's included quantities of the
        period are given (the first invoice is the sale's), the invoices
        posted when the company says so."""
        lines_vals = []
        to_post = self.env["account.move"]
        for move in moves:
            contract = move.invoice_line_ids.contract_line_id.contract_id
            package = contract.clinic_patient_package_id.sudo()
            if not package or contract not in periods:
                continue
            if not package.invoice_id:
                package.invoice_id = move
            lines_vals += package._clinic_prepare_period_lines_vals(
                *periods[contract], funding_move=move
            )
            if package.company_id.clinic_package_post_invoice:
                to_post |= move
        self.env["clinic.patient.package.line"].sudo().create(lines_vals)
        to_post.action_post()

    def _clinic_prepare_period_lines_vals(self, first_day, last_day, funding_move=None):
        """The balances a membership period includes: the offer's contents,
        the fee split over them as for a package; a renewal's are funded by
        its invoice (``funding_move``)."""
        self.ensure_one()
        offer = self.package_id
        return [
            {
                "patient_package_id": self.id,
                "product_id": line.product_id.id,
                "quantity": line.quantity,
                "price_share": share,
                "period_start": first_day,
                "period_end": last_day,
                "funding_move_id": (
                    funding_move.id
                    if funding_move and funding_move != self.invoice_id
                    else False
                ),
            }
            for line, share in zip(
                offer.line_ids, offer._clinic_price_shares(self.price), strict=True
            )
        ]

    def _clinic_check_membership(self, action):
        for package in self:
            if package.package_type != "membership" or not package.contract_id:
                raise UserError(
                    self.env._("%s is not a membership.", package.display_name)
                )
            if package.state not in ("draft", "active"):
                raise UserError(
                    self.env._(
                        "The membership %(ref)s is %(state)s: it cannot %(action)s.",
                        ref=package.name,
                        state=dict(
                            package._fields["state"]._description_selection(self.env)
                        )[package.state],
                        action=action,
                    )
                )

    def action_invoice_next_period(self):
        """Invoice the membership's next period now (the client pays ahead);
        its included quantities come with it."""
        self.ensure_one()
        if not self.env.user.has_group(
            "clinic_dispensary.group_clinic_reception"
        ) and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only reception or billing can invoice a membership.")
            )
        self._clinic_check_membership(self.env._("be invoiced"))
        contract = self.contract_id.sudo()
        if not self.recurring_next_date:
            raise UserError(
                self.env._(
                    "The membership %(ref)s ends on %(date)s: no period is left "
                    "to invoice.",
                    ref=self.name,
                    date=self.date_end,
                )
            )
        invoices = contract.recurring_create_invoice()
        return invoices.sudo(False)._get_records_action()

    def action_cancel_membership(self):
        """Stop the membership at the end of the period it has paid for: no
        more invoices, its included quantities usable until then."""
        if not any(
            self.env.user.has_group(group)
            for group in (
                "clinic_dispensary.group_clinic_manager",
                "account.group_account_manager",
            )
        ):
            raise AccessError(
                self.env._(
                    "Only a clinic manager or an accountant can cancel a membership."
                )
            )
        self._clinic_check_membership(self.env._("be cancelled"))
        for package in self.sudo():
            lines = package.contract_id.contract_line_ids.filtered(
                lambda line: not line.display_type
            )
            paid_until = max(
                (d for d in lines.mapped("last_date_invoiced") if d),
                default=package.date_start - timedelta(days=1),
            )
            lines.date_end = paid_until
            package.auto_renew = False
            package.message_post(
                body=self.env._(
                    "Membership cancelled: it ends on %s, with the period paid for.",
                    paid_until,
                )
            )
        return True

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action()

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

    @api.model
    def _clinic_discounting_for(self, clients, company):
        """{client id: [memberships]} giving a member discount that the
        clients hold or may use, in ``company``. One search; as superuser,
        like the balances checkout reads."""
        memberships = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("active", "exhausted")),
                ("package_type", "=", "membership"),
                ("package_id.discount_percent", ">", 0),
                "|",
                ("partner_id", "in", clients.ids),
                ("beneficiary_ids", "in", clients.ids),
            ]
        )
        by_client = defaultdict(list)
        for membership in memberships:
            holders = membership.partner_id | membership.beneficiary_ids
            for client in holders & clients:
                by_client[client.id].append(membership)
        return by_client

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
        # A membership is not used up: its next period renews it, and its
        # member discount goes on.
        for package in self.sudo().filtered(
            lambda p: (
                p.state in ("active", "exhausted") and p.package_type != "membership"
            )
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
        closed, closed_left = self.env[
            "clinic.patient.package.line"
        ]._clinic_close_periods_due(limit=batch_size)
        done, remaining = self._clinic_expire_due(limit=batch_size)
        self.env["ir.cron"]._notify_progress(
            done=done + closed, remaining=remaining + closed_left
        )
        return True

    @api.model
    def _clinic_expire_due(self, limit=None):
        """:return: (packages expired, packages left for a next batch)"""
        domain = [
            ("state", "=", "active"),
            ("date_end", "<", fields.Date.context_today(self)),
            # A membership renewing itself ends only when cancelled (its end
            # date moves on when its contract invoices the next period).
            ("auto_renew", "=", False),
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
        by_id = {package.id: package for package in self}
        moves = self._clinic_post_breakage(
            [
                (by_id[package_id], account, -balance)
                for (package_id, account), balance in balances.items()
                if package_id in by_id
            ],
            self.env._("Expired packages: unused value"),
        )
        for company in self.company_id:
            self.filtered(lambda p, c=company: p.company_id == c).write(
                {"state": "expired", "breakage_move_id": moves.get(company, False)}
            )

    @api.model
    def _clinic_post_breakage(self, entries, ref, period=False):
        """Move ``entries`` ([(package, liability account, amount)]) from
        the liability to breakage income: one posted entry per company, a
        pair of lines per package with value left. :return: {company id:
        entry id}"""
        today = fields.Date.context_today(self)
        moves = {}
        companies = self.env["res.company"].browse(
            {package.company_id.id for package, __, __ in entries}
        )
        for company in companies:
            income = company._clinic_package_breakage_account()
            lines = []
            for package, account, amount in entries:
                if package.company_id == company and not company.currency_id.is_zero(
                    amount
                ):
                    lines += package._clinic_breakage_lines_vals(
                        account, income, amount, period=period
                    )
            if not lines:
                continue
            move = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .create(
                    {
                        "move_type": "entry",
                        "company_id": company.id,
                        "journal_id": company._clinic_package_journal().id,
                        "date": today,
                        "ref": ref,
                        "line_ids": [Command.create(vals) for vals in lines],
                    }
                )
            )
            move.action_post()
            moves[company] = move.id
        return moves

    def _clinic_breakage_lines_vals(self, account, income, amount, period=False):
        self.ensure_one()
        if period:
            label = self.env._(
                "Breakage: %(package)s (%(ref)s), period ended unused",
                package=self.package_id.name,
                ref=self.name,
            )
        else:
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
