# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

EXPIRY = [
    ("expired", "Expired"),
    ("30", "Within 30 days"),
    ("60", "In 31-60 days"),
    ("90", "In 61-90 days"),
    ("later", "Later"),
    ("never", "Never"),
]


class ClinicPackageLiabilityReport(models.Model):
    """What the clinic still owes in prepaid packages, per client and
    package, read from the books: the unused value is the package's balance
    on the liability account (Prepaid Packages), the breakage its unused
    value recognised as income (at expiry, and the cents of tax rounding on
    its sessions). Packages not yet active or cancelled are left out."""

    _name = "clinic.package.liability.report"
    _description = "Package Liability"
    _auto = False
    _order = "date_end, partner_id"
    _rec_name = "patient_package_id"
    _depends = {
        "clinic.patient.package": [
            "partner_id",
            "package_id",
            "company_id",
            "state",
            "package_type",
            "date_end",
        ],
        "clinic.patient.package.line": [
            "patient_package_id",
            "quantity_remaining",
            "period_closed",
        ],
        "account.move.line": [
            "clinic_patient_package_id",
            "account_id",
            "balance",
            "parent_state",
        ],
        "account.account": ["account_type"],
        "res.company": ["clinic_package_breakage_account_id"],
    }

    patient_package_id = fields.Many2one(
        "clinic.patient.package", string="Client Package", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    package_id = fields.Many2one("clinic.package", readonly=True)
    package_type = fields.Selection(related="package_id.package_type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        [("active", "Active"), ("exhausted", "Used Up"), ("expired", "Expired")],
        readonly=True,
    )
    date_end = fields.Date(string="Expires On", readonly=True)
    expiry = fields.Selection(EXPIRY, string="Expires", readonly=True)
    quantity_remaining = fields.Float(
        string="Units Left", digits="Product Unit of Measure", readonly=True
    )
    amount_unused = fields.Monetary(
        string="Unused Value",
        readonly=True,
        help="The package's balance on Prepaid Packages: sessions paid, not "
        "yet supplied.",
    )
    amount_breakage = fields.Monetary(
        string="Breakage Recognised",
        readonly=True,
        help="Unused value recognised as income when the package expired, "
        "and the cents of tax rounding on its sessions.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT pp.id AS id,
                   pp.id AS patient_package_id,
                   pp.partner_id,
                   pp.package_id,
                   pp.company_id,
                   company.currency_id,
                   pp.state,
                   pp.date_end,
                   CASE WHEN pp.date_end IS NULL THEN 'never'
                        WHEN pp.date_end < CURRENT_DATE THEN 'expired'
                        WHEN pp.date_end <= CURRENT_DATE + 30 THEN '30'
                        WHEN pp.date_end <= CURRENT_DATE + 60 THEN '60'
                        WHEN pp.date_end <= CURRENT_DATE + 90 THEN '90'
                        ELSE 'later' END AS expiry,
                   COALESCE(units.quantity_remaining, 0.0) AS quantity_remaining,
                   COALESCE(-ledger.liability, 0.0) AS amount_unused,
                   COALESCE(ledger.breakage, 0.0) AS amount_breakage
              FROM clinic_patient_package pp
              JOIN res_company company ON company.id = pp.company_id
              LEFT JOIN (
                   SELECT patient_package_id,
                          SUM(quantity_remaining) AS quantity_remaining
                     FROM clinic_patient_package_line
                    -- an ended membership period's units are gone
                    WHERE NOT COALESCE(period_closed, FALSE)
                    GROUP BY patient_package_id
              ) units ON units.patient_package_id = pp.id
              LEFT JOIN (
                   SELECT aml.clinic_patient_package_id,
                          SUM(aml.balance) FILTER (
                              WHERE account.account_type LIKE 'liability%%'
                          ) AS liability,
                          -SUM(aml.balance) FILTER (
                              WHERE aml.account_id
                                    = line_company.clinic_package_breakage_account_id
                          ) AS breakage
                     FROM account_move_line aml
                     JOIN account_account account ON account.id = aml.account_id
                     JOIN res_company line_company
                          ON line_company.id = aml.company_id
                    WHERE aml.parent_state = 'posted'
                      AND aml.clinic_patient_package_id IS NOT NULL
                    GROUP BY aml.clinic_patient_package_id
              ) ledger ON ledger.clinic_patient_package_id = pp.id
             WHERE pp.state IN ('active', 'exhausted', 'expired')
            """
        )
