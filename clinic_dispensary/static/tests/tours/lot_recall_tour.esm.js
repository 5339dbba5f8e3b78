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
            content: "The recall is kept as a record, in progress",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('In Progress')",
        },
        {
            content: "The client who received it is listed, with the quantity, notified by e-mail",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('Tour Recall Client'):contains('2.00'):contains('E-mail')",
        },
        {
            content: "The client of the sibling lot is not",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids']:not(:contains('Tour Sibling Client'))",
        },
        {
            content: "Every client was reached: close the recall",
            trigger: ".o_form_view button[name='action_done']",
            run: "click",
        },
        {
            content: "The recall is done",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the lot",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('TOUR-RECALL')",
            run: "click",
        },
        {
            content: "The lot is marked recalled and links its recall",
            trigger:
                ".o_form_view:has(.ribbon:contains('Recalled')) button[name='action_clinic_view_recalls']",
        },
    ],
});
