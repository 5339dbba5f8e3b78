# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .test_dispensing import DispensingCommon

# Reading the report grouped by item: one query for the groups, three for the
# items' names (variants, templates and their translations), whatever the
# number of items.
TURNOVER_READ_GROUP_QUERIES = 4

APRIL = date(2025, 4, 1)
MAY = date(2025, 5, 1)


@tagged("post_install", "-at_install")
class TestTurnoverReport(DispensingCommon):
    """April 2025 (30 days) of one item, standard cost 10.00:

    ==== ============================================== ======= =========
    day  what                                           layer   stock
    ==== ============================================== ======= =========
    1    100 received                                   +1000   1000
    5    10 dispensed at checkout (to the client)       -100    900
    10   5 consumed by an appointment (consumables)     -50     850
    15   2 of the dispensed returned by the client      +20     870
    20   3 scrapped (damaged)                           -30     840
    ==== ============================================== ======= =========

    * cost of goods: 100 + 50 - 20 = 130 (the scrap is waste, not used);
    * average inventory, end of each day: (4 × 1000 + 5 × 900 + 5 × 850 +
      5 × 870 + 11 × 840) / 30 = 26340 / 30 = 878;
    * turns: 130 / 878; days of inventory: 30 × 878 / 130 = 202.615...;
    * holding cost at 36.5 % a year: 0.365 × 878 × 30 / 365 = 26.34;
    * waste: 30.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["clinic.turnover.report"]
        cls.company.clinic_carrying_cost_percent = 36.5
        cls.supplier = cls.env["res.partner"].create({"name": "Turnover supplier"})
        cls.item = cls._item("Turnover serum")
        cls.type_dispense, cls.type_consume = cls.env["calendar.event.type"].create(
            [
                {
                    "name": "Test Serum Take-Home",
                    "clinic_billable": True,
                    "price": 50.0,
                    "clinic_consumable_ids": [
                        Command.create(
                            {
                                "product_id": cls.item.id,
                                "quantity": 10,
                                "billable": True,
                            }
                        )
                    ],
                },
                {
                    "name": "Test Serum Treatment",
                    "clinic_billable": True,
                    "price": 90.0,
                    "clinic_consumable_ids": [
                        Command.create({"product_id": cls.item.id, "quantity": 5})
                    ],
                },
            ]
        )

    @classmethod
    def _item(cls, name):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": cls.injectables.id,
                "list_price": 30.0,
                "standard_price": 10.0,
                "taxes_id": [Command.clear()],
            }
        )

    def _receive(self, quantities, warehouse=None):
        """One validated receipt of {item: quantity} at 10.00 a unit."""
        warehouse = warehouse or self.warehouse
        picking_type = warehouse.in_type_id
        supplier_location = self.env.ref("stock.stock_location_suppliers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.supplier.id,
                "location_id": supplier_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": item.name,
                            "product_id": item.id,
                            "product_uom_qty": quantity,
                            "price_unit": 10.0,
                            "location_id": supplier_location.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                    for item, quantity in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        return picking.move_ids

    def _return(self, picking, quantity):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        wizard.product_return_moves.quantity = quantity
        returned = wizard._create_return()
        returned.move_ids.quantity = quantity
        returned.move_ids.picked = True
        returned._action_done()
        return returned.move_ids

    def _scrap(self, quantity):
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.item.id,
                "scrap_qty": quantity,
                "location_id": self.stock.id,
                "scrap_reason_tag_ids": [
                    Command.set(
                        self.env.ref("clinic_dispensary.stock_reason_damage").ids
                    )
                ],
            }
        )
        scrap.action_validate()
        return scrap.move_ids

    def _on_day(self, moves, day):
        """Date ``moves`` and their valuation layers on ``day`` of April 2025.

        Odoo dates a move when it is done and its layers when they are
        created, both now: the report reads the layers' creation date (as
        Odoo's valuation at a date does) and the waste report the moves'
        date, so both are set in SQL (neither is writable through the ORM)."""
        when = datetime(2025, 4, day, 12, 0)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = ANY(%s)", [when, moves.ids]
        )
        self.env.cr.execute(
            "UPDATE stock_valuation_layer SET create_date = %s "
            "WHERE stock_move_id = ANY(%s)",
            [when, moves.ids],
        )
        self.env.invalidate_all()

    def _april(self):
        received = self._receive({self.item: 100})
        dispensed, _action = self._checkout(self._create_event(type=self.type_dispense))
        dispensed_moves = dispensed.invoice_line_ids.clinic_stock_move_ids
        treatment = self._create_event(type=self.type_consume)
        self._checkout(treatment)
        consumed = treatment.clinic_consumption_move_ids
        returned = self._return(dispensed_moves.picking_id, 2)
        scrapped = self._scrap(3)
        for moves, day in (
            (received, 1),
            (dispensed_moves, 5),
            (consumed, 10),
            (returned, 15),
            (scrapped, 20),
        ):
            self.assertEqual(len(moves), 1)
            self.assertEqual(moves.state, "done")
            self._on_day(moves, day)
        # Every valued move of the item is dated above.
        self.assertEqual(
            self.env["stock.valuation.layer"]
            .search([("product_id", "=", self.item.id)])
            .stock_move_id,
            received | dispensed_moves | consumed | returned | scrapped,
        )

    def test_month_of_an_item_by_hand(self):
        self._april()
        row = self.Report.search(
            [("product_id", "=", self.item.id), ("month", "=", APRIL)]
        )
        self.assertRecordValues(
            row,
            [
                {
                    "warehouse_id": self.warehouse.id,
                    "company_id": self.company.id,
                    "currency_id": self.company.currency_id.id,
                    "categ_id": self.injectables.id,
                    "days_in_month": 30,
                }
            ],
        )
        self.assertAlmostEqual(row.cogs, 130.0)
        self.assertAlmostEqual(row.avg_inventory_value, 878.0)
        self.assertAlmostEqual(row.turn_rate, 130.0 / 878.0)
        self.assertAlmostEqual(row.days_of_inventory, 30 * 878.0 / 130.0)
        self.assertAlmostEqual(row.holding_cost, 0.365 * 878.0 * 30 / 365)
        self.assertAlmostEqual(row.waste_cost, 30.0)

    def test_later_months_carry_the_stock_with_no_turn(self):
        self._april()
        may = self.Report.search(
            [("product_id", "=", self.item.id), ("month", "=", date(2025, 5, 1))]
        )
        self.assertEqual(len(may), 1)
        # 840 held all month, nothing used: no turn, no days of inventory.
        self.assertAlmostEqual(may.avg_inventory_value, 840.0)
        self.assertEqual(may.cogs, 0.0)
        self.assertEqual(may.turn_rate, 0.0)
        # The ORM reads a missing number as 0.0: the view has none.
        self.env.cr.execute(
            SQL(
                "SELECT days_of_inventory FROM (%s) r "
                "WHERE product_id = %s AND month = %s",
                self.Report._table_query,
                self.item.id,
                date(2025, 5, 1),
            )
        )
        self.assertIsNone(self.env.cr.fetchone()[0])
        self.assertAlmostEqual(may.holding_cost, 0.365 * 840.0 * 31 / 365)
        # March: nothing yet, no row.
        self.assertFalse(
            self.Report.search(
                [("product_id", "=", self.item.id), ("month", "<", APRIL)]
            )
        )

    def test_group_turns_are_the_group_ratio(self):
        self._april()
        [group] = self.Report.read_group(
            [
                ("product_id", "=", self.item.id),
                ("month", "in", [APRIL, date(2025, 5, 1)]),
            ],
            ["cogs:sum", "avg_inventory_value:sum", "turn_rate", "days_of_inventory"],
            ["product_id"],
            lazy=False,
        )
        self.assertAlmostEqual(group["cogs"], 130.0)
        self.assertAlmostEqual(group["avg_inventory_value"], 878.0 + 840.0)
        self.assertAlmostEqual(group["turn_rate"], 130.0 / (878.0 + 840.0))
        self.assertAlmostEqual(
            group["days_of_inventory"], (30 * 878.0 + 31 * 840.0) / 130.0
        )

    def test_each_clinic_its_own_stock(self):
        self._april()
        annex = self.env["stock.warehouse"].create(
            {"name": "Turnover annex", "code": "TAX", "company_id": self.company.id}
        )
        self._on_day(self._receive({self.item: 50}, annex), 16)
        rows = self.Report.search(
            [("product_id", "=", self.item.id), ("month", "=", APRIL)]
        )
        by_clinic = {row.warehouse_id: row for row in rows}
        self.assertEqual(set(by_clinic), {self.warehouse, annex})
        self.assertAlmostEqual(by_clinic[self.warehouse].avg_inventory_value, 878.0)
        # 500 from the 16th: 15 days of 30.
        self.assertAlmostEqual(by_clinic[annex].avg_inventory_value, 250.0)
        self.assertEqual(by_clinic[annex].cogs, 0.0)

    def test_months_in_the_users_time_zone(self):
        """Received on 1 April; 10 dispensed at 00:30 on 1 May in Brussels
        (22:30 UTC on 30 April): May's cost of goods, April's stock all
        month."""
        self._on_day(self._receive({self.item: 100}), 1)
        dispensed, _action = self._checkout(self._create_event(type=self.type_dispense))
        moves = dispensed.invoice_line_ids.clinic_stock_move_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_valuation_layer SET create_date = %s "
            "WHERE stock_move_id = ANY(%s)",
            [datetime(2025, 4, 30, 22, 30), moves.ids],
        )
        rows = self.Report.search(
            [("product_id", "=", self.item.id), ("month", "in", [APRIL, MAY])]
        )
        self.assertEqual(
            [(r.month, r.cogs, r.avg_inventory_value) for r in rows.sorted("month")],
            [(APRIL, 0.0, 1000.0), (MAY, 100.0, 900.0)],
        )

    def test_fast_movers_first(self):
        self._april()
        slow = self._item("Turnover slow cream")
        self._on_day(self._receive({slow: 100}), 1)
        rows = self.Report.search(
            [("product_id", "in", (self.item | slow).ids), ("month", "=", APRIL)]
        )
        self.assertEqual(rows.product_id, self.item | slow)
        self.assertEqual(rows[0].product_id, self.item)

    def test_carrying_cost_is_a_company_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.clinic_carrying_cost_percent, 36.5)
        settings.clinic_carrying_cost_percent = 12.0
        settings.execute()
        self.assertEqual(self.company.clinic_carrying_cost_percent, 12.0)
        new_company = self.env["res.company"].create({"name": "Turnover Co"})
        self.assertEqual(new_company.clinic_carrying_cost_percent, 20.0)

    def test_managers_only(self):
        self._april()
        domain = [("product_id", "=", self.item.id)]
        self.assertTrue(self.Report.with_user(self.user_manager).search(domain))
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_reception).read_group(
                domain, ["cogs:sum"], ["month:month"]
            )
        menu = self.env.ref("clinic_dispensary.menu_clinic_reporting_turnover")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(
            menu.id, Menu.with_user(self.user_reception)._visible_menu_ids()
        )

    def _read_by_item(self, items):
        # The web client sends the user's time zone with every request (the
        # report's months are the user's).
        Report = self.Report.with_user(self.user_manager).with_context(
            tz=self.user_manager.tz
        )

        def read():
            return Report.read_group(
                [("product_id", "in", items.ids)],
                ["cogs:sum", "avg_inventory_value:sum", "turn_rate"],
                ["product_id"],
                lazy=False,
            )

        read()  # access rights and rules cached, as in a running server
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(TURNOVER_READ_GROUP_QUERIES):
            groups = read()
        self.assertEqual(len(groups), len(items))

    def test_read_group_queries_do_not_grow_with_items(self):
        for count in (1, 6):
            with self.subTest(items=count):
                items = self.env["product.product"].concat(
                    *(self._item(f"Turnover item {count}-{i}") for i in range(count))
                )
                self._receive(dict.fromkeys(items, 10))
                self._read_by_item(items)

    def _move(self, item, quantity, source, destination, picking_type=None):
        """A done move of ``quantity`` of ``item`` (no picking)."""
        move = self.env["stock.move"].create(
            {
                "name": item.name,
                "product_id": item.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "picking_type_id": picking_type and picking_type.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        return move

    def _assert_clinics(self, item, month, main, annex):
        """The month's (average inventory, cost of goods, waste) of ``item``
        in the main clinic and in the annex (code TAX), and no other row."""
        rows = self.Report.search([("product_id", "=", item.id), ("month", "=", month)])
        self.assertEqual(
            {
                row.warehouse_id.code: (
                    round(row.avg_inventory_value, 2),
                    row.cogs,
                    row.waste_cost,
                )
                for row in rows
            },
            {self.warehouse.code: main, "TAX": annex},
        )

    def test_transfer_through_transit_moves_the_value(self):
        """100 received at 10.00 on 1 April; 40 sent to the annex through
        the company's transit location on the 11th (Odoo values neither
        leg): the main clinic holds 1000 for 10 days and 600 for 20, the
        annex 400 for 20 days; nothing used, nothing wasted."""
        item = self._item("Turnover transit")
        annex = self.env["stock.warehouse"].create(
            {"name": "Turnover annex", "code": "TAX", "company_id": self.company.id}
        )
        self._on_day(self._receive({item: 100}), 1)
        transit = self.company.internal_transit_location_id
        sent = self._move(item, 40, self.stock, transit)
        arrived = self._move(item, 40, transit, annex.lot_stock_id)
        self.assertFalse((sent | arrived).stock_valuation_layer_ids)
        self._on_day(sent | arrived, 11)
        self._assert_clinics(
            item,
            APRIL,
            (round(22000 / 30, 2), 0.0, 0.0),
            (round(8000 / 30, 2), 0.0, 0.0),
        )
        self._assert_clinics(item, MAY, (600.0, 0.0, 0.0), (400.0, 0.0, 0.0))

    def test_transfer_direct_then_the_annex_dispenses(self):
        """100 received on 1 April, 40 moved straight to the annex on the
        11th, the annex dispenses 10 on the 21st: the annex's cost of goods
        is 100 on its 400 (400 for 10 days, 300 for 10), its May stock 300,
        the main clinic's 600."""
        item = self._item("Turnover direct")
        annex = self.env["stock.warehouse"].create(
            {"name": "Turnover annex", "code": "TAX", "company_id": self.company.id}
        )
        self._on_day(self._receive({item: 100}), 1)
        moved = self._move(item, 40, self.stock, annex.lot_stock_id)
        customers = self.env.ref("stock.stock_location_customers")
        dispensed = self._move(
            item, 10, annex.lot_stock_id, customers, annex.out_type_id
        )
        self._on_day(moved, 11)
        self._on_day(dispensed, 21)
        self._assert_clinics(
            item,
            APRIL,
            (round(22000 / 30, 2), 0.0, 0.0),
            (round(7000 / 30, 2), 100.0, 0.0),
        )
        self._assert_clinics(item, MAY, (600.0, 0.0, 0.0), (300.0, 0.0, 0.0))

    def _avco_item(self, name):
        """An item of an average-cost category in automated valuation."""
        valuation, interim_in, interim_out = self.env["account.account"].create(
            [
                {"name": f"Turnover {code}", "code": code, "account_type": kind}
                for code, kind in (
                    ("TURNVAL", "asset_current"),
                    ("TURNIN", "liability_current"),
                    ("TURNOUT", "asset_current"),
                )
            ]
        )
        item = self._item(name)
        item.categ_id = self.env["product.category"].create(
            {
                "name": "Turnover AVCO",
                "property_valuation": "real_time",
                "property_cost_method": "average",
                "property_stock_valuation_account_id": valuation.id,
                "property_stock_account_input_categ_id": interim_in.id,
                "property_stock_account_output_categ_id": interim_out.id,
                "property_stock_journal": self.company_data["default_journal_misc"].id,
            }
        )
        return item

    def test_revaluation_goes_to_the_clinics_holding_the_item(self):
        """60 received at 10.00 in the main clinic and 40 in the annex on
        1 April, the cost changed from 10 to 12 on the 11th: the revaluation
        (200, a layer with no move) goes 120 to the main clinic and 80 to
        the annex, in the inventory only; May closes at 720 and 480, the
        valuation's 1200."""
        item = self._avco_item("Turnover revalued")
        annex = self.env["stock.warehouse"].create(
            {"name": "Turnover annex", "code": "TAX", "company_id": self.company.id}
        )
        self._on_day(self._receive({item: 60}) | self._receive({item: 40}, annex), 1)
        item.standard_price = 12.0
        revaluation = self.env["stock.valuation.layer"].search(
            [("product_id", "=", item.id), ("stock_move_id", "=", False)]
        )
        self.assertEqual(revaluation.value, 200.0)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_valuation_layer SET create_date = %s WHERE id = %s",
            [datetime(2025, 4, 11, 12, 0), revaluation.id],
        )
        self.env.invalidate_all()
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "=", item.id)]
        )
        self.assertEqual(sum(layers.mapped("value")), 1200.0)
        # 600 all month and 120 more for 20 days of 30; 400 and 80 more.
        self._assert_clinics(
            item, APRIL, (680.0, 0.0, 0.0), (round(400 + 1600 / 30, 2), 0.0, 0.0)
        )
        self._assert_clinics(item, MAY, (720.0, 0.0, 0.0), (480.0, 0.0, 0.0))

    def test_revaluation_without_stock_goes_nowhere(self):
        """A cost change of an item no clinic holds makes no row."""
        item = self._avco_item("Turnover unheld")
        received = self._receive({item: 10})
        self._on_day(received, 1)
        self._on_day(
            self._move(
                item, 10, self.stock, self.env.ref("stock.stock_location_customers")
            ),
            2,
        )
        self.env["stock.valuation.layer"].create(
            {
                "company_id": self.company.id,
                "product_id": item.id,
                "value": 50.0,
                "quantity": 0.0,
                "description": "Turnover revaluation",
            }
        )
        rows = self.Report.search([("product_id", "=", item.id)])
        self.assertEqual(set(rows.mapped("month")), {APRIL})
        self.assertAlmostEqual(sum(rows.mapped("avg_inventory_value")), 100.0 / 30)
