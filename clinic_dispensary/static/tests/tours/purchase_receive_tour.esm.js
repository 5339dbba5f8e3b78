/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const pending = ".o_kanban_group:has(.o_column_title:contains('Pending'))";
const line = ".modal .o_data_row:has(td[name='product_id']:contains('Tour Filler'))";
const editing = ".modal .o_data_row.o_selected_row";

registry.category("web_tour.tours").add("clinic_purchase_receive_tour", {
    steps: () => [
        {
            content: "Purchase orders open in a kanban by status, empty columns too",
            trigger: ".o_kanban_group .o_column_title:contains('Partly Received')",
        },
        {
            content: "The confirmed order waits in Pending",
            trigger: `${pending} .o_kanban_record:contains('Tour Lab')`,
            run: "click",
        },
        {
            content: "Receive the delivery",
            trigger: ".o_form_view button[name='action_clinic_receive']",
            run: "click",
        },
        {
            content: "The order's line, with what was ordered",
            trigger: `${line} td[name='ordered_qty']:contains('10')`,
        },
        {
            content: "Six came",
            trigger: `${line} td[name='quantity']`,
            run: "click",
        },
        {
            trigger: `${editing} td[name='quantity'] input`,
            run: "edit 6",
        },
        {
            content: "in one lot",
            trigger: `${editing} td[name='lot_name'] input`,
            run: "edit TOUR-PO-LOT",
        },
        {
            content: "Nothing more will come: close short",
            trigger: ".modal .o_field_widget[name='backorder'] input[data-value='close']",
            run: "click",
        },
        {
            content: "Confirm Received",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The receipt is done",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
