# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Clinic Dispensary Dashboard",
    "summary": "A Clinic dashboard in the Dashboards app: today's billing, "
    "sales, credits, stock alerts and package liability at a glance",
    "version": "18.0.1.0.0",
    "category": "Healthcare",
    "website": "https://github.com/clinic-dispensary/clinic_dispensary",
    "author": "Clinic Dispensary Contributors",
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["clinic_dispensary", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": [
            "clinic_dispensary_dashboard/static/tests/tours/*.esm.js",
        ],
    },
}
