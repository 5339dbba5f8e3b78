# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    def _clinic_next_names(self):
        """References for all these scraps, drawn from each company's scrap
        sequence in one query per company (Odoo draws one per scrap)."""
        names = {}
        Sequence = self.env["ir.sequence"].sudo()
        for company in self.company_id:
            scraps = self.filtered(lambda s, c=company: s.company_id == c)
            sequence = Sequence.search(
                [
                    ("code", "=", "stock.scrap"),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
            if not sequence:
                numbers = [_("New")] * len(scraps)
            elif sequence.implementation == "standard" and not sequence.use_date_range:
                self.env.cr.execute(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    [f"ir_sequence_{sequence.id:03d}", len(scraps)],
                )
                numbers = [
                    sequence.get_next_char(number)
                    for (number,) in self.env.cr.fetchall()
                ]
            else:
                numbers = [sequence._next() for _scrap in scraps]
            names.update(zip(scraps.ids, numbers, strict=True))
        return [names[scrap.id] for scrap in self]

    def _clinic_do_scrap_batch(self):
        """Odoo's ``do_scrap`` for many scraps at once: one move creation and
        one validation for all of them (no replenishment)."""
        self._check_company()
        for scrap, name in zip(self, self._clinic_next_names(), strict=True):
            scrap.name = name
        moves = (
            self.env["stock.move"]
            .sudo()
            .create([scrap._prepare_move_values() for scrap in self])
        )
        moves.with_context(is_scrap=True)._action_done()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return moves
