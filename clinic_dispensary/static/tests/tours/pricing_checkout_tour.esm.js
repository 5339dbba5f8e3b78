/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_pricing_checkout_tour", {
    steps: () => [
        {
            content: "Open the consultation billed per hour",
            trigger: ".o_data_row:contains('Tour Consultation Type') td[name='client_id']",
            run: "click",
        },
        {
            content: "Go to its add-ons",
            trigger: ".o_notebook a.nav-link:contains('Add-ons')",
            run: "click",
        },
        {
            content: "Add one",
            trigger: "div[name='clinic_addon_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The LED mask upgrade",
            trigger:
                "div[name='clinic_addon_ids'] .o_selected_row .o_list_many2one[name='product_id'] input",
            run: "edit Tour LED",
        },
        {
            content: "is an add-on item",
            trigger: ".ui-menu-item-wrapper:contains('Tour LED upgrade')",
            run: "click",
        },
        {
            content: "priced from the catalogue",
            trigger:
                "div[name='clinic_addon_ids'] .o_data_row td[name='price_subtotal']:contains('30.00')",
        },
        {
            content: "Save the appointment",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Back to Express Checkout",
            trigger: ".breadcrumb-item a:contains('Express Checkout')",
            run: "click",
        },
        {
            content:
                "The client's total has the 45 minutes less 10 % and the add-on",
            trigger:
                ".o_group_header:contains('Tour Pricing Client') td:contains('97.50')",
        },
        {
            content: "Select the consultation",
            trigger:
                ".o_data_row:contains('Tour consult') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Bill it",
            trigger: "button[name='action_express_checkout']",
            run: "click",
        },
        {
            content: "The consultation is billed for its 45 minutes",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Consultation') td[name='clinic_duration']:contains('00:45')",
        },
        {
            content: "at its rate: 75.00",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Consultation') td[name='price_unit']:contains('75.00')",
        },
        {
            content: "with the consultation discount",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Consultation') td[name='clinic_discount_rule_id']:contains('Tour 10 % off')",
        },
        {
            content: "read with two decimals",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Consultation') td[name='discount']:contains('10.00'):not(:contains('10.000'))",
        },
        {
            content: "and the add-on on the same invoice",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour LED upgrade') td[name='price_unit']:contains('30.00')",
        },
    ],
});
