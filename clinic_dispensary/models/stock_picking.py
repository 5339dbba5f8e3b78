# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, fields, models


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

    def _action_done(self):
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
        return res

    def _get_return_credit_price(self, move):
        """Unit price credited for a returned move: the item's sales price.

        Dispensing from checkout can refine this with the invoiced price."""
        return move.product_id.with_company(move.company_id).lst_price

    def _prepare_return_credit_vals(self):
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.quantity)
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "clinic_credit_origin": "return",
            "clinic_credit_reason": _("Return %s", self.name),
            "clinic_return_picking_id": self.id,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": move.product_id.id,
                        "quantity": move.product_uom._compute_quantity(
                            move.quantity, move.product_id.uom_id
                        ),
                        "price_unit": self._get_return_credit_price(move),
                    }
                )
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
                body=_(
                    "Credit %s created for the returned goods.", credit._get_html_link()
                )
            )
        return credits

    def _clinic_validate_available(self):
        """Confirm, reserve (FEFO where the category says so) and validate
        what is available; the rest stays in a backorder, pending."""
        self.action_confirm()
        self.action_assign()
        moves = self.move_ids.filtered("quantity")
        moves.picked = True
        moves.picking_id._action_done()
        return True
