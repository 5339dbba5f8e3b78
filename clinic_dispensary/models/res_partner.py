# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.tools.misc import formatLang

from .product_template import PURCHASE_GROUPS

CREDIT_BALANCE_GROUPS = (
    "clinic_dispensary.group_clinic_reception,"
    "account.group_account_invoice,"
    "account.group_account_readonly"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # What a client is owed is for who bills: reception (which applies it at
    # the desk), billing and accounting; not for every employee.
    clinic_credit_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_clinic_credit_balance",
        groups=CREDIT_BALANCE_GROUPS,
    )
    clinic_credit_balance = fields.Monetary(
        string="Client Credit",
        currency_field="clinic_credit_currency_id",
        compute="_compute_clinic_credit_balance",
        groups=CREDIT_BALANCE_GROUPS,
        help="What the clinic owes this client: credit notes and payments not "
        "yet applied, in the current company.",
    )

    # Reception sees the client's packages and what is left of them.
    clinic_patient_package_ids = fields.One2many(
        "clinic.patient.package",
        "partner_id",
        string="Packages",
        groups=CREDIT_BALANCE_GROUPS,
    )
    clinic_patient_package_count = fields.Integer(
        string="Packages Count",
        compute="_compute_clinic_patient_package_count",
        groups=CREDIT_BALANCE_GROUPS,
    )

    # A supplier's profile for the clinic's purchasing.
    clinic_supplier_lead_time = fields.Float(
        string="Lead Time (days)",
        digits=(16, 1),
        compute="_compute_clinic_supplier_profile",
        groups=PURCHASE_GROUPS,
        help="The delivery lead time promised in the supplier's vendor lines "
        "(product prices), on average over its items.",
    )
    clinic_preferred_product_ids = fields.Many2many(
        "product.template",
        string="Preferred Items",
        compute="_compute_clinic_supplier_profile",
        groups=PURCHASE_GROUPS,
        help="The items of which this supplier is the preferred one: first "
        "in their vendor list.",
    )
    clinic_preferred_product_count = fields.Integer(
        string="Preferred Items Count",
        compute="_compute_clinic_supplier_profile",
        groups=PURCHASE_GROUPS,
    )

    @api.depends_context("company")
    def _compute_clinic_supplier_profile(self):
        # Vendor lines name the supplier or one of its contacts: read once
        # for every partner, then the vendor lists of their items (the
        # preferred supplier is the first), all in batches.
        partners = self.commercial_partner_id
        infos = self.env["product.supplierinfo"].search(
            [("partner_id.commercial_partner_id", "in", partners.ids)]
        )
        delays = defaultdict(list)
        for info in infos:
            delays[info.partner_id.commercial_partner_id].append(info.delay)
        preferred = defaultdict(list)
        for template in infos.product_tmpl_id:
            first = template._clinic_sorted_sellers()[:1].partner_id
            first = first.commercial_partner_id
            preferred[first].append(template.id)
        for partner in self:
            commercial = partner.commercial_partner_id
            own = delays.get(commercial, [])
            partner.clinic_supplier_lead_time = sum(own) / len(own) if own else 0.0
            items = preferred.get(commercial, [])
            partner.clinic_preferred_product_ids = [Command.set(items)]
            partner.clinic_preferred_product_count = len(items)

    @api.depends("clinic_patient_package_ids.state")
    def _compute_clinic_patient_package_count(self):
        groups = self.env["clinic.patient.package"]._read_group(
            [
                ("partner_id", "in", self.ids),
                ("state", "in", ("draft", "active")),
            ],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.clinic_patient_package_count = counts.get(partner.id, 0)

    def action_view_clinic_patient_packages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_patient_package"
        )
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("beneficiary_ids", "in", self.ids),
        ]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_current": 1,
        }
        action["name"] = _("Packages of %s", self.display_name)
        return action

    @api.depends_context("company")
    def _compute_clinic_credit_balance(self):
        # Reception sees the balance without access to the credits themselves,
        # so they are summed as superuser: only those of the current company,
        # which Odoo checks is one of the user's.
        partners = self.commercial_partner_id
        groups = (
            self.env["clinic.client.credit"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", self.env.company.id),
                ],
                ["partner_id"],
                ["amount_remaining:sum"],
            )
        )
        balances = {partner.id: amount for partner, amount in groups}
        for partner in self:
            partner.clinic_credit_currency_id = self.env.company.currency_id
            partner.clinic_credit_balance = balances.get(
                partner.commercial_partner_id.id, 0.0
            )

    def action_view_clinic_credits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_client_credit"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_open": 1,
        }
        action["name"] = _("Credits of %s", self.commercial_partner_id.display_name)
        return action

    def _compute_meeting(self):
        """The client's meetings (count, Meetings button) without other
        people's private appointments of which the user would learn only that
        this partner is their client: Odoo counts them from the attendees
        table."""
        result = super()._compute_meeting()
        Event = self.env["calendar.event"]
        if not result or not Event._clinic_hidden_fields():
            return result
        events = Event.browse({eid for eids in result.values() for eid in eids})
        hidden = events._clinic_hidden_events()
        if not hidden:
            return result
        # sudo: their attendees are hidden to the user (and so are their
        # fields in the cache, read as the user). An event whose client
        # attends keeps, beside the client, the partners of its other
        # attendees and their parents.
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search_fetch(
                [("event_id", "in", hidden.ids)],
                ["event_id", "partner_id", "clinic_is_client"],
            )
        )
        staff_paths = {
            attendee.event_id.id: []
            for attendee in attendees
            if attendee.clinic_is_client
        }
        for attendee in attendees:
            if attendee.event_id.id in staff_paths and not attendee.clinic_is_client:
                staff_paths[attendee.event_id.id].append(
                    "/" + attendee.partner_id.parent_path
                )
        return {
            partner_id: [
                eid
                for eid in eids
                if eid not in staff_paths
                or any(f"/{partner_id}/" in path for path in staff_paths[eid])
            ]
            for partner_id, eids in result.items()
        }

    def action_clinic_bill_client(self):
        """Express Checkout's *Bill this client*: the client's checkout of
        the day of its rows (see ``_get_client_checkout_day``), shown with its
        total before its invoice is made."""
        self.ensure_one()
        Checkout = self.env["clinic.express.checkout"]
        day = self.env.context.get("clinic_checkout_date")
        if not day:
            # The browser's day, sent by the button; else the user's.
            today = self.env.context.get(
                "clinic_checkout_today"
            ) or fields.Date.context_today(self)
            day = Checkout._get_client_checkout_day(self, today)
        return Checkout._get_client_checkout_action(self, day)

    # ------------------------------------------------------------------
    # Stock-outs: the client is told a dispensed item is delayed, then here
    # ------------------------------------------------------------------
    @api.model
    def _clinic_stock_notice_lines(self, moves):
        """{client id: [{item, quantity, uom}]}: what `moves` deliver (their
        demand when pending, what they moved when done), per client."""
        by_client = defaultdict(list)
        for move in moves:
            quantity = move.quantity if move.state == "done" else move.product_uom_qty
            by_client[move.partner_id.commercial_partner_id.id].append(
                {
                    "item": move.product_id.display_name,
                    "quantity": formatLang(
                        self.env, quantity, dp="Product Unit of Measure"
                    ),
                    "uom": move.product_uom.name,
                }
            )
        return dict(by_client)

    @api.model
    def _clinic_notify_stock_delay(self, lines):
        """One message per client for the billed items `lines` left pending:
        what is delayed and how much."""
        pending = lines.clinic_stock_move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and m.location_dest_id.usage == "customer"
            )
        )
        return self._clinic_post_stock_notice(
            "clinic_dispensary.mail_template_stock_delay", pending
        )

    @api.model
    def _clinic_notify_stock_arrival(self, moves):
        """One message per client for what pending deliveries just brought."""
        return self._clinic_post_stock_notice(
            "clinic_dispensary.mail_template_stock_arrival",
            moves.filtered(lambda m: m.state == "done"),
        )

    @api.model
    def _clinic_post_stock_notice(self, template_xmlid, moves):
        """Post the template on each client of `moves` (on their chatter),
        e-mailed to those who have an address, a note for the others.

        As superuser: reception, who checks out, may not edit contacts (which
        posting on them needs); the template only says what the client's
        own deliveries carry."""
        notices = self._clinic_stock_notice_lines(moves)
        if not notices:
            return self.env["mail.message"]
        clients = (
            self.sudo().browse(list(notices)).with_context(clinic_stock_notice=notices)
        )
        template = self.env.ref(template_xmlid)
        messages = self.env["mail.message"]
        to_email = clients.filtered("email")
        if to_email:
            messages |= to_email.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                # Queued: the mail queue sends it, not the checkout.
                force_send=False,
            )
        # No address: the message is on the client's chatter, for the desk
        # to pass on, not to a recipient without an address.
        without = clients - to_email
        if without:
            bodies = template._render_field("body_html", without.ids, compute_lang=True)
            subjects = template._render_field("subject", without.ids, compute_lang=True)
            for client in without:
                messages |= client.message_post(
                    body=bodies[client.id],
                    subject=subjects[client.id],
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        return messages
