# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet

from .common import (
    DASHBOARD_XMLID,
    LIST_RE,
    MENU_LINK_RE,
    PIVOT_HEADER_RE,
    PIVOT_VALUE_RE,
    DashboardMixin,
)


@tagged("post_install", "-at_install")
class TestClinicDashboard(DashboardMixin, TransactionCase):
    """The Clinic dashboard: where it is, who sees it, and that everything
    its spreadsheet reads exists."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(DASHBOARD_XMLID)
        cls.manager = new_test_user(
            cls.env,
            login="dashboard_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )
        cls.reception = new_test_user(
            cls.env,
            login="dashboard_reception",
            groups="clinic_dispensary.group_clinic_reception",
        )

    def test_dashboard_in_the_clinic_group_for_managers(self):
        self.assertEqual(self.dashboard.name, "Clinic")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "clinic_dispensary_dashboard.spreadsheet_dashboard_group_clinic"
            ),
        )
        self.assertEqual(
            self.dashboard.group_ids,
            self.env.ref("clinic_dispensary.group_clinic_manager"),
        )
        group = self.dashboard.dashboard_group_id
        self.assertIn(
            self.dashboard, group.with_user(self.manager).published_dashboard_ids
        )
        self.assertEqual(
            self.dashboard.with_user(self.manager)
            .get_readonly_dashboard()["snapshot"]["pivots"]
            .keys(),
            self._spreadsheet()["pivots"].keys(),
        )

    def test_installs_itself_with_the_clinic_and_dashboards(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "clinic_dispensary_dashboard")]
        )
        self.assertTrue(module.auto_install)
        self.assertEqual(
            set(module.dependencies_id.mapped("name")),
            {"clinic_dispensary", "spreadsheet_dashboard"},
        )

    def test_reception_does_not_see_it(self):
        Dashboard = self.env["spreadsheet.dashboard"].with_user(self.reception)
        self.assertFalse(Dashboard.search([("id", "=", self.dashboard.id)]))
        group = self.dashboard.dashboard_group_id.with_user(self.reception)
        self.assertNotIn(self.dashboard, group.published_dashboard_ids)
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.reception).read(["spreadsheet_data"])

    def test_every_model_and_field_exists(self):
        """Odoo's own check (as it validates a spreadsheet when saved), then
        what it does not look at: fields of domains written with the
        current date, field types the filters expect, measures that can be
        summed and rows that can be grouped."""
        data = self._spreadsheet()
        for model, field_names in fields_in_spreadsheet(data).items():
            self.assertIn(model, self.env)
            for name in field_names:
                self.assertIn(name, self.env[model]._fields, f"{model}.{name}")
        filters = {item["id"]: item for item in data["globalFilters"]}
        charts = [
            {
                **figure["data"],
                "model": figure["data"]["metaData"]["resModel"],
                "domain": figure["data"]["searchParams"]["domain"],
            }
            for sheet in data["sheets"]
            for figure in sheet["figures"]
        ]
        self.assertTrue(charts)
        sources = [*data["pivots"].values(), *data["lists"].values(), *charts]
        for source in sources:
            model = self.env[source["model"]].with_user(self.manager)
            # Every domain evaluates and searches: an unknown field raises.
            model.search_count(self._source_domain(data, source, model.env))
            for filter_id, matching in source["fieldMatching"].items():
                self.assertIn(filter_id, filters)
                if matching.get("chain"):
                    field = model._fields[matching["chain"]]
                    self.assertEqual(field.type, matching["type"])
                    self.assertEqual(filters[filter_id]["type"], field.type)
        for pivot in data["pivots"].values():
            fields_info = self.env[pivot["model"]].fields_get()
            for measure in pivot["measures"]:
                name = measure["fieldName"]
                if name != "__count":
                    self.assertEqual(
                        fields_info[name]["aggregator"],
                        measure["aggregator"],
                        f"{pivot['model']}.{name} is summed",
                    )
            for row in pivot["rows"]:
                self.assertTrue(fields_info[row["fieldName"]]["groupable"])

    def test_every_formula_reads_a_defined_pivot_measure_or_column(self):
        data = self._spreadsheet()
        cells = self._cells(data)
        seen_pivots, seen_lists = set(), set()
        for ref, content in cells.items():
            for pivot_id, measure, row in PIVOT_VALUE_RE.findall(content):
                pivot = data["pivots"][pivot_id]
                self.assertIn(measure, [m["id"] for m in pivot["measures"]], ref)
                if row:
                    self.assertIn(row, [r["fieldName"] for r in pivot["rows"]], ref)
                seen_pivots.add(pivot_id)
            for pivot_id, row in PIVOT_HEADER_RE.findall(content):
                pivot = data["pivots"][pivot_id]
                self.assertIn(row, [r["fieldName"] for r in pivot["rows"]], ref)
            for list_id, column in LIST_RE.findall(content):
                self.assertIn(column, data["lists"][list_id]["columns"], ref)
                seen_lists.add(list_id)
        self.assertEqual(seen_pivots, set(data["pivots"]), "every pivot is shown")
        self.assertEqual(seen_lists, set(data["lists"]), "every list is shown")

    def test_links_open_clinic_screens(self):
        data = self._spreadsheet()
        cells = self._cells(data)
        menus = {
            xmlid
            for content in cells.values()
            for xmlid in MENU_LINK_RE.findall(content)
        } | set(data["chartOdooMenusReferences"].values())
        self.assertIn("clinic_dispensary.menu_clinic_reporting_sales", menus)
        self.assertIn("clinic_dispensary.menu_clinic_express_checkout", menus)
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        for xmlid in menus:
            menu = self.env.ref(xmlid)
            self.assertEqual(menu._name, "ir.ui.menu")
            self.assertTrue(menu.action, xmlid)
            self.assertIn(menu.id, visible, f"a manager can open {xmlid}")
