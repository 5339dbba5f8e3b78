# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date, formatLang


class ClinicLotRecall(models.TransientModel):
    """Recall a lot: who received it, quarantine what is left, prepare the
    supplier return and tell the clients."""

    _name = "clinic.lot.recall"
    _description = "Recall a Lot"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        required=True,
        readonly=True,
        check_company=True,
        default=lambda self: self._default_lot_id(),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    date = fields.Date(
        string="Recall Date", required=True, default=fields.Date.context_today
    )
    reason = fields.Text(required=True)
    line_ids = fields.One2many(
        "clinic.lot.recall.line",
        "wizard_id",
        string="Clients",
        compute="_compute_line_ids",
        store=True,
        precompute=True,
        readonly=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients to Notify",
        compute="_compute_partner_ids",
        help="Clients who received the lot and did not return all of it.",
    )
    quarantine_quantity = fields.Float(
        string="Units to Quarantine",
        compute="_compute_quarantine_quantity",
        digits="Product Unit of Measure",
    )
    product_uom_id = fields.Many2one(related="lot_id.product_uom_id")
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
    )
    claim_ids = fields.Many2many(
        "clinic.stock.claim",
        string="Supplier Return Claims",
        readonly=True,
        help="One per warehouse whose Quarantine holds units of the lot.",
    )
    print_partner_ids = fields.Many2many(
        "res.partner",
        "clinic_lot_recall_print_partner_rel",
        string="Letters to Print",
        readonly=True,
    )

    @api.model
    def _default_lot_id(self):
        if self.env.context.get("active_model") == "stock.lot":
            return self.env.context.get("active_id")
        return False

    @api.depends("lot_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.lot_id.company_id or self.env.company

    @api.depends("lot_id")
    def _compute_supplier_id(self):
        for wizard in self:
            wizard.supplier_id = wizard.lot_id.clinic_supplier_id

    @api.depends("lot_id")
    def _compute_line_ids(self):
        for wizard in self:
            delivered = wizard._get_delivered_move_lines()
            returned = wizard._get_returned_quantities(delivered)
            wizard.line_ids = [Command.clear()] + [
                Command.create(wizard._prepare_line_vals(line, returned[line.id]))
                for line in delivered
            ]

    @api.depends("line_ids.remaining_quantity")
    def _compute_partner_ids(self):
        for wizard in self:
            wizard.partner_ids = wizard.line_ids.filtered(
                lambda line: line.remaining_quantity > 0
            ).partner_id

    @api.depends("lot_id")
    def _compute_quarantine_quantity(self):
        for wizard in self:
            wizard.quarantine_quantity = sum(
                wizard._get_quants_to_quarantine().mapped("quantity")
            )

    # ------------------------------------------------------------------
    # Who received the lot
    # ------------------------------------------------------------------
    def _get_delivered_move_lines(self):
        """Done move lines of the lot that reached a client: checkout's
        dispensing and any other customer delivery, and the consumables used
        up in the client's appointments (to the consumption location)."""
        self.ensure_one()
        if not self.lot_id:
            return self.env["stock.move.line"]
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.lot_id.id),
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
        came back from consumption, the appointment's billing cancelled)."""
        returned = defaultdict(float)
        if not delivered:
            return returned
        returns = self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("state", "=", "done"),
                ("location_id.usage", "in", ("customer", "inventory")),
                ("move_id.origin_returned_move_id", "in", delivered.move_id.ids),
            ]
        )
        for line in returns:
            delivery = delivered.filtered(
                lambda d, m=line.move_id.origin_returned_move_id: d.move_id == m
            )[:1]
            returned[delivery.id] += line.quantity_product_uom
        return returned

    def _get_recall_invoice(self, move_line):
        """The customer invoice that billed what ``move_line`` delivered
        (checkout's dispensing links them), or an empty recordset."""
        return move_line.move_id.clinic_invoice_line_id.move_id

    def _prepare_line_vals(self, move_line, returned_quantity):
        return {
            "move_line_id": move_line.id,
            "partner_id": (
                move_line.picking_id.partner_id
                or move_line.move_id.clinic_event_id.client_id
                or move_line.move_id.partner_id
            ).id,
            "date": move_line.date,
            "quantity": move_line.quantity_product_uom,
            "returned_quantity": returned_quantity,
            "picking_id": move_line.picking_id.id,
            "invoice_id": self._get_recall_invoice(move_line).id,
        }

    def _get_quants_to_quarantine(self):
        self.ensure_one()
        if not self.lot_id:
            return self.env["stock.quant"]
        return (
            self.env["stock.quant"]
            .sudo()
            .search(
                [("lot_id", "=", self.lot_id.id)]
                + self.env["stock.lot"]._clinic_sellable_domain()
            )
        )

    # ------------------------------------------------------------------
    # Recall
    # ------------------------------------------------------------------
    def _check_recall(self):
        self.ensure_one()
        if self.lot_id.clinic_recalled:
            raise UserError(
                _(
                    "Lot %(lot)s was already recalled on %(date)s.",
                    lot=self.lot_id.name,
                    date=format_date(self.env, self.lot_id.clinic_recall_date),
                )
            )
        if self.create_supplier_return and not self.supplier_id:
            raise UserError(_("Choose the supplier to return the lot to."))

    def _quarantine(self):
        return self.env["stock.warehouse"]._clinic_quarantine_quants(
            self._get_quants_to_quarantine(),
            self.env.ref("clinic_dispensary.stock_reason_recall"),
            _("Recall of %s", self.lot_id.name),
        )

    def _get_claimed_quantities(self, locations):
        """Units of the lot already claimed where they wait: on a claim not
        refused whose return has not shipped them yet. Credited claims count:
        the supplier already paid for their units.

        :return: {location id: quantity in the product's unit}
        """
        claimed = defaultdict(float)
        lines = (
            self.env["clinic.stock.claim.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("location_id", "in", locations.ids),
                    ("claim_id.state", "!=", "refused"),
                ]
            )
        )
        for line in lines.filtered(
            lambda line: line.claim_id.picking_id.state != "done"
        ):
            claimed[line.location_id.id] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
        return claimed

    def _get_units_to_claim(self):
        """The lot's units in Quarantine not already claimed.

        :return: {location: quantity in the product's unit}
        """
        quarantines = self.env["stock.warehouse"]._clinic_quarantine_locations()
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("quantity", ">", 0),
                ("location_id", "child_of", quarantines.ids),
            ]
        )
        available = defaultdict(float)
        for quant in quants:
            available[quant.location_id] += quant.quantity
        claimed = self._get_claimed_quantities(quants.location_id)
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
        by_warehouse = defaultdict(dict)
        for location, quantity in self._get_units_to_claim().items():
            by_warehouse[location.warehouse_id][location] = quantity
        vals = {
            "kind": "supplier_return",
            "partner_id": self.supplier_id.id,
            "company_id": self.company_id.id,
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

    def _get_letter_values(self):
        """What the recall letter says to each client, for the mail template
        (``ctx['clinic_recall']``) and the printed letter."""
        self.ensure_one()
        lines = defaultdict(list)
        for line in self.line_ids.filtered(lambda line: line.remaining_quantity > 0):
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

    def _send_letters(self):
        """E-mail the recall letter to each client concerned (posted on the
        client's chatter); return the clients whose letter must be printed."""
        self.ensure_one()
        partners = self.partner_ids
        if self.letter_mode == "none" or not partners:
            return self.env["res.partner"]
        if self.letter_mode == "print":
            return partners
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
        return partners - to_email

    def action_confirm(self):
        self.ensure_one()
        self._check_recall()
        moves = self._quarantine()
        self.lot_id._clinic_record_recall(self.date, self.reason)
        if self.create_supplier_return:
            self.claim_ids = self._create_supplier_return()
        self.print_partner_ids = self._send_letters()
        body = Markup("<p>%s</p>") % _(
            "Recalled: %(quantity)s %(uom)s quarantined, %(count)s client(s) notified.",
            quantity=formatLang(self.env, sum(moves.mapped("quantity")), digits=2),
            uom=self.product_uom_id.name,
            count=len(self.partner_ids) if self.letter_mode != "none" else 0,
        )
        if self.claim_ids:
            body += Markup("<p>%s %s</p>") % (
                _("Supplier return claims:"),
                Markup(", ").join(claim._get_html_link() for claim in self.claim_ids),
            )
        self.lot_id.message_post(body=body)
        if self.print_partner_ids:
            return self.env.ref(
                "clinic_dispensary.action_report_lot_recall_letter"
            ).report_action(self)
        return {"type": "ir.actions.act_window_close"}
