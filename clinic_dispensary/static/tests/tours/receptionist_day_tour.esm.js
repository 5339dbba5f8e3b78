/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const GROUP = ".o_group_header:contains('Tour Day Client')";

/** A step failing when its anchor's text is `text` alone (no currency). */
function withCurrency(content, trigger, amount) {
    return {
        content,
        trigger,
        run({anchor}) {
            const text = anchor.textContent.trim();
            if (text === amount || !text.includes(amount)) {
                throw new Error(`${content}: "${text}" has no currency`);
            }
        },
    };
}

registry.category("web_tour.tours").add("clinic_receptionist_day_tour", {
    steps: () => [
        // The clinic's day, every practitioner's appointments.
        {
            content: "The calendar opens on the day",
            trigger: ".o_calendar_view .fc-timeGridDay-view",
        },
        {
            content:
                "It shows the practitioner's appointment, reception being no attendee, to bill (orange)",
            trigger: ".fc-event.o_calendar_color_2:contains('Tour day massage')",
        },
        {
            content: "and reception's own",
            trigger: ".fc-event.o_calendar_color_2:contains('Tour day check-up')",
        },
        {
            content: "A filter per practitioner",
            trigger:
                ".o_calendar_filter[data-name='clinic_practitioner_id']:contains('Practitioner') .o_calendar_filter_item:contains('Dr Tour Lee') input",
            run: "click",
        },
        {
            content: "hides that practitioner's appointments",
            trigger:
                ".o_calendar_view:not(:has(.fc-event:contains('Tour day massage'))) .fc-event:contains('Tour day check-up')",
        },
        {
            content: "and shows them again",
            trigger:
                ".o_calendar_filter[data-name='clinic_practitioner_id']:contains('Practitioner') .o_calendar_filter_item:contains('Dr Tour Lee') input",
            run: "click",
        },
        {
            content: "Open the practitioner's appointment",
            trigger: ".fc-event:contains('Tour day massage')",
            run: "click",
        },
        {
            content: "The popover tells the client",
            trigger: ".o_cw_popover:contains('Tour Day Client')",
        },
        {
            content: "the type",
            trigger: ".o_cw_popover:contains('Tour Day Massage Type')",
        },
        {
            content: "what the client will pay, tax included",
            trigger: ".o_cw_popover:contains('69.00')",
        },
        {
            content: "and that it is still to bill",
            trigger: ".o_cw_popover:contains('To Bill')",
        },
        {
            content: "Open the appointment",
            trigger: ".o_cw_popover .o_cw_popover_edit",
            run: "click",
        },
        {
            content: "Its form says what the type consumes, read only",
            trigger:
                ".modal [name='clinic_consumable_ids']:not(:has(.o_field_x2many_list_row_add)) .o_data_row:contains('Tour massage oil')",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-header .btn-close",
            run: "click",
        },
        // The same day as a list: billing state, and New.
        {
            content: "Back on the calendar",
            trigger: "body:not(:has(.modal)) .o_calendar_view",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list of appointments",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Look for the client",
            trigger: ".o_searchview_input",
            run: "edit Tour Day Client",
        },
        {
            content: "by client",
            trigger: ".dropdown-menu.o_searchview_autocomplete",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The list shows the billing state",
            trigger:
                ".o_data_row:contains('Tour Day Massage Type') [name='billing_state'] .badge:contains('To Bill')",
        },
        {
            content: "and has New",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "A blank appointment: no meeting placeholder",
            trigger:
                ".o_form_view [name='name'] input[placeholder='e.g. Botox follow-up']",
        },
        {
            content: "nor a No Charge badge, the type to choose",
            trigger:
                ".o_form_view:not(:has([name='billing_state'])):not(:has([name='clinic_no_charge'])) [name='appointment_type_id'] input",
        },
        {
            content: "Leave it",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        // Checkout at the desk.
        {
            content: "Go to the Express Checkout",
            trigger:
                ".o_menu_sections [data-menu-xmlid='clinic_dispensary.menu_clinic_express_checkout']",
            run: "click",
        },
        {
            content: "Today's appointments of the client, practitioner's included",
            trigger: `${GROUP}:contains('(2)')`,
        },
        {
            content: "at their time of day, without subject column",
            trigger:
                ".o_list_view:not(:has(th[data-name='name'])) .o_data_row:contains('Tour Day Massage Type') [name='clinic_start_time']:contains('10:00')",
        },
        withCurrency(
            "The client's total, taxes included, with its currency",
            `${GROUP} td.o_list_number:contains('109.25')`,
            "109.25"
        ),
        {
            content: "Bill this client",
            trigger: `${GROUP} button[name='action_clinic_bill_client']`,
            run: "click",
        },
        withCurrency(
            "The checkout shows the same total",
            ".modal [name='amount_total']:contains('109.25')",
            "109.25"
        ),
        {
            content: "for the client's two appointments",
            trigger:
                ".modal .o_data_row:contains('Tour Day Massage Type') ~ .o_data_row:contains('Tour Day Check-up Type')",
        },
        {
            content: "New Invoice",
            trigger: ".modal button[name='action_create_invoices']",
            run: "click",
        },
        {
            content: "The invoice is the client's",
            trigger:
                ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Day Client')",
        },
        {
            content: "and charges the total shown",
            trigger: ".o_form_view [name='tax_totals']:contains('109.25')",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_view button[name='action_post']",
            run: "click",
        },
        {
            content: "Print it",
            trigger: ".o_form_view button[name='action_invoice_sent']:visible",
            run: "click",
        },
        {
            content: "The print dialog opens",
            trigger: ".modal .modal-title",
        },
        {
            content: "Close it",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Back to the Express Checkout",
            trigger: ".o_breadcrumb a:contains('Express Checkout')",
            run: "click",
        },
        {
            content: "The billed client is gone, no empty group left",
            trigger:
                ".o_list_view:not(:has(.o_group_header:contains('Tour Day Client'))) .o_group_header:contains('Tour Other Client')",
        },
    ],
});
