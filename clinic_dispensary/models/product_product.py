# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    clinic_event_type_ids = fields.One2many(
        "calendar.event.type",
        "product_id",
        string="Appointment Types",
        context={"active_test": False},
    )

    def _check_not_linked_to_event_type(self):
        linked = self.with_context(active_test=False).filtered(
            "clinic_event_type_ids"
        )
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
