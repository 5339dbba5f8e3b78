# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz
from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, format_date, mute_logger

# Fields that define what was billed: frozen once an invoice line exists.
BILLED_FROZEN_FIELDS = {
    "client_id",
    "appointment_type_id",
    "company_id",
    "clinic_variant_id",
}

# What a private appointment shows beyond Odoo's public fields (time,
# organizer) to reception and clinic managers, who bill and dispense it: who
# the client is, the treatment, the amount. Health data: everybody else sees
# the appointment as Busy, like any private event.
CLINIC_PRIVATE_FIELDS = {
    "client_id",
    "appointment_type_id",
    "clinic_is_appointment",
    "clinic_no_charge",
    "billing_state",
    "clinic_amount",
    "clinic_variant_id",
    "clinic_addon_ids",
    "clinic_invoice_line_ids",
    "clinic_consumption_move_ids",
    "clinic_consumption_shortage",
}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # Only clinic appointments belong to a company: a plain meeting keeps
    # Odoo's behaviour (no company, seen by its invitees of any company).
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        index=True,
    )
    clinic_is_appointment = fields.Boolean(
        string="Clinic Appointment",
        compute="_compute_clinic_is_appointment",
        store=True,
        index=True,
        help="Has a client or a billable appointment type: billed by the "
        "clinic, kept within its company.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    client_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The client billed for this appointment; may differ from the "
        "attendees (a parent for a child, an owner for a pet).",
    )
    appointment_type_id = fields.Many2one(
        "calendar.event.type",
        compute="_compute_appointment_type_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain="[('clinic_billable', '=', True)]",
        tracking=True,
    )
    clinic_no_charge = fields.Boolean(
        string="No Charge",
        tracking=True,
        help="Nothing is billed for this appointment (courtesy visit, "
        "warranty follow-up...).",
    )
    # Computed as the user, not as superuser: read from a private
    # appointment, the type is hidden to who may not see it, so is its item.
    clinic_item_tmpl_id = fields.Many2one(
        related="appointment_type_id.product_id.product_tmpl_id",
        string="Billed Item",
        compute_sudo=False,
    )
    clinic_variant_count = fields.Integer(
        related="appointment_type_id.product_id.product_variant_count",
        string="Item Variants",
        compute_sudo=False,
    )
    clinic_variant_id = fields.Many2one(
        "product.product",
        string="Variant",
        compute="_compute_clinic_variant_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('product_tmpl_id', '=', clinic_item_tmpl_id)]",
        help="Variant of the appointment type's item billed (e.g. Botox 100U "
        "vial). Checkout asks for it when the item has several.",
    )
    clinic_addon_ids = fields.One2many(
        "clinic.event.addon",
        "event_id",
        string="Add-ons",
        help="Extras billed with the appointment.",
    )
    clinic_invoice_line_ids = fields.One2many(
        "account.move.line",
        "clinic_event_id",
        string="Invoice Lines",
        readonly=True,
    )
    clinic_invoice_count = fields.Integer(
        string="Invoices",
        compute="_compute_clinic_invoice_count",
    )
    billing_state = fields.Selection(
        [
            ("to_bill", "To Bill"),
            ("billed", "Billed"),
            ("no_charge", "No Charge"),
        ],
        compute="_compute_billing_state",
        store=True,
        index=True,
        tracking=True,
    )
    clinic_amount = fields.Monetary(
        string="Amount",
        compute="_compute_clinic_amount",
        store=True,
        help="What Express Checkout will bill for this appointment.",
    )
    clinic_consumption_move_ids = fields.One2many(
        "stock.move",
        "clinic_event_id",
        string="Consumed",
        readonly=True,
    )
    clinic_consumption_shortage = fields.Boolean(
        string="Consumables Short",
        readonly=True,
        copy=False,
        help="Checkout found less stock than this appointment's consumables "
        "need: what was there was consumed, the rest was not.",
    )
    clinic_checkout_date = fields.Date(
        string="Checkout Day",
        compute="_compute_clinic_checkout_date",
        search="_search_clinic_checkout_date",
        help="Day of the appointment in the user's timezone.",
    )

    @api.depends("client_id", "appointment_type_id")
    def _compute_clinic_is_appointment(self):
        for event in self:
            event.clinic_is_appointment = bool(
                event.client_id or event.appointment_type_id
            )

    @api.depends("clinic_is_appointment")
    def _compute_company_id(self):
        for event in self:
            if not event.clinic_is_appointment:
                event.company_id = False
            elif not event.company_id:
                event.company_id = self.env.company

    @api.depends("categ_ids.clinic_billable")
    def _compute_appointment_type_id(self):
        for event in self:
            # A billed appointment keeps the type it was billed as, whatever
            # its tags become (read from its lines: billing_state itself
            # depends on the type).
            if event.appointment_type_id in event.categ_ids or any(
                line.parent_state != "cancel"
                and line.clinic_line_role in (False, "appointment")
                for line in event.clinic_invoice_line_ids
            ):
                continue
            billable = event.categ_ids.filtered("clinic_billable")
            event.appointment_type_id = billable[:1] or event.appointment_type_id

    @api.depends("appointment_type_id")
    def _compute_clinic_variant_id(self):
        for event in self:
            template = event.appointment_type_id.product_id.product_tmpl_id
            if event.clinic_variant_id.product_tmpl_id != template:
                event.clinic_variant_id = False

    @api.depends(
        "clinic_invoice_line_ids.parent_state",
        "clinic_invoice_line_ids.clinic_line_role",
        "clinic_no_charge",
        "appointment_type_id.clinic_billable",
    )
    def _compute_billing_state(self):
        for event in self:
            # The appointment's own line bills it; its add-on and consumable
            # lines do not (lines from before roles count as its own).
            if any(
                line.parent_state != "cancel"
                and line.clinic_line_role in (False, "appointment")
                for line in event.clinic_invoice_line_ids
            ):
                event.billing_state = "billed"
            elif (
                event.clinic_no_charge or not event.appointment_type_id.clinic_billable
            ):
                event.billing_state = "no_charge"
            else:
                event.billing_state = "to_bill"

    @api.depends(
        "start",
        "stop",
        "allday",
        "clinic_variant_id.lst_price",
        "clinic_addon_ids.price_subtotal",
        "appointment_type_id.price",
        "appointment_type_id.product_id.lst_price",
        "appointment_type_id.product_id.clinic_price_mode",
        "appointment_type_id.product_id.clinic_time_unit",
        "appointment_type_id.product_id.clinic_duration_rounding",
        "company_id",
        "appointment_type_id.clinic_consumable_ids.company_id",
        "appointment_type_id.clinic_consumable_ids.billable",
        "appointment_type_id.clinic_consumable_ids.quantity",
        "appointment_type_id.clinic_consumable_ids.product_id.list_price",
    )
    def _compute_clinic_amount(self):
        for event in self:
            product = event._clinic_get_product()
            base = (
                product._clinic_catalogue_price(event._clinic_duration())
                if product
                else event.appointment_type_id.price
            )
            # Add-ons and billable consumables are billed with the visit;
            # discounts come at checkout.
            event.clinic_amount = (
                base
                + sum(event.clinic_addon_ids.mapped("price_subtotal"))
                + sum(
                    vals["quantity"] * vals["price_unit"]
                    for vals in event._prepare_consumable_invoice_line_vals()
                )
            )

    @api.depends("clinic_invoice_line_ids")
    def _compute_clinic_invoice_count(self):
        for event in self:
            event.clinic_invoice_count = len(event.clinic_invoice_line_ids.move_id)

    def _clinic_tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

    @api.depends("start")
    @api.depends_context("tz")
    def _compute_clinic_checkout_date(self):
        tz = self._clinic_tz()
        for event in self:
            event.clinic_checkout_date = (
                pytz.utc.localize(event.start).astimezone(tz).date()
                if event.start
                else False
            )

    @api.model
    def _clinic_day_bounds(self, day):
        """UTC bounds [start, end[ of a calendar day in the user's timezone."""
        tz = self._clinic_tz()
        day = fields.Date.to_date(day)
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        end = tz.localize(
            datetime.combine(day + timedelta(days=1), time.min)
        ).astimezone(pytz.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def _search_clinic_checkout_date(self, operator, value):
        if operator not in ("=", "<", "<=", ">", ">=") or not value:
            raise UserError(_("Unsupported search on the checkout day."))
        start, end = self._clinic_day_bounds(value)
        if operator == "=":
            return [("start", ">=", start), ("start", "<", end)]
        if operator in ("<", ">="):
            return [("start", operator, start)]
        # "<= day" ends at the next midnight, "> day" starts there
        return [("start", "<" if operator == "<=" else ">=", end)]

    # ------------------------------------------------------------------
    # Privacy: Odoo hides the non-public fields of other people's private
    # events (``_fetch_query``, ``read_group``); the clinic's fields are
    # public only to the clinic's staff.
    # ------------------------------------------------------------------
    @api.model
    def _get_public_fields(self):
        public = super()._get_public_fields() | {
            "company_id",
            "currency_id",
            "clinic_checkout_date",
        }
        if self.env.user.has_group("clinic_dispensary.group_clinic_reception"):
            public |= CLINIC_PRIVATE_FIELDS
        return public

    @api.model
    def _clinic_searches_private_fields(self, domain):
        """Whether ``domain`` filters on clinic fields hidden to the user."""
        hidden = CLINIC_PRIVATE_FIELDS - self._get_public_fields()
        return hidden and any(
            isinstance(leaf, (list, tuple))
            and isinstance(leaf[0], str)
            and leaf[0].split(".", 1)[0] in hidden
            for leaf in domain or []
        )

    @api.model
    def _clinic_private_visible_domain(self):
        """Events whose private fields the user may read: not private, or
        private and organized or attended by the user (Odoo's
        ``_check_private_event_conditions`` as a domain)."""
        return expression.OR(
            [
                self._get_default_privacy_domain(),
                [("privacy", "=", False), ("user_id", "=", False)],
                [("partner_ids", "in", self.env.user.partner_id.ids)],
            ]
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Hidden fields must not be searchable either: who has an appointment
        # for which treatment would show through the results.
        if not self.env.su and self._clinic_searches_private_fields(domain):
            domain = expression.AND([domain, self._clinic_private_visible_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # ------------------------------------------------------------------
    # Checkout pipeline steps (see DESIGN.md): check, lock, lines
    # ------------------------------------------------------------------
    def _get_billing_issues(self, company):
        """Return {event: reason} for every event that cannot be billed."""
        issues = {}
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        for event in self:
            event_type = event.appointment_type_id
            if not event.client_id:
                issues[event] = _("no client")
            elif event.company_id and event.company_id != company:
                issues[event] = _("belongs to company %s", event.company_id.name)
            elif event.billing_state == "billed":
                issues[event] = _("already billed")
            elif event.clinic_no_charge or not event_type.clinic_billable:
                issues[event] = _("not billable (no billable appointment type)")
            elif not journal:
                issues[event] = _("no sales journal in %s", company.name)
            elif not event._get_income_account(company) and not (
                journal.default_account_id
            ):
                issues[event] = _("no income account for %s", event_type.name)
            elif reason := event._clinic_pricing_issue():
                issues[event] = reason
        return issues

    def _clinic_pricing_issue(self):
        """Why the items of this appointment cannot be priced, or False."""
        self.ensure_one()
        product = self._clinic_get_product()
        event_type = self.appointment_type_id
        reasons = [
            product._clinic_price_issue(
                self._clinic_duration(), variant_chosen=bool(self.clinic_variant_id)
            )
            if product
            else event_type.price <= 0 and _("%s has no price", event_type.name),
            *(
                addon.product_id._clinic_price_issue(addon.duration)
                for addon in self.clinic_addon_ids
                if not addon.billed
            ),
        ]
        return "; ".join(reason for reason in reasons if reason) or False

    def _get_income_account(self, company):
        self.ensure_one()
        product = self.appointment_type_id.product_id
        if product:
            return (
                product.product_tmpl_id.with_company(company)
                .sudo()
                ._get_product_accounts()["income"]
            )
        category = self.env.ref("clinic_dispensary.product_category_clinic_services")
        return category.with_company(company).sudo().property_account_income_categ_id

    def _check_billable(self, company=None):
        company = company or self.env.company
        issues = self._get_billing_issues(company)
        if issues:
            raise UserError(
                _(
                    "These appointments cannot be billed:\n%s",
                    "\n".join(
                        f"- {event.display_name} ({event.client_id.name or '?'}): "
                        f"{reason}"
                        for event, reason in issues.items()
                    ),
                )
            )

    def _lock_for_checkout(self):
        """Row-lock the events so two receptionists cannot bill them twice.

        NO KEY UPDATE: the lock an UPDATE takes, so it still lets other
        transactions reference the events (foreign keys take KEY SHARE).

        NOWAIT: the second user gets an answer at once instead of waiting
        behind the first one's transaction.
        """
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM calendar_event WHERE id = ANY(%s) "
                        "FOR NO KEY UPDATE NOWAIT",
                        self.ids,
                    )
                )
        except pg_errors.LockNotAvailable:
            raise UserError(
                _(
                    "These appointments are being billed by someone else right "
                    "now. Refresh the Express Checkout in a moment."
                )
            ) from None
        # What we read before the lock may be stale.
        self.invalidate_recordset()

    def _get_checkout_label(self, product):
        self.ensure_one()
        day = pytz.utc.localize(self.start).astimezone(self._clinic_tz()).date()
        return _(
            "%(item)s\n%(type)s appointment on %(date)s",
            item=product.display_name,
            type=self.appointment_type_id.name,
            date=format_date(self.env, day),
        )

    def _clinic_get_product(self):
        """The item billed: the variant chosen on the appointment, else the
        appointment type's item."""
        self.ensure_one()
        return self.clinic_variant_id or self.appointment_type_id.product_id

    def _clinic_duration(self):
        """Duration (hours) an item priced per duration bills; none all day."""
        self.ensure_one()
        if self.allday or not (self.start and self.stop):
            return 0.0
        return max((self.stop - self.start).total_seconds() / 3600, 0.0)

    def _prepare_invoice_line_vals(self):
        """Invoice line values billing this appointment (pipeline step 5)."""
        self.ensure_one()
        product = self._clinic_get_product()
        return {
            "product_id": product.id,
            "name": self._get_checkout_label(product),
            "quantity": 1.0,
            "product_uom_id": product.uom_id.id,
            "price_unit": product.lst_price,
            "clinic_event_id": self.id,
            "clinic_line_role": "appointment",
            "clinic_duration": self._clinic_duration(),
        }

    def _prepare_invoice_lines_vals(self, company, fiscal_positions=None):
        """Pipeline step 5 for a batch: {event: [invoice line values]}.

        Lines are collected (the appointment, its add-ons still to bill, its
        billable consumables), priced from the catalogue (duration, unit,
        fiscal position), then discounted by the clinic's rules, searched once
        for the whole batch. `fiscal_positions` ({client: position}) are the
        clients' invoices', found when not given.
        """
        lines = {
            event: [
                event._prepare_invoice_line_vals(),
                *event.clinic_addon_ids._prepare_invoice_lines_vals(),
                *event._prepare_consumable_invoice_line_vals(),
            ]
            for event in self
        }
        self.env["product.product"]._clinic_price_lines(
            lines, company, fiscal_positions
        )
        return self.env["clinic.discount.rule"]._clinic_apply_discounts(lines, company)

    # ------------------------------------------------------------------
    # Actions and CRUD guards
    # ------------------------------------------------------------------
    def action_express_checkout(self):
        """List button "New Invoice": bill the selected appointments at once."""
        wizard = self.env["clinic.express.checkout"].create(
            {"event_ids": [fields.Command.set(self.ids)]}
        )
        return wizard.action_create_invoices()

    def action_view_clinic_invoices(self):
        self.ensure_one()
        invoices = self.clinic_invoice_line_ids.move_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        if len(invoices) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = invoices.id
        return action

    def write(self, vals):
        if BILLED_FROZEN_FIELDS & set(vals):
            billed = self.filtered(lambda e: e.billing_state == "billed")
            if billed:
                raise UserError(
                    _(
                        "The client, type and company of a billed appointment "
                        "cannot change; cancel its invoice first: %s",
                        ", ".join(billed.mapped("display_name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        billed = self.filtered(lambda e: e.billing_state == "billed")
        if billed:
            raise UserError(
                _(
                    "Billed appointments cannot be deleted; cancel or delete "
                    "their invoice first: %s",
                    ", ".join(billed.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Consumables (checkout effect): what the appointments used up
    # ------------------------------------------------------------------
    def _prepare_consumable_invoice_line_vals(self):
        """Billable consumables are billed (and dispensed) with the visit."""
        self.ensure_one()
        return [
            {
                "product_id": consumable.product_id.id,
                "quantity": consumable.quantity,
                "product_uom_id": consumable.uom_id.id,
                "price_unit": consumable.uom_id._compute_price(
                    consumable.product_id.lst_price, consumable.product_id.uom_id
                )
                if consumable.uom_id != consumable.product_id.uom_id
                else consumable.product_id.lst_price,
                "clinic_event_id": self.id,
                "clinic_line_role": "consumable",
            }
            for consumable in self._clinic_consumables()
            if consumable.billable
        ]

    def _clinic_consumables(self):
        """What this appointment uses up: its type's consumables of its
        company (or of every company)."""
        self.ensure_one()
        return self.appointment_type_id.clinic_consumable_ids._clinic_for_company(
            self.company_id or self.env.company
        )

    def _clinic_consumption_moves(self):
        """The moves that took these appointments' consumables out of stock
        (not their returns), whatever their state."""
        return self.clinic_consumption_move_ids.filtered(
            lambda m: not m.origin_returned_move_id
        )

    def _clinic_outstanding_consumption(self):
        """Consumption moves of these appointments still counting: pending,
        or done and not returned."""
        return self._clinic_consumption_moves().filtered(
            lambda m: (
                m.state != "cancel"
                and not m.returned_move_ids.filtered(lambda r: r.state == "done")
            )
        )

    def _clinic_consumption_requests(self):
        """What consuming these appointments would take out of stock:
        [(product, uom, quantity, event)] for their non-billable consumables,
        skipping appointments whose consumption still counts."""
        consumed = self._clinic_outstanding_consumption().clinic_event_id
        return [
            (consumable.product_id, consumable.uom_id, consumable.quantity, event)
            for event in self - consumed
            for consumable in event._clinic_consumables()
            if not consumable.billable
        ]

    def _clinic_consume(self, company):
        """Take the non-billable consumables out of stock, FEFO, in one batch
        of moves from the clinic's stock to its consumption location.

        An appointment whose consumption still counts (checked out, invoice
        not cancelled) is not consumed again. Stock too low: refused, or
        what is there is consumed and the appointment flagged, as the
        company decides."""
        warehouse = (
            self.env["stock.warehouse"]._clinic_main_by_company(company).get(company)
        )
        requests = self._clinic_consumption_requests()
        if not requests or not warehouse:
            return self.env["stock.move"]
        source = warehouse.lot_stock_id
        destination = company._clinic_consumption_location()
        if company.clinic_stock_shortage == "refuse":
            self.env["stock.location"]._clinic_check_stock([source], requests, company)
        moves = self.env["stock.move"].create(
            [
                {
                    "name": self.env._(
                        "%(item)s for %(event)s",
                        item=product.display_name,
                        event=event.display_name,
                    ),
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "product_uom": uom.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "company_id": company.id,
                    "partner_id": event.client_id.id,
                    "clinic_event_id": event.id,
                    "origin": event.display_name,
                }
                for product, uom, quantity, event in requests
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        moves.filtered("quantity").picked = True
        # The appointment is over: what was not in stock was not consumed from
        # it, and a later receipt must not be consumed for it at a later date
        # and cost (nor would anyone validate a move outside a picking). So
        # the unreserved remainder is cancelled, not left waiting; the flag on
        # the appointment records the shortage.
        moves._action_done(cancel_backorder=True)
        short = moves.filtered(
            lambda m: (
                m.state != "done"
                or float_compare(
                    m.quantity,
                    m.product_uom_qty,
                    precision_rounding=m.product_uom.rounding,
                )
                < 0
            )
        ).clinic_event_id
        events = moves.clinic_event_id
        (events - short).filtered(
            "clinic_consumption_shortage"
        ).clinic_consumption_shortage = False
        short.filtered(
            lambda e: not e.clinic_consumption_shortage
        ).clinic_consumption_shortage = True
        return moves.filtered(lambda m: m.state == "done")

    def _clinic_return_consumption(self):
        """Give back what these appointments consumed: pending consumption is
        cancelled, done consumption comes back from the consumption location
        with its lots, at the cost it left (a return of the move), in one
        batch. What was already returned is not returned again."""
        self.filtered("clinic_consumption_shortage").clinic_consumption_shortage = False
        outstanding = self._clinic_outstanding_consumption()
        outstanding.filtered(lambda m: m.state != "done")._action_cancel()
        done = outstanding.filtered(lambda m: m.state == "done")
        if not done:
            return self.env["stock.move"]
        returns = self.env["stock.move"].create(
            [
                {
                    "name": self.env._("Return of %s", move.name),
                    "product_id": move.product_id.id,
                    "product_uom_qty": move.quantity,
                    "product_uom": move.product_uom.id,
                    "location_id": move.location_dest_id.id,
                    "location_dest_id": move.location_id.id,
                    "company_id": move.company_id.id,
                    "partner_id": move.partner_id.id,
                    "clinic_event_id": move.clinic_event_id.id,
                    "origin_returned_move_id": move.id,
                    "origin": move.origin,
                    "procure_method": "make_to_stock",
                    "move_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_id": line.product_uom_id.id,
                                "quantity": line.quantity,
                                "lot_id": line.lot_id.id,
                                "location_id": line.location_dest_id.id,
                                "location_dest_id": line.location_id.id,
                                "company_id": line.company_id.id,
                                "picked": True,
                            }
                        )
                        for line in move.move_line_ids
                    ],
                }
                for move in done
            ]
        )
        returns._action_confirm(merge=False)
        returns.picked = True
        returns._action_done()
        return returns
