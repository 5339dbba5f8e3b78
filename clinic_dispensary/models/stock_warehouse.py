# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # Next to WH/Stock, not under it: reservation (FEFO included) only takes
    # from the children of a picking's source location, so checkout never
    # dispenses what sits here. Internal, hence still valued: damaged or
    # recalled units wait here for a supplier return, a claim or a scrap.
    clinic_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Units out of sellable stock (expired, damaged, recalled) wait "
        "here for their supplier return, claim or write-off.",
    )

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        values["clinic_quarantine_location_id"] = {
            "name": _("Quarantine"),
            "active": True,
            "usage": "internal",
            "replenish_location": False,
            "barcode": self._valid_barcode(code + "QUARANTINE", company_id),
        }
        return values

    @api.model
    def _clinic_create_quarantine_locations(self):
        """Give the warehouses created before this module a Quarantine."""
        warehouses = (
            self.with_context(active_test=False)
            .sudo()
            .search([("clinic_quarantine_location_id", "=", False)])
        )
        warehouses._create_missing_locations({})
        return True

    @api.model
    def _clinic_main_by_company(self, companies):
        """{company: its clinic warehouse}, the first by sequence, for all
        ``companies`` in one search (no other company's): where checkout
        dispenses and consumes, and where claims and minimums default to."""
        warehouses = {}
        for warehouse in self.search([("company_id", "in", companies.ids)]):
            warehouses.setdefault(warehouse.company_id, warehouse)
        return warehouses

    @api.model
    def _clinic_quarantine_locations(self):
        """The Quarantines of the companies the environment works in: the
        user's (warehouses are readable by every employee, within their
        companies), every company's for the scheduler running as superuser."""
        return (
            self.with_context(active_test=False)
            .search([("clinic_quarantine_location_id", "!=", False)])
            .clinic_quarantine_location_id
        )

    @api.model
    def _clinic_quarantine_for(self, locations):
        """The Quarantine each of ``locations`` sends its units to: the one
        of its warehouse, else the company's first warehouse's.

        :return: {location id: quarantine location}
        """
        warehouses = (
            self.with_context(active_test=False)
            .sudo()
            .search([("company_id", "in", locations.company_id.ids)], order="id")
        )
        by_company = {}
        for warehouse in warehouses:
            by_company.setdefault(warehouse.company_id, warehouse)
        result = {}
        for location in locations:
            warehouse = location.warehouse_id or by_company.get(location.company_id)
            quarantine = warehouse.clinic_quarantine_location_id if warehouse else None
            if not quarantine:
                raise UserError(
                    _("No Quarantine location for %s.", location.display_name)
                )
            result[location.id] = quarantine
        return result

    @api.model
    def _clinic_prepare_quarantine_move_vals(
        self, product, quantity, location, quarantine, reason, origin, **line_vals
    ):
        """Values of a validated-at-once move of ``quantity`` (product UoM)
        of ``product`` from ``location`` into ``quarantine``.

        :param line_vals: lot_id, package_id, owner_id of the units moved
        """
        company = location.company_id or quarantine.company_id
        return {
            "name": _("Quarantine: %s", reason.name) if reason else _("Quarantine"),
            "origin": origin,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": location.id,
            "location_dest_id": quarantine.id,
            # The units stay in Quarantine until someone decides (return,
            # claim, write-off): no push rule sends them further.
            "location_final_id": quarantine.id,
            "company_id": company.id,
            "clinic_reason_tag_id": reason.id if reason else False,
            "restrict_partner_id": line_vals.get("owner_id", False),
            # Confirmed and picked, like Odoo's own inventory moves: validated
            # as they are, without merging nor procurement.
            "state": "confirmed",
            "picked": True,
            "move_line_ids": [
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": quantity,
                        "location_id": location.id,
                        "location_dest_id": quarantine.id,
                        "company_id": company.id,
                        "picked": True,
                        **line_vals,
                    }
                )
            ],
        }

    @api.model
    def _clinic_quarantine_quants(self, quants, reason, origin):
        """Move whole quants into their warehouse's Quarantine: one
        ``stock.move.create`` for all of them, validated together.

        :return: the done moves
        """
        quants = quants.filtered(lambda q: q.quantity > 0)
        if not quants:
            return self.env["stock.move"]
        quarantine_of = self._clinic_quarantine_for(quants.location_id)
        vals_list = [
            self._clinic_prepare_quarantine_move_vals(
                quant.product_id,
                quant.quantity,
                quant.location_id,
                quarantine_of[quant.location_id.id],
                reason,
                origin,
                lot_id=quant.lot_id.id,
                package_id=quant.package_id.id,
                owner_id=quant.owner_id.id,
            )
            for quant in quants
        ]
        # Each quant created at the destination reads its lot's properties
        # (a related field): read them once for all the lots.
        quants.lot_id.fetch(["lot_properties"])
        # The quants are known and taken whole: their lines do not reserve
        # them first (stock_move.py).
        return (
            self.env["stock.move"]
            .sudo()
            ._clinic_create_done_taking_quants(vals_list)
            .with_env(self.env)
        )
