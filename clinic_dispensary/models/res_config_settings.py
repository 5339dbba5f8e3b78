# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    clinic_stock_shortage = fields.Selection(
        related="company_id.clinic_stock_shortage", readonly=False
    )
    clinic_client_attendee = fields.Boolean(
        related="company_id.clinic_client_attendee", readonly=False
    )
    clinic_package_post_invoice = fields.Boolean(
        related="company_id.clinic_package_post_invoice", readonly=False
    )
    clinic_package_account_id = fields.Many2one(
        related="company_id.clinic_package_account_id", readonly=False
    )
    clinic_package_breakage_account_id = fields.Many2one(
        related="company_id.clinic_package_breakage_account_id", readonly=False
    )
    clinic_central_warehouse_id = fields.Many2one(
        related="company_id.clinic_central_warehouse_id", readonly=False
    )
    clinic_forecast_history_days = fields.Integer(
        related="company_id.clinic_forecast_history_days", readonly=False
    )
    clinic_forecast_service_level = fields.Float(
        related="company_id.clinic_forecast_service_level", readonly=False
    )
    clinic_forecast_cover_days = fields.Integer(
        related="company_id.clinic_forecast_cover_days", readonly=False
    )
    clinic_forecast_growth = fields.Selection(
        related="company_id.clinic_forecast_growth", readonly=False
    )
    clinic_forecast_growth_percent = fields.Float(
        related="company_id.clinic_forecast_growth_percent", readonly=False
    )
    clinic_carrying_cost_percent = fields.Float(
        related="company_id.clinic_carrying_cost_percent", readonly=False
    )
