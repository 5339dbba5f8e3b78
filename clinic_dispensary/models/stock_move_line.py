# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    clinic_notice_line_id = fields.Many2one(
        "clinic.shipping.notice.line",
        string="Shipping Notice Line",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The supplier's advance shipping notice this operation was "
        "prefilled from.",
    )

    def _clinic_supplier(self):
        self.ensure_one()
        partner = self.picking_id.partner_id or self.move_id.partner_id
        return partner.commercial_partner_id

    def _action_done(self):
        self._clinic_check_recalled_lots()
        # Batch sourcing: a lot remembers the supplier of its first receipt.
        receipts = self.filtered(lambda ml: ml.location_id.usage == "supplier")
        res = super()._action_done()
        receipts = receipts.exists()
        for line in receipts:
            lot = line.lot_id
            if lot and not lot.clinic_supplier_id:
                lot.sudo().clinic_supplier_id = line._clinic_supplier()
        return res

    def _free_reservation(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        ml_ids_to_ignore=None,
    ):
        # A move taking quants without reserving them (stock.move's
        # _clinic_create_done_taking_quants) still frees what other moves
        # reserved of the units it took, as any validation does: Odoo frees
        # nothing for a move that bypasses reservation (it assumes the
        # location reserves nothing).
        if self.env.context.get("clinic_unreserved_move_ids"):
            self = self.with_context(clinic_unreserved_move_ids=frozenset())
        return super()._free_reservation(
            product_id,
            location_id,
            quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            ml_ids_to_ignore=ml_ids_to_ignore,
        )

    def _clinic_check_recalled_lots(self):
        """Refuse to take a recalled lot from stock to a client or into an
        appointment, however it was chosen (reservation leaves recalled lots
        out; a lot picked by hand is not)."""
        lines = self.filtered(
            lambda ml: (
                ml.lot_id.clinic_recalled
                and ml.quantity
                and ml.location_id.usage == "internal"
                and ml.move_id._clinic_puts_into_use()
            )
        )
        for company in lines.company_id:
            company_lines = lines.filtered(lambda ml, c=company: ml.company_id == c)
            recalled = company_lines.lot_id._clinic_recalled_for(company)
            if recalled:
                lot = recalled[0]
                raise UserError(
                    self.env._(
                        "Lot %(lot)s of %(item)s was recalled on %(date)s: it "
                        "can no longer be dispensed to a client nor used in an "
                        "appointment. Choose another lot for %(operations)s.",
                        lot=lot.name,
                        item=lot.product_id.display_name,
                        date=format_date(self.env, lot.clinic_recall_date),
                        operations=", ".join(
                            company_lines.filtered(
                                lambda ml, lot=lot: ml.lot_id == lot
                            ).mapped(lambda ml: ml.reference or ml.move_id.name)
                        ),
                    )
                )
