# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date, formatLang

RECALL_STATES = [
    ("draft", "Draft"),
    ("confirmed", "In Progress"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]


class ClinicLotRecall(models.Model):
    """A lot recall, kept as the record of a regulated event: who received
    the lot, what was quarantined and claimed back, how each client was told.

    All lookups stay in the recall's company: a lot of a product shared
    between companies is recalled by each company for its own clients and
    stock."""

    _name = "clinic.lot.recall"
    _description = "Lot Recall"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    state = fields.Selection(
        RECALL_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="lot_id.product_uom_id")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
        help="The lot's company, else the company the recall was made in: "
        "only its clients and stock are concerned.",
    )
    date = fields.Date(
        string="Recall Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why the lot is recalled: this goes in the letters to the clients.",
    )
    letter_mode = fields.Selection(
        [
            ("email", "Send by Email (print for clients without one)"),
            ("print", "Print"),
            ("none", "Do not notify"),
        ],
        string="Recall Letters",
        required=True,
        default="email",
    )
    create_supplier_return = fields.Boolean(
        string="Prepare a Supplier Return",
        help="Open a supplier return claim for the quarantined units, with "
        "the return ready to ship.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    line_ids = fields.One2many(
        "clinic.lot.recall.line", "recall_id", string="Clients Reached"
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients to Notify",
        compute="_compute_partner_ids",
        help="Clients who received the lot and did not return all of it.",
    )
    partner_count = fields.Integer(compute="_compute_partner_ids")
    quarantine_quantity = fields.Float(
        string="Units to Quarantine",
        compute="_compute_quarantine_quantity",
        digits="Product Unit of Measure",
        help="What confirming the recall moves to Quarantine: the lot's "
        "sellable units in the company's warehouses.",
    )
    quarantine_move_ids = fields.Many2many(
        "stock.move",
        string="Quarantine Moves",
        readonly=True,
        copy=False,
    )
    quarantined_quantity = fields.Float(
        string="Units Quarantined",
        compute="_compute_quarantined_quantity",
        store=True,
        digits="Product Unit of Measure",
    )
    claim_ids = fields.One2many(
        "clinic.stock.claim", "recall_id", string="Supplier Return Claims"
    )
    claim_count = fields.Integer(compute="_compute_claim_count")

    @api.depends("lot_id")
    def _compute_company_id(self):
        for recall in self:
            recall.company_id = recall.lot_id.company_id or self.env.company

    @api.depends("lot_id")
    def _compute_supplier_id(self):
        for recall in self:
            recall.supplier_id = recall.lot_id.clinic_supplier_id

    @api.depends("line_ids.remaining_quantity", "line_ids.partner_id")
    def _compute_partner_ids(self):
        for recall in self:
            recall.partner_ids = recall._get_lines_to_notify().partner_id
            recall.partner_count = len(recall.partner_ids)

    @api.depends("lot_id", "company_id", "state")
    def _compute_quarantine_quantity(self):
        for recall in self:
            recall.quarantine_quantity = (
                sum(recall._get_quants_to_quarantine().mapped("quantity"))
                if recall.state == "draft"
                else 0.0
            )

    @api.depends("quarantine_move_ids.quantity")
    def _compute_quarantined_quantity(self):
        for recall in self:
            recall.quarantined_quantity = sum(
                recall.quarantine_move_ids.mapped("quantity")
            )

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        for recall in self:
            recall.claim_count = len(recall.claim_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                lot = self.env["stock.lot"].browse(vals.get("lot_id"))
                company = self.env["res.company"].browse(
                    vals.get("company_id") or lot.company_id.id or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("clinic.lot.recall") or _("New")
        recalls = super().create(vals_list)
        recalls.filtered(lambda r: not r.line_ids)._fill_lines()
        return recalls

    def write(self, vals):
        if "lot_id" in vals and self.filtered(lambda r: r.state != "draft"):
            raise UserError(_("The lot of a confirmed recall cannot change."))
        res = super().write(vals)
        if "lot_id" in vals:
            self._fill_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda r: r.state not in ("draft", "cancel")):
            raise UserError(
                _(
                    "A confirmed recall is the record of a regulated event: "
                    "it cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Who received the lot, in the recall's company
    # ------------------------------------------------------------------
    def _get_delivered_move_lines(self):
        """Done move lines of the lot that reached a client of the recall's
        company, in one search: checkout's dispensing and any other customer
        delivery, and the consumables used up in the client's appointments
        (to the consumption location).

        The explicit company domain matters: a lot of a shared product has
        no company and may be delivered by several companies."""
        self.ensure_one()
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                "&",
                ("move_id.clinic_event_id", "!=", False),
                ("location_dest_id.usage", "=", "inventory"),
            ],
            order="date, id",
        )

    def _get_returned_quantities(self, delivered):
        """Quantities of each delivery line the client gave back (or that
        came back from consumption, the appointment's billing cancelled), in
        one grouped query.

        :return: {delivery move line id: quantity in the product's unit}
        """
        returned = defaultdict(float)
        if not delivered:
            return returned
        groups = self.env["stock.move.line"]._read_group(
            [
                ("lot_id", "=", self.lot_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("location_id.usage", "in", ("customer", "inventory")),
                ("move_id.origin_returned_move_id", "in", delivered.move_id.ids),
            ],
            ["move_id"],
            ["quantity_product_uom:sum"],
        )
        # A delivery move's returns count against its first line of the lot.
        first_line = {}
        for line in delivered:
            first_line.setdefault(line.move_id.id, line.id)
        for move, quantity in groups:
            returned[first_line[move.origin_returned_move_id.id]] += quantity
        return returned

    def _prepare_line_vals(self, move_line, returned_quantity):
        move = move_line.move_id
        consumed = move_line.location_dest_id.usage == "inventory"
        event = move.clinic_event_id if consumed else move.clinic_event_id.browse()
        return {
            "recall_id": self.id,
            "move_line_id": move_line.id,
            "kind": "appointment" if consumed else "delivery",
            # Consumption moves carry the appointment's client: reading it
            # there spares reading the appointments.
            "partner_id": (
                move_line.picking_id.partner_id or move.partner_id or event.client_id
            ).id,
            "event_id": event.id,
            "date": move_line.date,
            "quantity": move_line.quantity_product_uom,
            "returned_quantity": returned_quantity,
            "picking_id": move_line.picking_id.id,
            "invoice_id": move.clinic_invoice_line_id.move_id.id,
        }

    def _prepare_line_vals_list(self):
        self.ensure_one()
        delivered = self._get_delivered_move_lines()
        returned = self._get_returned_quantities(delivered)
        return [self._prepare_line_vals(line, returned[line.id]) for line in delivered]

    def _fill_lines(self):
        """(Re)list the clients who received the lot: while the recall is a
        draft, the list follows the deliveries; confirming freezes it."""
        drafts = self.filtered(lambda r: r.state == "draft")
        drafts.line_ids.unlink()
        self.env["clinic.lot.recall.line"].create(
            [vals for recall in drafts for vals in recall._prepare_line_vals_list()]
        )

    def _get_lines_to_notify(self):
        return self.line_ids.filtered(
            lambda line: (
                float_compare(
                    line.remaining_quantity,
                    0,
                    precision_rounding=line.product_uom_id.rounding or 0.01,
                )
                > 0
            )
        )

    # ------------------------------------------------------------------
    # Quarantine and supplier return, in the recall's company
    # ------------------------------------------------------------------
    def _get_quants_to_quarantine(self):
        self.ensure_one()
        if not self.lot_id:
            return self.env["stock.quant"]
        return self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("company_id", "=", self.company_id.id),
                *self.env["stock.lot"]._clinic_sellable_domain(),
            ]
        )

    def _quarantine(self):
        self.ensure_one()
        return self.env["stock.warehouse"]._clinic_quarantine_quants(
            self._get_quants_to_quarantine(),
            self.env.ref("clinic_dispensary.stock_reason_recall"),
            _("Recall %(recall)s of %(lot)s", recall=self.name, lot=self.lot_id.name),
        )

    def _get_claimed_quantities(self, locations):
        """Units of the lot already claimed where they wait: on a claim not
        refused whose return has not shipped them yet. Credited claims count:
        the supplier already paid for their units.

        :return: {location id: quantity in the product's unit}
        """
        claimed = defaultdict(float)
        lines = self.env["clinic.stock.claim.line"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("company_id", "=", self.company_id.id),
                ("location_id", "in", locations.ids),
                ("claim_id.state", "!=", "refused"),
            ]
        )
        for line in lines.filtered(
            lambda line: line.claim_id.picking_id.state != "done"
        ):
            claimed[line.location_id.id] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
        return claimed

    def _get_units_to_claim(self):
        """The lot's units in the company's Quarantines not already claimed.

        :return: {location: quantity in the product's unit}
        """
        quarantines = self.env["stock.warehouse"]._clinic_quarantine_locations()
        available = dict(
            self.env["stock.quant"]._read_group(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("quantity", ">", 0),
                    ("location_id", "child_of", quarantines.ids),
                ],
                ["location_id"],
                ["quantity:sum"],
            )
        )
        claimed = self._get_claimed_quantities(
            self.env["stock.location"].concat(*available)
        )
        rounding = self.product_id.uom_id.rounding
        units = {}
        for location, quantity in available.items():
            quantity -= claimed[location.id]
            if float_compare(quantity, 0, precision_rounding=rounding) > 0:
                units[location] = quantity
        return units

    def _prepare_claim_vals_list(self):
        """One supplier return claim per warehouse holding unclaimed units:
        each return ships from its own warehouse's Quarantine."""
        self.ensure_one()
        by_warehouse = defaultdict(dict)
        for location, quantity in self._get_units_to_claim().items():
            by_warehouse[location.warehouse_id][location] = quantity
        vals = {
            "kind": "supplier_return",
            "partner_id": self.supplier_id.id,
            "company_id": self.company_id.id,
            "recall_id": self.id,
            "description": _(
                "Recall of lot %(lot)s: %(reason)s",
                lot=self.lot_id.name,
                reason=self.reason,
            ),
        }
        # Nothing left to claim: a draft claim all the same, to fill in.
        return [
            {
                **vals,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_id.id,
                            "lot_id": self.lot_id.id,
                            "location_id": location.id,
                            "quantity": quantity,
                            "product_uom_id": self.product_id.uom_id.id,
                        }
                    )
                    for location, quantity in units.items()
                ],
            }
            for units in by_warehouse.values()
        ] or [vals]

    def _create_supplier_return(self):
        claims = self.env["clinic.stock.claim"].create(self._prepare_claim_vals_list())
        claims.filtered("line_ids").action_prepare_return()
        return claims

    # ------------------------------------------------------------------
    # Letters
    # ------------------------------------------------------------------
    def _get_letter_values(self):
        """What the recall letter says to each client, for the mail template
        (``ctx['clinic_recall']``) and the printed letter."""
        self.ensure_one()
        lines = defaultdict(list)
        for line in self._get_lines_to_notify():
            lines[line.partner_id.id].append(
                {
                    "date": format_date(self.env, line.date),
                    "quantity": formatLang(self.env, line.remaining_quantity, digits=2),
                    "uom": self.product_uom_id.name,
                    "invoice": line.invoice_id.name or "",
                }
            )
        return {
            "company": self.company_id.name,
            "product": self.product_id.display_name,
            "lot": self.lot_id.name,
            "expiry": self.lot_id.expiration_date
            and format_date(self.env, self.lot_id.expiration_date),
            "reason": self.reason,
            "date": format_date(self.env, self.date),
            "lines": dict(lines),
        }

    def _get_letter_partners(self):
        """Whom the printed letters are for: the clients to write to by post
        (or not reached yet); once all were reached otherwise, a copy of
        every client's letter."""
        self.ensure_one()
        lines = self._get_lines_to_notify()
        to_post = lines.filtered(
            lambda line: line.notification_method in (False, "letter")
        )
        return (to_post or lines).partner_id

    def _send_letters(self):
        """E-mail the recall letter to each client concerned (posted on the
        client's chatter) and record how each was notified: by e-mail, or by
        a letter to print."""
        self.ensure_one()
        partners = self.partner_ids
        if self.letter_mode == "none" or not partners:
            return
        to_email = self.env["res.partner"]
        if self.letter_mode == "email":
            to_email = partners.filtered("email")
        if to_email:
            template = self.env.ref("clinic_dispensary.mail_template_lot_recall")
            # Whoever may recall may write to the clients concerned, even
            # without the right to edit contacts (needed to post on them).
            to_email.sudo().with_context(
                clinic_recall=self._get_letter_values()
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                # Queued: the mail queue sends a recall to many clients.
                force_send=False,
            )
        lines = self._get_lines_to_notify()
        for method, method_partners in (
            ("email", to_email),
            ("letter", partners - to_email),
        ):
            lines.filtered(lambda line, p=method_partners: line.partner_id in p).write(
                {"notification_method": method, "notified_date": self.date}
            )

    def _post_recall_notes(self):
        """Say on the recall and on the lot what the recall did."""
        self.ensure_one()
        body = Markup("<p>%s</p>") % _(
            "Recalled: %(quantity)s %(uom)s quarantined, %(count)s client(s) notified.",
            quantity=formatLang(self.env, self.quarantined_quantity, digits=2),
            uom=self.product_uom_id.name,
            count=len(self.line_ids.filtered("notification_method").partner_id),
        )
        if self.claim_ids:
            body += Markup("<p>%s %s</p>") % (
                _("Supplier return claims:"),
                Markup(", ").join(claim._get_html_link() for claim in self.claim_ids),
            )
        self.message_post(body=body)
        self.lot_id.message_post(
            body=body + Markup("<p>%s %s</p>") % (_("Recall:"), self._get_html_link())
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_confirm(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Recall %s is already confirmed.", self.name))
        previous = self.search(
            [
                ("id", "!=", self.id),
                ("lot_id", "=", self.lot_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("confirmed", "done")),
            ],
            limit=1,
        )
        # A lot of its own company recalled before recalls were kept (only
        # the lot's flag remains) is recalled all the same.
        if previous or (self.lot_id.company_id and self.lot_id.clinic_recalled):
            raise UserError(
                _(
                    "Lot %(lot)s was already recalled on %(date)s.",
                    lot=self.lot_id.name,
                    date=format_date(
                        self.env, previous.date or self.lot_id.clinic_recall_date
                    ),
                )
            )
        if self.create_supplier_return and not self.supplier_id:
            raise UserError(_("Choose the supplier to return the lot to."))

    def action_confirm(self):
        """Recall: quarantine the lot's remaining units, prepare the supplier
        return, notify the clients, record it all on the recall and the lot.

        :return: the letters to print, if any
        """
        for recall in self:
            recall._check_confirm()
        self._fill_lines()
        for recall in self:
            recall = recall.with_company(recall.company_id)
            recall.quarantine_move_ids = recall._quarantine()
            recall.lot_id._clinic_record_recall(recall.date, recall.reason)
            if recall.create_supplier_return:
                recall._create_supplier_return()
            recall._send_letters()
            recall.state = "confirmed"
            recall._post_recall_notes()
        to_print = self.filtered(
            lambda r: "letter" in r.line_ids.mapped("notification_method")
        )
        if to_print:
            return to_print.action_print_letters()
        return False

    def action_done(self):
        """Close the recall once every client still holding units was
        reached (record phone calls on the lines)."""
        for recall in self:
            if recall.state != "confirmed":
                raise UserError(_("Only a recall in progress can be closed."))
            missing = recall._get_lines_to_notify().filtered(
                lambda line: not line.notification_method
            )
            if missing:
                raise UserError(
                    _(
                        "Record how these clients were notified before closing "
                        "recall %(recall)s: %(clients)s.",
                        recall=recall.name,
                        clients=", ".join(missing.partner_id.mapped("display_name")),
                    )
                )
        self.state = "done"

    def action_cancel(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                _(
                    "Only a draft recall can be cancelled: a confirmed one "
                    "quarantined stock and notified clients."
                )
            )
        self.state = "cancel"

    def action_draft(self):
        if self.filtered(lambda r: r.state != "cancel"):
            raise UserError(_("Only a cancelled recall can be reset to draft."))
        self.state = "draft"
        self._fill_lines()

    def action_refresh_lines(self):
        self._fill_lines()

    def action_print_letters(self):
        return self.env.ref(
            "clinic_dispensary.action_report_lot_recall_letter"
        ).report_action(self)

    def action_view_claims(self):
        self.ensure_one()
        return self.claim_ids._get_records_action(name=_("Supplier Return Claims"))
