/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_package_checkout_tour", {
    steps: () => [
        {
            content: "Billing",
            trigger:
                ".o_menu_sections button[data-menu-xmlid='clinic_dispensary.menu_clinic_billing']",
            run: "click",
        },
        {
            content: "Sell a Package",
            trigger:
                ".dropdown-item[data-menu-xmlid='clinic_dispensary.menu_clinic_package_sale']",
            run: "click",
        },
        {
            content: "To the client",
            trigger: ".modal .o_field_widget[name='partner_id'] input",
            run: "edit Tour Package Client",
        },
        {
            trigger: ".ui-menu-item a:contains('Tour Package Client')",
            run: "click",
        },
        {
            content: "Six sessions",
            trigger: ".modal .o_field_widget[name='package_id'] input",
            run: "edit Tour 6 Sessions",
        },
        {
            trigger: ".ui-menu-item a:contains('Tour 6 Sessions')",
            run: "click",
        },
        {
            content: "at the package price",
            trigger: ".modal .o_field_widget[name='price']:contains('480.00')",
        },
        {
            content: "Sell it",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The client's package is active with six sessions left",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_statusbar_status button[aria-checked='true']:contains('Active')",
        },
        {
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row td[name='quantity_remaining']:contains('6')",
        },
        {
            content: "Back to Express Checkout",
            trigger:
                ".o_menu_sections [data-menu-xmlid='clinic_dispensary.menu_clinic_express_checkout']",
            run: "click",
        },
        {
            content: "The session costs nothing today: the package pays",
            trigger:
                ".o_group_header:contains('Tour Package Client') td:contains('0.00')",
        },
        {
            content: "Select the client's appointment",
            trigger:
                ".o_data_row:contains('Tour Package Client') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Bill it",
            trigger: "button[name='action_express_checkout']",
            run: "click",
        },
        {
            content: "The session at its share of the package",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Session') td[name='discount']:contains('20.00')",
        },
        {
            content: "paid by the package, whose label says what is left",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row td[name='product_id'] textarea:value('Paid by package Tour 6 Sessions'):value('1 of 6 used, 5 left')",
        },
    ],
});
