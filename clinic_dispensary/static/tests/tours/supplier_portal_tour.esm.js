/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const row = ".o_clinic_notice_row[data-product='Tour Serum']";

/** A year from today, as a date input wants it (YYYY-MM-DD). */
function inAYear() {
    const day = new Date();
    day.setFullYear(day.getFullYear() + 1);
    return day.toISOString().slice(0, 10);
}

registry.category("web_tour.tours").add("clinic_supplier_portal_tour", {
    steps: () => [
        {
            content: "The confirmed order's page asks for an advance shipping notice",
            trigger: "#clinic_shipping_notice .o_clinic_notice_form",
        },
        {
            content: "Eight serums shipped",
            trigger: `${row} input[name='quantity']`,
            run: "edit 8",
        },
        {
            content: "in lot TOUR-ASN-LOT",
            trigger: `${row} input[name='lot_name']`,
            run: "edit TOUR-ASN-LOT",
        },
        {
            content: "expiring in a year",
            trigger: `${row} input[name='expiration_date']`,
            run() {
                this.anchor.value = inAYear();
            },
        },
        {
            content: "Send it",
            trigger: ".o_clinic_notice_send",
            run: "click",
        },
        {
            content: "The notice is sent, with its lot",
            trigger: ".o_clinic_notice_sent",
        },
        {
            trigger: ".o_clinic_portal_notice td:contains('TOUR-ASN-LOT')",
        },
        {
            content: "My Claims",
            trigger: "body",
            run: "goToUrl /my/claims",
        },
        {
            content: "The clinic's warranty claim",
            trigger: ".o_clinic_portal_claim a:contains('CLM/')",
            run: "click",
        },
        {
            content: "with its units",
            trigger: ".o_clinic_portal_claim_line td:contains('Tour Serum')",
        },
        {
            content: "Accept it with an RMA number",
            trigger: ".o_clinic_claim_accept input[name='reference']",
            run: "edit TOUR-RMA-1",
        },
        {
            trigger: ".o_clinic_claim_accept button[value='accept']",
            run: "click",
        },
        {
            content: "The answer is sent and the claim accepted",
            trigger: ".o_clinic_claim_answered",
        },
        {
            trigger: ".o_clinic_claim_reference:contains('TOUR-RMA-1')",
        },
    ],
});

const line = ".modal .o_data_row:has(td[name='product_id']:contains('Tour Serum'))";

registry.category("web_tour.tours").add("clinic_receive_notice_tour", {
    steps: () => [
        {
            content: "The order has a shipping notice",
            trigger: ".o_form_view button[name='action_view_clinic_notices']",
        },
        {
            content: "Receive the delivery",
            trigger: ".o_form_view button[name='action_clinic_receive']",
            run: "click",
        },
        {
            content: "The line is prefilled from the notice: quantity",
            trigger: `${line} td[name='quantity']:contains('8')`,
        },
        {
            content: "lot",
            trigger: `${line} td[name='lot_name']:contains('TOUR-ASN-LOT')`,
        },
        {
            content: "and expiry date",
            trigger: `${line} td[name='expiration_date']:not(:empty)`,
        },
        {
            content: "Checked: Confirm Received",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The receipt is done",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
