/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {ListRenderer} from "@web/views/list/list_renderer";
import {formatMonetary} from "@web/views/fields/formatters";
import {listView} from "@web/views/list/list_view";
import {registry} from "@web/core/registry";

/** The records a (grouped) list has loaded. */
function loadedRecords(list) {
    if (list.groups) {
        return list.groups.flatMap((group) => loadedRecords(group.list));
    }
    return list.records || [];
}

/**
 * Amounts totalled per client read with their currency, as the rows do:
 * Odoo's list formats group and grouped totals without it. A total whose
 * records are not loaded (folded group) or mix currencies keeps Odoo's.
 */
export class ClinicCheckoutListRenderer extends ListRenderer {
    clinicCurrencyId(list, column) {
        const field = this.props.list.fields[column.name];
        const currencyField =
            column.options.currency_field || field.currency_field || "currency_id";
        const currencies = new Set(
            loadedRecords(list).map((record) => record.data[currencyField]?.[0])
        );
        return currencies.size === 1 ? [...currencies][0] : false;
    }

    monetaryColumns() {
        return this.columns.filter(
            (column) =>
                column.type === "field" &&
                this.props.list.fields[column.name].type === "monetary"
        );
    }

    formatAggregateValue(group, column) {
        const field = this.props.list.fields[column.name];
        const currencyId =
            field.type === "monetary" &&
            column.name in group.aggregates &&
            this.clinicCurrencyId(group.list, column);
        if (!currencyId) {
            return super.formatAggregateValue(group, column);
        }
        return formatMonetary(group.aggregates[column.name], {currencyId});
    }

    get aggregates() {
        const aggregates = super.aggregates;
        const list = this.props.list;
        if (!list.isGrouped || list.selection?.length) {
            return aggregates;
        }
        for (const column of this.monetaryColumns()) {
            const currencyId = this.clinicCurrencyId(list, column);
            if (currencyId && column.name in aggregates) {
                const total = list.groups.reduce(
                    (sum, group) => sum + (group.aggregates[column.name] || 0),
                    0
                );
                aggregates[column.name] = {
                    ...aggregates[column.name],
                    value: formatMonetary(total, {currencyId}),
                };
            }
        }
        return aggregates;
    }
}

/**
 * A client billed leaves the checkout: Odoo keeps a group emptied since the
 * last load (for records dragged out of it), which here would leave the
 * billed client behind with nothing in it.
 */
export class ClinicCheckoutListModel extends listView.Model {
    async _loadGroupedList(config) {
        delete config.currentGroups;
        return super._loadGroupedList(config);
    }
}

registry.category("views").add("clinic_checkout_list", {
    ...listView,
    Model: ClinicCheckoutListModel,
    Renderer: ClinicCheckoutListRenderer,
});
