/** @odoo-module */
/* Copyright 2026 Clinic Dispensary Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {FloatField, floatField} from "@web/views/fields/float/float_field";
import {formatFloat} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";

/**
 * Decimals a discount (%) is read with: two, more only when the exact
 * percentage needs them (a fixed amount off turned into a percentage), up to
 * the precision the field stores.
 */
export function discountDecimals(value, precision) {
    const exact = Number((value || 0).toFixed(precision));
    for (let decimals = 2; decimals < precision; decimals++) {
        if (Number(exact.toFixed(decimals)) === exact) {
            return decimals;
        }
    }
    return Math.max(precision, 2);
}

export class ClinicDiscountField extends FloatField {
    get formattedValue() {
        if (!this.props.formatNumber || this.props.inputType === "number") {
            return super.formattedValue;
        }
        const field = this.props.record.fields[this.props.name];
        const precision = (field.digits && field.digits[1]) || 2;
        return formatFloat(this.value, {
            digits: [16, discountDecimals(this.value, precision)],
        });
    }
}

registry.category("fields").add("clinic_discount", {
    ...floatField,
    component: ClinicDiscountField,
});
