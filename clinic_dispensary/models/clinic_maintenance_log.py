# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ClinicMaintenanceLog(models.Model):
    """Service history of one serial-tracked device."""

    _name = "clinic.maintenance.log"
    _description = "Equipment Maintenance Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    work_done = fields.Text(required=True)
    performed_by_id = fields.Many2one(
        "res.partner",
        string="Performed by",
        help="The technician or service company.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost = fields.Monetary()
    next_due_date = fields.Date(
        string="Next Due",
        help="When the next maintenance is due; the device is alerted on before it.",
    )

    @api.depends("lot_id")
    def _compute_company_id(self):
        for log in self:
            log.company_id = log.lot_id.company_id or log.company_id or self.env.company

    @api.constrains("date", "next_due_date")
    def _check_next_due_date(self):
        for log in self:
            if log.next_due_date and log.next_due_date < log.date:
                raise ValidationError(
                    _("The next maintenance cannot be due before this one.")
                )
