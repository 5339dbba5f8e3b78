/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_express_checkout_tour", {
    steps: () => [
        {
            content: "Today's appointments are grouped by client",
            trigger: ".o_group_name:contains('Tour Client')",
        },
        {
            content: "The client's total is shown on the group, untaxed",
            trigger: ".o_group_header:contains('Tour Client') td:contains('95.00')",
        },
        {
            content: "and what the invoice will charge, taxes included",
            trigger: ".o_group_header:contains('Tour Client') td:contains('109.25')",
        },
        {
            content: "Select the client's first appointment",
            trigger:
                ".o_data_row:contains('Tour massage') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second one",
            trigger:
                ".o_data_row:contains('Tour check-up') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Press New Invoice",
            trigger: "button[name='action_express_checkout']",
            run: "click",
        },
        {
            content: "The draft invoice is for the client",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Client')",
        },
        {
            content: "It bills the massage",
            trigger: ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Massage Type')",
        },
        {
            content: "and the check-up",
            trigger: ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour Check-up Type')",
        },
    ],
});
