# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_event_type(self):
        # Variants go with their template through a database cascade, which
        # skips the variants' own ondelete checks.
        self.with_context(
            active_test=False
        ).product_variant_ids._check_not_linked_to_event_type()
