# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ClinicCreditApplyLine(models.TransientModel):
    """One invoice of the apply wizard and what to apply to it."""

    _name = "clinic.credit.apply.line"
    _description = "Apply a Client Credit: Invoice"
    _order = "id"

    wizard_id = fields.Many2one(
        "clinic.credit.apply", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    invoice_id = fields.Many2one("account.move", required=True)
    invoice_date_due = fields.Date(related="invoice_id.invoice_date_due")
    invoice_residual = fields.Monetary(
        related="invoice_id.amount_residual", string="Amount Due"
    )
    amount = fields.Monetary(string="Amount to Apply")
