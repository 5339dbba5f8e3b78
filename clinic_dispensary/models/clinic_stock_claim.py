# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("credited", "Credited"),
]


class ClinicStockClaim(models.Model):
    """Problem inventory: a supplier return authorisation, a warranty or an
    insurance claim for damaged, defective or recalled units, followed until
    the supplier's credit note settles it."""

    _name = "clinic.stock.claim"
    _description = "Stock Claim"
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
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [
            ("supplier_return", "Supplier Return"),
            ("warranty", "Warranty Claim"),
            ("insurance", "Insurance Claim"),
        ],
        required=True,
        default="supplier_return",
        tracking=True,
    )
    state = fields.Selection(
        CLAIM_STATES, required=True, default="draft", readonly=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Claimed From",
        required=True,
        check_company=True,
        tracking=True,
        help="The supplier, manufacturer or insurer the claim is made to.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reference = fields.Char(
        string="Authorisation Number",
        tracking=True,
        help="The return authorisation (RMA) or claim number given by the "
        "supplier or insurer.",
    )
    refusal_reason = fields.Text(
        tracking=True, help="Why the supplier refused the claim."
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
    description = fields.Text()
    recall_id = fields.Many2one(
        "clinic.lot.recall",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The lot recall that opened this claim.",
    )
    line_ids = fields.One2many(
        "clinic.stock.claim.line", "claim_id", string="Units", copy=True
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Supplier Return",
        readonly=True,
        copy=False,
        check_company=True,
    )
    # Indexed: posting a supplier credit note looks up its claims.
    vendor_credit_note_id = fields.Many2one(
        "account.move",
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('move_type', '=', 'in_refund'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="The supplier's credit note that settles the claim: posting it "
        "marks the claim credited.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_claimed = fields.Monetary(
        compute="_compute_amount_claimed",
        store=True,
        groups="clinic_dispensary.group_clinic_manager",
        help="The units claimed, at cost.",
    )

    @api.depends("line_ids.subtotal")
    def _compute_amount_claimed(self):
        for claim in self:
            claim.amount_claimed = sum(claim.line_ids.mapped("subtotal"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("clinic.stock.claim") or _("New")
        claims = super().create(vals_list)
        claims._clinic_update_credited()
        return claims

    def write(self, vals):
        res = super().write(vals)
        if "vendor_credit_note_id" in vals:
            self._clinic_update_credited()
        return res

    def _clinic_update_credited(self):
        """A claim is credited while its vendor credit note is posted: posting
        it credits the claim; resetting it to draft, cancelling it or taking
        it off the claim brings the claim back to accepted, the supplier
        having agreed to the credit."""
        posted = self.filtered(lambda c: c.vendor_credit_note_id.state == "posted")
        posted.filtered(
            lambda c: c.state in ("draft", "submitted", "accepted")
        ).state = "credited"
        (self - posted).filtered(lambda c: c.state == "credited").state = "accepted"

    @api.model
    def _clinic_credit_from_refunds(self, refunds):
        """Vendor credit notes just posted, reset to draft or cancelled: the
        claims they settle follow them."""
        self.sudo().search(
            [("vendor_credit_note_id", "in", refunds.ids)]
        )._clinic_update_credited()

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda c: c.state not in allowed)
        if wrong:
            raise UserError(
                _(
                    "%(action)s is not possible for claim(s) %(claims)s in their "
                    "current state.",
                    action=action,
                    claims=", ".join(wrong.mapped("name")),
                )
            )

    def action_submit(self):
        self._check_state(("draft",), _("Submitting"))
        empty = self.filtered(lambda c: not c.line_ids)
        if empty:
            raise UserError(
                _("Add the units concerned to %s.", ", ".join(empty.mapped("name")))
            )
        self.state = "submitted"

    def action_accept(self):
        self._check_state(("submitted",), _("Accepting"))
        self.state = "accepted"

    def action_refuse(self):
        self._check_state(("submitted", "accepted"), _("Refusing"))
        self.state = "refused"

    def _portal_may_answer(self):
        """Only the claim's supplier answers it from the portal: its own
        users (env.user, also under sudo), not the clinic's staff who may
        read the claim but not move it."""
        self.ensure_one()
        user = self.env.user
        return (
            not user._is_internal()
            and user.commercial_partner_id == self.commercial_partner_id
        )

    def _portal_answer(self, accept, reference=None, reason=None):
        """The supplier's answer from its portal: accept with its return
        authorisation (RMA) number, or refuse with a reason. The claim moves
        as the clinic's buttons move it, and the answer is posted in its
        chatter in the supplier's name."""
        self.ensure_one()
        if not self._portal_may_answer():
            raise AccessError(
                _("Only the supplier's own users answer claim %s.", self.name)
            )
        reference = (reference or "").strip()
        reason = (reason or "").strip()
        if self.state != "submitted":
            raise UserError(
                _("Claim %s was answered already or is not open.", self.name)
            )
        if accept and not reference:
            raise UserError(
                _("Enter your return authorisation (RMA) number to accept.")
            )
        if not accept and not reason:
            raise UserError(_("Enter the reason why you refuse the claim."))
        author = self.env.user.partner_id
        if accept:
            self.reference = reference
            self.action_accept()
            body = _("Accepted by the supplier, RMA %s.", reference)
        else:
            self.refusal_reason = reason
            self.action_refuse()
            body = _("Refused by the supplier: %s", reason)
        self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    def action_draft(self):
        self._check_state(("submitted", "refused"), _("Resetting to draft"))
        self.state = "draft"

    # ------------------------------------------------------------------
    # Supplier return and credit note
    # ------------------------------------------------------------------
    def _get_return_warehouses(self):
        """The warehouse each claim's return ships from: the one whose
        Quarantine holds its units (else the company's first). A return
        ships from one warehouse, with its operation type and Quarantine.

        :return: {claim id: warehouse}
        """
        defaults = self.env["stock.warehouse"]._clinic_main_by_company(self.company_id)
        result = {}
        for claim in self:
            warehouses = claim.line_ids.location_id.warehouse_id
            if len(warehouses) > 1:
                raise UserError(
                    _(
                        "The units of %(claim)s wait in several warehouses "
                        "(%(warehouses)s), while a supplier return ships from "
                        "one: make one claim per warehouse.",
                        claim=claim.name,
                        warehouses=", ".join(warehouses.mapped("name")),
                    )
                )
            result[claim.id] = warehouses or defaults.get(
                claim.company_id, self.env["stock.warehouse"]
            )
        return result

    def _prepare_return_picking_vals(self, warehouse):
        self.ensure_one()
        picking_type = warehouse.in_type_id.return_picking_type_id or (
            warehouse.out_type_id
        )
        source = warehouse.clinic_quarantine_location_id
        destination = self.partner_id.property_stock_supplier or self.env.ref(
            "stock.stock_location_suppliers"
        )
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(line._prepare_return_move_vals(source, destination))
                for line in self.line_ids
            ],
        }

    def action_prepare_return(self):
        """A supplier return of each claim's units, ready to ship from its
        warehouse's Quarantine: confirmed, reserved on the very lots claimed."""
        for claim in self:
            if claim.picking_id:
                raise UserError(_("%s already has a supplier return.", claim.name))
            if not claim.line_ids:
                raise UserError(_("Add the units concerned to %s.", claim.name))
        warehouses = self._get_return_warehouses()
        pickings = self.env["stock.picking"].create(
            [claim._prepare_return_picking_vals(warehouses[claim.id]) for claim in self]
        )
        pickings.action_confirm()
        # Reserved on the very lots claimed, not first-expiry-first.
        pickings.move_ids.move_line_ids.unlink()
        line_vals = []
        for claim, picking in zip(self, pickings, strict=True):
            for line in claim.line_ids:
                # Confirming may merge the moves of one item and location.
                location = line.location_id or picking.location_id
                move = picking.move_ids.filtered(
                    lambda m, line=line, location=location: (
                        m.product_id == line.product_id and m.location_id == location
                    )
                )[:1]
                line_vals.append(line._prepare_return_move_line_vals(move))
            claim.picking_id = picking
        self.env["stock.move.line"].create(line_vals)
        return self.action_view_return() if len(self) == 1 else True

    def action_view_return(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.picking_id.id,
            "view_mode": "form",
        }

    def _prepare_credit_note_vals(self):
        self.ensure_one()
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "ref": self.reference or self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(line._prepare_credit_note_line_vals())
                for line in self.line_ids
            ],
        }

    def action_create_credit_note(self):
        """The vendor credit note expected for the claim, in draft: check it
        against the supplier's and post it to settle the claim."""
        self.ensure_one()
        if self.vendor_credit_note_id.state in ("draft", "posted"):
            raise UserError(_("%s already has a credit note.", self.name))
        self._check_state(("submitted", "accepted"), _("Creating a credit note"))
        self.vendor_credit_note_id = self.env["account.move"].create(
            self._prepare_credit_note_vals()
        )
        return self.action_view_credit_note()

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.vendor_credit_note_id.id,
            "view_mode": "form",
        }
