/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

/** The spreadsheet model the dashboard renders (its canvas has no DOM text). */
function dashboardModel() {
    const nodes = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (nodes.length) {
        const node = nodes.pop();
        const model = node.component?.props?.model;
        if (model?.getters?.getEvaluatedCell) {
            return model;
        }
        nodes.push(...Object.values(node.children || {}));
    }
    return undefined;
}

/**
 * Wait until the cell (col, row: 0-based) of the dashboard shows `expected`,
 * or any number when `expected` is Number (a figure loaded, not an error).
 */
async function waitForCell(ref, col, row, expected) {
    let value = undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
        const model = dashboardModel();
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            value = model.getters.getEvaluatedCell({sheetId, col, row}).value;
            if (expected === Number ? typeof value === "number" : value === expected) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Dashboard cell ${ref} shows ${JSON.stringify(value)}, not ${expected}`);
}

function openReport(xmlid, title) {
    return [
        {
            content: "Open Clinic > Reporting",
            trigger:
                ".o_menu_sections button[data-menu-xmlid='clinic_dispensary.menu_clinic_reporting']",
            run: "click",
        },
        {
            content: `Open ${title}`,
            trigger: `.dropdown-menu .dropdown-item[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
        {
            content: `${title} is open`,
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains('${title}')`,
        },
        {
            content: `${title} shows its view`,
            trigger:
                ".o_action_manager .o_view_controller:is(.o_pivot_view, .o_graph_view, .o_list_view)",
        },
    ];
}

// The bar chart of the month's sales by category.
const SALES_CHART = "6f1e2a0c-5b8d-4c3e-9a71-2d4f8b9e0c11";

// Report menus of Clinic > Reporting, by xml id and title.
const REPORTS = [
    ["clinic_dispensary.menu_clinic_reporting_sales", "Sales by Item"],
    ["clinic_dispensary.menu_clinic_reporting_waste", "Waste"],
    ["clinic_dispensary.menu_clinic_reporting_turnover", "Inventory Turnover"],
    ["clinic_dispensary.menu_clinic_reporting_stockouts", "Stock-Outs Analysis"],
    ["clinic_dispensary.menu_clinic_reporting_package_liability", "Package Liability"],
    ["clinic_dispensary.menu_clinic_reporting_credits_owed", "Credits Owed"],
];

registry.category("web_tour.tours").add("clinic_dashboard_tour", {
    steps: () => [
        {
            content: "The Clinic dashboard group is listed",
            trigger: ".o_spreadsheet_dashboard_search_panel header:contains('Clinic')",
        },
        {
            content: "Open the Clinic dashboard",
            trigger:
                ".o_spreadsheet_dashboard_search_panel section:has(header:contains('Clinic')) li:contains('Clinic')",
            run: "click",
        },
        {
            content: "The spreadsheet is rendered",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet canvas",
        },
        {
            content: "The Period filter is shown",
            trigger: ".o_control_panel .o_control_panel_actions:contains('Period')",
        },
        {
            content: "Today's appointments to bill: two, for 109.25",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            async run() {
                await waitForCell("A1", 0, 0, "Today's appointments to bill");
                await waitForCell("B2", 1, 1, 2);
                await waitForCell("B3", 1, 2, 109.25);
                await waitForCell("E1", 4, 0, "Credits owed");
                // Every other figure loads: a number, not an error.
                for (const [ref, col, row] of [
                    ["F6", 5, 5],
                    ["B20", 1, 19],
                    ["F16", 5, 15],
                    ["B22", 1, 21],
                    ["F22", 5, 21],
                    ["B42", 1, 41],
                    ["C42", 2, 41],
                ]) {
                    await waitForCell(ref, col, row, Number);
                }
            },
        },
        {
            content: "The chart of the month's sales has its bars",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            async run() {
                let bars = [];
                for (let attempt = 0; attempt < 60; attempt++) {
                    const runtime = dashboardModel().getters.getChartRuntime(SALES_CHART);
                    bars = runtime?.chartJsConfig?.data?.datasets?.[0]?.data || [];
                    if (bars.some((value) => value > 0)) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error(`The sales chart has no bar: ${JSON.stringify(bars)}`);
            },
        },
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Clinic app",
            trigger: ".o_app[data-menu-xmlid='clinic_dispensary.menu_clinic_root']",
            run: "click",
        },
        ...REPORTS.flatMap(([xmlid, title]) => openReport(xmlid, title)),
    ],
});
