# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    def do_scrap(self):
        """Validate many scraps together when asked to (the daily expiry
        sweep writes off thousands of lots): the same steps as Odoo's
        ``do_scrap``, each done once for all the scraps instead of once per
        scrap. Odoo validates one scrap at a time, each with its own stock
        move creation and validation (about 25 queries per scrap).

        Modules extending ``do_scrap`` still see every scrap, and the moves
        are Odoo's (``_prepare_move_values``, validated as scraps)."""
        if len(self) < 2 or not self.env.context.get("clinic_scrap_together"):
            return super().do_scrap()
        self._check_company()
        for scrap, name in zip(self, self._clinic_next_names(), strict=True):
            scrap.name = name
        vals_list = []
        for scrap in self:
            vals = scrap._prepare_move_values()
            # Written off for good: no push rule takes the units further
            # (spares looking for one per move).
            vals.setdefault("location_final_id", scrap.scrap_location_id.id)
            vals_list.append(vals)
        # Each scrap takes its whole lot from where the sweep just put it:
        # the lines do not reserve it first (stock_move.py). stock_account's
        # FIFO candidates of all the scraps are searched once
        # (product_product.py).
        Move = self.env["stock.move"]
        Move.with_context(
            clinic_fifo_candidates=Move.env[
                "product.product"
            ]._clinic_fifo_candidates_cache(
                self.product_id, self.company_id, self.lot_id
            )
        )._clinic_create_done_taking_quants(vals_list, is_scrap=True)
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        for scrap in self.filtered("should_replenish"):
            scrap.do_replenish()
        return True

    def _clinic_next_names(self):
        """A name from the scrap sequence for each scrap, as Odoo's
        ``do_scrap`` draws them (``next_by_code``), drawn in one query when
        the sequence is a plain PostgreSQL sequence."""
        Sequence = self.env["ir.sequence"]
        sequence = Sequence.search(
            [
                ("code", "=", "stock.scrap"),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [
                Sequence.next_by_code("stock.scrap") or self.env._("New")
                for _scrap in self
            ]
        # The PostgreSQL sequence behind an ir.sequence of implementation
        # "standard" (ir.sequence's _next_do draws one number from it).
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                len(self),
            )
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]
