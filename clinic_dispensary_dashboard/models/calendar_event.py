# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, models

# A measure named by the spreadsheet: "clinic_amount_sum_id:sum(clinic_amount)".
NAMED_AGGREGATE = re.compile(r"^(\w+):(\w+)\((\w+)\)$")


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def read_group(
        self,
        domain,
        fields,
        groupby,
        offset=0,
        limit=None,
        orderby=False,
        lazy=True,
    ):
        """Read a spreadsheet pivot's measures by their field.

        Odoo's calendar hides other people's private appointments from a
        read_group when a field it aggregates is not public to the user, and
        takes a measure named by the spreadsheet (``name:sum(field)``) for a
        field of that name, which never is: the dashboard would leave out the
        appointments of every practitioner whose calendar is private by
        default, which Express Checkout counts. Asked as ``field:sum``, the
        measure is judged by its field, public or not to the user as Odoo
        decides; its value is returned under its name."""
        by_field = {}
        for spec in fields or ():
            match = NAMED_AGGREGATE.match(spec)
            if match and match[3] in self._fields:
                by_field.setdefault(match[3], []).append(match)
        groupby_names = {
            spec.split(":")[0]
            for spec in ([groupby] if isinstance(groupby, str) else groupby or ())
        }
        if (
            not by_field
            or orderby
            or any(len(matches) > 1 for matches in by_field.values())
            or set(by_field) & (groupby_names | {spec.split(":")[0] for spec in fields})
        ):
            return super().read_group(
                domain,
                fields,
                groupby,
                offset=offset,
                limit=limit,
                orderby=orderby,
                lazy=lazy,
            )
        names = {}
        specs = []
        for spec in fields:
            match = NAMED_AGGREGATE.match(spec)
            if match and match[3] in by_field:
                names[match[3]] = match[1]
                spec = f"{match[3]}:{match[2]}"
            specs.append(spec)
        groups = super().read_group(
            domain, specs, groupby, offset=offset, limit=limit, lazy=lazy
        )
        for group in groups:
            for field_name, name in names.items():
                group[name] = group.pop(field_name)
        return groups
