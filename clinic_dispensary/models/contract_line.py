# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, models


class ContractLine(models.Model):
    _inherit = "contract.line"

    def _prepare_invoice_line(self):
        """A membership fee is a prepaid balance like a package sold: it
        credits Prepaid Packages, without tax (taxed when a service is
        supplied), linked to the client's membership."""
        vals = super()._prepare_invoice_line()
        package = self.contract_id.clinic_patient_package_id
        if vals and package and not self.display_type:
            prepaid = package.company_id._clinic_package_prepaid_account()
            vals.update(
                {
                    "account_id": prepaid.id,
                    "tax_ids": [Command.clear()],
                    "clinic_patient_package_id": package.id,
                }
            )
        return vals
