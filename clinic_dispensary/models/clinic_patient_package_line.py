# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero

# Package types whose sessions checkout draws down (a membership's: its
# included quantities of the period).
DRAWN_DOWN_TYPES = ("treatment", "membership")


class ClinicPatientPackageLine(models.Model):
    """A balance of a client's package: how much of an item or service was
    paid for, how much was used and what is left.

    What is used is read from the invoice lines that use it (the checkout
    line of a session, a bundle's item line), on invoices not cancelled: a
    cancelled or deleted invoice, or a deleted line, gives it back."""

    _name = "clinic.patient.package.line"
    _description = "Client Package Balance"
    _order = "patient_package_id, id"
    _check_company_auto = True

    patient_package_id = fields.Many2one(
        "clinic.patient.package", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="patient_package_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="patient_package_id.currency_id")
    partner_id = fields.Many2one(related="patient_package_id.partner_id")
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    product_uom_id = fields.Many2one(
        related="product_id.uom_id", string="Unit of Measure"
    )
    quantity = fields.Float(
        string="Paid For", required=True, digits="Product Unit of Measure"
    )
    price_share = fields.Monetary(
        string="Value",
        readonly=True,
        help="This line's part of the package price, split at sale in "
        "proportion to the catalogue prices: each use is billed at its "
        "share of it.",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "clinic_patient_package_line_id",
        string="Uses",
        readonly=True,
    )
    quantity_used = fields.Float(
        string="Used",
        compute="_compute_quantity_used",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_remaining = fields.Float(
        string="Left",
        compute="_compute_quantity_remaining",
        store=True,
        digits="Product Unit of Measure",
    )
    # A membership's balances are per period: each period invoiced brings
    # its own, usable within it.
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True, index="btree_not_null")
    period_closed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The period ended: what it left unused was booked as breakage income.",
    )
    funding_move_id = fields.Many2one(
        "account.move",
        string="Period Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The invoice of the membership period these balances belong to: "
        "they may be used once it is posted, not if it is reversed.",
    )

    @api.depends(
        "invoice_line_ids.quantity",
        "invoice_line_ids.parent_state",
        "invoice_line_ids.clinic_line_role",
        "invoice_line_ids.move_id.move_type",
    )
    def _compute_quantity_used(self):
        for line in self:
            line.quantity_used = sum(
                use._clinic_package_units() for use in line.invoice_line_ids
            )

    @api.depends("quantity", "quantity_used")
    def _compute_quantity_remaining(self):
        for line in self:
            line.quantity_remaining = line.quantity - line.quantity_used

    def _clinic_valid_on(self, day):
        """May be used on ``day``: its package may, and it is of the period
        running then (a membership's)."""
        self.ensure_one()
        return (
            self.patient_package_id._clinic_valid_on(day)
            and (not self.period_start or self.period_start <= day <= self.period_end)
            and self._clinic_funded()
        )

    def _clinic_funded(self):
        """Paid for: a renewal period's balances exist from its invoice on,
        but are the client's only once it is posted and not reversed (a
        cancelled or refunded period gives nothing)."""
        self.ensure_one()
        move = self.funding_move_id
        return not move or (move.state == "posted" and move.payment_state != "reversed")

    def _clinic_value_left(self):
        """The value of what is left: the line's value less the cumulated
        share of what was used."""
        self.ensure_one()
        return self.price_share - self._clinic_share(0, self.quantity_used)

    @api.model
    def _clinic_close_periods_due(self, limit=None):
        """Membership periods that ended: what they left unused becomes
        breakage income (their included quantities do not carry over).
        :return: (lines closed, lines left for a next batch)"""
        domain = [
            ("period_closed", "=", False),
            ("period_end", "<", fields.Date.context_today(self)),
            ("patient_package_id.state", "in", ("active", "exhausted")),
        ]
        lines = self.sudo().search(domain, order="period_end, id", limit=limit)
        remaining = 0
        if limit and len(lines) == limit:
            remaining = self.sudo().search_count(domain) - limit
        if lines:
            # A period never paid for (its invoice cancelled or reversed) put
            # nothing on the liability: nothing to recognise.
            entries = [
                (
                    line.patient_package_id,
                    line.company_id._clinic_package_prepaid_account(),
                    line._clinic_value_left(),
                )
                for line in lines
                if line._clinic_funded()
            ]
            self.env["clinic.patient.package"]._clinic_post_breakage(
                entries,
                self.env._("Ended membership periods: unused value"),
                period=True,
            )
            lines.period_closed = True
        return len(lines), remaining

    def _clinic_check_balance(self):
        """Refuse to use more than what is left (two desks billing the last
        session at once: the second finds it used)."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        over = self.filtered(
            lambda line: (
                float_compare(line.quantity_remaining, 0.0, precision_digits=digits) < 0
            )
        )
        if over:
            raise ValidationError(
                self.env._(
                    "Nothing is left of %s: it was used up in the meantime. "
                    "Check out again to bill it normally.",
                    ", ".join(
                        f"{line.product_id.display_name} "
                        f"({line.patient_package_id.name})"
                        for line in over
                    ),
                )
            )
        self.patient_package_id._clinic_update_exhausted()

    def _clinic_share(self, used_before, quantity):
        """The value of using ``quantity`` units after ``used_before``: the
        cumulative share rounded at both ends, so the uses add up to the
        line's value exactly when it is used up."""
        self.ensure_one()
        currency = self.currency_id

        def cumulated(units):
            return currency.round(self.price_share * units / self.quantity)

        return cumulated(used_before + quantity) - cumulated(used_before)

    @api.model
    def _clinic_price_at_share(self, vals, share, company):
        """Price the invoice line values at ``share``, in place: the
        catalogue price kept with the discount that makes ``share`` (a
        share above the catalogue price becomes the unit price)."""
        currency = company.currency_id
        gross = currency.round(vals["price_unit"] * vals.get("quantity", 1.0))
        if gross > 0 and currency.compare_amounts(share, gross) <= 0:
            vals["discount"] = self.env["clinic.discount.rule"]._clinic_percent_for(
                gross, gross - share, currency
            )
        else:
            vals["price_unit"] = share / vals.get("quantity", 1.0)
            vals["discount"] = 0.0
        return vals

    # ------------------------------------------------------------------
    # Checkout, lines step: sessions paid by a package
    # ------------------------------------------------------------------
    @api.model
    def _clinic_draw_down(self, lines_by_event, company, invoice_key=None):
        """Checkout lines ({event: [vals]}) of items a client's active
        package covers, in place: billed at the session's share of the
        package price, with a line *Paid by package* on the prepaid account
        for the same amount (and taxes), so the session nets to zero and
        its value moves from the liability to income when posted. Oldest
        expiring package first; what no balance covers is billed normally,
        with the member discount of a membership covering it (see
        ``_clinic_member_discount``). One search for the whole checkout.
        ``invoice_key(event)`` groups the lines into invoices as checkout
        does (default: per client), for a company rounding taxes globally."""
        clients = self.env["res.partner"].concat(
            *(event.client_id for event in lines_by_event)
        )
        balances = self._clinic_balances_for(clients, company)
        members = self.env["clinic.patient.package"]._clinic_discounting_for(
            clients, company
        )
        if not balances and not members:
            return lines_by_event
        used = defaultdict(float)  # units used by this checkout so far
        for event, vals_list in lines_by_event.items():
            day = event.clinic_checkout_date or fields.Date.context_today(self)
            for vals in list(vals_list):
                if vals.get("clinic_line_role") not in ("appointment", "addon"):
                    continue
                quantity = vals.get("quantity", 1.0)
                covering = balances.get(
                    (event.client_id.id, vals.get("product_id")), []
                )
                balance = next(
                    (
                        line
                        for line in covering
                        if line._clinic_valid_on(day)
                        and float_compare(
                            line.quantity_remaining - used[line],
                            quantity,
                            precision_rounding=line.product_uom_id.rounding,
                        )
                        >= 0
                    ),
                    None,
                )
                if balance:
                    at = vals_list.index(vals) + 1
                    vals_list[at:at] = balance._clinic_use(vals, used[balance], company)
                    used[balance] += quantity
                else:
                    self._clinic_member_discount(
                        vals, members.get(event.client_id.id, []), day
                    )
        if used and company.tax_calculation_rounding_method == "round_globally":
            self._clinic_round_globally(lines_by_event, company, invoice_key)
        return lines_by_event

    @api.model
    def _clinic_round_globally(self, lines_by_event, company, invoice_key=None):
        """A company rounding taxes globally rounds them over each invoice,
        so the cent a session's own rounding foresaw may land elsewhere: per
        invoice, whatever the packaged sessions and the lines paying for them
        still add up to goes on their rounding line, so that they net to
        zero on the invoice as computed by Odoo."""
        invoice_key = invoice_key or (lambda event: event.client_id)
        Event = self.env["calendar.event"]
        groups = defaultdict(lambda: (defaultdict(list), defaultdict(list)))
        for event, vals_list in lines_by_event.items():
            every, rest = groups[invoice_key(event)]
            for vals in vals_list:
                every[event].append(vals)
                if not vals.get("clinic_patient_package_line_id"):
                    rest[event].append(vals)
        currency = company.currency_id
        for every, rest in groups.values():
            packaged = [
                (event, vals)
                for event, vals_list in every.items()
                for vals in vals_list
                if vals.get("clinic_line_role") == "package"
            ]
            if not packaged:
                continue
            delta = currency.round(
                sum(total for __, total in Event._clinic_tax_amounts(
                    every, company, invoice_key).values())
                - sum(total for __, total in Event._clinic_tax_amounts(
                    rest, company, invoice_key).values())
            )  # fmt: skip
            if currency.is_zero(delta):
                continue
            breakage = company._clinic_package_breakage_account().id
            rounding = [
                vals for __, vals in packaged if vals.get("account_id") == breakage
            ]
            if rounding:
                rounding[0]["price_unit"] -= delta
                continue
            event, paid = packaged[-1]
            balance = self.browse(paid["clinic_patient_package_line_id"])
            vals_list = lines_by_event[event]
            vals_list.insert(
                vals_list.index(paid) + 1,
                balance._clinic_rounding_vals(paid, delta, company),
            )

    def _clinic_rounding_vals(self, paid, amount, company):
        """A line taking ``amount`` off the invoice on breakage income, next
        to the *Paid by package* line ``paid``: the cent between a session's
        total with tax and its share."""
        self.ensure_one()
        return {
            **paid,
            "name": self.env._(
                "Rounding of the tax on a session paid by package %s",
                self.patient_package_id.package_id.name,
            ),
            "price_unit": -amount,
            "account_id": company._clinic_package_breakage_account().id,
        }

    @api.model
    def _clinic_member_discount(self, vals, memberships, day):
        """An item beyond what the client's memberships include gets the best
        member discount of the ``memberships`` valid on ``day`` that apply to
        it (their contents, discounted items and categories), in place.

        The most specific discount wins: a membership names the item and the
        client, a discount rule only the item or its category, so the member
        discount replaces the rule's on the line (not added to it)."""
        product = self.env["product.product"].browse(vals.get("product_id"))
        applying = [
            member
            for member in memberships
            # a period running that day: paid for
            if any(line._clinic_valid_on(day) for line in member.line_ids)
            and member.package_id._clinic_discounts_item(product)
        ]
        if not applying:
            return vals
        member = max(applying, key=lambda p: p.package_id.discount_percent)
        vals.update(
            {
                "discount": member.package_id.discount_percent,
                "clinic_discount_rule_id": False,
                "clinic_patient_package_id": member.id,
            }
        )
        return vals

    @api.model
    def _clinic_balances_for(self, clients, company):
        """{(client id, product id): [balances]} of the active packages the
        clients hold or may use, oldest expiring first: what is left of
        treatment packages, the periods not ended of memberships (used up or
        not: they give the member discount). Read as superuser, within the
        checkout's company and clients: whoever may price these appointments
        (an estimate shown to any employee) may know that a package pays for
        them."""
        lines = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("patient_package_id.state", "=", "active"),
                ("patient_package_id.package_type", "in", DRAWN_DOWN_TYPES),
                ("period_closed", "=", False),
                "|",
                ("quantity_remaining", ">", 0),
                ("patient_package_id.package_type", "=", "membership"),
                "|",
                ("patient_package_id.partner_id", "in", clients.ids),
                ("patient_package_id.beneficiary_ids", "in", clients.ids),
            ]
        )
        lines = lines.sorted(
            lambda line: (
                not (line.period_end or line.patient_package_id.date_end),
                line.period_end
                or line.patient_package_id.date_end
                or fields.Date.today(),
                line.patient_package_id.id,
                line.id,
            )
        )
        balances = defaultdict(list)
        for line in lines:
            package = line.patient_package_id
            for client in (package.partner_id | package.beneficiary_ids) & clients:
                balances[(client.id, line.product_id.id)].append(line)
        return balances

    def _clinic_use(self, vals, used_before, company):
        """Price the covered line ``vals`` in place; return the values of
        the lines that pay for it: *Paid by package* for its share of the
        package price, and when the session's taxes cannot make exactly
        that share, a rounding line for the cent between them."""
        self.ensure_one()
        package = self.patient_package_id
        quantity = vals.get("quantity", 1.0)
        share = self._clinic_share(self.quantity_used + used_before, quantity)
        taxes = self.env["account.tax"].browse(vals["tax_ids"][0][2])
        self._clinic_price_at_share(
            vals, self._clinic_price_target(share, taxes, company), company
        )
        vals.update(
            {
                "clinic_discount_rule_id": False,
                "clinic_patient_package_id": package.id,
                "clinic_patient_package_line_id": self.id,
            }
        )
        used_after = self.quantity_used + used_before + quantity
        left = self.quantity - used_after
        counts = {
            "used": f"{used_after:g}",
            "total": f"{self.quantity:g}",
            "left": f"{0.0 if float_is_zero(left, 6) else left:g}",
        }
        common = {
            "quantity": 1.0,
            "tax_ids": [Command.clear()],
            "clinic_line_role": "package",
            "clinic_patient_package_id": package.id,
            "clinic_patient_package_line_id": self.id,
        }
        paid = {
            **common,
            "name": self.env._(
                "Paid by package %(package)s (%(used)s of %(total)s used, "
                "%(left)s left)",
                package=package.package_id.name,
                **counts,
            ),
            "price_unit": -share,
            "account_id": company._clinic_package_prepaid_account().id,
        }
        rounding = company.currency_id.round(
            self._clinic_gross(vals, taxes, company) - share
        )
        if company.currency_id.is_zero(rounding):
            return [paid]
        return [paid, self._clinic_rounding_vals(paid, rounding, company)]

    @api.model
    def _clinic_price_target(self, share, taxes, company):
        """What the session's line must come to, in its unit price's terms,
        for its total with taxes to be ``share``: the client prepaid the
        session with its taxes (a voucher is taxed when used), so the share
        is tax-included; taxes included in prices stay in the price."""
        excluded = taxes.filtered(lambda tax: not tax.price_include)
        if not excluded:
            return share
        result = taxes.with_context(force_price_include=True).compute_all(
            share, company.currency_id
        )
        included = taxes - excluded
        return result["total_excluded"] + sum(
            tax["amount"] for tax in result["taxes"] if tax["id"] in included.ids
        )

    @api.model
    def _clinic_gross(self, vals, taxes, company):
        """The priced line's total with taxes, computed by Odoo as the
        invoice will (its taxes rounded on the line)."""
        Tax = self.env["account.tax"]
        base_line = Tax._prepare_base_line_for_taxes_computation(
            vals,
            product_id=self.env["product.product"].browse(vals.get("product_id")),
            tax_ids=taxes,
            price_unit=vals["price_unit"],
            quantity=vals.get("quantity", 1.0),
            discount=vals.get("discount", 0.0),
            currency_id=company.currency_id,
        )
        Tax._add_tax_details_in_base_lines([base_line], company)
        Tax._round_base_lines_tax_details([base_line], company)
        untaxed, tax = self.env["calendar.event"]._clinic_base_line_amounts(base_line)
        return untaxed + tax
