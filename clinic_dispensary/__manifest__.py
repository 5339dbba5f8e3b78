# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Clinic Dispensary",
    "summary": "Appointments that bill themselves: express checkout from "
    "calendar appointment types into dispensary items and invoices",
    "version": "18.0.1.0.0",
    "category": "Healthcare",
    "website": "https://github.com/clinic-dispensary/clinic_dispensary",
    "author": "Clinic Dispensary Contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "calendar",
        "account",
        "stock",
        "purchase",
        "product_expiry",
    ],
    "data": [
        "security/clinic_security.xml",
        "security/ir.model.access.csv",
        "data/product_category_data.xml",
        "data/stock_reason_data.xml",
        "data/stock_location_data.xml",
        "data/uom_data.xml",
        "views/calendar_event_type_views.xml",
        "views/calendar_event_views.xml",
        "views/product_template_views.xml",
        "views/account_move_views.xml",
        "wizards/express_checkout_views.xml",
        "views/clinic_client_credit_views.xml",
        "wizards/credit_views.xml",
        "views/res_config_settings_views.xml",
        "views/stock_views.xml",
        "wizards/stock_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/clinic_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "clinic_dispensary/static/tests/tours/*.esm.js",
        ],
    },
}
