/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// Opens a screen of Clinic > Stock, by its group and menu entry.
function openStockMenu(group, xmlid) {
    return [
        {
            content: "Open Clinic > Stock",
            trigger: ".o_menu_sections button[data-menu-xmlid='clinic_dispensary.menu_clinic_stock']",
            run: "click",
        },
        {
            content: `The entry is under ${group}`,
            trigger: `.dropdown-menu .dropdown-header:contains('${group}')`,
        },
        {
            content: `Open ${xmlid}`,
            trigger: `.dropdown-menu .dropdown-item[data-menu-xmlid='clinic_dispensary.${xmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("clinic_stock_screens_tour", {
    steps: () => [
        // Catalogue: clinic items by default.
        {
            content: "The catalogue opens filtered on clinic items",
            trigger: ".o_searchview_facet:contains('Clinic Items')",
        },
        {
            content: "A clinic item is listed",
            trigger: ".o_kanban_record:contains('Tour Serum')",
        },
        {
            content: "Another company product is not",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Tour Office Chair')))",
        },
        // Items in Stock.
        ...openStockMenu("Levels", "menu_clinic_stock_items"),
        {
            content: "Items in Stock: clinic items by default",
            trigger:
                ".o_breadcrumb:contains('Items in Stock') ~ * .o_searchview_facet:contains('Clinic Items'), .o_control_panel:has(.o_breadcrumb:contains('Items in Stock')) .o_searchview_facet:contains('Clinic Items')",
        },
        {
            content: "The clinic item is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Serum')",
        },
        {
            content: "The other product is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Office Chair')))",
        },
        // Quarantine: its units, written off from there.
        ...openStockMenu("Batches & Safety", "menu_clinic_stock_quarantine"),
        {
            content: "Quarantine has its own title",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Quarantine')",
        },
        {
            content: "Write off the quarantined vials",
            trigger:
                ".o_list_view .o_data_row:contains('TOUR-Q-LOT') button[name='action_clinic_write_off']",
            run: "click",
        },
        {
            content: "Odoo's scrap form, filled from the quarantine line",
            trigger: ".modal:has(.modal-title:contains('Write Off Tour Serum')) .o_field_widget[name='lot_id']",
        },
        {
            content: "Scrap them",
            trigger: ".modal button[name='action_validate']",
            run: "click",
        },
        {
            content: "Nothing left in quarantine",
            trigger: ".o_view_nocontent:contains('Nothing in quarantine')",
        },
        // Lots & Expiry.
        ...openStockMenu("Batches & Safety", "menu_clinic_stock_lots"),
        {
            content: "Lots & Expiry shows the expiry date",
            trigger: ".o_list_view th[data-name='expiration_date']",
        },
        {
            content: "and the quantity of each lot",
            trigger:
                ".o_list_view .o_data_row:contains('TOUR-LOT-A') td[name='product_qty']:contains('7.00')",
        },
        // Equipment: New is a device form.
        ...openStockMenu("Batches & Safety", "menu_clinic_stock_equipment"),
        {
            content: "Register a device",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Its serial number",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit TOUR-SN-0001",
        },
        {
            content: "Its item",
            trigger: ".o_form_view .o_field_widget[name='product_id'] input",
            run: "edit Tour Laser",
        },
        {
            content: "Only serial-tracked items are offered",
            trigger: ".o-autocomplete--dropdown-menu:not(:contains('Tour Serum')) .o-autocomplete--dropdown-item:contains('Tour Laser')",
            run: "click",
        },
        {
            content: "The device form shows its warranty",
            trigger: ".o_form_view .o_field_widget[name='clinic_warranty_end']",
        },
        {
            content: "its holder",
            trigger: ".o_form_view .o_field_widget[name='clinic_holder_id']",
        },
        {
            content: "its location",
            trigger: ".o_form_view .o_notebook .o_field_widget[name='location_id']",
        },
        {
            content: "and its maintenance log",
            trigger: ".o_form_view .o_field_widget[name='clinic_maintenance_ids']",
        },
        {
            content: "Save the device",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved, .o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});
