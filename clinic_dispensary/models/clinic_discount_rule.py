# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round, format_amount


class ClinicDiscountRule(models.Model):
    """A discount the checkout applies by itself, on an item or a category.

    Percentage and fixed amount (per unit) rules always apply; a bundle rule
    applies once the client's visit (appointments of one day) holds its
    quantity of items in scope ("buy 3, get 10 % off"). On a line, the most
    specific rule wins: the item's own rules, then the nearest category's,
    then by sequence.
    """

    _name = "clinic.discount.rule"
    _description = "Clinic Discount Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    rule_type = fields.Selection(
        [
            ("percent", "Percentage"),
            ("fixed", "Fixed Amount"),
            ("bundle", "Bundle"),
        ],
        string="Type",
        default="percent",
        required=True,
        help="Percentage: off each line. Fixed Amount: off each unit billed. "
        "Bundle: once the client buys the bundle quantity of items in scope in "
        "one visit (their appointments of one day), a percentage off each of "
        "them or an amount off each complete bundle.",
    )
    bundle_quantity = fields.Integer(
        string="Buy",
        default=3,
        help="Units in scope a client's appointments of one day must hold for "
        "the bundle to apply.",
    )
    bundle_reward = fields.Selection(
        [("percent", "Percentage Off"), ("fixed", "Amount Off")],
        string="Get",
        default="percent",
        required=True,
    )
    discount_percent = fields.Float(string="Discount (%)", digits="Discount")
    discount_amount = fields.Monetary(string="Amount Off")
    scope = fields.Selection(
        [("product", "Item"), ("category", "Category")],
        string="Applies to",
        default="product",
        required=True,
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Item",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Category",
        index="btree_not_null",
        ondelete="cascade",
        help="Applies to the items of this category and of its subcategories.",
    )
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid until")

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def _clinic_target_name(self):
        self.ensure_one()
        target = self.product_tmpl_id if self.scope == "product" else self.categ_id
        return target.display_name or self.name

    def _reward_type(self):
        self.ensure_one()
        return self.bundle_reward if self.rule_type == "bundle" else self.rule_type

    @api.constrains(
        "rule_type",
        "bundle_reward",
        "bundle_quantity",
        "discount_percent",
        "discount_amount",
        "scope",
        "product_tmpl_id",
        "categ_id",
        "date_from",
        "date_to",
    )
    def _check_values(self):
        for rule in self:
            target = rule._clinic_target_name()
            if rule.scope == "product" and not rule.product_tmpl_id:
                raise ValidationError(
                    self.env._("Discount %s applies to an item: choose it.", rule.name)
                )
            if rule.scope == "category" and not rule.categ_id:
                raise ValidationError(
                    self.env._(
                        "Discount %s applies to a category: choose it.", rule.name
                    )
                )
            if rule._reward_type() == "percent" and not (
                0 < rule.discount_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "Discount %(rule)s on %(target)s must be more than 0 %% and "
                        "at most 100 %%.",
                        rule=rule.name,
                        target=target,
                    )
                )
            if rule._reward_type() == "fixed":
                rule._check_amount(target)
            if rule.rule_type == "bundle" and rule.bundle_quantity < 2:
                raise ValidationError(
                    self.env._(
                        "Bundle %(rule)s on %(target)s needs at least 2 units.",
                        rule=rule.name,
                        target=target,
                    )
                )
            if rule.date_from and rule.date_to and rule.date_to < rule.date_from:
                raise ValidationError(
                    self.env._(
                        "Discount %(rule)s on %(target)s ends before it starts.",
                        rule=rule.name,
                        target=target,
                    )
                )

    def _check_amount(self, target):
        self.ensure_one()
        if self.currency_id.compare_amounts(self.discount_amount, 0.0) <= 0:
            raise ValidationError(
                self.env._(
                    "The amount off of discount %(rule)s on %(target)s must be "
                    "positive.",
                    rule=self.name,
                    target=target,
                )
            )
        item = self.product_tmpl_id
        if (
            self.rule_type == "fixed"
            and self.scope == "product"
            and item.clinic_price_mode == "fixed"
            and self.currency_id.compare_amounts(self.discount_amount, item.list_price)
            > 0
        ):
            raise ValidationError(
                self.env._(
                    "Discount %(rule)s takes %(amount)s off %(target)s, which "
                    "costs %(price)s: a discount cannot be larger than the price.",
                    rule=self.name,
                    amount=format_amount(
                        self.env, self.discount_amount, self.currency_id
                    ),
                    target=target,
                    price=format_amount(self.env, item.list_price, self.currency_id),
                )
            )

    @api.constrains(
        "rule_type",
        "scope",
        "product_tmpl_id",
        "categ_id",
        "date_from",
        "date_to",
        "company_id",
        "active",
    )
    def _check_bundle_overlap(self):
        bundles = self.filtered(lambda r: r.rule_type == "bundle" and r.active)
        if not bundles:
            return
        # One search for every rule checked (saved together by an import).
        others = self.search(
            [
                ("rule_type", "=", "bundle"),
                ("company_id", "in", bundles.company_id.ids),
                "|",
                ("product_tmpl_id", "in", bundles.product_tmpl_id.ids),
                ("categ_id", "in", bundles.categ_id.ids),
            ]
        )
        by_target = defaultdict(list)
        for other in others:
            by_target[other._clinic_bundle_key()].append(other)
        for rule in bundles:
            other = next(
                (
                    other
                    for other in by_target[rule._clinic_bundle_key()]
                    if other != rule and rule._clinic_overlaps(other)
                ),
                None,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "Bundles %(rule)s and %(other)s overlap on %(target)s: one "
                        "bundle per item or category at a time; give them "
                        "distinct validity dates.",
                        rule=rule.name,
                        other=other.name,
                        target=rule._clinic_target_name(),
                    )
                )

    def _clinic_bundle_key(self):
        self.ensure_one()
        return (self.company_id, self.scope, self.product_tmpl_id, self.categ_id)

    def _clinic_overlaps(self, other):
        """Whether the validity periods of two rules share a day (no date:
        open-ended)."""
        self.ensure_one()
        return (
            not self.date_from or not other.date_to or other.date_to >= self.date_from
        ) and (
            not self.date_to or not other.date_from or other.date_from <= self.date_to
        )

    # ------------------------------------------------------------------
    # Checkout (pipeline step 5): discounts on the lines of a checkout
    # ------------------------------------------------------------------
    @api.model
    def _clinic_candidates(self, company, products):
        """Every active rule of the company that may apply to these products,
        in one search."""
        categories = products.categ_id
        ancestor_ids = {
            int(categ_id)
            for path in categories.mapped("parent_path")
            for categ_id in path.split("/")
            if categ_id
        }
        return self.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("categ_id", "in", list(ancestor_ids)),
            ]
        )

    def _clinic_matching(self, product, day):
        """The rules of self that may apply to `product` on `day`, the most
        specific first."""

        def applies(rule):
            if (rule.date_from and day < rule.date_from) or (
                rule.date_to and day > rule.date_to
            ):
                return False
            if rule.scope == "product":
                return rule.product_tmpl_id == product.product_tmpl_id
            return product.categ_id.parent_path.startswith(rule.categ_id.parent_path)

        return sorted(
            (rule for rule in self if applies(rule)), key=self._clinic_specificity
        )

    @api.model
    def _clinic_specificity(self, rule):
        """Sort key of a rule, the most specific first: the item's own rules,
        then the nearest category's, then by sequence. The same for every
        line, so the rules of a checkout can be settled in this order."""
        return (
            rule.scope != "product",
            -len(rule.categ_id.parent_path or ""),
            rule.sequence,
            rule.id,
        )

    @api.model
    def _clinic_percent_for(self, gross, amount_off, currency):
        """The discount (%) that takes `amount_off` off `gross` to the cent, at
        the precision of Odoo's Discount field."""
        digits = self.env["decimal.precision"].precision_get("Discount")
        ideal = amount_off / gross * 100
        target = currency.round(gross - amount_off)
        step = 10**-digits
        candidates = sorted(
            {
                float_round(ideal + k * step, precision_digits=digits)
                for k in range(-3, 4)
            },
            key=lambda percent: abs(percent - ideal),
        )
        for percent in candidates:
            if not currency.compare_amounts(gross * (1 - percent / 100), target):
                return percent
        return candidates[0]

    @api.model
    def _clinic_apply_discounts(
        self, lines_by_event, company, strict=True, billed=None
    ):
        """Set the discount of the checkout lines ({event: [line vals]}), in
        place, from the rules of the company. Lines carry the rule applied.

        Bundles count the lines of each visit together (a client's
        appointments of one day, ``calendar.event._clinic_visit_key``), at
        the desk as at checkout, whatever the days a checkout spans. A
        discount larger than its line is refused, or with `strict=False` (an
        estimate) left off that line; so it is on the lines of appointments
        priced but not `billed` (the rest of a visit checked out in part:
        refusing would stop billing what was chosen because of what was
        not)."""

        def bundle_key(event):
            return event._clinic_visit_key()

        Product = self.env["product.product"]
        products = Product.browse(
            {
                vals["product_id"]
                for vals_list in lines_by_event.values()
                for vals in vals_list
                if vals.get("product_id")
            }
        )
        entries = [
            (
                event,
                vals,
                Product.browse(vals["product_id"]).with_prefetch(
                    products._prefetch_ids
                ),
            )
            for event, vals_list in lines_by_event.items()
            for vals in vals_list
            if vals.get("product_id")
        ]
        if not entries:
            return lines_by_event
        rules = self._clinic_candidates(company, products)
        if not rules:
            return lines_by_event
        currency = company.currency_id
        matching = [
            rules._clinic_matching(product, event.clinic_checkout_date)
            for event, _vals, product in entries
        ]
        winners, counts = self._clinic_winners(entries, matching, bundle_key)
        amounts_off = self._clinic_amounts_off(
            entries, winners, counts, currency, bundle_key
        )
        too_large = []
        for (event, vals, product), rule, amount_off in zip(
            entries, winners, amounts_off, strict=True
        ):
            if not rule:
                continue
            gross = currency.round(vals["price_unit"] * vals.get("quantity", 1.0))
            if amount_off is None:
                percent = rule.discount_percent
            elif currency.compare_amounts(amount_off, gross) > 0:
                too_large.append((event, product, rule, amount_off, gross))
                continue
            else:
                percent = self._clinic_percent_for(gross, amount_off, currency)
            vals["discount"] = percent
            vals["clinic_discount_rule_id"] = rule.id
        if billed is not None:
            too_large = [entry for entry in too_large if entry[0] in billed]
        if too_large and strict:
            raise UserError(
                self.env._(
                    "These discounts are larger than the line they apply to:\n%s",
                    "\n".join(
                        self.env._(
                            "- %(item)s (%(event)s): %(rule)s takes %(off)s off "
                            "%(gross)s",
                            item=product.display_name,
                            event=event.display_name,
                            rule=rule.name,
                            off=format_amount(self.env, off, currency),
                            gross=format_amount(self.env, gross, currency),
                        )
                        for event, product, rule, off, gross in too_large
                    ),
                )
            )
        return lines_by_event

    @api.model
    def _clinic_winners(self, entries, matching, bundle_key):
        """The rule each line gets, and the units each visit's reached
        bundles count ({(bundle_key(event), rule): units}).

        A line's units count toward a bundle only when that bundle is the most
        specific rule the line can still get: not toward a bundle behind a rule
        that always applies (the item's own percentage), nor toward a wider
        bundle once a narrower one is reached. Rules are settled from the most
        specific down, so a bundle knows every line that falls through to it.
        """
        winners = [None] * len(entries)
        counts = defaultdict(float)
        found_ids = [{rule.id for rule in found} for found in matching]
        rules = {rule.id: rule for found in matching for rule in found}
        for rule in sorted(rules.values(), key=self._clinic_specificity):
            waiting = [
                index
                for index, ids in enumerate(found_ids)
                if winners[index] is None and rule.id in ids
            ]
            if rule.rule_type != "bundle":
                for index in waiting:
                    winners[index] = rule
                continue
            by_client = defaultdict(list)
            for index in waiting:
                by_client[bundle_key(entries[index][0])].append(index)
            for client, indexes in by_client.items():
                units = sum(entries[i][1].get("quantity", 1.0) for i in indexes)
                if float_compare(units, rule.bundle_quantity, precision_digits=2) < 0:
                    continue
                counts[client, rule] = units
                for index in indexes:
                    winners[index] = rule
        return winners, counts

    @api.model
    def _clinic_amounts_off(self, entries, winners, counts, currency, bundle_key):
        """Amount off each line for the amount rules (None for percentages).

        A fixed rule takes its amount off each unit. A bundle's amount comes
        off each complete bundle, shared between the visit's lines it covers
        in proportion to their amounts (the last one takes the cents left).
        """
        amounts = [None] * len(entries)
        shared = defaultdict(list)
        for index, ((event, vals, _product), rule) in enumerate(
            zip(entries, winners, strict=True)
        ):
            if not rule or rule._reward_type() != "fixed":
                continue
            if rule.rule_type == "fixed":
                amounts[index] = currency.round(
                    rule.discount_amount * vals.get("quantity", 1.0)
                )
            else:
                shared[bundle_key(event), rule].append(index)
        for (client, rule), indexes in shared.items():
            bundles = int(counts[client, rule] // rule.bundle_quantity)
            total = currency.round(rule.discount_amount * bundles)
            grosses = [
                entries[i][1]["price_unit"] * entries[i][1].get("quantity", 1.0)
                for i in indexes
            ]
            left = total
            for position, index in enumerate(indexes):
                if position == len(indexes) - 1:
                    amounts[index] = currency.round(left)
                else:
                    share = currency.round(
                        total * grosses[position] / (sum(grosses) or 1.0)
                    )
                    amounts[index] = share
                    left -= share
        return amounts
