# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

# The links wired like sale_stock's sale_line_id: they keep moves apart when
# Odoo merges them, and backorders, returns and exchanges carry them
# explicitly (they are not copied: a duplicated picking serves no line).
CLINIC_MOVE_LINKS = ("clinic_invoice_line_id", "clinic_event_id")


class StockMove(models.Model):
    _inherit = "stock.move"

    # Dispensing: the invoice line that sold what this move delivered.
    clinic_invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Dispensed for",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    # Consumables: the appointment that used what this move consumed.
    clinic_event_id = fields.Many2one(
        "calendar.event",
        string="Consumed by",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    clinic_reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag",
        string="Reason",
        index="btree_not_null",
        readonly=True,
    )

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        # Two invoice lines (or appointments) of one item stay two moves:
        # merged, the second line would look undelivered and leave again.
        return super()._prepare_merge_moves_distinct_fields() + list(CLINIC_MOVE_LINKS)

    def _clinic_chain_end(self):
        """Where the chain of moves starting with this one ends (the last
        destination of its next moves)."""
        self.ensure_one()
        move = self
        while move.move_dest_ids:
            move = move.move_dest_ids[:1]
        return move.location_dest_id

    def _clinic_link_vals(self):
        self.ensure_one()
        return {field: self[field].id for field in CLINIC_MOVE_LINKS if self[field]}

    def _prepare_move_split_vals(self, qty):
        # A backorder (stock short at checkout) still delivers for its line.
        vals = super()._prepare_move_split_vals(qty)
        vals.update(self._clinic_link_vals())
        return vals

    def _get_related_invoices(self):
        """Anglo-saxon: a dispensing move validated after its invoice was
        posted (a backorder, a line dispensed on posting) reconciles the
        invoice's interim lines with its valuation (like sale_stock)."""
        invoices = super()._get_related_invoices()
        return invoices | self.sudo().clinic_invoice_line_id.move_id.filtered(
            lambda m: m.state == "posted"
        ).with_env(invoices.env)

    # ------------------------------------------------------------------
    # Recalled lots: out of reach, and back to Quarantine when they return
    # ------------------------------------------------------------------
    def _clinic_puts_into_use(self):
        """Whether this move takes its units to a client or uses them up in
        an appointment: what a recalled lot must never do again."""
        destination = self.location_dest_id
        return destination.usage == "customer" or (
            destination.usage == "inventory" and bool(self.clinic_event_id)
        )

    def _clinic_skips_recalled(self):
        """Whether reservation leaves recalled lots out for this move: it
        does unless the move takes them out of circulation, to a supplier
        (a recall's return), to a write-off or into a Quarantine."""
        self.ensure_one()
        destination = self.location_dest_id
        if destination.usage == "supplier" or (
            destination.usage == "inventory" and not self.clinic_event_id
        ):
            return False
        quarantine = destination.sudo().warehouse_id.clinic_quarantine_location_id
        return not (
            quarantine and destination.parent_path.startswith(quarantine.parent_path)
        )

    def _clinic_reserve_env(self):
        if self._clinic_skips_recalled():
            return self.with_context(clinic_skip_recalled=True)
        return self

    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        return super(StockMove, self._clinic_reserve_env())._update_reserved_quantity(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        return super(StockMove, self._clinic_reserve_env())._get_available_quantity(
            location_id, lot_id, package_id, owner_id, strict, allow_negative
        )

    def _should_bypass_reservation(self, forced_location=False):
        # The moves of _clinic_create_done_taking_quants: they take units
        # already found (whole quants), as an inventory correction does.
        return super()._should_bypass_reservation(
            forced_location
        ) or self.id in self.env.context.get("clinic_unreserved_move_ids", ())

    @api.model
    def _clinic_create_done_taking_quants(self, vals_list, **done_context):
        """Create the moves of ``vals_list`` (each with its move lines, as
        ``move_line_ids`` commands) and validate them, without reserving the
        units their lines name.

        For moves that take whole quants the caller found (the expiry
        sweep, a recall's quarantine): Odoo would reserve each
        quant when its line is created, then release the reservation and
        take the units when the line is validated, three updates of the
        quant where one does. Bypassing the reservation (Odoo's own hook,
        ``_should_bypass_reservation``) leaves the validation as it is:
        units still reserved by other moves are freed by it
        (``_free_reservation``) as they would be, and stock_account values
        the moves as usual.

        :param done_context: context of the validation (``is_scrap``...)
        :return: the done moves
        """
        vals_list = [dict(vals) for vals in vals_list]
        lines_list = [vals.pop("move_line_ids", []) for vals in vals_list]
        moves = self.create(vals_list)
        unreserved = self.with_context(clinic_unreserved_move_ids=frozenset(moves.ids))
        lines = unreserved.env["stock.move.line"].create(
            [
                dict(command[2], move_id=move.id)
                for move, lines in zip(moves, lines_list, strict=True)
                for command in lines
            ]
        )
        # The quants the lines take from and add to, locked (and created,
        # empty) at once rather than one query per quant (stock_quant.py).
        locked = self.env["stock.quant"]._clinic_prepare_quants_of(lines)
        moves.with_env(unreserved.env).with_context(
            clinic_locked_quant_ids=locked, **done_context
        )._action_done()
        return moves

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._clinic_quarantine_recalled()
        return moves

    def _clinic_quarantine_recalled(self):
        """Units of a recalled lot that these done moves brought back to
        sellable stock after the recall (a cancelled checkout, a returned
        consumption, a client's return, a receipt, a count) go on to
        Quarantine at once, as the recall did with the shelf: added to the
        recall's quarantine moves. One search per company, none when no
        recalled lot came in."""
        lines = self.move_line_ids.filtered(
            lambda ml: (
                ml.state == "done"
                and ml.lot_id.clinic_recalled
                and ml.location_dest_id.usage == "internal"
            )
        )
        if not lines:
            return self.browse()
        # Whoever brought the units back (reception cancelling a checkout
        # has no stock rights), the quarantine follows: as the recall's.
        Quant = self.env["stock.quant"].sudo()
        reason = Quant.env.ref("clinic_dispensary.stock_reason_recall")
        quarantined = self.browse()
        for company in lines.company_id:
            company_lines = lines.filtered(lambda ml, c=company: ml.company_id == c)
            quants = Quant.search(
                [
                    ("lot_id", "in", company_lines.lot_id.ids),
                    ("location_id", "in", company_lines.location_dest_id.ids),
                    ("company_id", "=", company.id),
                    *Quant._clinic_recalled_domain(company),
                    *Quant.env["stock.lot"]._clinic_sellable_domain(),
                ]
            )
            if not quants:
                continue
            moves = (
                Quant.env["stock.warehouse"]
                .with_company(company)
                ._clinic_quarantine_quants(
                    quants,
                    reason,
                    _(
                        "Recalled lot back in stock: %s",
                        ", ".join(quants.lot_id.mapped("name")),
                    ),
                )
            )
            recalls = Quant.env["clinic.lot.recall"].search(
                [
                    ("lot_id", "in", quants.lot_id.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", ("confirmed", "done")),
                ]
            )
            for recall in recalls:
                recall.quarantine_move_ids |= moves.filtered(
                    lambda m, lot=recall.lot_id: m.move_line_ids.lot_id == lot
                )
            quarantined |= moves
        return quarantined.with_env(self.env)
