# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
import json
import re
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tools.safe_eval import safe_eval

DASHBOARD_XMLID = "clinic_dispensary_dashboard.spreadsheet_dashboard_clinic"
# PIVOT.VALUE(1,"measure",...), PIVOT.HEADER(1,"#row",...), ODOO.LIST(1,2,"field")
PIVOT_VALUE_RE = re.compile(r'PIVOT\.VALUE\((\d+),"([^"]+)"(?:,"#?([^"]+)",\d+)?\)')
PIVOT_HEADER_RE = re.compile(r'PIVOT\.HEADER\((\d+),"#?([^"]+)",\d+\)')
LIST_RE = re.compile(r'ODOO\.LIST\((\d+),\d+,"([^"]+)"\)')
MENU_LINK_RE = re.compile(r"\]\(odoo://ir_menu_xml_id/([\w.]+)\)")


class DashboardMixin:
    """Reads the Clinic dashboard's spreadsheet and computes its pivots the
    way the spreadsheet asks the server for them: its domain (evaluated in
    the user's context, as the web client evaluates it), its global filters'
    default values, its measures and row groups, in one read_group."""

    def _spreadsheet(self):
        return json.loads(self.env.ref(DASHBOARD_XMLID).spreadsheet_data)

    def _cells(self, data):
        return {
            ref: cell["content"]
            for sheet in data["sheets"]
            for ref, cell in sheet["cells"].items()
        }

    @staticmethod
    def _eval_context(env):
        today = fields.Date.context_today(env.user)
        return {
            "context_today": lambda: today,
            "relativedelta": relativedelta,
            "datetime": datetime,
            "time": time,
            "uid": env.uid,
        }

    def _eval_domain(self, domain, env):
        if isinstance(domain, str):
            return safe_eval(domain, self._eval_context(env))
        return list(domain)

    def _filter_domain(self, data, source, env):
        """The domain the global filters' default values add to a pivot or
        list (fixed period *this month* on its matched date field)."""
        filters = {item["id"]: item for item in data["globalFilters"]}
        domain = []
        for filter_id, matching in source.get("fieldMatching", {}).items():
            if not matching.get("chain"):
                continue
            global_filter = filters[filter_id]
            self.assertEqual(
                (global_filter["rangeType"], global_filter["defaultValue"]),
                ("fixedPeriod", "this_month"),
            )
            today = fields.Date.context_today(env.user)
            first = today.replace(day=1)
            last = first.replace(day=calendar.monthrange(today.year, today.month)[1])
            if matching["type"] == "datetime":
                first, last = (
                    datetime.combine(first, time.min),
                    datetime.combine(last, time.max),
                )
            domain += [
                (matching["chain"], ">=", fields.Date.to_string(first)),
                (matching["chain"], "<=", fields.Date.to_string(last)),
            ]
        return domain

    def _source_domain(self, data, source, env):
        return self._eval_domain(source["domain"], env) + self._filter_domain(
            data, source, env
        )

    @staticmethod
    def _this_month(field_name, env):
        """The domain of a search view's date filter on this month."""
        today = fields.Date.context_today(env.user)
        first = today.replace(day=1)
        return [
            (field_name, ">=", first),
            (field_name, "<", first + relativedelta(months=1)),
        ]

    @staticmethod
    def _group_key(group, groupby):
        return tuple(
            group[name][0] if isinstance(group[name], tuple | list) else group[name]
            for name in groupby
        )

    def _read_group(self, model, domain, specs, groupby, keys=None):
        """{row key: {spec (or its key): value}} of model.read_group."""
        groups = model.read_group(domain, specs, groupby, lazy=False)
        return {
            self._group_key(group, groupby): {
                key: group[spec.split(":")[0]]
                for spec, key in zip(specs, keys or specs, strict=True)
            }
            for group in groups
        }

    def _pivot_figures(self, pivot_id, user, data=None):
        data = data or self._spreadsheet()
        pivot = data["pivots"][pivot_id]
        env = self.env(user=user, context={"tz": user.tz})
        # As the spreadsheet names them: "amount_sum_id:sum(amount)".
        specs = [
            "__count"
            if measure["fieldName"] == "__count"
            else "{0}_{1}_id:{1}({0})".format(
                measure["fieldName"], measure["aggregator"]
            )
            for measure in pivot["measures"]
        ]
        return self._read_group(
            env[pivot["model"]],
            self._source_domain(data, pivot, env),
            specs,
            [row["fieldName"] for row in pivot["rows"]],
            keys=[measure["id"] for measure in pivot["measures"]],
        )

    def _chart_figures(self, user, data=None):
        """{chart title: {group key: value}} of the Odoo charts, as their
        graph model reads them: the chart's measure by its group."""
        data = data or self._spreadsheet()
        env = self.env(user=user, context={"tz": user.tz})
        result = {}
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                meta = chart["metaData"]
                figures = self._read_group(
                    env[meta["resModel"]],
                    self._source_domain(
                        data,
                        {**chart, "domain": chart["searchParams"]["domain"]},
                        env,
                    ),
                    [meta["measure"]],
                    meta["groupBy"],
                )
                result[chart["title"]["text"]] = {
                    key: values[meta["measure"]] for key, values in figures.items()
                }
        return result

    def _list_records(self, list_id, user, data=None):
        data = data or self._spreadsheet()
        definition = data["lists"][list_id]
        env = self.env(user=user, context={"tz": user.tz})
        order = ", ".join(
            f"{order['name']} {'asc' if order['asc'] else 'desc'}"
            for order in definition["orderBy"]
        )
        return env[definition["model"]].search(
            self._source_domain(data, definition, env), order=order
        )

    def _report_figures(
        self, action_xmlid, user, specs, groupby, filters=(), domain=()
    ):
        """read_group of a report's window action: its domain, the named
        filters of its search view and ``domain`` (a date filter's period),
        as the user opens it."""
        env = self.env(user=user, context={"tz": user.tz})
        action = env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        model = env[action["res_model"]]
        domain = self._eval_domain(action.get("domain") or "[]", env) + list(domain)
        if filters:
            view_id = action.get("search_view_id") and action["search_view_id"][0]
            arch = model.get_views([(view_id, "search")])["views"]["search"]["arch"]
            root = etree.fromstring(arch)
            for name in filters:
                [node] = root.xpath(f"//filter[@name='{name}']")
                domain += self._eval_domain(node.get("domain"), env)
        return self._read_group(model, domain, specs, groupby)
