/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_dispensing_tour", {
    steps: () => [
        {
            content: "Select the Botox appointment",
            trigger:
                ".o_data_row:contains('Tour botox') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Bill it",
            trigger: "button[name='action_express_checkout']",
            run: "click",
        },
        {
            content: "The vial is billed with the appointment",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour vial')",
        },
        {
            content: "and shows the lot it was dispensed from",
            trigger:
                ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Tour vial') .o_tag:contains('TOUR-LOT-SOON')",
        },
    ],
});
