# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    clinic_credit_on_done = fields.Boolean(
        string="Credit the Client",
        copy=False,
        help="When this return is validated, a credit for the returned value "
        "is created for the client.",
    )
    clinic_credit_move_ids = fields.One2many(
        "account.move",
        "clinic_return_picking_id",
        string="Credits",
    )

    def _clinic_is_dispensing(self):
        """Deliveries to a client of what a clinic invoice billed."""
        self.ensure_one()
        return bool(self.move_ids.clinic_invoice_line_id)

    def _send_confirmation_email(self):
        # A patient gets no "your order has been shipped" e-mail or SMS
        # (stock_sms extends this method) for what the clinic dispensed: the
        # invoice says what they had; a delivery notice would only disclose
        # treatments by e-mail or SMS.
        clinic = self.filtered(lambda p: p._clinic_is_dispensing())
        return super(StockPicking, self - clinic)._send_confirmation_email()

    def _check_warn_sms(self):
        # stock_sms (when installed) asks before a company's first delivery
        # SMS; dispensing sends none, so it must not stop on that question.
        return (
            super()._check_warn_sms().filtered(lambda p: not p._clinic_is_dispensing())
        )

    def _action_done(self):
        self._check_return_credit_rights()
        self._check_return_credit_charged()
        res = super()._action_done()
        to_credit = self.filtered(
            lambda p: (
                p.clinic_credit_on_done
                and p.state == "done"
                and not p.clinic_credit_move_ids
            )
        )
        if to_credit:
            to_credit._create_return_credits()
        # Advance shipping notices: the receipt they were sent for is done.
        receipts = self.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "incoming"
        )
        if receipts:
            self.env["clinic.shipping.notice"].sudo()._action_receipts_done(receipts)
        # A pending delivery (the backorder a short checkout left) is done:
        # its clients hear that their items are here.
        arrived = self.filtered(
            lambda p: (
                p.state == "done"
                and p.backorder_id
                and p.picking_type_code == "outgoing"
                and p._clinic_is_dispensing()
            )
        )
        if arrived:
            self.env["res.partner"]._clinic_notify_stock_arrival(
                arrived.move_ids.filtered("clinic_invoice_line_id")
            )
        return res

    def _check_return_credit_rights(self):
        """A return that credits the client is validated by an accountant:
        the credit note is created on validation, whoever validates."""
        to_credit = self.filtered(
            lambda p: p.clinic_credit_on_done and not p.clinic_credit_move_ids
        )
        if not to_credit:
            return
        try:
            self.env["clinic.client.credit"]._check_credit_rights()
        except AccessError as error:
            raise AccessError(
                self.env._(
                    "Validating %(returns)s credits the client for the returned "
                    "goods, and only accountants may create credits: ask one to "
                    "validate it.",
                    returns=", ".join(to_credit.mapped("name")),
                )
            ) from error

    def _check_return_credit_charged(self):
        """Nothing to credit for goods whose invoice is not posted: the
        client was never charged for them."""
        moves = self.filtered(
            lambda p: p.clinic_credit_on_done and not p.clinic_credit_move_ids
        ).move_ids
        lines = self.env["account.move.line"].sudo()
        for move in moves:
            lines |= self._get_return_invoice_line(move)
        uncharged = lines.filtered(lambda line: line.parent_state != "posted")
        if uncharged:
            raise UserError(
                self.env._(
                    "%(items)s came back from %(invoices)s, which is not posted: "
                    "the client was not charged, so there is nothing to credit. "
                    "Untick Credit the Client, or correct the invoice.",
                    items=", ".join(uncharged.product_id.mapped("display_name")),
                    invoices=", ".join(uncharged.move_id.mapped("display_name")),
                )
            )

    def _get_return_invoice_line(self, move):
        """The checkout invoice line that sold what `move` brings back."""
        return (
            move.clinic_invoice_line_id
            or move.origin_returned_move_id.clinic_invoice_line_id
        )

    def _prepare_return_credit_line_vals(self, move):
        """Credit note line for a returned move: the returned units at the
        price they were invoiced (discount, taxes and unit of the invoice
        line, so fiscal position and tax-included prices carry over); at the
        item's sales price when nothing invoiced them."""
        quantity = move.product_uom._compute_quantity(
            move.quantity, move.product_id.uom_id
        )
        vals = {"product_id": move.product_id.id, "quantity": quantity}
        line = self._get_return_invoice_line(move).sudo()
        if not line:
            vals["price_unit"] = move.product_id.with_company(move.company_id).lst_price
            return vals
        invoice = line.move_id
        price_unit = line.price_unit
        if line.currency_id != line.company_currency_id:
            # Credits are in the company currency: at the invoice's rate.
            price_unit = line.company_currency_id.round(
                price_unit / (invoice.invoice_currency_rate or 1.0)
            )
        uom = line.product_uom_id or move.product_id.uom_id
        vals.update(
            {
                "quantity": move.product_uom._compute_quantity(move.quantity, uom),
                "product_uom_id": uom.id,
                "price_unit": price_unit,
                "discount": line.discount,
                "tax_ids": [Command.set(line.tax_ids.ids)],
            }
        )
        return vals

    def _prepare_return_credit_vals(self):
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.quantity)
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "clinic_credit_origin": "return",
            "clinic_credit_reason": self.env._("Return %s", self.name),
            "clinic_return_picking_id": self.id,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(self._prepare_return_credit_line_vals(move))
                for move in moves
            ],
        }

    def _create_return_credits(self):
        credits = (
            self.env["account.move"]
            .sudo()
            .create([picking._prepare_return_credit_vals() for picking in self])
        )
        credits.action_post()
        for picking, credit in zip(self, credits, strict=True):
            picking.message_post(
                body=self.env._(
                    "Credit %s created for the returned goods.", credit._get_html_link()
                )
            )
        return credits

    def _clinic_validate_available(self, **answers):
        """Confirm, reserve (FEFO where the category says so) and validate
        what is available; the rest stays in a backorder, pending (as the
        operation type's backorder policy says). Reservation never takes an
        expired lot (product_expiry's ``with_expiration``), and validation
        refuses one (its expired-lot check is not skipped)."""
        self.action_confirm()
        self.action_assign()
        moves = self.move_ids.filtered("quantity")
        moves.picked = True
        moves.picking_id._clinic_button_validate(skip_backorder=True, **answers)
        return True

    def _clinic_button_validate(self, **answers):
        """Validate as a user does, through Odoo's ``button_validate``
        (sanity checks, product_expiry's expired-lot check, the operation
        type's backorder policy, other modules' pre-validation hooks).

        :param answers: context keys answering the questions asked before
            validation (``skip_backorder``, ``skip_expired``...). A question
            left unanswered has no one to answer it here: it is refused.
        """
        if not self:
            return True
        action = self.with_context(**answers).button_validate()
        pending = self.filtered(lambda p: p.state != "done")
        if pending:
            if isinstance(action, dict) and (
                action.get("res_model") == "expiry.picking.confirmation"
            ):
                lots = pending.move_line_ids.lot_id.filtered("product_expiry_alert")
                raise UserError(
                    self.env._(
                        "%(transfers)s would move expired lots (%(lots)s): they "
                        "cannot leave stock. The expiry sweep moves them to "
                        "Quarantine.",
                        transfers=", ".join(pending.mapped("name")),
                        lots=", ".join(lots.mapped("display_name")),
                    )
                )
            raise UserError(
                self.env._(
                    "%(transfers)s could not be validated: %(question)s",
                    transfers=", ".join(pending.mapped("name")),
                    question=isinstance(action, dict) and action.get("name") or "",
                )
            )
        return True
