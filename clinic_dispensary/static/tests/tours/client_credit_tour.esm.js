/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_client_credit_tour", {
    steps: () => [
        {
            content: "New Credit from the Credits list",
            trigger: "button[name='action_new_credit']",
            run: "click",
        },
        {
            content: "Choose the client",
            trigger: ".modal .o_field_widget[name='partner_id'] input",
            run: "edit Tour Credit Client",
        },
        {
            trigger: ".ui-menu-item a:contains('Tour Credit Client')",
            run: "click",
        },
        {
            content: "Amount",
            trigger: ".modal .o_field_widget[name='amount'] input",
            run: "edit 80",
        },
        {
            content: "Reason",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Goodwill",
        },
        {
            content: "Create the credit",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The credit is open for 80",
            trigger:
                ".o_form_view .o_field_widget[name='amount_remaining']:contains('80.00')",
        },
        {
            content: "Apply it to an invoice",
            trigger: ".o_form_view button[name='action_open_apply_wizard']",
            run: "click",
        },
        {
            // The client's open invoices are listed, oldest due first, each
            // for what the credit can pay of it: here all 50 it owes.
            content: "The client's open invoice is proposed",
            trigger:
                ".modal .o_data_row:has(.o_data_cell[name='invoice_id']:contains('INV')) .o_data_cell[name='amount']:contains('50.00')",
            run: "click",
        },
        {
            content: "Apply 30 of it",
            trigger: ".modal .o_data_row .o_field_widget[name='amount'] input",
            run: "edit 30",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "50 is left",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name='amount_remaining']:contains('50.00')",
        },
        {
            content: "Convert the rest to a refund",
            trigger: ".o_form_view button[name='action_credit_to_refund']",
            run: "click",
        },
        {
            content: "The refund proposes what is left",
            trigger: ".modal .o_field_widget[name='amount'] input:value('50.00')",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            // "50.00" contains "0.00": wait for the form reloaded after the
            // refund, which no longer offers one, not just for the text.
            content: "The credit is used",
            trigger:
                ".o_form_view:not(:has(.modal)):not(:has(button[name='action_credit_to_refund'])) .o_field_widget[name='amount_remaining']:contains('0.00')",
        },
    ],
});
