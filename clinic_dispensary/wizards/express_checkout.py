# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.account_analytic_distribution_model import DistributionMemo


class ClinicExpressCheckout(models.TransientModel):
    """Bill appointments in one go: one draft invoice per client.

    The steps (collect, check, lock, items, lines, invoices, effects) are
    small methods so that pricing, dispensing or packages add a step
    instead of a branch.
    """

    _name = "clinic.express.checkout"
    _description = "Clinic Express Checkout"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Day",
        default=fields.Date.context_today,
        help="Appointments of this day (in your timezone) are offered.",
    )
    client_id = fields.Many2one(
        "res.partner",
        help="Only this client's appointments of the day are offered.",
    )
    from_selection = fields.Boolean(
        help="Opened on appointments chosen beforehand: the day is not used.",
    )
    event_ids = fields.Many2many(
        "calendar.event",
        string="Appointments",
        domain="[('billing_state', '=', 'to_bill'),"
        " ('company_id', 'in', [company_id, False])]",
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        compute="_compute_amount_total",
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amount_total",
        help="What these appointments' invoices will charge, discounts and "
        "taxes included.",
    )
    apply_credits = fields.Boolean(
        string="Post and apply credits",
        help="Post the invoices at once and pay them with the client's open "
        "credits, oldest first, up to what they owe: the visit is settled "
        "at the desk.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        readonly=True,
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "calendar.event" and context.get(
            "active_ids"
        ):
            res["from_selection"] = True
            res["event_ids"] = [Command.set(context["active_ids"])]
        # Not default_* keys: they would reach the invoices and moves made.
        elif context.get("clinic_checkout_client_id"):
            res["client_id"] = context["clinic_checkout_client_id"]
            if context.get("clinic_checkout_date"):
                res["date"] = context["clinic_checkout_date"]
        return res

    @api.depends("event_ids", "company_id")
    def _compute_amount_total(self):
        for wizard in self:
            # Taxed as this checkout invoices them (one invoice per client);
            # priced as the rows are, bundles counted per visit.
            amounts = (
                wizard.event_ids.with_company(wizard.company_id)
                .sudo()
                ._clinic_estimate_amounts(whole_day=False)
            )
            wizard.amount_untaxed = sum(untaxed for untaxed, _total in amounts.values())
            wizard.amount_total = sum(total for _untaxed, total in amounts.values())

    @api.onchange("date", "client_id")
    def _onchange_date(self):
        if not self.from_selection:
            self.event_ids = self._get_day_events()

    def _get_day_events(self):
        """Step 1, collect: the day's billable, unbilled appointments."""
        if not self.date:
            return self.env["calendar.event"]
        return self.env["calendar.event"].search(
            [
                ("clinic_checkout_date", "=", self.date),
                ("billing_state", "=", "to_bill"),
                ("client_id", "=", self.client_id.id)
                if self.client_id
                else ("client_id", "!=", False),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            order="client_id, start",
        )

    def _prepare_invoice_vals(
        self, client, events, lines_by_event=None, fiscal_position=None
    ):
        if fiscal_position is None:
            fiscal_position = self._get_fiscal_positions(client)[client]
        if lines_by_event is None:
            lines_by_event = events._clinic_checkout_lines_vals(
                self.company_id,
                {client: fiscal_position},
                invoice_key=events._clinic_checkout_invoice_key(),
            )
        return {
            "move_type": "out_invoice",
            "partner_id": client.id,
            "fiscal_position_id": fiscal_position.id,
            "company_id": self.company_id.id,
            "invoice_origin": _("Express Checkout"),
            "clinic_dispense": True,
            "invoice_line_ids": [
                Command.create(vals)
                for event in events
                for vals in lines_by_event[event]
            ],
        }

    def _prepare_invoices_vals(self, events):
        """Step 5 and 6 input: one invoice per client, in booking order."""
        by_client = defaultdict(lambda: self.env["calendar.event"])
        for event in events.sorted(lambda e: (e.client_id.id, e.start)):
            by_client[event.client_id] |= event
        # Step 5 for every client at once: one search of the pricing rules,
        # lines priced through the fiscal position their invoice gets, with
        # their visits (bundles count a client's day, as the rows do).
        fiscal_positions = self._get_fiscal_positions(events.client_id)
        lines_by_event = events._clinic_checkout_lines_vals(
            self.company_id,
            fiscal_positions,
            invoice_key=events._clinic_checkout_invoice_key(),
        )
        return [
            self._prepare_invoice_vals(
                client, client_events, lines_by_event, fiscal_positions[client]
            )
            for client, client_events in by_client.items()
        ]

    def _get_fiscal_positions(self, clients):
        return (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._clinic_get_for_clients(clients)
        )

    def _apply_checkout_effects(self, invoices, events):
        """Step 7: what billing does besides the invoices.

        Events are linked to their lines through the line values, which marks
        them billed. Storable items billed leave the stock (dispensing) and
        the appointments' consumables are used up, FEFO, all validated.
        """
        # Dispensing follows billing: reception bills without stock rights.
        invoices.sudo()._clinic_dispense()
        events.sudo()._clinic_consume(self.company_id)
        return True

    def _create_invoices(self, events):
        events = events.with_company(self.company_id)
        events._lock_for_checkout()
        events._check_billable(self.company_id)
        events.clinic_type_ids._ensure_products()
        invoices = (
            self.env["account.move"]
            .with_company(self.company_id)
            .with_context(clinic_distribution_memo=DistributionMemo())
            .create(self._prepare_invoices_vals(events))
        )
        self._apply_checkout_effects(invoices, events)
        return invoices

    def action_create_invoices(self):
        """New Invoice: bill the chosen appointments, one invoice per client."""
        self.ensure_one()
        events = self.event_ids or self._get_day_events()
        if not events:
            raise UserError(_("There is no appointment to bill."))
        invoices = self._create_invoices(events)
        if self.apply_credits:
            invoices._clinic_post_and_apply_credits()
        self.invoice_ids = invoices
        return self._get_invoices_action(invoices)

    @api.model
    def _get_client_checkout_day(self, client, today):
        """The day whose appointments *Bill this client* bills: today when
        the client has some to bill; else the last earlier day it has (the
        list without its Today filter shows them), else today."""
        today = fields.Date.to_date(today)
        last = self.env["calendar.event"].search(
            [
                ("client_id", "=", client.id),
                ("billing_state", "=", "to_bill"),
                ("company_id", "in", [self.env.company.id, False]),
                ("clinic_checkout_date", "<=", today),
            ],
            order="start desc",
            limit=1,
        )
        return last.clinic_checkout_date or today

    def _get_client_checkout_action(self, client, day):
        """The checkout of one client's appointments of a day, to check and
        bill."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Bill %s", client.display_name),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "clinic_checkout_client_id": client.id,
                "clinic_checkout_date": fields.Date.to_string(fields.Date.to_date(day)),
            },
        }

    def _get_invoices_action(self, invoices):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        if len(invoices) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = invoices.id
        return action
