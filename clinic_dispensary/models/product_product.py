# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class ProductProduct(models.Model):
    _inherit = "product.product"

    clinic_event_type_ids = fields.One2many(
        "calendar.event.type",
        "product_id",
        string="Appointment Types",
        context={"active_test": False},
    )

    clinic_below_minimum = fields.Boolean(
        string="Below Minimum",
        compute="_compute_clinic_below_minimum",
        search="_search_clinic_below_minimum",
        help="Forecast stock under the minimum of one of its reordering rules.",
    )

    @api.model
    def _clinic_below_minimum_ids(self):
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        return {
            op.product_id.id
            for op in orderpoints
            if float_compare(
                op.qty_forecast,
                op.product_min_qty,
                precision_rounding=op.product_uom.rounding,
            )
            < 0
        }

    def _compute_clinic_below_minimum(self):
        below = self._clinic_below_minimum_ids()
        for product in self:
            product.clinic_below_minimum = product.id in below

    def _search_clinic_below_minimum(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on Below Minimum."))
        positive = (operator == "=") == value
        return [
            (
                "id",
                "in" if positive else "not in",
                list(self._clinic_below_minimum_ids()),
            )
        ]

    def _check_not_linked_to_event_type(self):
        linked = self.with_context(active_test=False).filtered("clinic_event_type_ids")
        if linked:
            raise UserError(
                _(
                    "%(items)s is billed for appointment type(s) %(types)s and "
                    "cannot be deleted. Archive it instead.",
                    items=", ".join(linked.mapped("display_name")),
                    types=", ".join(linked.clinic_event_type_ids.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_event_type(self):
        self._check_not_linked_to_event_type()
