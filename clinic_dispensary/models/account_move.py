# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount, format_date
from odoo.tools.misc import formatLang

from .account_move_line import CLINIC_DISCOUNT_GROUPS
from .clinic_client_credit import CREDIT_ORIGINS

# Who may make stock leave by billing: clinic staff (managers included).
CLINIC_DISPENSING_GROUP = "clinic_dispensary.group_clinic_reception"


class AccountMove(models.Model):
    _inherit = "account.move"

    # Set on the customer credit notes that clinic credits create, so the
    # Credits list can tell where a credit comes from.
    clinic_credit_origin = fields.Selection(
        [(key, label) for key, label in CREDIT_ORIGINS if key != "overpayment"],
        string="Credit Origin",
        readonly=True,
        copy=False,
    )
    clinic_credit_reason = fields.Char(
        string="Credit Reason",
        tracking=True,
        copy=False,
    )
    clinic_credit_invoice_id = fields.Many2one(
        "account.move",
        string="Credit for Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The invoice this credit was created from.",
    )
    clinic_return_picking_id = fields.Many2one(
        "stock.picking",
        string="Returned Goods",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    clinic_dispense = fields.Boolean(
        string="Dispense from Stock",
        copy=False,
        default=lambda self: self._clinic_default_dispense(
            self.env.context.get("default_move_type")
        ),
        help="Storable items of this clinic invoice leave the clinic's stock "
        "automatically, first-expiry-first-out: at checkout, or when the "
        "invoice is posted for items added later. Set on the customer "
        "invoices clinic staff create (a retail sale at the desk); only "
        "clinic staff may change it or post what it dispenses.",
    )
    clinic_picking_ids = fields.Many2many(
        "stock.picking",
        string="Dispensing",
        compute="_compute_clinic_picking_ids",
    )
    clinic_event_ids = fields.Many2many(
        "calendar.event",
        string="Appointments",
        compute="_compute_clinic_event_ids",
    )
    clinic_event_count = fields.Integer(
        string="Appointments Count",
        compute="_compute_clinic_event_ids",
    )

    # What the invoice form shows of the clinic: a column only when a line
    # carries something in it; checkout prices editable by who may change
    # them.
    clinic_show_lots = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_shortage = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_duration = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_price_include = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_appointment = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_show_discount_rule = fields.Boolean(compute="_compute_clinic_show_columns")
    clinic_can_edit_checkout_price = fields.Boolean(
        compute="_compute_clinic_can_edit_checkout_price",
        help="The user may change the price and discount of checkout lines.",
    )

    @api.model
    def _clinic_is_dispensing_user(self):
        return self.env.user.has_group(CLINIC_DISPENSING_GROUP)

    @api.model
    def _clinic_default_dispense(self, move_type):
        """A customer invoice a clinic user makes dispenses from stock, like
        a checkout. Code running as superuser (sales orders, point of sale,
        imports) delivers its own way: no default there."""
        return (
            move_type == "out_invoice"
            and not self.env.su
            and self._clinic_is_dispensing_user()
        )

    @api.model_create_multi
    def create(self, vals_list):
        if "default_clinic_dispense" not in self.env.context:
            default_type = self.env.context.get("default_move_type")
            for vals in vals_list:
                if "clinic_dispense" not in vals:
                    vals["clinic_dispense"] = self._clinic_default_dispense(
                        vals.get("move_type", default_type)
                    )
        moves = super().create(vals_list)
        # The draft replacing a dispensing invoice (Reverse and create new
        # draft) keeps its flag, whoever makes it: nothing leaves stock
        # until clinic staff post it (see _post).
        if not self.env.context.get("clinic_redraft"):
            moves.filtered("clinic_dispense")._clinic_check_dispense_rights()
        return moves

    def _clinic_modify_default_values(self):
        """Values of the new draft that Odoo's *Reverse and create new
        draft* makes of this invoice. A credit note returns no goods (they
        come back by a return, as with sale_stock): the goods the invoice
        dispensed are still with the client. The new draft dispenses like
        the invoice it replaces, but its lines remember what their goods
        already delivered (clinic_delivered_before_qty): only what it bills
        beyond that leaves stock when it is posted."""
        self.ensure_one()
        packages = self._clinic_patient_packages(self)
        if packages:
            raise UserError(
                _(
                    "%(invoice)s sells package %(packages)s: credit it with "
                    "Reverse (for its unused value) and sell the package "
                    "again, rather than creating a new draft of it.",
                    invoice=self.display_name,
                    packages=", ".join(packages.mapped("display_name")),
                )
            )
        return {"clinic_dispense": self.clinic_dispense}

    def _clinic_check_dispense_rights(self):
        """Only clinic staff (or code running as superuser) may make these
        invoices dispense from the clinic's stock."""
        if not self or self.env.su or self._clinic_is_dispensing_user():
            return
        raise AccessError(
            _(
                "Only clinic staff (Reception or Clinic Manager) may dispense "
                "from the clinic's stock: %s.",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _clinic_check_dispense_change(self, dispense):
        """The flag changes only by clinic staff, and not once the invoice
        dispensed: its stock would no longer come back on cancelling."""
        changed = self.filtered(lambda m: m.clinic_dispense != bool(dispense))
        if not changed:
            return
        changed._clinic_check_dispense_rights()
        dispensed = changed.sudo().invoice_line_ids.filtered(
            lambda line: line.clinic_stock_move_ids and line._clinic_has_dispensed()
        )
        if dispensed:
            raise UserError(
                _(
                    "%(invoices)s already dispensed %(items)s from stock: delete "
                    "these lines first (their stock comes back).",
                    invoices=", ".join(dispensed.move_id.mapped("display_name")),
                    items=", ".join(dispensed.product_id.mapped("display_name")),
                )
            )

    @api.depends("invoice_line_ids.clinic_event_id")
    def _compute_clinic_event_ids(self):
        for move in self:
            move.clinic_event_ids = move.invoice_line_ids.clinic_event_id
            move.clinic_event_count = len(move.clinic_event_ids)

    @api.depends("invoice_line_ids.clinic_stock_move_ids.picking_id")
    def _compute_clinic_picking_ids(self):
        for move in self:
            move.clinic_picking_ids = (
                move.invoice_line_ids.clinic_stock_move_ids.picking_id
            )

    def action_view_clinic_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self.clinic_picking_ids.ids)]
        return action

    def action_view_clinic_events(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,form",
            "domain": [("id", "in", self.clinic_event_ids.ids)],
            "context": {"create": False},
        }

    def action_clinic_new_credit(self):
        """New Credit from a posted customer invoice: applied to it by default."""
        self.ensure_one()
        self.env["clinic.client.credit"]._check_credit_rights()
        if self.move_type != "out_invoice" or self.state != "posted":
            raise UserError(_("Credits are created from posted customer invoices."))
        return {
            "type": "ir.actions.act_window",
            "name": _("New Credit"),
            "res_model": "clinic.credit.create",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_invoice_id": self.id,
                "default_partner_id": self.commercial_partner_id.id,
            },
        }

    def _clinic_post_and_apply_credits(self):
        """Settle at the desk: post the drafts, then apply the clients' open
        credits (oldest first) up to what each invoice owes."""
        self.filtered(lambda move: move.state == "draft").action_post()
        return self.env["clinic.client.credit"]._apply_open_credits(self)

    # ------------------------------------------------------------------
    # Dispensing: storable items billed to a client leave the clinic's stock
    # ------------------------------------------------------------------
    def _clinic_warehouses(self):
        """{company: warehouse dispensing for it}, in one search."""
        warehouses = self.env["stock.warehouse"]._clinic_main_by_company(
            self.company_id
        )
        for company in self.company_id:
            if company not in warehouses:
                raise UserError(
                    _("Company %s has no warehouse to dispense from.", company.name)
                )
        return warehouses

    def _clinic_prepare_picking_vals(self, lines, warehouse):
        self.ensure_one()
        source = warehouse.lot_stock_id
        destination = self.partner_id.property_stock_customer
        return {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": self.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self._clinic_dispensing_origin(),
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": line.product_id.display_name,
                        "product_id": line.product_id.id,
                        "product_uom_qty": line._clinic_quantity_to_dispense(),
                        "product_uom": line.product_uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "partner_id": self.partner_id.id,
                        "company_id": self.company_id.id,
                        "clinic_invoice_line_id": line.id,
                    }
                )
                for line in lines
            ],
        }

    def _clinic_dispensing_origin(self):
        """The delivery's source document: the invoice's number, or while
        the invoice is a draft (checkout), its draft name until posting
        gives it its number (see _post)."""
        self.ensure_one()
        return self.name if self.name and self.name != "/" else self.display_name

    def _clinic_lines_to_dispense(self):
        """{invoice: its lines to dispense now}: storable lines of clinic
        invoices with nothing delivered."""
        to_dispense = defaultdict(lambda: self.env["account.move.line"])
        for line in self.filtered(
            lambda m: m.clinic_dispense and m.move_type == "out_invoice"
        ).invoice_line_ids:
            if line._clinic_is_dispensable():
                to_dispense[line.move_id] |= line
        return to_dispense

    def _clinic_dispense(self, to_dispense=None):
        """Deliver, validated and FEFO, what clinic invoices bill and was
        not delivered yet. One picking per invoice, all created at once."""
        if to_dispense is None:
            to_dispense = self._clinic_lines_to_dispense()
        if not to_dispense:
            return self.env["stock.picking"]
        invoices = self.browse([invoice.id for invoice in to_dispense])
        warehouses = invoices._clinic_warehouses()
        short_lines = self.env["account.move.line"]
        for company in invoices.company_id:
            lines = self.env["account.move.line"].concat(
                *(
                    lines
                    for inv, lines in to_dispense.items()
                    if inv.company_id == company
                )
            )
            short_lines |= self.env["account.move.line"].concat(
                *self.env["stock.location"]._clinic_check_stock(
                    [warehouses[company].lot_stock_id],
                    [
                        (
                            ln.product_id,
                            ln.product_uom_id,
                            ln._clinic_quantity_to_dispense(),
                            ln,
                        )
                        for ln in lines
                    ],
                    company,
                )
            )
        pickings = self.env["stock.picking"].create(
            [
                inv._clinic_prepare_picking_vals(lines, warehouses[inv.company_id])
                for inv, lines in to_dispense.items()
            ]
        )
        pickings._clinic_validate_available()
        short_lines.clinic_stock_shortage = True
        self._clinic_record_stockouts(pickings, short_lines, warehouses)
        return pickings

    def _clinic_record_stockouts(self, pickings, short_lines, warehouses):
        """What dispensing ran out of: the items left pending (recorded, and
        their clients told of the delay), and the items whose free stock it
        brought to zero below their minimum."""
        Stockout = self.env["clinic.stockout.event"]
        if short_lines:
            Stockout._clinic_record_shortage(short_lines)
            self.env["res.partner"]._clinic_notify_stock_delay(short_lines)
        done = pickings.move_ids.filtered(lambda m: m.state == "done")
        for company, warehouse in warehouses.items():
            Stockout._clinic_record_below_minimum(
                warehouse, done.filtered(lambda m, c=company: m.company_id == c)
            )

    def _prepare_asset_vals(self, aml):
        """OCA creates an asset per bill line of an asset profile (per unit
        when the profile says so): a device's asset is linked to the serial
        number it was received under, the first of the order's serials of
        that item no asset has yet."""
        vals = super()._prepare_asset_vals(aml)
        lot = self._clinic_asset_lot(aml)
        if lot:
            vals["clinic_lot_id"] = lot.id
        return vals

    def _clinic_asset_lot(self, aml):
        self.ensure_one()
        Lot = self.env["stock.lot"]
        if aml.product_id.tracking != "serial" or aml.quantity != 1:
            return Lot
        # OCA splits a line per unit by copying it, and a copy loses its
        # order line: every order line of the bill for the item counts.
        order_lines = self.invoice_line_ids.purchase_line_id.filtered(
            lambda line: line.product_id == aml.product_id
        )
        lots = order_lines.move_ids.filtered(
            lambda move: (
                move.state == "done"
                and move.location_dest_id.usage == "internal"
                and move.location_id.usage != "internal"
            )
        ).move_line_ids.lot_id.sorted("id")
        if not lots:
            return Lot
        taken = (
            self.env["account.asset"]
            .sudo()
            .search([("clinic_lot_id", "in", lots.ids)])
            .clinic_lot_id
        )
        return (lots - taken)[:1]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # Lines added to a clinic invoice after checkout (or a retail sale)
        # are dispensed now, as superuser (reception has no stock rights),
        # but only when clinic staff post them.
        to_dispense = posted.sudo()._clinic_lines_to_dispense()
        if to_dispense and not self.env.su and not self._clinic_is_dispensing_user():
            lines = self.env["account.move.line"].concat(*to_dispense.values())
            raise AccessError(
                _(
                    "Posting %(invoices)s would dispense %(items)s from the "
                    "clinic's stock, which only clinic staff (Reception or "
                    "Clinic Manager) may do: ask them to post it, or remove "
                    "these lines.",
                    invoices=", ".join(lines.move_id.mapped("display_name")),
                    items=", ".join(lines.product_id.mapped("display_name")),
                )
            )
        posted.sudo()._clinic_dispense(to_dispense)
        posted.sudo()._clinic_name_dispensing_pickings()
        # A supplier's credit note settles the stock claims it belongs to.
        refunds = posted.filtered(lambda m: m.move_type == "in_refund")
        if refunds:
            self.env["clinic.stock.claim"]._clinic_credit_from_refunds(refunds)
        # A package sold is active once its invoice is posted, cancelled
        # when a credit note reverses it.
        self._clinic_patient_packages(posted)._clinic_invoice_posted()
        credit_notes = posted.filtered(lambda m: m.move_type == "out_refund")
        credit_notes._clinic_check_package_credit()
        self._clinic_patient_packages(
            credit_notes.reversed_entry_id
        )._clinic_invoice_cancelled()
        # Sessions a credit note gives back are left again.
        credit_notes.line_ids.clinic_patient_package_line_id.patient_package_id._clinic_update_exhausted()
        return posted

    def _clinic_check_package_credit(self):
        """A credit note never gives back more of a treatment package than
        is left of it: the sessions used were supplied, their revenue
        stays (the Prepaid Packages balance would go below zero)."""
        lines = self.line_ids.filtered(
            lambda line: (
                line.clinic_patient_package_id.package_type == "treatment"
                and line.account_id.internal_group == "liability"
            )
        )
        if not lines:
            return
        packages = lines.clinic_patient_package_id.sudo()
        balances = defaultdict(float)
        for (
            package_id,
            _account,
        ), amount in packages._clinic_prepaid_balances().items():
            balances[package_id] += amount
        for package in packages:
            currency = package.currency_id
            if currency.compare_amounts(balances[package.id], 0.0) <= 0:
                continue
            credited = sum(
                lines.filtered(
                    lambda line, p=package: line.clinic_patient_package_id == p
                ).mapped("balance")
            )
            raise UserError(
                _(
                    "%(credits)s credits %(credited)s of package %(package)s, "
                    "but only %(left)s of it is unused: the sessions used were "
                    "supplied. Credit only the unused value.",
                    credits=", ".join(self.mapped("display_name")),
                    credited=format_amount(self.env, credited, currency),
                    package=package.display_name,
                    left=format_amount(
                        self.env, credited - balances[package.id], currency
                    ),
                )
            )

    @api.model
    def _clinic_patient_packages(self, invoices):
        """The client packages these invoices sell (as superuser: who may
        post or cancel an invoice moves its package along)."""
        invoices = invoices.filtered(lambda m: m.move_type == "out_invoice")
        if not invoices:
            return self.env["clinic.patient.package"]
        return self.env["clinic.patient.package"].sudo()._clinic_from_invoices(invoices)

    def _clinic_name_dispensing_pickings(self):
        """Deliveries made while the invoice was a draft (checkout) take the
        number it gets when posted as their source document."""
        for invoice in self.filtered("clinic_dispense"):
            pickings = invoice.clinic_picking_ids.filtered(
                lambda p, name=invoice.name: (
                    p.picking_type_code == "outgoing"
                    and not p.return_id
                    and p.origin != name
                )
            )
            if pickings:
                pickings.origin = invoice.name

    def button_cancel(self):
        # Dispensed stock and the appointments' consumables come back.
        self.filtered("clinic_dispense").sudo().invoice_line_ids._clinic_release()
        res = super().button_cancel()
        self._clinic_patient_packages(self)._clinic_invoice_cancelled()
        # The sessions these invoices used are left again.
        self.line_ids.clinic_patient_package_line_id.patient_package_id._clinic_update_exhausted()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_clinic_cancel_packages(self):
        # A deleted (draft) invoice sold nothing: its package is cancelled.
        self._clinic_patient_packages(self)._clinic_invoice_cancelled()

    def button_draft(self):
        # A cancelled checkout invoice back to draft bills its appointments
        # again: they consume again what cancelling gave back.
        self._check_events_not_billed_elsewhere()
        cancelled = self.filtered(
            lambda m: m.clinic_dispense and m.state == "cancel"
        ).sudo()
        res = super().button_draft()
        self._clinic_patient_packages(self)._clinic_invoice_reset()
        # A cancelled checkout billed again uses its sessions again.
        self.line_ids.clinic_patient_package_line_id._clinic_check_balance()
        for company in cancelled.company_id:
            events = (
                cancelled.filtered(lambda m, c=company: m.company_id == c)
                .invoice_line_ids.filtered(
                    lambda line: line.clinic_line_role in (False, "appointment")
                )
                .clinic_event_id
            )
            events.with_company(company)._clinic_consume(company)
        return res

    def _check_events_not_billed_elsewhere(self):
        """A cancelled invoice comes back only if its appointments were not
        billed again meanwhile: they would be billed twice."""
        rebilled = (
            self.filtered(lambda m: m.state == "cancel")
            .invoice_line_ids.filtered(
                lambda line: line.clinic_line_role in (False, "appointment")
            )
            .clinic_event_id.filtered(lambda e: e.billing_state == "billed")
        )
        if rebilled:
            raise UserError(
                _(
                    "These appointments were billed again since this invoice was "
                    "cancelled; resetting it would bill them twice: %s",
                    ", ".join(rebilled.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Stock accounting hooks, wired like sale_stock's
    # ------------------------------------------------------------------
    def _stock_account_get_last_step_stock_moves(self):
        """Anglo-saxon: the deliveries (and their returns) of clinic
        invoices, so that their interim (delivered) lines reconcile with the
        invoice's cost of goods sold (stock_account lets invoicing users
        read deliveries)."""
        moves = super()._stock_account_get_last_step_stock_moves()
        for invoice in self:
            if invoice.move_type == "out_invoice" and invoice.clinic_dispense:
                moves |= invoice.invoice_line_ids.clinic_stock_move_ids.filtered(
                    lambda m: (
                        m.state == "done" and m.location_dest_id.usage == "customer"
                    )
                )
            elif invoice.move_type == "out_refund":
                # A credit for returned goods, or the reversal of a clinic
                # invoice: the goods that came back.
                returned = (
                    invoice.clinic_return_picking_id.move_ids
                    | invoice.reversed_entry_id.invoice_line_ids.clinic_stock_move_ids
                )
                moves |= returned.filtered(
                    lambda m: m.state == "done" and m.location_id.usage == "customer"
                )
        return moves

    def _get_invoiced_lot_values(self):
        """Dispensed lots print on the invoice (Odoo's "Display Lots & Serial
        Numbers on Invoices" setting): per lot, what left for the invoice's
        lines less what came back."""
        self.ensure_one()
        res = super()._get_invoiced_lot_values()
        if (
            self.state == "draft"
            or self.move_type != "out_invoice"
            or not self.clinic_dispense
        ):
            return res
        quantities = defaultdict(float)
        # Superuser: the invoice is readable by whoever prints it, the stock
        # may not be (as sale_stock reads lots).
        move_lines = (
            self.sudo()
            .invoice_line_ids.clinic_stock_move_ids.filtered(
                lambda m: m.state == "done"
            )
            .move_line_ids.filtered("lot_id")
        )
        for move_line in move_lines:
            quantity = move_line.product_uom_id._compute_quantity(
                move_line.quantity, move_line.product_id.uom_id
            )
            if move_line.location_id.usage == "customer":
                quantity = -quantity
            quantities[move_line.lot_id] += quantity
        for lot, quantity in quantities.items():
            if (
                float_compare(
                    quantity, 0.0, precision_rounding=lot.product_uom_id.rounding
                )
                <= 0
            ):
                continue
            res.append(
                {
                    "product_name": lot.product_id.display_name,
                    "quantity": formatLang(
                        self.env, quantity, dp="Product Unit of Measure"
                    ),
                    "uom_name": lot.product_uom_id.name,
                    "lot_name": lot.name,
                    "lot_id": lot.id,
                }
            )
        return res

    # Deleting a clinic invoice deletes its lines, which release their stock
    # (account.move.line.unlink).

    def write(self, vals):
        if "clinic_dispense" in vals:
            self._clinic_check_dispense_change(vals["clinic_dispense"])
        res = super().write(vals)
        # A supplier's credit note reset to draft or cancelled no longer
        # settles its stock claims (posting is handled in _post).
        if vals.get("state") in ("draft", "cancel"):
            refunds = self.filtered(lambda m: m.move_type == "in_refund")
            if refunds:
                self.env["clinic.stock.claim"]._clinic_credit_from_refunds(refunds)
        return res

    # ------------------------------------------------------------------
    # Invoice screen
    # ------------------------------------------------------------------
    @api.depends(
        "invoice_line_ids.clinic_dispensed_lot_ids",
        "invoice_line_ids.clinic_stock_shortage",
        "invoice_line_ids.clinic_duration",
        "invoice_line_ids.clinic_price_include",
        "invoice_line_ids.clinic_event_id",
        "invoice_line_ids.clinic_discount_rule_id",
    )
    def _compute_clinic_show_columns(self):
        for move in self:
            lines = move.invoice_line_ids
            move.clinic_show_lots = bool(lines.clinic_dispensed_lot_ids)
            move.clinic_show_shortage = any(lines.mapped("clinic_stock_shortage"))
            move.clinic_show_duration = any(lines.mapped("clinic_duration"))
            move.clinic_show_price_include = any(lines.mapped("clinic_price_include"))
            move.clinic_show_appointment = bool(lines.clinic_event_id)
            move.clinic_show_discount_rule = bool(lines.clinic_discount_rule_id)

    @api.depends_context("uid")
    def _compute_clinic_can_edit_checkout_price(self):
        # The same groups account.move.line's write() lets through: the form
        # makes the fields read-only instead of refusing them at save.
        allowed = self.env.su or any(
            self.env.user.has_group(group) for group in CLINIC_DISCOUNT_GROUPS
        )
        self.clinic_can_edit_checkout_price = allowed

    @api.depends("name", "invoice_date", "amount_residual")
    @api.depends_context("clinic_invoice_picker")
    def _compute_display_name(self):
        """Where a credit is applied or unapplied, an invoice reads as its
        number, date and amount due: enough to pick the right one."""
        if not self.env.context.get("clinic_invoice_picker"):
            return super()._compute_display_name()
        for move in self:
            move.display_name = self.env._(
                "%(number)s, %(date)s, %(due)s due",
                number=move.name,
                date=format_date(self.env, move.invoice_date),
                due=format_amount(self.env, move.amount_residual, move.currency_id),
            )
