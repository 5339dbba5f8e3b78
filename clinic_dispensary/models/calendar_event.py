# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import MissingError, UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_repr, format_date

from ..tools import try_lock_rows

# Sums of the (computed) amounts a list can ask per group: see _read_group.
CLINIC_AMOUNT_AGGREGATES = ("clinic_amount:sum", "clinic_amount_untaxed:sum")

# Fields that define what was billed: frozen once an invoice line exists.
BILLED_FROZEN_FIELDS = {
    "client_id",
    "appointment_type_id",
    "company_id",
    "clinic_variant_id",
}

# Calendar colour (Odoo's colour index) of each billing state: the day reads
# at a glance, with the badges' colours (orange to bill, green billed, grey).
BILLING_STATE_COLORS = {"to_bill": 2, "billed": 10, "no_charge": 0}

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
    "clinic_amount_untaxed",
    "clinic_type_ids",
    "clinic_variant_id",
    "clinic_addon_ids",
    "clinic_invoice_line_ids",
    "clinic_consumption_move_ids",
    "clinic_consumption_shortage",
    "clinic_calendar_color",
    "clinic_consumable_ids",
    "clinic_stock_risk",
    "clinic_stock_risk_items",
}


# What, written on an appointment, changes what it needs from stock and when.
STOCK_RISK_TRIGGERS = {
    "start",
    "stop",
    "allday",
    "start_date",
    "stop_date",
    "appointment_type_id",
    "categ_ids",
    "clinic_variant_id",
    "clinic_no_charge",
    "client_id",
    "company_id",
    "active",
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
    clinic_type_ids = fields.Many2many(
        "calendar.event.type",
        "calendar_event_clinic_type_rel",
        "event_id",
        "type_id",
        string="Billable Types",
        compute="_compute_clinic_type_ids",
        store=True,
        help="Every billable type of the appointment (its type and billable "
        "tags): checkout bills each on a line of its own, a visit with Botox "
        "and a peel bills both. Once billed, they stay what was billed.",
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
    # Not stored: a billed appointment's amount is its invoice lines', and
    # an estimate depends on prices, discounts, taxes and the client's other
    # appointments of the day; storing it rewrote every appointment of a
    # type at each price change, billed ones included.
    clinic_amount = fields.Monetary(
        string="Amount",
        compute="_compute_clinic_amount",
        compute_sudo=True,
        help="What the client pays for this appointment, discounts and taxes "
        "included: its invoice lines once billed; before, what Express "
        "Checkout will bill, priced the way checkout prices it (bundles "
        "counted over the client's appointments of the day).",
    )
    clinic_amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        compute="_compute_clinic_amount",
        compute_sudo=True,
        help="The amount before taxes, discounts included.",
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
    # The organizer as the clinic's calendar names it (its filters are
    # labelled with their field's name).
    clinic_practitioner_id = fields.Many2one(
        related="user_id",
        string="Practitioner",
    )
    clinic_calendar_color = fields.Integer(
        string="Billing Colour",
        compute="_compute_clinic_calendar_color",
        help="Colour of the appointment in the clinic's calendar: its billing state.",
    )
    # Computed as the user: a private appointment's type is hidden to who
    # may not see it, so is what it consumes.
    clinic_consumable_ids = fields.Many2many(
        "clinic.event.type.consumable",
        string="Consumes",
        compute="_compute_clinic_consumable_ids",
        groups="clinic_dispensary.group_clinic_reception",
        help="What this appointment's types use up, set on the appointment "
        "types: billed ones are billed with the visit, the others only taken "
        "out of stock at checkout.",
    )
    # The type the tags were last made to follow in a form being edited (see
    # _onchange_appointment_type_id): a type chosen then changed before saving
    # must not stay behind as a tag, which would bill it too. Not stored, no
    # dependencies: the form sends it back, a saved appointment's is its type.
    clinic_tagged_type_id = fields.Many2one(
        "calendar.event.type",
        compute="_compute_clinic_tagged_type_id",
        groups="clinic_dispensary.group_clinic_reception",
    )
    clinic_start_time = fields.Float(
        string="Time",
        compute="_compute_clinic_checkout_date",
        help="Time of day the appointment starts, in the user's timezone.",
    )
    clinic_checkout_date = fields.Date(
        string="Checkout Day",
        compute="_compute_clinic_checkout_date",
        search="_search_clinic_checkout_date",
        help="Day of the appointment in the user's timezone.",
    )

    clinic_stock_risk = fields.Boolean(
        string="At Risk of Stock-out",
        readonly=True,
        copy=False,
        index=True,
        help="An item this appointment dispenses or consumes is projected to "
        "be out of free stock on its day: free stock now, plus the receipts "
        "expected before that day, minus what the appointments booked up to "
        "that day need.",
    )
    clinic_stock_risk_items = fields.Text(
        string="Missing Items",
        readonly=True,
        copy=False,
        help="The items projected to be short on the appointment's day, and "
        "by how much.",
    )

    @api.depends("billing_state", "clinic_is_appointment")
    def _compute_clinic_calendar_color(self):
        hidden = self._clinic_hidden_events()
        for event in self:
            event.clinic_calendar_color = (
                event not in hidden
                and event.clinic_is_appointment
                and BILLING_STATE_COLORS.get(event.billing_state)
                or 0
            )

    @api.depends("clinic_type_ids.clinic_consumable_ids", "company_id")
    def _compute_clinic_consumable_ids(self):
        for event in self:
            event.clinic_consumable_ids = (
                event._clinic_consumables(event.clinic_type_ids)
                if event.clinic_type_ids
                else False
            )

    def _compute_clinic_tagged_type_id(self):
        for event in self:
            event.clinic_tagged_type_id = event._origin.appointment_type_id

    @api.onchange("appointment_type_id")
    def _onchange_appointment_type_id(self):
        """The tags follow the type chosen: the type replaces the one they
        followed before (see clinic_tagged_type_id)."""
        for event in self:
            # Compared by their records: the form's are new records.
            previous = event.clinic_tagged_type_id._origin
            chosen = event.appointment_type_id._origin
            if previous == chosen:
                continue
            event.categ_ids = (
                event.categ_ids.filtered(lambda tag, old=previous: tag._origin != old)
                | chosen
            )
            event.clinic_tagged_type_id = chosen

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

    def _clinic_billed_lines(self):
        """Live lines billing these appointments' types (not their add-ons
        or consumables; lines from before roles bill the appointment)."""
        return self.clinic_invoice_line_ids.filtered(
            lambda line: (
                line.parent_state != "cancel"
                and line.clinic_line_role in (False, "appointment")
            )
        )

    def _clinic_types_to_bill(self):
        """The billable types of this appointment no live line bills yet, its
        main type first."""
        self.ensure_one()
        billed = self._clinic_billed_lines().clinic_event_type_id
        return (self.clinic_type_ids - billed).sorted(
            lambda t: t != self.appointment_type_id
        )

    @api.depends(
        "appointment_type_id.clinic_billable",
        "categ_ids.clinic_billable",
        "clinic_invoice_line_ids.parent_state",
        "clinic_invoice_line_ids.clinic_line_role",
        "clinic_invoice_line_ids.clinic_event_type_id",
    )
    def _compute_clinic_type_ids(self):
        for event in self:
            # Its main type first: settled while its lines are what they are.
            main_type = event.appointment_type_id
            billed = event._clinic_billed_lines()
            if billed:
                # Billed: its types are what was billed, whatever its tags
                # become (a type whose line was deleted stays to bill).
                types = event.clinic_type_ids | billed.clinic_event_type_id
            else:
                types = (main_type | event.categ_ids).filtered("clinic_billable")
            if types != event.clinic_type_ids:
                event.clinic_type_ids = types

    def _message_track(self, fields_iter, initial_values_dict):
        """Log the tracked changes of many appointments at once: a checkout
        moves hundreds of them to Billed, and mail logs each change on its
        own (a message and its tracking value created per appointment).

        The changes logged as Odoo logs them (no subtype, Odoo's default
        body, the tracking values ``_mail_track`` prepares) are created in
        one ``_message_log_batch`` and one ``mail.tracking.value.create``;
        the others (a subtype to post, a body or author set for the record)
        go through mail as before."""
        if len(self) < 2 or not fields_iter:
            return super()._message_track(fields_iter, initial_values_dict)
        data = self.env.cr.precommit.data
        bodies = data.get(f"mail.tracking.message.{self._name}", {})
        authors = data.get(f"mail.tracking.author.{self._name}", {})
        tracked_fields = self.fields_get(
            fields_iter, attributes=("string", "type", "selection", "currency_field")
        )
        tracking = {}
        to_log = {}
        for record in self:
            if record.id in bodies or record.id in authors:
                continue
            try:
                changes, values = record._mail_track(
                    tracked_fields, initial_values_dict[record.id]
                )
            except MissingError:
                continue
            if changes and (
                not values
                or record._track_subtype(
                    {name: initial_values_dict[record.id][name] for name in changes}
                )
            ):
                continue
            tracking[record.id] = (changes, values)
            if changes:
                to_log[record.id] = record._track_get_default_log_message(changes)
        rest = self.filtered(lambda record: record.id not in tracking)
        if rest:
            tracking.update(
                super(CalendarEvent, rest)._message_track(
                    fields_iter, initial_values_dict
                )
            )
        if to_log:
            logged = self.browse(list(to_log))
            messages = logged._message_log_batch(to_log)
            self.env["mail.tracking.value"].sudo().create(
                [
                    dict(command[2], mail_message_id=message.id)
                    for record, message in zip(logged, messages, strict=True)
                    for command in tracking[record.id][1]
                ]
            )
        return tracking

    @api.depends(
        "clinic_type_ids",
        "clinic_invoice_line_ids.parent_state",
        "clinic_invoice_line_ids.clinic_line_role",
        "clinic_invoice_line_ids.clinic_event_type_id",
        "clinic_no_charge",
    )
    def _compute_billing_state(self):
        for event in self:
            # Billed once a live line bills each of its billable types; its
            # add-on and consumable lines do not bill it.
            billed = event._clinic_billed_lines()
            to_bill = event._clinic_types_to_bill()
            if billed and (not to_bill or event.clinic_no_charge):
                event.billing_state = "billed"
            elif to_bill and not event.clinic_no_charge:
                event.billing_state = "to_bill"
            else:
                event.billing_state = "no_charge"

    @api.depends(
        "start",
        "stop",
        "allday",
        "client_id",
        "company_id",
        "billing_state",
        "clinic_type_ids",
        "clinic_variant_id",
        "clinic_addon_ids.product_id",
        "clinic_addon_ids.quantity",
        "clinic_addon_ids.product_uom_id",
        "clinic_addon_ids.duration",
        "clinic_invoice_line_ids.parent_state",
        "clinic_invoice_line_ids.price_subtotal",
        "clinic_invoice_line_ids.price_total",
        "clinic_type_ids.clinic_consumable_ids.company_id",
    )
    @api.depends_context("tz", "company")
    def _compute_clinic_amount(self):
        # Computed as superuser: not for a private appointment whose amount
        # the user may not see.
        events = self - self._clinic_hidden_events()
        amounts = {
            **events.filtered(
                lambda e: e.billing_state == "billed"
            )._clinic_billed_amounts(),
            **events.filtered(
                lambda e: e.billing_state == "to_bill"
            )._clinic_estimate_amounts(),
        }
        for event in self:
            untaxed, total = amounts.get(event, (0.0, 0.0))
            event.clinic_amount_untaxed = untaxed
            event.clinic_amount = total

    def _clinic_billed_amounts(self):
        """{event: (untaxed, total)} its live invoice lines charge (its own,
        its add-ons', its consumables'), now and whatever the catalogue
        becomes: each line's share of its invoice's taxes as Odoo computes
        them, so that a client's appointments add up to the invoice."""
        lines = self.clinic_invoice_line_ids.filtered(
            lambda line: line.parent_state != "cancel"
        )
        # A session a package paid for is what it came to less its payment
        # (and rounding) lines, as before checkout: zero.
        sessions = lines.filtered("clinic_patient_package_id")
        if sessions:
            lines |= self.env["account.move.line"].search(
                [("clinic_package_session_line_id", "in", sessions.ids)]
            )
        amounts = defaultdict(lambda: [0.0, 0.0])
        for move in lines.move_id:
            base_lines, _tax_lines = move._get_rounded_base_and_tax_lines()
            for base_line in base_lines:
                line = base_line["record"]
                if not isinstance(line, models.BaseModel) or line not in lines:
                    continue
                untaxed, taxes = self._clinic_base_line_amounts(base_line)
                event = (
                    line.clinic_event_id
                    or line.clinic_package_session_line_id.clinic_event_id
                )
                event_amounts = amounts[event]
                event_amounts[0] += untaxed
                event_amounts[1] += untaxed + taxes
        return {
            event: (event.currency_id.round(untaxed), event.currency_id.round(total))
            for event, (untaxed, total) in amounts.items()
        }

    @api.model
    def _clinic_base_line_amounts(self, base_line):
        """(untaxed, taxes) of a base line whose taxes Odoo computed and
        rounded over its whole invoice (account.tax's
        _round_base_lines_tax_details): its invoice's rounding difference
        included, as in the invoice's totals."""
        details = base_line["tax_details"]
        untaxed = details["total_excluded_currency"] + details.get(
            "delta_base_amount_currency", 0.0
        )
        taxes = sum(
            tax_data["tax_amount_currency"] for tax_data in details["taxes_data"]
        )
        return untaxed, taxes

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # Placeholder for the sums of the amounts, filled by _read_group: it
        # also tells lists (fields_get) that they can be summed per group.
        if aggregate_spec in CLINIC_AMOUNT_AGGREGATES:
            return SQL("NULL")
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Sum the amounts (computed, not stored) of each group from its
        records, computed in one batch: the Express Checkout's total per
        client is the sum of its rows, in a constant number of queries."""
        if not any(spec in CLINIC_AMOUNT_AGGREGATES for spec in aggregates):
            return super()._read_group(
                domain, groupby, aggregates, having, offset, limit, order
            )
        others = [spec for spec in aggregates if spec not in CLINIC_AMOUNT_AGGREGATES]
        rows = super()._read_group(
            domain, groupby, [*others, "id:recordset"], having, offset, limit, order
        )
        events = self.browse({event_id for row in rows for event_id in row[-1].ids})
        amounts = {
            spec: dict(zip(events.ids, events.mapped(spec.split(":")[0]), strict=True))
            for spec in CLINIC_AMOUNT_AGGREGATES
        }
        result = []
        for row in rows:
            values = iter(row[len(groupby) : -1])
            result.append(
                (
                    *row[: len(groupby)],
                    *(
                        sum(amounts[spec][event_id] for event_id in row[-1].ids)
                        if spec in amounts
                        else next(values)
                        for spec in aggregates
                    ),
                )
            )
        return result

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
            local = event.start and pytz.utc.localize(event.start).astimezone(tz)
            event.clinic_checkout_date = local and local.date()
            event.clinic_start_time = (
                local and local.hour + local.minute / 60 + local.second / 3600
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
        return (
            super()._get_public_fields()
            | {
                "company_id",
                "currency_id",
                "clinic_checkout_date",
                "clinic_start_time",
                "clinic_practitioner_id",
            }
            | (CLINIC_PRIVATE_FIELDS - self._clinic_hidden_fields())
        )

    @api.model
    def _clinic_hidden_fields(self):
        """The clinic's fields the user may not read on other people's
        private events: all of them outside reception and management."""
        if self.env.su or self.env.user.has_group(
            "clinic_dispensary.group_clinic_reception"
        ):
            return set()
        return CLINIC_PRIVATE_FIELDS

    def _clinic_hidden_events(self):
        """The events of self whose clinic fields the user may not see (other
        people's private events, outside reception and management), even
        when computing as superuser."""
        if self.env.user.has_group("clinic_dispensary.group_clinic_reception"):
            return self.browse()
        return self.filtered(lambda event: event._check_private_event_conditions())

    @api.model
    def _clinic_searches_private_fields(self, domain):
        """Whether ``domain`` filters on clinic fields hidden to the user."""
        if not domain:
            return False
        hidden = self._clinic_hidden_fields()
        return bool(hidden) and any(
            isinstance(leaf, (list, tuple))
            and isinstance(leaf[0], str)
            and leaf[0].split(".", 1)[0] in hidden
            for leaf in domain
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
    def _clinic_attendee_domain(self, domain):
        """``domain`` with its leaves on the attendees (``partner_ids``)
        searched through the attendee records, whose record rules hide, outside
        reception and management, the client of other people's private
        appointments: the attendees table (searched directly for
        ``partner_ids``) would tell who has one. Unchanged for who sees it."""
        if not domain or not self._clinic_hidden_fields():
            return domain
        result = []
        for leaf in domain:
            if (
                not isinstance(leaf, (list, tuple))
                or len(leaf) != 3
                or not isinstance(leaf[0], str)
                or leaf[0].split(".", 1)[0] != "partner_ids"
                or leaf[2] is False
            ):
                result.append(leaf)
                continue
            path, operator, value = leaf
            subpath = "partner_id" + path[len("partner_ids") :]
            if subpath != "partner_id" or operator in ("any", "not any"):
                # A path or sub-domain: "any" of the attendees, as Odoo reads it.
                result.append(("attendee_ids", "any", [(subpath, operator, value)]))
            elif operator in expression.NEGATIVE_TERM_OPERATORS:
                # Odoo's x2many "not in": none of the attendees is.
                positive = expression.TERM_OPERATORS_NEGATION[operator]
                result.append(("attendee_ids", "not any", [(subpath, positive, value)]))
            else:
                result.append(("attendee_ids", "any", [(subpath, operator, value)]))
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Hidden fields must not be searchable either: who has an appointment
        # for which treatment would show through the results.
        if self._clinic_searches_private_fields(domain):
            domain = expression.AND([domain, self._clinic_private_visible_domain()])
        domain = self._clinic_attendee_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # ------------------------------------------------------------------
    # Checkout pipeline steps (see DESIGN.md): check, lock, lines
    # ------------------------------------------------------------------
    def _get_billing_issues(self, company):
        """Return {event: reason} for every event that cannot be billed."""
        # One read of the appointments with their types and lines: the
        # calendar checks privacy at each read of their fields.
        self.fetch(
            [
                *(
                    name
                    for name, field in self._fields.items()
                    if field.prefetch is True and field.is_accessible(self.env)
                ),
                "clinic_type_ids",
                "clinic_invoice_line_ids",
            ]
        )
        issues = {}
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        for event in self:
            types = event._clinic_types_to_bill()
            no_account = types.filtered(
                lambda t, event=event: not event._get_income_account(company, t)
            )
            if not event.client_id:
                issues[event] = _("no client")
            elif event.company_id and event.company_id != company:
                issues[event] = _("belongs to company %s", event.company_id.name)
            elif event.billing_state == "billed":
                issues[event] = _("already billed")
            elif event.clinic_no_charge or not types:
                issues[event] = _("not billable (no billable appointment type)")
            elif not journal:
                issues[event] = _("no sales journal in %s", company.name)
            elif no_account and not journal.default_account_id:
                issues[event] = _(
                    "no income account for %s", ", ".join(no_account.mapped("name"))
                )
            elif reason := event._clinic_pricing_issue():
                issues[event] = reason
        return issues

    def _clinic_pricing_issue(self):
        """Why the items of this appointment cannot be priced, or False."""
        self.ensure_one()
        reasons = [
            *(
                self._clinic_get_product(event_type)._clinic_price_issue(
                    self._clinic_duration(),
                    variant_chosen=bool(
                        self.clinic_variant_id
                        and event_type == self.appointment_type_id
                    ),
                )
                if self._clinic_get_product(event_type)
                else event_type.price <= 0 and _("%s has no price", event_type.name)
                for event_type in self._clinic_types_to_bill()
            ),
            *(
                addon.product_id._clinic_price_issue(addon.duration)
                for addon in self.clinic_addon_ids
                if not addon.billed
            ),
        ]
        return "; ".join(reason for reason in reasons if reason) or False

    def _get_income_account(self, company, event_type=None):
        self.ensure_one()
        product = (event_type or self.appointment_type_id).product_id
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
        """Row-lock the events so two receptionists cannot bill them twice
        (``try_lock_rows``: NO KEY UPDATE NOWAIT).

        A serialization failure (this transaction's snapshot predates
        another's commit on these rows) is left alone on purpose: Odoo's
        request loop retries it with a fresh snapshot, which bills the
        appointments or says they are already billed. As "being billed by
        someone else" it would stop that retry and say the wrong thing
        (tests/test_checkout_concurrency.py). Direct callers get it as is:
        their transaction is stale and must be rolled back anyway.
        """
        if not try_lock_rows(self):
            raise UserError(
                _(
                    "These appointments are being billed by someone else right "
                    "now. Refresh the Express Checkout in a moment."
                )
            )
        # What we read before the lock may be stale.
        self.invalidate_recordset()

    def _get_checkout_label(self, product, event_type=None):
        self.ensure_one()
        event_type = event_type or self.appointment_type_id
        day = pytz.utc.localize(self.start).astimezone(self._clinic_tz()).date()
        return _(
            "%(item)s\n%(type)s appointment on %(date)s",
            item=product.display_name or event_type.name,
            type=event_type.name,
            date=format_date(self.env, day),
        )

    def _clinic_get_product(self, event_type=None):
        """The item billed for a type of the appointment (its main type by
        default): the variant chosen on the appointment for its main type,
        else the type's item."""
        self.ensure_one()
        event_type = event_type or self.appointment_type_id
        if event_type == self.appointment_type_id and self.clinic_variant_id:
            return self.clinic_variant_id
        return event_type.product_id

    def _clinic_duration(self):
        """Duration (hours) an item priced per duration bills; none all day."""
        self.ensure_one()
        if self.allday or not (self.start and self.stop):
            return 0.0
        return max((self.stop - self.start).total_seconds() / 3600, 0.0)

    def _prepare_invoice_line_vals(self, event_type=None):
        """Invoice line values billing a type of this appointment, its main
        type by default (pipeline step 5).

        A type with no item yet (its item is created at checkout) is estimated
        at the type's price."""
        self.ensure_one()
        event_type = event_type or self.appointment_type_id
        product = self._clinic_get_product(event_type)
        return {
            "product_id": product.id,
            "name": self._get_checkout_label(product, event_type),
            "quantity": 1.0,
            "product_uom_id": product.uom_id.id,
            "price_unit": product.lst_price if product else event_type.price,
            "clinic_event_id": self.id,
            "clinic_event_type_id": event_type.id,
            "clinic_line_role": "appointment",
            "clinic_duration": self._clinic_duration(),
        }

    def _clinic_visit_key(self):
        """What a bundle counts together: one client's appointments of one
        day (a visit). The single rule of the desk's *Amount* and of
        checkout, whatever the days a checkout spans, so that the invoice
        bills what the rows showed."""
        self.ensure_one()
        return self.client_id, self.clinic_checkout_date

    def _prepare_invoice_lines_vals(
        self, company, fiscal_positions=None, invoice_key=None, strict=True, billed=None
    ):
        """Pipeline step 5 for a batch: {event: [invoice line values]}.

        Lines are collected (one per billable type still to bill, with its
        billable consumables, and the add-ons still to bill), priced from the
        catalogue (duration, unit, fiscal position, taxes), then discounted by
        the clinic's rules, searched once for the whole batch.
        `fiscal_positions` ({client: position}) are the clients' invoices',
        found when not given; `strict` goes to the discount step (see
        `clinic.discount.rule._clinic_apply_discounts`), `invoice_key` to the
        packages' (see `clinic.patient.package.line._clinic_draw_down`).
        Appointments come in booking order, the order packages are drawn
        down in, whatever order the batch was given in. With `billed` (the
        appointments checked out, when others of their visits are priced
        with them), those are drawn down first and refused a discount larger
        than their line; the others are only priced.
        """
        lines = {}
        for event in self.sorted(lambda e: (e.start, e._origin.id or 0)):
            types = event._clinic_types_to_bill()
            lines[event] = [
                *(event._prepare_invoice_line_vals(t) for t in types),
                *event.clinic_addon_ids._prepare_invoice_lines_vals(),
                *(
                    vals
                    for t in types
                    for vals in event._prepare_consumable_invoice_line_vals(t)
                ),
            ]
        self.env["product.product"]._clinic_price_lines(
            lines, company, fiscal_positions
        )
        self.env["clinic.discount.rule"]._clinic_apply_discounts(
            lines, company, strict=strict, billed=billed
        )
        if billed is not None:
            # A package pays first for what is billed: a session is not kept
            # for an appointment of the visit that this checkout leaves out
            # (sorted() is stable: booking order within each group).
            lines = dict(sorted(lines.items(), key=lambda item: item[0] not in billed))
        # Sessions a client's package covers are paid by it.
        return self.env["clinic.patient.package.line"]._clinic_draw_down(
            lines, company, invoice_key=invoice_key
        )

    def _clinic_checkout_lines_vals(
        self, company, fiscal_positions=None, invoice_key=None, strict=True
    ):
        """{event: [invoice line values]} checking these appointments out
        bills, priced with their visits: the clients' other appointments of
        those days still to bill are priced with them (their lines are in
        the result, for the caller to leave out) so that a bundle counts the
        whole visit however the appointments are chosen, as each
        appointment's *Amount* counts it. One search for the whole batch."""
        visits = self | self._clinic_same_day_to_bill(company)
        return visits._prepare_invoice_lines_vals(
            company,
            fiscal_positions,
            invoice_key=invoice_key,
            strict=strict,
            billed=self,
        )

    def _clinic_checkout_invoice_key(self):
        """How checking these appointments out groups lines into invoices:
        one per client, the lines of their visits' other appointments (priced
        with them, not billed) apart."""

        def invoice_key(event):
            return event.client_id, event in self

        return invoice_key

    # ------------------------------------------------------------------
    # Amount before checkout: the checkout's own pricing, not billed
    # ------------------------------------------------------------------
    def _clinic_estimate_amounts(self, whole_day=True):
        """{event: (untaxed, total)}: what checking these appointments out
        bills for each of them, computed by the checkout's own steps (lines,
        prices through the client's fiscal position, the clinic's discounts
        with bundles counted per visit) then Odoo's taxes over each invoice
        to be (its rounding included).

        With `whole_day` (an appointment's *Amount*), each visit is taxed as
        one invoice, the client's other appointments of the day included.
        Otherwise (the Express Checkout's total) these appointments are
        taxed as checkout invoices them, one invoice per client. An
        appointment checkout would refuse (no price, variant to choose) is
        left out. Queries do not grow with the appointments.
        """
        result = {}
        by_company = defaultdict(lambda: self.browse())
        for event in self:
            if (
                event.start
                and event._clinic_types_to_bill()
                and not event._clinic_pricing_issue()
            ):
                by_company[event.company_id or self.env.company] |= event
        for company, events in by_company.items():
            if whole_day:

                def invoice_key(event):
                    return event._clinic_visit_key()
            else:
                invoice_key = events._clinic_checkout_invoice_key()

            fiscal_positions = defaultdict(
                lambda: self.env["account.fiscal.position"],
                self.env["account.fiscal.position"]
                .with_company(company)
                ._clinic_get_for_clients(events.client_id),
            )
            lines = events.with_company(company)._clinic_checkout_lines_vals(
                company, fiscal_positions, invoice_key=invoice_key, strict=False
            )
            if not whole_day:
                lines = {event: lines[event] for event in events}
            amounts = self._clinic_tax_amounts(lines, company, invoice_key)
            result.update((event, amounts[event]) for event in events if event in self)
        return result

    def _clinic_same_day_to_bill(self, company):
        """The other appointments of company still to bill on the days of
        these ones for their clients, in one search: a bundle counts all of a
        client's appointments of the checkout day."""
        wanted = {
            (event.client_id, event.clinic_checkout_date)
            for event in self
            if event.client_id and event.clinic_checkout_date
        }
        if not wanted:
            return self.browse()
        days = [day for _client, day in wanted]
        start = self._clinic_day_bounds(min(days))[0]
        end = self._clinic_day_bounds(max(days))[1]
        others = self.search(
            [
                ("billing_state", "=", "to_bill"),
                ("client_id", "in", self.client_id.ids),
                ("company_id", "in", [company.id, False]),
                ("start", ">=", start),
                ("start", "<", end),
                ("id", "not in", self._origin.ids),
            ]
        )
        return others.filtered(
            lambda event: (
                (event.client_id, event.clinic_checkout_date) in wanted
                and not event._clinic_pricing_issue()
            )
        )

    @api.model
    def _clinic_tax_amounts(self, lines_by_event, company, invoice_key):
        """{event: (untaxed, total)} of priced checkout lines ({event: [line
        values]}), taxes computed by Odoo as on the invoice: lines grouped by
        `invoice_key(event)` as checkout groups them into invoices, so that a
        company rounding taxes globally rounds them per invoice."""
        Tax = self.env["account.tax"]
        Product = self.env["product.product"]
        currency = company.currency_id
        invoices = defaultdict(list)
        for event, vals_list in lines_by_event.items():
            for vals in vals_list:
                invoices[invoice_key(event)].append(
                    Tax._prepare_base_line_for_taxes_computation(
                        vals,
                        product_id=Product.browse(vals.get("product_id")),
                        tax_ids=Tax.browse(vals["tax_ids"][0][2]),
                        price_unit=vals["price_unit"],
                        quantity=vals.get("quantity", 1.0),
                        discount=vals.get("discount", 0.0),
                        currency_id=currency,
                        clinic_event=event,
                    )
                )
        amounts = defaultdict(lambda: [0.0, 0.0])
        for base_lines in invoices.values():
            Tax._add_tax_details_in_base_lines(base_lines, company)
            Tax._round_base_lines_tax_details(base_lines, company)
            for base_line in base_lines:
                untaxed, taxes = self._clinic_base_line_amounts(base_line)
                event_amounts = amounts[base_line["clinic_event"]]
                event_amounts[0] += untaxed
                event_amounts[1] += untaxed + taxes
        return {
            event: (currency.round(untaxed), currency.round(total))
            for event, (untaxed, total) in amounts.items()
        }

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

    def action_clinic_sell_package(self):
        """Button "Sell a Package": the sale wizard, for this appointment's
        client (the wizard reads it from the active appointment)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_package_sale"
        )
        action["context"] = {
            "active_model": self._name,
            "active_id": self.id,
            "active_ids": self.ids,
        }
        return action

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(self._clinic_prepare_create_vals(vals_list))
        # Stock data, whoever books: reception and practitioners may not
        # read the types' consumables nor stock.
        if not self.env.context.get("clinic_skip_stock_risk"):
            events.sudo()._clinic_refresh_stock_risk()
        return events

    @api.model
    def _clinic_prepare_create_vals(self, vals_list):
        """Appointments are created with their type among their tags, and
        their client among their attendees (invited and reminded by Odoo's
        calendar) when the clinic wants it."""
        default_partners = None
        for vals in vals_list:
            if vals.get("appointment_type_id"):
                vals["categ_ids"] = [
                    *self._clinic_x2many_commands(vals.get("categ_ids")),
                    Command.link(vals["appointment_type_id"]),
                ]
            if not vals.get("client_id") or not self._clinic_invites_client(
                self.env["res.company"].browse(vals.get("company_id"))
            ):
                continue
            if "partner_ids" in vals:
                partners = self._clinic_x2many_commands(vals["partner_ids"])
            else:
                # Odoo's default attendees (the user) still come.
                if default_partners is None:
                    default_partners = self._clinic_x2many_commands(
                        self.default_get(["partner_ids"]).get("partner_ids")
                    )
                partners = default_partners
            # Odoo makes an attendee per command: not a second one for a
            # client already invited.
            invited = set()
            for command in partners:
                if command[0] == Command.SET:
                    invited = set(command[2])
                elif command[0] == Command.LINK:
                    invited.add(command[1])
                elif command[0] in (Command.UNLINK, Command.DELETE):
                    invited.discard(command[1])
            if vals["client_id"] not in invited:
                partners = [*partners, Command.link(vals["client_id"])]
            vals["partner_ids"] = partners
        return vals_list

    @api.model
    def _clinic_x2many_commands(self, value):
        """x2many values as a list of commands (a list of ids sets them)."""
        value = list(value or [])
        if value and all(isinstance(item, int) for item in value):
            return [Command.set(value)]
        return value

    @api.model
    def _clinic_invites_client(self, company=None):
        """Whether the client of company's appointments is their attendee."""
        return (company or self.env.company).sudo().clinic_client_attendee

    def _clinic_follow_type_and_client(self, previous, vals):
        """After a write, the tags follow a changed type and the attendees a
        changed client, unless the write set them itself (a form sends what
        the user made them): the previous type or client is replaced.
        `previous` is {event: (type, client)} before the write; one write per
        kind of change."""
        changes = defaultdict(lambda: self.browse())
        for event, (old_type, old_client) in previous.items():
            new_type, new_client = event.appointment_type_id, event.client_id
            categ = attendee = None
            if new_type != old_type and "categ_ids" not in vals:
                categ = (old_type & event.categ_ids, new_type - event.categ_ids)
            if (
                new_client != old_client
                and "partner_ids" not in vals
                and self._clinic_invites_client(event.company_id)
            ):
                attendee = (
                    old_client & event.partner_ids,
                    new_client - event.partner_ids,
                )
            categ = categ if categ and any(categ) else None
            attendee = attendee if attendee and any(attendee) else None
            if categ or attendee:
                changes[categ, attendee] |= event
        for (categ, attendee), events in changes.items():
            vals = {}
            if categ:
                vals["categ_ids"] = [
                    *(Command.unlink(old.id) for old in categ[0]),
                    *(Command.link(new.id) for new in categ[1]),
                ]
            if attendee:
                vals["partner_ids"] = [
                    *(Command.unlink(old.id) for old in attendee[0]),
                    *(Command.link(new.id) for new in attendee[1]),
                ]
            events.write(vals)

    def write(self, vals):
        previous = (
            {event: (event.appointment_type_id, event.client_id) for event in self}
            if {"appointment_type_id", "client_id"} & set(vals)
            else None
        )
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
        res = super().write(vals)
        if previous:
            self._clinic_follow_type_and_client(previous, vals)
        if STOCK_RISK_TRIGGERS & set(vals) and not self.env.context.get(
            "clinic_skip_stock_risk"
        ):
            self.sudo()._clinic_refresh_stock_risk()
        return res

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
    def _prepare_consumable_invoice_line_vals(self, event_type=None):
        """Billable consumables are billed (and dispensed) with the visit,
        with the type that uses them (the main type by default)."""
        self.ensure_one()
        event_type = event_type or self.appointment_type_id
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
                "clinic_event_type_id": event_type.id,
                "clinic_line_role": "consumable",
            }
            for consumable in self._clinic_consumables(event_type)
            if consumable.billable
        ]

    def _clinic_consumables(self, event_types=None):
        """What this appointment uses up: the consumables of its type (or of
        `event_types`) kept for its company (or for every company)."""
        self.ensure_one()
        event_types = self.appointment_type_id if event_types is None else event_types
        return event_types.clinic_consumable_ids._clinic_for_company(
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
            for consumable in event._clinic_consumables(event.clinic_type_ids)
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
        self._clinic_record_consumption_stockouts(warehouse, requests, moves)
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

    def _clinic_record_consumption_stockouts(self, warehouse, requests, moves):
        """Record the consumables not consumed in full (what each move was
        asked for, `requests` in the same order, against what it took) and
        the items consuming brought to zero below their minimum."""
        shortfalls = []
        for (product, uom, quantity, _event), move in zip(requests, moves, strict=True):
            taken = move.quantity if move.state == "done" else 0.0
            missing = uom._compute_quantity(quantity, product.uom_id) - (
                move.product_uom._compute_quantity(taken, product.uom_id)
            )
            if (
                float_compare(missing, 0.0, precision_rounding=product.uom_id.rounding)
                > 0
            ):
                shortfalls.append((move, missing))
        Stockout = self.env["clinic.stockout.event"]
        if shortfalls:
            Stockout._clinic_record_consumables_short(warehouse, shortfalls)
        Stockout._clinic_record_below_minimum(
            warehouse, moves.filtered(lambda m: m.state == "done")
        )

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

    # ------------------------------------------------------------------
    # Booked demand and stock-out risk: what booked appointments need
    # ------------------------------------------------------------------
    def _clinic_local_day(self):
        self.ensure_one()
        return pytz.utc.localize(self.start).astimezone(self._clinic_tz()).date()

    def _clinic_needed_items(self):
        """What each appointment will take out of stock at checkout, in the
        item's unit: the storable item each billable type bills (its variant
        for the main type), the types' consumables (billed or only used up)
        kept for the appointment's company, and storable add-ons.

        Works on saved and on new (form) records; reads in batches.

        :return: [(event, product, quantity)]
        """
        needs = []
        for event in self:
            company = event.company_id or self.env.company
            for event_type in event.clinic_type_ids:
                item = (
                    event.clinic_variant_id
                    if event_type == event.appointment_type_id
                    and event.clinic_variant_id
                    else event_type.product_id
                )
                if item.is_storable:
                    needs.append((event, item, 1.0))
                for consumable in event_type.clinic_consumable_ids._clinic_for_company(
                    company
                ):
                    product = consumable.product_id
                    # A service used up is no stock: it never runs out.
                    if not product.is_storable:
                        continue
                    needs.append(
                        (
                            event,
                            product,
                            consumable.uom_id._compute_quantity(
                                consumable.quantity, product.uom_id, round=False
                            ),
                        )
                    )
            for addon in event.clinic_addon_ids:
                product = addon.product_id
                if product.is_storable:
                    needs.append(
                        (
                            event,
                            product,
                            addon.product_uom_id._compute_quantity(
                                addon.quantity, product.uom_id, round=False
                            ),
                        )
                    )
        return needs

    @api.model
    def _clinic_booked_domain(self, date_from, date_to=None, companies=None):
        """Appointments still to be checked out (what checkout will take
        out of stock) between two days of the user's timezone, included."""
        domain = [
            ("active", "=", True),
            ("clinic_is_appointment", "=", True),
            ("billing_state", "=", "to_bill"),
            ("start", ">=", self._clinic_day_bounds(date_from)[0]),
        ]
        if date_to:
            domain.append(("start", "<", self._clinic_day_bounds(date_to)[1]))
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        return domain

    @api.model
    def _clinic_booked_demand(
        self, date_from, date_to, products=None, companies=None, exclude_ids=()
    ):
        """What the appointments booked between ``date_from`` and
        ``date_to`` (days of the user's timezone, included) will take out of
        stock, per item, warehouse (their company's clinic warehouse, where
        checkout takes it from) and day, in the item's unit.

        One search and a fixed number of batched reads, whatever the number
        of appointments and items: used by the reorder advice and by the
        appointments' stock-out risk.

        :param products: only these items (all when None)
        :param companies: only these companies' appointments (all when None)
        :param exclude_ids: appointments left out (one being edited in a form)
        :return: {(product id, warehouse id, day): quantity}
        """
        domain = self._clinic_booked_domain(date_from, date_to, companies)
        if exclude_ids:
            domain.append(("id", "not in", list(exclude_ids)))
        # Demand is stock data: private appointments count as the others.
        events = self.sudo().search(domain, order="start")
        return events._clinic_demand_by_day(products)

    def _clinic_demand_by_day(self, products=None):
        """{(product id, warehouse id, day): quantity} these appointments need."""
        warehouse_of = self.env["stock.warehouse"]._clinic_main_by_company(
            self.company_id | self.env.company
        )
        wanted = set(products.ids) if products is not None else None
        demand = defaultdict(float)
        for event, product, quantity in self._clinic_needed_items():
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if not warehouse or (wanted is not None and product.id not in wanted):
                continue
            demand[product.id, warehouse.id, event._clinic_local_day()] += quantity
        return demand

    # ------------------------------------------------------------------
    # Stock-out risk
    # ------------------------------------------------------------------
    def _clinic_is_booked_ahead(self, today):
        self.ensure_one()
        return bool(
            self.active
            and self.clinic_is_appointment
            and self.billing_state == "to_bill"
            and self.start
            and self._clinic_local_day() >= today
        )

    def _clinic_stock_shortfalls(self):
        """The items each of these appointments is projected to lack on its
        day: {event: [(product, shortfall)]}.

        For an item and warehouse, the stock left after day D is: free
        stock now (on hand in the warehouse's stock, minus what pending
        deliveries and consumption will take), plus receipts scheduled
        before D, minus what every booked appointment from today up to and
        including D needs. Below zero, the appointments of D needing the
        item are at risk. Works on new (form) records too: their needs
        replace what the saved appointment needed."""
        today = fields.Date.context_today(self)
        booked = self.filtered(lambda e: e._clinic_is_booked_ahead(today))
        needs = booked._clinic_needed_items()
        if not needs:
            return {}
        companies = booked.company_id | self.env.company
        Warehouse = self.env["stock.warehouse"]
        warehouse_of = Warehouse._clinic_main_by_company(companies)
        products = self.env["product.product"].concat(
            *{product for _event, product, _qty in needs}
        )
        last_day = max(event._clinic_local_day() for event in booked)
        own_ids = [event._origin.id for event in booked if event._origin.id]
        demand = self._clinic_booked_demand(
            today, last_day, products, companies, exclude_ids=own_ids
        )
        for event, product, quantity in needs:
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if warehouse:
                demand[product.id, warehouse.id, event._clinic_local_day()] += quantity
        position = Warehouse.concat(*warehouse_of.values())._clinic_stock_position(
            products, self._clinic_tz()
        )
        cumulated = _cumulate(demand)
        shortfalls = defaultdict(list)
        seen = set()
        for event, product, _quantity in needs:
            warehouse = warehouse_of.get(event.company_id or self.env.company)
            if not warehouse or (event, product) in seen:
                continue
            seen.add((event, product))
            key = (product.id, warehouse.id)
            day = event._clinic_local_day()
            free = position.free(key) + position.incoming_before(key, day)
            days, totals = cumulated.get(key, ((), ()))
            index = bisect_right(days, day)
            left = free - (totals[index - 1] if index else 0.0)
            if float_compare(left, 0.0, precision_rounding=product.uom_id.rounding) < 0:
                shortfalls[event].append((product, -left))
        return shortfalls

    def _clinic_stock_risk_text(self, shortfalls):
        return "\n".join(
            self.env._(
                "%(item)s: %(short)s %(uom)s short",
                item=product.display_name,
                short=float_repr(short, 2).rstrip("0").rstrip("."),
                uom=product.uom_id.name,
            )
            for product, short in shortfalls
        )

    def _clinic_update_stock_risk(self):
        """Flag these (saved) appointments by their projected shortfalls, in
        one UPDATE: clears the flag of those no longer at risk."""
        events = self.exists()
        if not events:
            return
        shortfalls = events._clinic_stock_shortfalls()
        # Item names (variant attributes included) read for all at once.
        self.env["product.product"].concat(
            *{product for short in shortfalls.values() for product, _qty in short}
        ).mapped("display_name")
        texts = {
            event.id: events._clinic_stock_risk_text(short)
            for event, short in shortfalls.items()
        }
        self.env.flush_all()
        ids = events.ids
        self.env.cr.execute(
            SQL(
                """
                UPDATE calendar_event e
                   SET clinic_stock_risk = v.risk,
                       clinic_stock_risk_items = v.items
                  FROM (SELECT unnest(%s::int[]) AS id,
                               unnest(%s::bool[]) AS risk,
                               unnest(%s::text[]) AS items) v
                 WHERE e.id = v.id
                   AND (e.clinic_stock_risk IS DISTINCT FROM v.risk
                        OR e.clinic_stock_risk_items IS DISTINCT FROM v.items)
                """,
                ids,
                [event_id in texts for event_id in ids],
                [texts.get(event_id) for event_id in ids],
            )
        )
        events.invalidate_recordset(["clinic_stock_risk", "clinic_stock_risk_items"])

    def _clinic_refresh_stock_risk(self):
        """Recompute the risk of these appointments and of the other booked
        appointments needing the same items: booking one may leave a later
        one short, moving it away may cover it again."""
        today = fields.Date.context_today(self)
        # Archived, billed or moved to the past, it may free stock for others.
        needs = self._clinic_needed_items()
        products = self.env["product.product"].concat(*{p for _e, p, _q in needs})
        if not products and not any(self.mapped("clinic_stock_risk")):
            # Nothing to forecast (a meeting, a type using no stock).
            return
        others = self.browse()
        if products:
            others = self._clinic_booked_needing(products, self.company_id, today)
        (self | others).sudo()._clinic_update_stock_risk()

    @api.model
    def _clinic_booked_needing(self, products, companies, today):
        """Appointments booked from ``today`` whose types or add-ons need
        one of ``products``: one search of types, one of appointments."""
        types = (
            self.env["calendar.event.type"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("product_id", "in", products.ids),
                    ("clinic_consumable_ids.product_id", "in", products.ids),
                ]
            )
        )
        return (
            self.sudo()
            .search(
                self._clinic_booked_domain(today, companies=companies)
                + [
                    "|",
                    ("clinic_type_ids", "in", types.ids),
                    ("clinic_addon_ids.product_id", "in", products.ids),
                ]
            )
            .with_env(self.env)
        )

    @api.onchange(
        "start",
        "stop",
        "allday",
        "appointment_type_id",
        "categ_ids",
        "clinic_variant_id",
        "clinic_addon_ids",
        "clinic_no_charge",
    )
    def _onchange_clinic_stock_risk(self):
        shortfalls = self.sudo()._clinic_stock_shortfalls()
        for event in self:
            short = shortfalls.get(event)
            event.clinic_stock_risk = bool(short)
            event.clinic_stock_risk_items = (
                short and self._clinic_stock_risk_text(short) or False
            )
        risky = [event for event in self if shortfalls.get(event)]
        if risky:
            return {
                "warning": {
                    "title": _("Risk of stock-out"),
                    "message": _(
                        "On the day of this appointment, these items are "
                        "projected to be out of stock:\n%s",
                        risky[0].clinic_stock_risk_items,
                    ),
                }
            }


def _cumulate(demand):
    """{(product, warehouse): (sorted days, running totals)} of a
    {(product, warehouse, day): quantity} demand."""
    by_key = defaultdict(list)
    for (product_id, warehouse_id, day), quantity in demand.items():
        by_key[product_id, warehouse_id].append((day, quantity))
    result = {}
    for key, items in by_key.items():
        items.sort()
        days, totals, total = [], [], 0.0
        for day, quantity in items:
            total += quantity
            days.append(day)
            totals.append(total)
        result[key] = (days, totals)
    return result
