# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models


class ClinicCreditApply(models.TransientModel):
    """Apply a credit to open invoices of its client: opened from the credit
    (credit given, the client's open invoices offered, oldest due first) or
    from an invoice (invoice given, credit chosen among the client's open
    credits). One line per invoice, with the amount to apply to it."""

    _name = "clinic.credit.apply"
    _description = "Apply a Client Credit"

    credit_id = fields.Many2one(
        "clinic.client.credit",
        required=True,
        domain="[('partner_id', '=', invoice_partner_id),"
        " ('company_id', '=', invoice_company_id),"
        " ('amount_remaining', '>', 0)]",
    )
    partner_id = fields.Many2one(related="credit_id.partner_id")
    company_id = fields.Many2one(related="credit_id.company_id")
    currency_id = fields.Many2one(related="credit_id.currency_id")
    amount_remaining = fields.Monetary(related="credit_id.amount_remaining")
    invoice_id = fields.Many2one(
        "account.move",
        string="From Invoice",
        help="The invoice the credit is applied to, when opened from it.",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', partner_id),"
        " ('company_id', '=', company_id),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    invoice_partner_id = fields.Many2one(
        related="invoice_id.commercial_partner_id", string="Invoiced Client"
    )
    invoice_company_id = fields.Many2one(
        related="invoice_id.company_id", string="Invoicing Company"
    )
    line_ids = fields.One2many(
        "clinic.credit.apply.line",
        "wizard_id",
        string="Invoices",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount_total = fields.Monetary(
        string="Total to Apply", compute="_compute_amount_total"
    )

    @api.depends("invoice_id", "credit_id")
    def _compute_line_ids(self):
        for wizard in self:
            credit = wizard.credit_id
            invoices = wizard.invoice_id
            if credit and not invoices:
                invoices = credit._get_open_invoices()
            if credit:
                proposal = credit._propose_amounts(invoices)
            else:
                proposal = [(invoice, 0.0) for invoice in invoices]
            wizard.line_ids = [Command.clear()] + [
                Command.create({"invoice_id": invoice.id, "amount": amount})
                for invoice, amount in proposal
            ]

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = sum(wizard.line_ids.mapped("amount"))

    def action_confirm(self):
        self.ensure_one()
        self.credit_id.action_apply_to_invoices(
            [(line.invoice_id.id, line.amount) for line in self.line_ids]
        )
        return {"type": "ir.actions.act_window_close"}
