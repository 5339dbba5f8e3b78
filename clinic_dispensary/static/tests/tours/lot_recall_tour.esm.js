/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("clinic_lot_recall_tour", {
    steps: () => [
        {
            content: "Recall the lot",
            trigger: ".o_form_view button[name='action_clinic_recall']",
            run: "click",
        },
        {
            content: "The client who received it is listed, with the quantity",
            trigger:
                ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Tour Recall Client'):contains('2.00')",
        },
        {
            content: "The client of the sibling lot is not",
            trigger:
                ".modal .o_field_widget[name='line_ids']:not(:contains('Tour Sibling Client'))",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Contamination reported by the supplier",
        },
        {
            content: "Recall",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The lot is marked recalled",
            trigger: ".o_form_view .ribbon:contains('Recalled')",
        },
    ],
});
