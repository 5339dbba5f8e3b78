# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round, format_datetime

# Who may change the discount of a line billed by Express Checkout.
CLINIC_DISCOUNT_GROUPS = (
    "clinic_dispensary.group_clinic_manager",
    "account.group_account_user",
    "account.group_account_manager",
)


# What a line delivered from stock depends on: frozen once dispensed.
CLINIC_DISPENSED_FIELDS = {"quantity", "product_id", "product_uom_id"}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # copy=False: a credit note or a duplicated invoice does not bill the
    # appointment a second time.
    clinic_event_id = fields.Many2one(
        "calendar.event",
        string="Appointment",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    clinic_line_role = fields.Selection(
        [
            ("appointment", "Appointment"),
            ("addon", "Add-on"),
            ("consumable", "Consumable"),
            ("package", "Paid by Package"),
        ],
        string="Billed as",
        readonly=True,
        copy=False,
        help="What Express Checkout billed on this line for its appointment.",
    )
    # The appointment type a line bills: an appointment of two billable types
    # (Botox and a peel) has a line of its own per type. Computed for lines
    # from before it existed: they billed their appointment's type.
    clinic_event_type_id = fields.Many2one(
        "calendar.event.type",
        string="Appointment Type Billed",
        compute="_compute_clinic_event_type_id",
        store=True,
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    clinic_addon_id = fields.Many2one(
        "clinic.event.addon",
        string="Add-on Billed",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    # The client's package this line sells, uses or expires: its prepaid
    # balance is the sum of its lines on the Prepaid Packages account.
    clinic_patient_package_id = fields.Many2one(
        "clinic.patient.package",
        string="Client Package",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
    # The balance a line uses (a session at checkout, a bundle's item) and
    # the *Paid by package* line that pays for it: used = the first kind on
    # invoices not cancelled.
    clinic_patient_package_line_id = fields.Many2one(
        "clinic.patient.package.line",
        string="Package Balance Used",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
    # The session a *Paid by package* or rounding line pays for: deleting
    # one session takes its own payment, not another session's.
    clinic_package_session_line_id = fields.Many2one(
        "account.move.line",
        string="Session Paid",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    clinic_base_price = fields.Monetary(
        string="Catalogue Price",
        readonly=True,
        copy=False,
        help="The item's sales price at checkout, per unit (or its rate per "
        "hour or minute), before the client's fiscal position and discounts.",
    )
    clinic_duration = fields.Float(
        string="Duration Billed",
        readonly=True,
        copy=False,
        help="Duration billed for an item priced per duration (hours), after "
        "the item's rounding rule.",
    )
    clinic_time_unit = fields.Selection(
        [("hour", "Hour"), ("minute", "Minute")],
        string="Rate per",
        readonly=True,
        copy=False,
    )
    clinic_discount_rule_id = fields.Many2one(
        "clinic.discount.rule",
        string="Discount Rule",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The clinic discount that set this line's discount at checkout.",
    )
    clinic_discount_manual = fields.Boolean(
        string="Discount Overridden",
        readonly=True,
        copy=False,
        help="The discount was changed by hand after checkout.",
    )
    clinic_discount_amount = fields.Monetary(
        string="Amount Off",
        compute="_compute_clinic_discount_amount",
        help="What the discount takes off this line.",
    )
    clinic_price_include = fields.Boolean(
        string="Tax Included",
        compute="_compute_clinic_price_include",
        help="The unit price includes the line's taxes.",
    )
    clinic_stock_move_ids = fields.One2many(
        "stock.move",
        "clinic_invoice_line_id",
        string="Dispensing Moves",
        readonly=True,
    )
    # Set by *Reverse and create new draft*: the goods the reversed invoice
    # dispensed stay with the client (a credit note returns none), so the
    # draft that bills them again dispenses only what it bills beyond them.
    clinic_delivered_before_qty = fields.Float(
        string="Delivered Before",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="Quantity of this line the client already received with the "
        "invoice this draft replaces: only the rest leaves stock when it is "
        "posted.",
    )
    clinic_stock_shortage = fields.Boolean(
        string="Stock Shortage",
        readonly=True,
        copy=False,
        help="Billed with less stock than needed: the rest waits in a pending "
        "delivery.",
    )
    clinic_dispensed_lot_ids = fields.Many2many(
        "stock.lot",
        string="Dispensed Lots",
        compute="_compute_clinic_dispensed_lot_ids",
        compute_sudo=True,
    )
    # Read through the line's own link: whoever sees the invoice sees which
    # visit an add-on or a consumable was for.
    clinic_appointment_label = fields.Char(
        string="For Appointment",
        compute="_compute_clinic_appointment_label",
        compute_sudo=True,
        help="The appointment this add-on or consumable was billed with.",
    )

    @api.depends("clinic_event_id", "clinic_line_role")
    def _compute_clinic_event_type_id(self):
        for line in self:
            # Checkout sets it on its lines: only lines from before the field
            # come here with an appointment (lines of other invoices, and
            # add-ons, bill no type; their own value is not even read).
            if line.clinic_event_id and line.clinic_line_role != "addon":
                line.clinic_event_type_id = (
                    line.clinic_event_type_id
                    or line.clinic_event_id.appointment_type_id
                )
            else:
                line.clinic_event_type_id = False

    @api.depends(
        "clinic_event_id.start",
        "clinic_event_id.appointment_type_id",
        "clinic_line_role",
    )
    @api.depends_context("tz")
    def _compute_clinic_appointment_label(self):
        for line in self:
            event = line.clinic_event_id
            if line.clinic_line_role not in ("addon", "consumable") or not event:
                line.clinic_appointment_label = False
                continue
            line.clinic_appointment_label = self.env._(
                "%(type)s on %(date)s",
                type=event.appointment_type_id.name or event.name,
                date=format_datetime(
                    self.env, event.start, tz=event._clinic_tz().zone, dt_format="short"
                ),
            )

    @api.depends("price_unit", "quantity", "discount", "currency_id")
    def _compute_clinic_discount_amount(self):
        for line in self:
            line.clinic_discount_amount = (
                line.currency_id or line.company_currency_id
            ).round(line.price_unit * line.quantity * line.discount / 100)

    def _clinic_discount_digits(self):
        """Decimals this line's discount (%) is printed with: two, more only
        when the exact percentage needs them (a fixed amount off), up to the
        Discount precision."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get("Discount")
        for digits in range(2, precision):
            if not float_compare(
                float_round(self.discount, precision_digits=digits),
                self.discount,
                precision_digits=precision,
            ):
                return digits
        return max(precision, 2)

    @api.depends("tax_ids.price_include")
    def _compute_clinic_price_include(self):
        for line in self:
            line.clinic_price_include = any(line.tax_ids.mapped("price_include"))

    def write(self, vals):
        if CLINIC_DISPENSED_FIELDS & set(vals):
            self._clinic_check_dispensed_change(vals)
            self._clinic_follow_delivered_before(vals)
        if "price_unit" in vals:
            self._clinic_check_price_change(vals["price_unit"])
        if "discount" in vals:
            changed = self._clinic_check_discount_change(vals["discount"])
            if changed:
                res = super().write(vals)
                changed.clinic_discount_manual = True
                return res
        return super().write(vals)

    def _clinic_follow_delivered_before(self, vals):
        """What a new draft's line delivered before is of its item, in its
        unit: another item billed instead is delivered in full, another unit
        counts the same goods in that unit."""
        for line in self.filtered("clinic_delivered_before_qty"):
            before = line.clinic_delivered_before_qty
            if vals.get("product_id", line.product_id.id) != line.product_id.id:
                before = 0.0
            elif vals.get("product_uom_id", line.product_uom_id.id) != (
                line.product_uom_id.id
            ):
                before = line.product_uom_id._compute_quantity(
                    before, self.env["uom.uom"].browse(vals["product_uom_id"])
                )
            if before != line.clinic_delivered_before_qty:
                line.write({"clinic_delivered_before_qty": before})

    def _clinic_check_price_change(self, price_unit):
        """The price of a checkout line is the catalogue's: changing it is a
        discount by other means, so it is for the same people."""
        if self.env.su or any(
            self.env.user.has_group(group) for group in CLINIC_DISCOUNT_GROUPS
        ):
            return
        digits = self.env["decimal.precision"].precision_get("Product Price")
        changed = self.filtered(
            lambda line: (
                line.clinic_line_role
                and float_compare(
                    line.price_unit, price_unit or 0.0, precision_digits=digits
                )
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "Only a clinic manager or an accountant can change the price "
                    "of an Express Checkout line: %s",
                    ", ".join(changed.mapped("product_id.display_name")),
                )
            )

    def _clinic_check_discount_change(self, discount):
        """The lines of self, billed by checkout, whose discount `discount`
        overrides: only on draft invoices, by a clinic manager or an
        accountant, and within 0-100 %."""
        digits = self.env["decimal.precision"].precision_get("Discount")
        changed = self.filtered(
            lambda line: (
                line.clinic_line_role
                and float_compare(
                    line.discount, discount or 0.0, precision_digits=digits
                )
            )
        )
        if not changed or self.env.su:
            return changed
        if not any(self.env.user.has_group(group) for group in CLINIC_DISCOUNT_GROUPS):
            raise UserError(
                self.env._(
                    "Only a clinic manager or an accountant can change the "
                    "discount of an Express Checkout line: %s",
                    ", ".join(changed.mapped("product_id.display_name")),
                )
            )
        if changed.filtered(lambda line: line.parent_state != "draft"):
            raise UserError(
                self.env._(
                    "The discount of a checkout line changes only on a draft "
                    "invoice: reset it to draft first."
                )
            )
        if not 0 <= (discount or 0.0) <= 100:
            raise UserError(
                self.env._(
                    "A discount is between 0 %% and 100 %%, not %(discount)s %% "
                    "(%(items)s).",
                    discount=discount,
                    items=", ".join(changed.mapped("product_id.display_name")),
                )
            )
        return changed

    @api.depends("clinic_stock_move_ids.move_line_ids.lot_id")
    def _compute_clinic_dispensed_lot_ids(self):
        for line in self:
            line.clinic_dispensed_lot_ids = line.clinic_stock_move_ids.filtered(
                lambda m: m.state == "done"
            ).move_line_ids.lot_id

    def _clinic_has_dispensed(self):
        """Stock left for this line and did not all come back (or a delivery
        for it is still pending)."""
        self.ensure_one()
        moves = self.clinic_stock_move_ids.filtered(lambda m: m.state != "cancel")
        if moves.filtered(lambda m: m.state != "done"):
            return True
        delivered = sum(
            m.product_qty for m in moves if m.location_dest_id.usage == "customer"
        )
        returned = sum(
            m.product_qty for m in moves if m.location_id.usage == "customer"
        )
        return delivered > returned

    def _clinic_net_delivered_qty(self):
        """What the client holds of this line, in its unit: what its own
        deliveries took (pending ones included) less what came back, plus
        what the invoice it replaces had delivered."""
        self.ensure_one()
        net = 0.0
        for move in self.clinic_stock_move_ids.filtered(lambda m: m.state != "cancel"):
            sign = (move.location_dest_id.usage == "customer") - (
                move.location_id.usage == "customer"
            )
            net += sign * move.product_uom._compute_quantity(
                move.product_uom_qty if move.state != "done" else move.quantity,
                self.product_uom_id,
            )
        return net + self.clinic_delivered_before_qty

    def _clinic_quantity_to_dispense(self):
        """What posting dispenses for this line: what it bills beyond what
        the invoice it replaces delivered, and beyond what the client brought
        back and was credited for (a return with credit: posting the invoice
        again, after a reset to draft or a cancel, must not deliver it
        again; the credit note bills it back)."""
        self.ensure_one()
        return (
            self.quantity
            - self.clinic_delivered_before_qty
            - self._clinic_credited_return_qty()
        )

    def _clinic_credited_return_qty(self):
        """What came back from the client for this line by a return with a
        credit note (still valid), in the line's unit."""
        self.ensure_one()
        return sum(
            move.product_uom._compute_quantity(move.quantity, self.product_uom_id)
            for move in self.clinic_stock_move_ids
            if move.state == "done"
            and move.location_id.usage == "customer"
            and move.picking_id.clinic_credit_move_ids.filtered(
                lambda credit: credit.state != "cancel"
            )
        )

    def _clinic_is_dispensable(self):
        """A storable line with nothing delivered (or all of it returned)
        that bills more than the client already received."""
        self.ensure_one()
        if not (
            self.display_type == "product"
            and self.product_id.is_storable
            and float_compare(
                self._clinic_quantity_to_dispense(),
                0.0,
                precision_rounding=self.product_uom_id.rounding or 0.01,
            )
            > 0
        ):
            return False
        # A line invoicing a sales order (sale_stock) is delivered by it.
        if "sale_line_ids" in self._fields and self.sale_line_ids:
            return False
        return not self._clinic_has_dispensed()

    def _clinic_check_dispensed_change(self, vals):
        """Refuse to change what a dispensed line delivered.

        Refused rather than returning the difference: a partial return would
        have to pick which lots come back and would leave the line half
        delivered, which dispensing on posting cannot complete. Deleting the
        line returns all its stock; a new line is dispensed when posted.
        """
        # Values first: Odoo rewrites lines with unchanged values while it
        # creates an invoice, and that must not cost a read of the moves.
        changed = self.sudo().filtered(
            lambda line: (
                (
                    (
                        "quantity" in vals
                        and float_compare(
                            line.quantity,
                            vals["quantity"] or 0.0,
                            precision_rounding=line.product_uom_id.rounding or 0.01,
                        )
                    )
                    or any(
                        field in vals and line[field].id != (vals[field] or False)
                        for field in ("product_id", "product_uom_id")
                    )
                )
                and line.clinic_stock_move_ids
            )
        )
        dispensed = changed.filtered(lambda line: line._clinic_has_dispensed())
        if dispensed:
            raise UserError(
                self.env._(
                    "Already dispensed from stock, so its quantity, item and "
                    "unit cannot change: %s. Delete the line instead (its "
                    "stock comes back) and add the right one; it is dispensed "
                    "when the invoice is posted.",
                    ", ".join(dispensed.mapped("product_id.display_name")),
                )
            )

    def _clinic_return_stock(self):
        """Bring back what was dispensed for these lines (Odoo returns): a
        pending delivery is cancelled, what a done one delivered and was not
        returned yet (by hand, partly) comes back, once."""
        moves = self.clinic_stock_move_ids
        moves.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        to_return = {
            move: move.quantity
            - sum(
                returned.product_uom._compute_quantity(
                    returned.quantity, move.product_uom
                )
                for returned in move.returned_move_ids
                if returned.state != "cancel"
            )
            for move in moves
            if move.state == "done" and move.location_dest_id.usage == "customer"
        }
        delivered = self.env["stock.move"].concat(
            *(
                move
                for move, quantity in to_return.items()
                if float_compare(
                    quantity, 0.0, precision_rounding=move.product_uom.rounding
                )
                > 0
            )
        )
        if not delivered:
            return True
        # Odoo's return wizard returns one picking at a time: the wizards
        # are created in one batch with the quantities to return (not
        # computed from the picking and rewritten line by line), and the
        # returns are validated together.
        wizards = self.env["stock.return.picking"].create(
            [
                {
                    "picking_id": picking.id,
                    "product_return_moves": [
                        Command.create(
                            {
                                "product_id": move.product_id.id,
                                "move_id": move.id,
                                "quantity": move.product_uom._compute_quantity(
                                    to_return[move], move.product_id.uom_id
                                ),
                            }
                        )
                        for move in delivered
                        if move.picking_id == picking
                    ],
                }
                for picking in delivered.picking_id
            ]
        )
        returns = self.env["stock.picking"].concat(
            *(wizard._create_return() for wizard in wizards)
        )
        # What comes back may have expired since: it returns to stock all
        # the same, and the expiry sweep quarantines it.
        returns._clinic_validate_available(skip_expired=True)
        return True

    def _clinic_release(self):
        """These checkout lines stop billing (their invoice is cancelled or
        deleted, or they are deleted): what they dispensed comes back, and
        the appointments they billed, back to "to bill", give back what
        they consumed, so that checking them out again consumes it once."""
        lines = self.filtered(
            lambda line: (
                line.display_type == "product"
                and line.move_id.clinic_dispense
                and line.move_id.move_type == "out_invoice"
            )
        )
        if not lines:
            return
        lines._clinic_return_stock()
        events = lines.filtered(
            lambda line: line.clinic_line_role in (False, "appointment")
        ).clinic_event_id
        if not events:
            return
        still_billed = (events.clinic_invoice_line_ids - lines).filtered(
            lambda line: (
                line.parent_state != "cancel"
                and line.clinic_line_role in (False, "appointment")
            )
        )
        (events - still_billed.clinic_event_id)._clinic_return_consumption()

    def _clinic_package_units(self):
        """Units of its package balance this line uses: a live invoice line
        (a draft checkout holds its session), minus a posted credit note's;
        the *Paid by package* lines only pay for them."""
        self.ensure_one()
        if self.clinic_line_role == "package" or self.parent_state == "cancel":
            return 0.0
        if self.move_id.move_type == "out_refund":
            return -self.quantity if self.parent_state == "posted" else 0.0
        return self.quantity

    def _copy_data_extend_business_fields(self, values):
        # A credit note carries the package links of what it reverses: the
        # liability it restores stays the package's, the session it
        # refunds is left again.
        res = super()._copy_data_extend_business_fields(values)
        values["clinic_patient_package_id"] = self.clinic_patient_package_id.id
        values["clinic_patient_package_line_id"] = (
            self.clinic_patient_package_line_id.id
        )
        if self.clinic_line_role == "package":
            values["clinic_line_role"] = "package"
        if "move_reverse_cancel" in self.env.context:
            self._clinic_credit_unused_package_value(values)
        elif self.env.context.get("clinic_redraft") and self.move_id.clinic_dispense:
            # The new draft of *Reverse and create new draft*: what this
            # line's goods already are with the client.
            values["clinic_delivered_before_qty"] = self._clinic_net_delivered_qty()
        return res

    def _clinic_credit_unused_package_value(self, values):
        """Odoo's *Reverse* of a treatment package's sale credits what is
        left of the package, not its price: the sessions used were
        supplied, their revenue stays."""
        package = self.sudo().clinic_patient_package_id
        if (
            package.package_type != "treatment"
            or self.clinic_patient_package_line_id
            or self.move_id != package.invoice_id
            or self.account_id.internal_group != "liability"
        ):
            return
        move = self.move_id
        unused = package.amount_remaining * (move.invoice_currency_rate or 1.0)
        if self.currency_id.compare_amounts(unused, self.price_subtotal) < 0:
            values["discount"] = 0.0
            values["price_unit"] = self.currency_id.round(
                max(unused, 0.0) / (self.quantity or 1.0)
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Nothing is used beyond what is left (checked once all are made;
        # only when a line uses a balance: invoices are made of many creates).
        if any(vals.get("clinic_patient_package_line_id") for vals in vals_list):
            lines.clinic_patient_package_line_id._clinic_check_balance()
            lines._clinic_link_package_payments()
        return lines

    def _clinic_link_package_payments(self):
        """Link each *Paid by package* (and rounding) line to the session it
        follows (checkout writes them right after it), in one query."""
        pairs = []
        session = None
        for line in self:
            if not line.clinic_patient_package_line_id:
                continue
            if line.clinic_line_role != "package":
                session = line
            elif (
                session
                and session.move_id == line.move_id
                and session.clinic_patient_package_line_id
                == line.clinic_patient_package_line_id
            ):
                pairs.append(SQL("(%s, %s)", line.id, session.id))
        if not pairs:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move_line AS aml
                   SET clinic_package_session_line_id = pairs.session_id
                  FROM (VALUES %s) AS pairs(id, session_id)
                 WHERE aml.id = pairs.id
                """,
                SQL(", ").join(pairs),
            )
        )
        self.invalidate_recordset(["clinic_package_session_line_id"])

    def unlink(self):
        # A dispensed line deleted from a draft invoice returns its stock.
        self.sudo()._clinic_release()
        balances = self.clinic_patient_package_line_id
        self.sudo()._clinic_unlink_package_siblings()
        res = super().unlink()
        balances.exists().patient_package_id._clinic_update_exhausted()
        return res

    def _clinic_unlink_package_siblings(self):
        """A session deleted takes its *Paid by package* (and rounding) lines
        with it; a *Paid by package* line deleted leaves its session billed
        normally. Lines are paired by the session they pay for (lines made
        before that link: by invoice and balance)."""
        linked = self.filtered("clinic_patient_package_line_id")
        if not linked or self.env.context.get("clinic_package_siblings_done"):
            return
        Line = self.env["account.move.line"]
        paying = (
            Line.search([("clinic_package_session_line_id", "in", linked.ids)])
            | linked.clinic_package_session_line_id
        )
        paired = linked | paying
        unpaired = linked.filtered(
            lambda line: (
                line.clinic_line_role == "package"
                and not line.clinic_package_session_line_id
                or line.clinic_line_role != "package"
                and line not in paying.clinic_package_session_line_id
            )
        )
        siblings = (paying - self) | unpaired.move_id.line_ids.filtered(
            lambda line: (
                line.clinic_patient_package_line_id
                and line not in self
                and line not in paired
                and any(
                    line.move_id == other.move_id
                    and line.clinic_patient_package_line_id
                    == other.clinic_patient_package_line_id
                    for other in unpaired
                )
            )
        )
        # The other payments of a session whose payment is deleted go too.
        sessions = siblings.filtered(lambda line: line.clinic_line_role != "package")
        siblings |= (
            Line.search([("clinic_package_session_line_id", "in", sessions.ids)]) - self
        )
        payments = siblings.filtered(lambda line: line.clinic_line_role == "package")
        (siblings - payments).write(
            {
                "clinic_patient_package_line_id": False,
                "clinic_patient_package_id": False,
                "discount": 0.0,
            }
        )
        # Deleted with the lines they pay for: their own siblings are those.
        payments.with_context(clinic_package_siblings_done=True).unlink()

    # ------------------------------------------------------------------
    # Credits: applying part of a credit through Odoo's reconcile()
    # ------------------------------------------------------------------
    def _prepare_reconciliation_plan(
        self, plan, amls_values_map, shadowed_aml_values=None
    ):
        """Odoo's reconcile() matches as much as it can. A credit applied
        for part of its amount gives the most to match of some journal items
        in the context (``clinic_reconcile_limits``: {line id: amount, in
        company currency}); Odoo then computes and creates the partials,
        cash basis entries, payment states and hooks as for any other."""
        limits = self.env.context.get("clinic_reconcile_limits")
        if not limits:
            return super()._prepare_reconciliation_plan(
                plan, amls_values_map, shadowed_aml_values=shadowed_aml_values
            )
        withheld = {}
        for aml, values in amls_values_map.items():
            limit = limits.get(aml.id)
            if limit is None or aml.currency_id != aml.company_currency_id:
                continue
            residual = values["amount_residual"]
            sign = 1 if residual > 0 else -1
            excess = abs(residual) - limit
            if aml.company_currency_id.compare_amounts(excess, 0.0) > 0:
                withheld[aml] = sign * excess
                values["amount_residual"] -= sign * excess
                values["amount_residual_currency"] -= sign * excess
        try:
            return super()._prepare_reconciliation_plan(
                plan, amls_values_map, shadowed_aml_values=shadowed_aml_values
            )
        finally:
            for aml, amount in withheld.items():
                amls_values_map[aml]["amount_residual"] += amount
                amls_values_map[aml]["amount_residual_currency"] += amount

    # ------------------------------------------------------------------
    # Equipment bought is an asset (OCA account_asset_management)
    # ------------------------------------------------------------------
    def _clinic_category_asset_profile(self):
        """The asset profile of the line's item category, for the product
        lines of a vendor bill: OCA's posting makes them fixed assets."""
        self.ensure_one()
        if (
            self.display_type != "product"
            or self.move_id.move_type != "in_invoice"
            or not self.product_id
        ):
            return self.env["account.asset.profile"]
        return self.product_id.categ_id.with_company(
            self.company_id
        ).clinic_asset_profile_id

    @api.depends("account_id", "asset_id", "product_id")
    def _compute_asset_profile(self):
        """OCA takes the profile from the line's account; a device's
        category names it as well (a category per useful life)."""
        res = super()._compute_asset_profile()
        for line in self.filtered(lambda line: not line.asset_id):
            profile = line._clinic_category_asset_profile()
            if profile:
                line.asset_profile_id = profile
        return res

    def _compute_account_id(self):
        """A device bought goes to its profile's asset account, not to the
        purchase expense. An item valued in real time keeps stock_account's
        interim (stock input) account, which its receipt reconciles."""
        res = super()._compute_account_id()
        for line in self:
            profile = line._clinic_category_asset_profile()
            if profile and not (
                line.company_id.anglo_saxon_accounting and line._eligible_for_cogs()
            ):
                line.account_id = profile.account_asset_id
        return res
