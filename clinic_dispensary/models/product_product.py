# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, format_amount

from .product_template import CLINIC_KIND_TYPES

# Records that make an item part of the clinic's history (or open orders):
# such an item is archived, never deleted.
CLINIC_HISTORY_MODELS = (
    "account.move.line",
    "stock.move",
    "purchase.order.line",
    "clinic.event.addon",
    "clinic.event.type.consumable",
)


class ProductProduct(models.Model):
    _inherit = "product.product"

    clinic_event_type_ids = fields.One2many(
        "calendar.event.type",
        "product_id",
        string="Appointment Types",
        context={"active_test": False},
    )

    clinic_below_minimum = fields.Boolean(
        string="Below Minimum",
        compute="_compute_clinic_below_minimum",
        search="_search_clinic_below_minimum",
        help="The forecasted quantity at the location of one of its reordering "
        "rules (as the item's Forecasted button shows it, all planned moves "
        "included) plus what its draft RFQs will bring is under the rule's "
        "minimum.",
    )

    @api.onchange("clinic_kind")
    def _onchange_clinic_kind(self):
        for product in self.filtered("clinic_kind"):
            product.update(CLINIC_KIND_TYPES[product.clinic_kind])

    # A variant created or written with a kind (imports, integrations) gets
    # the kind's Odoo type as its template would: Odoo fills the template's
    # default type (goods) in before the template sees the values.
    @api.model_create_multi
    def create(self, vals_list):
        template = self.env["product.template"]
        return super().create([template._clinic_map_kind(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self.product_tmpl_id._clinic_map_kind(vals))

    @api.model
    def _clinic_below_minimum_ids(self, products=None):
        """Ids of the variants (of `products`, or all) below the minimum of
        one of their reordering rules, in the user's companies.

        Read in batch, in queries that do not grow with the number of rules:
        one forecast per location for all its items, one look-up of what the
        rules have in progress (draft RFQs). A rule's own `qty_forecast`
        stops at its lead-time horizon, which costs queries per rule (its
        routes' rules); the list would pay them on every read."""
        domain = [("company_id", "in", self.env.companies.ids)]
        if products is not None:
            domain.append(("product_id", "in", products.ids))
        orderpoints = self.env["stock.warehouse.orderpoint"].search(domain)
        in_progress = orderpoints._quantity_in_progress()
        below = set()
        for location, location_orderpoints in orderpoints.grouped(
            "location_id"
        ).items():
            forecasts = {
                product.id: product.virtual_available
                for product in location_orderpoints.product_id.with_context(
                    location=location.id
                )
            }
            below.update(
                orderpoint.product_id.id
                for orderpoint in location_orderpoints
                if float_compare(
                    forecasts[orderpoint.product_id.id] + in_progress[orderpoint.id],
                    orderpoint.product_min_qty,
                    precision_rounding=orderpoint.product_uom.rounding,
                )
                < 0
            )
        return below

    def _compute_clinic_below_minimum(self):
        below = self._clinic_below_minimum_ids(self._origin)
        for product in self:
            product.clinic_below_minimum = product._origin.id in below

    def _search_clinic_below_minimum(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on Below Minimum."))
        positive = (operator == "=") == value
        return [
            (
                "id",
                "in" if positive else "not in",
                list(self._clinic_below_minimum_ids()),
            )
        ]

    def _check_not_linked_to_event_type(self):
        linked = self.with_context(active_test=False).filtered("clinic_event_type_ids")
        if linked:
            raise UserError(
                _(
                    "%(items)s is billed for appointment type(s) %(types)s and "
                    "cannot be deleted. Archive it instead.",
                    items=", ".join(linked.mapped("display_name")),
                    types=", ".join(linked.clinic_event_type_ids.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_event_type(self):
        self._check_not_linked_to_event_type()

    def _clinic_check_no_history(self):
        used = self.browse()
        for model in CLINIC_HISTORY_MODELS:
            groups = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([("product_id", "in", self.ids)], ["product_id"])
            )
            used |= self.browse([product.id for (product,) in groups])
        if used:
            raise UserError(
                _(
                    "%(items)s cannot be deleted: invoices, stock moves, purchase "
                    "orders or appointments use it. Archive it instead (Action > "
                    "Archive): archived items are no longer offered nor billed.",
                    items=", ".join(used.mapped("display_name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_clinic_history(self):
        self._clinic_check_no_history()

    # ------------------------------------------------------------------
    # Checkout pricing (pipeline step 5): fixed or per duration
    # ------------------------------------------------------------------
    def _clinic_price_issue(self, hours=None, variant_chosen=True):
        """Why this item cannot be priced for a checkout line, or False: the
        variant billed must be chosen when the item has several."""
        self.ensure_one()
        if not (self.active and self.product_tmpl_id.active):
            return _("%s is archived", self.display_name)
        if not variant_chosen and self.product_variant_count > 1:
            return _(
                "choose the variant of %(item)s billed (%(variants)s)",
                item=self.product_tmpl_id.name,
                variants=", ".join(
                    self.product_tmpl_id.product_variant_ids.mapped("display_name")
                ),
            )
        if self.clinic_price_mode == "duration" and not hours:
            return _(
                "%s is priced per duration but the appointment has no duration",
                self.display_name,
            )
        if float_compare(self.lst_price, 0.0, precision_digits=2) <= 0:
            return _("%s has no price", self.display_name)
        return False

    def _clinic_format_duration(self, hours):
        minutes = round(hours * 60)
        if minutes < 60:
            return _("%s min", minutes)
        return _("%(hours)s h %(minutes)02d", hours=minutes // 60, minutes=minutes % 60)

    def _clinic_catalogue_price(self, hours=0.0):
        """Sales price of one unit, or of `hours` of an item priced per
        duration (after its rounding rule)."""
        self.ensure_one()
        if self.clinic_price_mode != "duration":
            return self.lst_price
        template = self.product_tmpl_id
        hours = template._clinic_billed_hours(hours)
        return self.lst_price * template._clinic_duration_units(hours)

    @api.model
    def _clinic_price_lines(self, lines_by_event, company, fiscal_positions=None):
        """Pricing step of the checkout: price the lines ({event: [vals]}) in
        place, prices and taxes, each through its client's fiscal position
        ({client: position}, found when not given)."""
        if fiscal_positions is None:
            fiscal_positions = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._clinic_get_for_clients(
                    self.env["res.partner"].concat(
                        *(event.client_id for event in lines_by_event)
                    )
                )
            )
        # One prefetch set for every item of the checkout.
        products = self.browse(
            {
                vals["product_id"]
                for vals_list in lines_by_event.values()
                for vals in vals_list
                if vals.get("product_id")
            }
        )
        for event, vals_list in lines_by_event.items():
            fiscal_position = fiscal_positions[event.client_id]
            for vals in vals_list:
                if not vals.get("product_id"):
                    self._clinic_price_new_item_line_vals(
                        vals, company, fiscal_position
                    )
                    continue
                product = self.browse(vals["product_id"]).with_prefetch(
                    products._prefetch_ids
                )
                product._clinic_price_line_vals(
                    vals,
                    company,
                    fiscal_position,
                    event.clinic_checkout_date,
                )
        return lines_by_event

    @api.model
    def _clinic_price_new_item_line_vals(self, vals, company, fiscal_position):
        """Estimate, in place, the line of an appointment type whose item
        checkout has not created yet: the type's price (in the line values),
        with the sales taxes the new item will get (the company's default)."""
        taxes = company.account_sale_tax_id
        if not taxes:
            account = (
                self.env.ref("clinic_dispensary.product_category_clinic_services")
                .with_company(company)
                .property_account_income_categ_id
            )
            taxes = account.tax_ids.filtered(lambda t: t.type_tax_use == "sale")
        if fiscal_position:
            taxes = fiscal_position.map_tax(taxes)
        vals["tax_ids"] = [Command.set(taxes.ids)]
        return vals

    def _clinic_sale_taxes(self, company, fiscal_position):
        """The taxes of a customer invoice line of this item in company, as
        Odoo sets them (account.move.line._get_computed_taxes): the item's
        sales taxes, else its income account's, mapped by the fiscal
        position. Checkout sets them on its lines and its estimates price
        with them, so both tax the same."""
        self.ensure_one()
        Tax = self.env["account.tax"]
        taxes = self.taxes_id.filtered_domain(Tax._check_company_domain(company))
        if not taxes:
            account = self.product_tmpl_id.with_company(company).get_product_accounts(
                fiscal_pos=fiscal_position
            )["income"]
            if not account:
                # The invoice line then takes its journal's account.
                account = (
                    self.env["account.journal"]
                    .search(
                        [
                            *self.env["account.journal"]._check_company_domain(company),
                            ("type", "=", "sale"),
                        ],
                        limit=1,
                    )
                    .default_account_id
                )
            taxes = account.tax_ids.filtered(lambda t: t.type_tax_use == "sale")
        taxes = taxes._filter_taxes_by_company(company)
        if taxes and fiscal_position:
            taxes = fiscal_position.map_tax(taxes)
        return taxes

    def _clinic_price_line_vals(self, vals, company, fiscal_position, date):
        """Price one checkout line from the catalogue, in place.

        Fixed items bill their sales price; items priced per duration bill
        their rate for ``vals["clinic_duration"]`` (hours) after the item's
        rounding rule. The unit price then goes through the unit of measure and
        the client's fiscal position as Odoo prices an invoice line (a price
        including a tax the fiscal position removes loses that tax).
        """
        self.ensure_one()
        currency = company.currency_id
        rate = self.with_company(company).lst_price
        price = rate
        if self.clinic_price_mode == "duration":
            template = self.product_tmpl_id
            hours = template._clinic_billed_hours(vals.get("clinic_duration") or 0.0)
            price = currency.round(rate * template._clinic_duration_units(hours))
            unit = dict(
                self._fields["clinic_time_unit"]._description_selection(self.env)
            )[self.clinic_time_unit]
            vals["clinic_duration"] = hours
            vals["clinic_time_unit"] = self.clinic_time_unit
            vals["name"] = "\n".join(
                [
                    vals.get("name") or self.display_name,
                    _(
                        "%(duration)s at %(rate)s / %(unit)s",
                        duration=self._clinic_format_duration(hours),
                        rate=format_amount(self.env, rate, currency),
                        unit=unit.lower(),
                    ),
                ]
            )
        else:
            vals.pop("clinic_duration", None)
        uom = self.env["uom.uom"].browse(vals.get("product_uom_id")) or self.uom_id
        price = self._get_tax_included_unit_price(
            company,
            currency,
            date,
            "sale",
            product_uom=uom,
            product_price_unit=price,
            product_currency=currency,
            fiscal_position=fiscal_position,
        )
        vals["clinic_base_price"] = rate
        vals["tax_ids"] = [
            Command.set(self._clinic_sale_taxes(company, fiscal_position).ids)
        ]
        vals["price_unit"] = float_round(
            price,
            precision_digits=self.env["decimal.precision"].precision_get(
                "Product Price"
            ),
        )
        return vals

    # ------------------------------------------------------------------
    # Vendor contracts: the agreed price binds every order to the supplier
    # ------------------------------------------------------------------
    def _prepare_sellers(self, params=False):
        # purchase_requisition keeps an agreement's prices to the orders made
        # from it; a confirmed vendor contract applies to every order to its
        # supplier while valid (its prices carry its dates).
        sellers = super()._prepare_sellers(params=params)
        order = params and params.get("order_id")
        # An order made from an agreement keeps to that agreement's prices.
        if not order or ("requisition_id" in order._fields and order.requisition_id):
            return sellers
        contracts = self.seller_ids.filtered(
            lambda s: (
                s not in sellers
                and s.partner_id.active
                and (not s.product_id or s.product_id == self)
                and s.purchase_requisition_id._clinic_is_contract()
            )
        )
        return (sellers | contracts).sorted(
            lambda s: (s.sequence, -s.min_qty, s.price, s.id)
        )

    def _get_filtered_sellers(
        self, partner_id=False, quantity=0.0, date=None, uom_id=False, params=False
    ):
        sellers = super()._get_filtered_sellers(
            partner_id=partner_id,
            quantity=quantity,
            date=date,
            uom_id=uom_id,
            params=params,
        )
        contract = sellers.filtered(
            lambda s: s.purchase_requisition_id._clinic_is_contract()
        )
        # A valid contract's price wins over its supplier's other prices.
        return sellers.filtered(
            lambda s: s in contract or s.partner_id not in contract.partner_id
        )

    # ------------------------------------------------------------------
    # Valuation of many outgoing moves at once
    # ------------------------------------------------------------------
    @api.model
    def _clinic_fifo_candidates_cache(self, products, companies, lots):
        """stock_account's FIFO candidates (``_get_fifo_candidates``) of
        ``products`` in ``companies``, found in one search, for a context
        key ``clinic_fifo_candidates`` read by ``_get_fifo_candidates``:
        validating many outgoing moves together (the expiry sweep's
        write-offs), stock_account searches them once per move.

        Only moves going out may be valued with it: a layer coming in while
        it is used would be missed.

        :param lots: the lots of the lot-valuated products among them
        :return: {(product id, company id, lot id or False): [layer ids]}
        """
        cache = {}
        for product in products:
            product_lots = (
                lots.filtered(lambda lot, p=product: lot.product_id == p)
                if product.lot_valuated
                else lots.browse()
            )
            for company in companies:
                for lot_id in product_lots.ids or [False]:
                    cache[product.id, company.id, lot_id] = []
        layers = (
            self.env["stock.valuation.layer"]
            .sudo()
            .search_fetch(
                [
                    ("product_id", "in", products.ids),
                    ("remaining_qty", ">", 0),
                    ("company_id", "in", companies.ids),
                    ("lot_id", "in", [*lots.ids, False]),
                ],
                ["product_id", "company_id", "lot_id", "remaining_qty"],
            )
        )
        # In stock_account's order (the layers' _order), per key.
        for layer in layers:
            key = (layer.product_id.id, layer.company_id.id, layer.lot_id.id or False)
            if key in cache:
                cache[key].append(layer.id)
        return cache

    def _get_fifo_candidates(self, company, lot=False):
        cache = self.env.context.get("clinic_fifo_candidates")
        key = (self.id, company.id, lot.id if lot else False)
        if cache is None or key not in cache:
            return super()._get_fifo_candidates(company, lot=lot)
        # What earlier moves of the batch consumed is in the cache: the
        # candidates still holding units, as stock_account's search reads.
        return (
            self.env["stock.valuation.layer"]
            .sudo()
            .browse(cache[key])
            .filtered(lambda layer: layer.remaining_qty > 0)
        )
