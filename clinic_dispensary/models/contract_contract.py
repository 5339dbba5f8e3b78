# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.osv import expression


class ContractContract(models.Model):
    """OCA's recurring contract, the engine of memberships: a membership sold
    is a contract with one line, its fee, invoiced every period by the
    contract's scheduled action (or at once from the membership)."""

    _inherit = "contract.contract"

    clinic_patient_package_id = fields.Many2one(
        "clinic.patient.package",
        string="Membership",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        help="The client's membership whose fee this contract invoices.",
    )

    @api.model
    def _get_contracts_to_invoice_domain(self, date_ref=None):
        # A membership whose sale was cancelled (or that expired) is not
        # invoiced again by the scheduled action.
        return expression.AND(
            [
                super()._get_contracts_to_invoice_domain(date_ref=date_ref),
                [
                    "|",
                    ("clinic_patient_package_id", "=", False),
                    ("clinic_patient_package_id.state", "in", ("draft", "active")),
                ],
            ]
        )

    def _recurring_create_invoice(self, date_ref=False):
        """Contract's own invoicing (cron, button), plus what a membership
        period means to the clinic: its included quantities renew and its
        invoice is posted when the company says so."""
        # The period each membership is about to invoice, read before the
        # contract moves its dates on.
        periods = {
            line.contract_id: (line.next_period_date_start, line.next_period_date_end)
            for line in self.filtered("clinic_patient_package_id").contract_line_ids
            if not line.display_type
        }
        moves = super()._recurring_create_invoice(date_ref=date_ref)
        if periods:
            self.env["clinic.patient.package"]._clinic_periods_invoiced(moves, periods)
        return moves
