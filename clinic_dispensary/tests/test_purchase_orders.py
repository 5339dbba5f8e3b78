# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_purchase import PurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseOrderStatus(PurchaseCommon):
    def test_order_from_a_supplier_with_items_costs_delivery_date_and_total(self):
        delivery = fields.Datetime.now().replace(microsecond=0) + timedelta(days=7)
        form = Form(
            self.env["purchase.order"].with_user(self.user_manager),
            view="purchase.purchase_order_form",
        )
        form.partner_id = self.supplier
        for product, quantity, cost in ((self.mask, 100, 1.5), (self.serum, 2, 250.0)):
            with form.order_line.new() as line:
                line.product_id = product
                line.product_qty = quantity
                line.price_unit = cost
                line.taxes_id.clear()
                line.date_planned = delivery
        self.assertEqual(form.clinic_status, "draft")
        order = form.save()
        self.assertEqual(order.amount_total, 650.0)
        self.assertEqual(order.date_planned, delivery)
        self.assertEqual(order.clinic_status, "draft")

    def test_status_follows_the_order_and_its_receipts(self):
        order = self._order([(self.mask, 10, 2.0), (self.serum, 2, 300.0)], False)
        self.assertEqual(order.clinic_status, "draft")
        order.print_quotation()
        self.assertEqual(order.clinic_status, "sent")
        order.button_confirm()
        self.assertEqual(order.clinic_status, "pending")
        # Six masks came: the rest in a backorder.
        self._validate_receipt(order, {self.mask: 6})
        self.assertEqual(order.clinic_status, "partial")
        self._validate_receipt(order, {self.mask: 4, self.serum: 2})
        self.assertEqual(order.clinic_status, "received")
        # From the database, as the filters and the kanban read it.
        self.env.flush_all()
        self.assertEqual(
            self.env["purchase.order"].search(
                [("id", "=", order.id), ("clinic_status", "=", "received")]
            ),
            order,
        )

    def test_closed_short_is_received_and_cancelled_is_cancelled(self):
        order = self._order([(self.mask, 10, 2.0)])
        self._validate_receipt(order, {self.mask: 7}, backorder=False)
        self.assertEqual(order.order_line.qty_received, 7)
        self.assertEqual(order.clinic_status, "received")
        other = self._order([(self.mask, 5, 2.0)])
        other.button_cancel()
        self.assertEqual(other.clinic_status, "cancelled")

    def test_filters_per_status_and_kanban_by_status(self):
        draft = self._order([(self.mask, 1, 2.0)], confirm=False)
        sent = self._order([(self.mask, 1, 2.0)], confirm=False)
        sent.print_quotation()
        pending = self._order([(self.mask, 1, 2.0)])
        partial = self._order([(self.mask, 4, 2.0)])
        self._validate_receipt(partial, {self.mask: 1})
        received = self._order([(self.mask, 1, 2.0)])
        self._validate_receipt(received, {self.mask: 1})
        cancelled = self._order([(self.mask, 1, 2.0)])
        cancelled.button_cancel()
        orders = draft | sent | pending | partial | received | cancelled
        action = self.env.ref("clinic_dispensary.action_clinic_purchase_orders")
        Order = self.env["purchase.order"].with_user(self.user_manager)
        kanban = self.env.ref("clinic_dispensary.purchase_order_view_kanban")
        self.assertIn(kanban, action.view_ids.view_id)
        views = Order.get_views(
            [(kanban.id, "kanban"), (action.search_view_id.id, "search")]
        )
        self.assertIn(
            'default_group_by="clinic_status"', views["views"]["kanban"]["arch"]
        )
        search_arch = views["views"]["search"]["arch"]
        expected = {
            "clinic_draft": draft,
            "clinic_sent": sent,
            "clinic_pending": pending,
            "clinic_partial": partial,
            "clinic_received": received,
            "clinic_cancelled": cancelled,
        }
        for name, order in expected.items():
            start = search_arch.index(f'name="{name}"')
            domain_start = search_arch.index('domain="', start) + len('domain="')
            domain = search_arch[domain_start : search_arch.index('"', domain_start)]
            domain = safe_eval(domain.replace("&apos;", "'"))
            self.assertEqual(
                Order.search(domain + [("id", "in", orders.ids)]), order, name
            )
        # A column per status, empty ones too, in the seed's order.
        groups = Order.read_group(
            [("id", "in", orders.ids)], ["clinic_status"], ["clinic_status"]
        )
        self.assertEqual(
            [group["clinic_status"] for group in groups],
            ["draft", "sent", "pending", "partial", "received", "cancelled"],
        )

    def test_reception_opens_a_vendor_bill_of_an_order(self):
        """Reception has Odoo's Billing rights: a vendor bill reads the orders
        it comes from, so reception must be able to read them (a rule hiding
        orders from reception broke the bill screen). Purchasing itself stays
        the manager's: no menu, no create."""
        order = self._order([(self.mask, 1, 2.0)])
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": order.partner_id.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.mask.id,
                            "quantity": 1,
                            "price_unit": 2.0,
                            "purchase_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        bill.invalidate_recordset()
        as_reception = bill.with_user(self.user_reception)
        self.assertEqual(as_reception.purchase_order_count, 1)
        self.assertEqual(as_reception.purchase_order_name, order.name)
        self.assertFalse(
            self.env["purchase.order"]
            .with_user(self.user_reception)
            .has_access("create")
        )
        menu = self.env.ref("clinic_dispensary.menu_clinic_purchase_orders")
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_reception)._visible_menu_ids()
        )
        self.assertNotIn(menu.id, visible)


@tagged("post_install", "-at_install")
class TestReceiveFromOrder(PurchaseCommon):
    def test_receive_part_of_an_order_with_lots_and_a_backorder(self):
        order = self._order([(self.filler, 10, 110.0), (self.mask, 20, 2.0)])
        form = self._receive_form(order)
        self.assertEqual(form.partner_id, self.supplier)
        self.assertEqual(form.backorder, "backorder")
        self.assertEqual(len(form.line_ids), 2)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.product_id, self.filler)
            self.assertEqual(line.ordered_qty, 10)
            self.assertEqual(line.price_unit, 110.0)
            line.quantity = 6
            line.lot_name = "FIL-PO-1"
            line.expiration_date = self.expiry
        with form.line_ids.edit(1) as line:
            line.quantity = 0  # the masks did not come
        wizard = form.save()
        wizard.action_confirm()
        picking = wizard.picking_id
        self.assertEqual(picking.state, "done")
        lot = picking.move_line_ids.lot_id
        self.assertRecordValues(
            lot, [{"name": "FIL-PO-1", "expiration_date": self.expiry}]
        )
        # Stock is there at once.
        self.assertEqual(self._qty(self.filler, lot), 6)
        self.assertEqual(self._qty(self.mask), 20)
        self.assertRecordValues(
            order.order_line, [{"qty_received": 6}, {"qty_received": 0}]
        )
        self.assertEqual(order.clinic_status, "partial")
        self.assertRecordValues(
            picking.backorder_ids.move_ids.sorted(lambda m: m.product_id.name),
            [
                {"product_id": self.filler.id, "product_uom_qty": 4},
                {"product_id": self.mask.id, "product_uom_qty": 20},
            ],
        )
        # The rest arrives: Receive again, from the backorder.
        form = self._receive_form(order)
        with form.line_ids.edit(1) as line:
            self.assertEqual(line.quantity, 20)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.quantity, 4)
            line.lot_name = "FIL-PO-2"
            line.expiration_date = self.expiry
        form.save().action_confirm()
        self.assertEqual(order.clinic_status, "received")
        self.assertEqual(self._qty(self.filler), 10)

    def test_close_short_cancels_what_did_not_come(self):
        order = self._order([(self.filler, 10, 110.0)])
        form = self._receive_form(order)
        form.backorder = "close"
        with form.line_ids.edit(0) as line:
            line.quantity = 8
            line.lot_name = "FIL-SHORT"
            line.expiration_date = self.expiry
        wizard = form.save()
        wizard.action_confirm()
        self.assertFalse(wizard.picking_id.backorder_ids)
        self.assertEqual(order.order_line.qty_received, 8)
        self.assertEqual(order.clinic_status, "received")
        # Nothing more expected of it.
        self.assertFalse(
            order.order_line.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
        )
        self.assertEqual(self.filler.incoming_qty, 0)

    def test_cost_found_on_delivery_updates_the_order_and_the_valuation(self):
        order = self._order([(self.filler, 5, 110.0)])
        form = self._receive_form(order)
        with form.line_ids.edit(0) as line:
            line.lot_name = "FIL-COST"
            line.expiration_date = self.expiry
            line.price_unit = 125.0
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(order.order_line.price_unit, 125.0)
        layers = wizard.picking_id.move_ids.stock_valuation_layer_ids
        self.assertRecordValues(
            layers, [{"quantity": 5, "unit_cost": 125.0, "value": 625.0}]
        )

    def test_bad_input_refused_and_nothing_written(self):
        order = self._order([(self.filler, 5, 110.0), (self.mask, 10, 2.0)])
        picking = order.picking_ids
        past = fields.Datetime.now() - timedelta(days=3)
        cases = [
            ({"quantity": -1, "lot_name": "FIL-X"}, "cannot be negative"),
            ({"lot_name": False}, "enter the lot number"),
            ({"lot_name": "FIL-OLD", "expiration_date": past}, "expired already"),
        ]
        for values, message in cases:
            with self.subTest(message=message):
                form = self._receive_form(order)
                with form.line_ids.edit(0) as line:
                    line.price_unit = 150.0
                    line.lot_name = "FIL-NEW"
                wizard = form.save()
                # As over RPC: the screen would already ask for the lot.
                wizard.line_ids[0].write(values)
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_confirm()
                self.assertEqual(order.order_line[0].price_unit, 110.0)
                self.assertEqual(picking.state, "assigned")
                self.assertFalse(picking.move_ids.filtered("picked"))
                self.assertFalse(
                    self.env["stock.lot"].search([("product_id", "=", self.filler.id)])
                )
                self.assertEqual(self._qty(self.mask), 20)
        # An expired lot, explicitly confirmed, is received.
        form = self._receive_form(order)
        form.confirm_expired = True
        with form.line_ids.edit(0) as line:
            line.lot_name = "FIL-OLD"
            line.expiration_date = past
        form.save().action_confirm()
        self.assertEqual(picking.state, "done")
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.name, "FIL-OLD")
        self.assertEqual(self._qty(self.filler, lot), 5)
