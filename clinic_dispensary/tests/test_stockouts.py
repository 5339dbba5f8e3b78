# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, Form, get_db_name, tagged

from .test_dispensing import DispensingCommon


class StockoutCommon(DispensingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_emma.email = "emma@example.com"
        cls.client_noah.email = "noah@example.com"
        cls.Stockout = cls.env["clinic.stockout.event"]

    def _checkout_as_reception(self, events):
        """Express Checkout as reception runs it: opened on the chosen
        appointments, New Invoice."""
        wizard_form = Form(
            self.env["clinic.express.checkout"]
            .with_user(self.user_reception)
            .with_context(active_model="calendar.event", active_ids=events.ids)
        )
        wizard = wizard_form.save()
        wizard.action_create_invoices()
        return wizard.invoice_ids

    def _stockouts(self, cause=None):
        domain = [("product_id", "in", (self.vial | self.mask | self.serum).ids)]
        if cause:
            domain.append(("cause", "=", cause))
        return self.Stockout.search(domain)

    def _notices(self, client, subject):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", client.id),
                ("subject", "=", subject),
            ]
        )


@tagged("post_install", "-at_install")
class TestStockoutShortage(StockoutCommon):
    """Checkout leaves part of a dispensed item pending: recorded, and the
    client hears of the delay, then of the arrival."""

    def setUp(self):
        super().setUp()
        self.company.clinic_stock_shortage = "flag"
        # 12 vials billed, 10 in stock: 2 pending.
        self.type_botox.clinic_consumable_ids.quantity = 12

    def test_shortage_recorded_and_client_told_of_delay_then_arrival(self):
        event = self._create_event(type=self.type_botox)
        invoice = self._checkout_as_reception(event)
        line = invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == self.vial)
        pending = line.clinic_stock_move_ids.filtered(lambda m: m.state != "done")
        self.assertTrue(pending)

        stockout = self._stockouts("shortage")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.quantity_short, 2)
        self.assertEqual(stockout.product_uom_id, self.vial.uom_id)
        self.assertEqual(stockout.warehouse_id, self.warehouse)
        self.assertEqual(stockout.company_id, self.company)
        self.assertEqual(stockout.date, fields.Date.context_today(stockout))
        self.assertEqual(stockout.appointment_ids, event)
        self.assertEqual(stockout.partner_ids, self.client_emma)
        self.assertEqual(stockout.picking_ids, pending.picking_id)
        self.assertEqual(stockout.move_ids, pending)
        self.assertEqual(stockout.sudo().cost_short, 2 * 90.0)

        delay = self._notices(self.client_emma, "Your order is delayed")
        self.assertEqual(len(delay), 1)
        self.assertIn("Botox 50U vial", delay.body)
        self.assertIn("2.00 Units", delay.body)
        self.assertEqual(delay.partner_ids, self.client_emma)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", delay.id)])
        self.assertEqual(mail.recipient_ids, self.client_emma)
        self.assertFalse(self._notices(self.client_emma, "Your delayed order is here"))

        # The vials come in; the manager validates the pending delivery as
        # the Delivery screen does.
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.stock, 5, lot_id=self.lot_late
        )
        backorder = pending.picking_id.with_user(self.user_manager)
        backorder.action_assign()
        backorder.button_validate()
        self.assertEqual(backorder.state, "done")
        arrival = self._notices(self.client_emma, "Your delayed order is here")
        self.assertEqual(len(arrival), 1)
        self.assertIn("Botox 50U vial", arrival.body)
        self.assertIn("2.00 Units", arrival.body)
        self.assertEqual(arrival.partner_ids, self.client_emma)
        # Told once of each.
        self.assertEqual(
            len(self._notices(self.client_emma, "Your order is delayed")), 1
        )

    def test_one_message_per_client_per_checkout(self):
        """Two items short for Emma, one for Noah: one delay message each,
        listing all of the client's items."""
        self.type_facial.clinic_consumable_ids = [
            Command.create(
                {"product_id": self.mask.id, "quantity": 25, "billable": True}
            )
        ]
        emma_botox, emma_facial, noah_botox = self._create_events(
            [
                {"type": self.type_botox},
                {"type": self.type_facial},
                {"type": self.type_botox, "client_id": self.client_noah.id},
            ]
        )
        self._checkout_as_reception(emma_botox | emma_facial | noah_botox)
        emma = self._notices(self.client_emma, "Your order is delayed")
        noah = self._notices(self.client_noah, "Your order is delayed")
        self.assertEqual(len(emma), 1)
        self.assertEqual(len(noah), 1)
        self.assertIn("Botox 50U vial", emma.body)
        self.assertIn("Sheet mask", emma.body)
        # Same item, warehouse, day and cause: one event for both clients.
        vial_event = self._stockouts("shortage").filtered(
            lambda e: e.product_id == self.vial
        )
        self.assertEqual(len(vial_event), 1)
        self.assertEqual(vial_event.appointment_ids, emma_botox | noah_botox)
        self.assertEqual(vial_event.partner_ids, self.client_emma | self.client_noah)
        # Emma's 12 take the 10 in stock and wait for 2, Noah's 12 all wait.
        self.assertEqual(vial_event.quantity_short, 14)

    def test_same_day_shortages_add_up_in_one_event(self):
        first, second = self._create_events(
            [{"type": self.type_botox}, {"type": self.type_botox}]
        )
        self._checkout_as_reception(first)
        self._checkout_as_reception(second)
        stockout = self._stockouts("shortage")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.appointment_ids, first | second)
        self.assertEqual(stockout.quantity_short, 2 + 12)
        self.assertEqual(stockout.occurrence_count, 2)
        self.assertEqual(
            len(self._notices(self.client_emma, "Your order is delayed")), 2
        )

    def test_no_message_and_no_record_when_nothing_is_pending(self):
        self.type_botox.clinic_consumable_ids.quantity = 3
        event = self._create_event(type=self.type_botox)
        self._checkout_as_reception(event)
        self.assertFalse(self._stockouts())
        self.assertFalse(self._notices(self.client_emma, "Your order is delayed"))

    def test_client_without_email_gets_a_note_not_an_email(self):
        self.client_emma.email = False
        event = self._create_event(type=self.type_botox)
        self._checkout_as_reception(event)
        delay = self._notices(self.client_emma, "Your order is delayed")
        self.assertEqual(len(delay), 1)
        self.assertEqual(delay.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", delay.id)])
        )


@tagged("post_install", "-at_install")
class TestStockoutConsumables(StockoutCommon):
    def test_consumables_short_recorded_with_the_appointment(self):
        self.company.clinic_stock_shortage = "flag"
        self.type_facial.clinic_consumable_ids.filtered(
            lambda c: c.product_id == self.mask
        ).quantity = 21
        event = self._create_event(type=self.type_facial)
        self._checkout_as_reception(event)
        self.assertTrue(event.clinic_consumption_shortage)
        stockout = self._stockouts("consumables")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.product_id, self.mask)
        self.assertEqual(stockout.quantity_short, 1)
        self.assertEqual(stockout.appointment_ids, event)
        self.assertEqual(stockout.partner_ids, self.client_emma)
        self.assertEqual(stockout.move_ids.clinic_event_id, event)
        # The serum was there in full: nothing recorded for it.
        self.assertFalse(self._stockouts("consumables") - stockout)
        # Consumables are no delivery: the client is not written to.
        self.assertFalse(self._notices(self.client_emma, "Your order is delayed"))

    def test_consumables_in_another_unit_short_in_the_item_unit(self):
        """20 ml of a serum with 10 ml in stock: 0.01 l short."""
        self.company.clinic_stock_shortage = "flag"
        self.env["stock.quant"]._update_available_quantity(
            self.serum, self.stock, -0.99
        )
        self.type_facial.clinic_consumable_ids.filtered(
            lambda c: c.product_id == self.serum
        ).quantity = 20
        event = self._create_event(type=self.type_facial)
        self._checkout_as_reception(event)
        stockout = self._stockouts("consumables")
        self.assertEqual(stockout.product_id, self.serum)
        self.assertAlmostEqual(stockout.quantity_short, 0.01)
        self.assertEqual(stockout.product_uom_id, self.env.ref("uom.product_uom_litre"))


@tagged("post_install", "-at_install")
class TestStockoutRefused(StockoutCommon):
    """A refused checkout records its stock-out. Here, in the test's
    transaction, the records are not committed, so it is recorded in the
    transaction (and kept because the refusal is not rolled back: unittest's
    assertRaises, no savepoint); TestStockoutRefusedCommitted checks that it
    survives the rollback in production."""

    def setUp(self):
        super().setUp()
        self.company.clinic_stock_shortage = "refuse"

    def test_refused_dispensing_recorded(self):
        self.type_botox.clinic_consumable_ids.quantity = 11
        event = self._create_event(type=self.type_botox)
        with unittest.TestCase.assertRaises(self, UserError):
            self._checkout_as_reception(event)
        stockout = self._stockouts("refused")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.product_id, self.vial)
        self.assertEqual(stockout.quantity_short, 1)
        self.assertEqual(stockout.appointment_ids, event)
        self.assertEqual(stockout.partner_ids, self.client_emma)
        self.assertFalse(self._notices(self.client_emma, "Your order is delayed"))

    def test_refused_consumables_recorded(self):
        self.type_facial.clinic_consumable_ids.filtered(
            lambda c: c.product_id == self.mask
        ).quantity = 21
        event = self._create_event(type=self.type_facial)
        with unittest.TestCase.assertRaises(self, UserError):
            self._checkout_as_reception(event)
        stockout = self._stockouts("refused")
        self.assertEqual(stockout.product_id, self.mask)
        self.assertEqual(stockout.quantity_short, 1)
        self.assertEqual(stockout.appointment_ids, event)


@tagged("post_install", "-at_install")
class TestStockoutBelowMinimum(StockoutCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.vial.id,
                "location_id": cls.stock.id,
                "product_min_qty": 4,
                "product_max_qty": 20,
            }
        )

    def test_checkout_taking_the_last_units_below_minimum_recorded(self):
        self.type_botox.clinic_consumable_ids.quantity = 10
        event = self._create_event(type=self.type_botox)
        self._checkout_as_reception(event)
        self.assertEqual(self._qty(self.vial), 0)
        stockout = self._stockouts("below_minimum")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.product_id, self.vial)
        self.assertEqual(stockout.warehouse_id, self.warehouse)
        self.assertEqual(stockout.appointment_ids, event)
        self.assertEqual(stockout.partner_ids, self.client_emma)
        self.assertEqual(stockout.move_ids.product_id, self.vial)

    def test_stock_left_or_no_rule_not_recorded(self):
        self.type_botox.clinic_consumable_ids.quantity = 9
        event = self._create_event(type=self.type_botox)
        # 1 vial left (below the minimum of 4, not out).
        self._checkout_as_reception(event)
        # The 20 masks of a facial's... all of them, without a rule.
        self.type_facial.clinic_consumable_ids.filtered(
            lambda c: c.product_id == self.mask
        ).quantity = 20
        self._checkout_as_reception(self._create_event(type=self.type_facial))
        self.assertEqual(self._qty(self.mask), 0)
        self.assertFalse(self._stockouts("below_minimum"))

    def test_scheduler_records_items_out_below_minimum(self):
        """Stock that left otherwise (not through checkout) is found by the scheduler,
        though it cannot order any (no vendor)."""
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        # The vials left otherwise (a count found them gone).
        for lot in (self.lot_late, self.lot_soon):
            self.env["stock.quant"]._update_available_quantity(
                self.vial, self.stock, -5, lot_id=lot
            )
        self.assertFalse(self._stockouts("below_minimum"))
        # The scheduled action reads the database in a cursor of its own.
        self.env.flush_all()
        self.env.ref("stock.ir_cron_scheduler_action").method_direct_trigger()
        stockout = self._stockouts("below_minimum")
        self.assertEqual(len(stockout), 1)
        self.assertEqual(stockout.product_id, self.vial)
        self.assertFalse(stockout.appointment_ids)
        # Run again the same day: still one event, not one more occurrence.
        self.env.ref("stock.ir_cron_scheduler_action").method_direct_trigger()
        self.assertEqual(len(self._stockouts("below_minimum")), 1)
        self.assertEqual(self._stockouts("below_minimum").occurrence_count, 1)


@tagged("post_install", "-at_install")
class TestStockoutAccess(StockoutCommon):
    def test_reception_reads_stockouts_without_costs(self):
        self.company.clinic_stock_shortage = "flag"
        self.type_botox.clinic_consumable_ids.quantity = 12
        self._checkout_as_reception(self._create_event(type=self.type_botox))
        stockout = self._stockouts("shortage").with_user(self.user_reception)
        self.assertEqual(stockout.quantity_short, 2)
        with self.assertRaises(AccessError):
            stockout.read(["cost_short"])
        manager = stockout.with_user(self.user_manager)
        self.assertEqual(manager.cost_short, 180.0)
        # The menu is the manager's.
        menu = self.env.ref("clinic_dispensary.menu_clinic_stock_stockouts")
        self.assertIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids(),
        )
        self.assertNotIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.user_reception)._visible_menu_ids(),
        )

    def test_views_load_for_the_manager(self):
        Stockout = self.Stockout.with_user(self.user_manager)
        for view_type in ("list", "form", "pivot", "graph", "search"):
            Stockout.get_view(view_type=view_type)
        groups = Stockout.read_group(
            [],
            ["quantity_short:sum"],
            ["product_id", "warehouse_id", "cause", "date:month"],
            lazy=False,
        )
        self.assertEqual(groups, [])


@tagged("post_install", "-at_install")
class TestStockoutRefusedCommitted(BaseCase):
    """The refused checkout as in production: the refusal rolls back the
    checkout's transaction; the stock-out recorded must survive it. Works on
    committed data, in separate transactions, and cleans up after itself."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            product = env["product.product"].create(
                {"name": "Committed stock-out vial", "is_storable": True}
            )
            event_type = env["calendar.event.type"].create(
                {
                    "name": "Committed stock-out session",
                    "clinic_billable": True,
                    "price": 10.0,
                    "clinic_consumable_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 2, "billable": True}
                        )
                    ],
                }
            )
            client = env["res.partner"].create({"name": "Committed stock-out client"})
            start = fields.Datetime.now().replace(microsecond=0)
            event = env["calendar.event"].create(
                {
                    "name": "Committed stock-out appointment",
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "categ_ids": [Command.set(event_type.ids)],
                    "client_id": client.id,
                }
            )
            self.ids = {
                "company": company.id,
                "shortage": company.clinic_stock_shortage,
                "product": product.id,
                "type": event_type.id,
                "client": client.id,
                "event": event.id,
            }
            company.clinic_stock_shortage = "refuse"
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["clinic.stockout.event"].search(
                [("product_id", "=", self.ids["product"])]
            ).unlink()
            env["calendar.event"].browse(self.ids["event"]).unlink()
            event_type = env["calendar.event.type"].browse(self.ids["type"])
            service = event_type.product_id
            event_type.unlink()
            (service | env["product.product"].browse(self.ids["product"])).unlink()
            env["res.partner"].browse(self.ids["client"]).unlink()
            env["res.company"].browse(
                self.ids["company"]
            ).clinic_stock_shortage = self.ids["shortage"]

    def _refused_checkout(self):
        with self.assertRaises(UserError), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            wizard = env["clinic.express.checkout"].create(
                {"event_ids": [Command.set([self.ids["event"]])]}
            )
            wizard.action_create_invoices()

    def _stockouts(self, env):
        return env["clinic.stockout.event"].search(
            [("product_id", "=", self.ids["product"])]
        )

    def test_refusal_recorded_despite_the_rollback(self):
        self._refused_checkout()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The checkout itself was rolled back...
            self.assertFalse(
                env["account.move"].search([("partner_id", "=", self.ids["client"])])
            )
            # ... its stock-out was not.
            stockout = self._stockouts(env)
            self.assertEqual(len(stockout), 1)
            self.assertEqual(stockout.cause, "refused")
            self.assertEqual(stockout.quantity_short, 2)
            self.assertEqual(stockout.appointment_ids.ids, [self.ids["event"]])
            self.assertEqual(stockout.partner_ids.ids, [self.ids["client"]])
        # The receptionist tries again: the same stock-out, not a second one
        # nor twice the quantity.
        self._refused_checkout()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stockout = self._stockouts(env)
            self.assertEqual(len(stockout), 1)
            self.assertEqual(stockout.quantity_short, 2)
            self.assertEqual(stockout.occurrence_count, 1)


@tagged("post_install", "-at_install")
class TestStockoutPerformance(StockoutCommon):
    """Recording a checkout's stock-outs and telling its client take the same
    queries for one short line as for six."""

    def setUp(self):
        super().setUp()
        self.company.clinic_stock_shortage = "flag"
        self.type_botox.clinic_consumable_ids.quantity = 12

    def _record_queries(self, count):
        # 10 vials in stock at each checkout.
        missing = 10 - self._qty(self.vial)
        if missing:
            self.env["stock.quant"]._update_available_quantity(
                self.vial, self.stock, missing, lot_id=self.lot_late
            )
        events = self._create_events([{"type": self.type_botox} for _i in range(count)])
        invoice = self._checkout_as_reception(events)
        short_lines = invoice.invoice_line_ids.filtered("clinic_stock_shortage")
        self.assertEqual(len(short_lines), count)
        # Measured again from scratch: what checkout recorded is removed.
        self._stockouts().unlink()
        invoice = invoice.sudo()
        warehouses = invoice._clinic_warehouses()
        pickings = invoice.clinic_picking_ids
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        invoice._clinic_record_stockouts(pickings, short_lines, warehouses)
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        stockout = self._stockouts("shortage")
        self.assertEqual(stockout.appointment_ids, events)
        self.assertEqual(stockout.quantity_short, 12 * count - 10)
        return queries

    def test_recording_queries_do_not_grow_with_short_lines(self):
        # Warm caches (templates, rules) for both sizes.
        self._record_queries(1)
        one = self._record_queries(1)
        six = self._record_queries(6)
        self.assertLessEqual(six, one)
