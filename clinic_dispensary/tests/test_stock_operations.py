# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_purchase import PurchaseCommon
from .test_dispensing import DispensingCommon


@tagged("post_install", "-at_install")
class TestReceiving(PurchaseCommon):
    def _receive(self, lines, **vals):
        form = Form(self.env["clinic.stock.receive"])
        for name, value in vals.items():
            setattr(form, name, value)
        for line_vals in lines:
            with form.line_ids.new() as line:
                for name, value in line_vals.items():
                    setattr(line, name, value)
        wizard = form.save()
        wizard.action_confirm()
        return wizard.picking_id

    def test_direct_receipt_with_lot_expiry_and_cost(self):
        expiry = fields.Datetime.now() + timedelta(days=200)
        picking = self._receive(
            [
                {
                    "product_id": self.filler,
                    "quantity": 10,
                    "lot_name": "FIL-001",
                    "expiration_date": expiry,
                    "price_unit": 120.0,
                }
            ],
            partner_id=self.supplier,
            reference="DN-7781",
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.partner_id, self.supplier)
        self.assertEqual(picking.origin, "DN-7781")
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.name, "FIL-001")
        self.assertEqual(lot.expiration_date, expiry)
        self.assertEqual(self._qty(self.filler, lot), 10)
        # valuation follows the cost entered: AVCO moves to 120
        self.assertAlmostEqual(self.filler.standard_price, 120.0)
        self.assertAlmostEqual(
            sum(picking.move_ids.stock_valuation_layer_ids.mapped("value")), 1200.0
        )

    def test_two_lots_of_one_item_average_their_cost(self):
        self._receive(
            [
                {
                    "product_id": self.filler,
                    "quantity": 2,
                    "lot_name": "A",
                    "price_unit": 100.0,
                },
                {
                    "product_id": self.filler,
                    "quantity": 2,
                    "lot_name": "B",
                    "price_unit": 140.0,
                },
            ],
            partner_id=self.supplier,
        )
        self.assertEqual(self._qty(self.filler), 4)
        self.assertAlmostEqual(self.filler.standard_price, 120.0)

    def test_receipt_from_purchase_order(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.filler.id,
                            "product_qty": 5,
                            "price_unit": 110.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        form = Form(self.env["clinic.stock.receive"])
        form.purchase_id = order
        self.assertEqual(form.partner_id, self.supplier)
        self.assertEqual(form.reference, order.name)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.quantity, 5)
            line.lot_name = "PO-LOT"
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(order.order_line.qty_received, 5)
        self.assertEqual(wizard.picking_id, order.picking_ids)
        self.assertEqual(self._qty(self.filler), 5)

    def test_bad_receipts_refused(self):
        def receive(product, quantity):
            # as over RPC: the form would already ask for the lot
            self.env["clinic.stock.receive"].create(
                {
                    "partner_id": self.supplier.id,
                    "line_ids": [
                        Command.create({"product_id": product.id, "quantity": quantity})
                    ],
                }
            ).action_confirm()

        with self.assertRaisesRegex(UserError, "enter the lot number"):
            receive(self.filler, 1)
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            receive(self.mask, -1)
        self.assertEqual(self._qty(self.filler), 0)


@tagged("post_install", "-at_install")
class TestCountsAndAdjustments(DispensingCommon):
    def test_count_records_who_and_when_and_apply_keeps_an_audit(self):
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.mask.id), ("location_id", "=", self.stock.id)]
        )
        as_manager = quant.with_user(self.user_manager).with_context(
            inventory_mode=True
        )
        as_manager.inventory_quantity = 17
        self.assertEqual(quant.clinic_counted_by_id, self.user_manager)
        self.assertTrue(quant.clinic_counted_at)
        self.assertEqual(quant.inventory_diff_quantity, -3)
        wizard = Form(
            self.env["stock.inventory.adjustment.name"].with_context(
                default_quant_ids=quant.ids
            )
        )
        wizard.clinic_reason_tag_id = self.env.ref(
            "clinic_dispensary.stock_reason_damage"
        )
        wizard.clinic_note = "Box crushed in storage"
        wizard.save().action_apply()
        self.assertEqual(self._qty(self.mask), 17)
        audit = self.env["clinic.stock.adjustment"].search(
            [("product_id", "=", self.mask.id)]
        )
        self.assertRecordValues(
            audit,
            [
                {
                    "quantity_before": 20,
                    "quantity_after": 17,
                    "quantity_difference": -3,
                    "reason_tag_id": self.env.ref(
                        "clinic_dispensary.stock_reason_damage"
                    ).id,
                    "note": "Box crushed in storage",
                    "counted_by_id": self.user_manager.id,
                    "location_id": self.stock.id,
                    "value": -6.0,
                }
            ],
        )
        move = self.env["stock.move"].search(
            [("product_id", "=", self.mask.id), ("is_inventory", "=", True)]
        )
        self.assertEqual(move.clinic_reason_tag_id, audit.reason_tag_id)
        self.assertFalse(quant.clinic_reason_tag_id, "the next count starts clean")

    def test_found_stock_is_a_positive_adjustment(self):
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.vial.id), ("lot_id", "=", self.lot_late.id)]
        )
        quant.with_context(inventory_mode=True).write(
            {
                "inventory_quantity": 7,
                "clinic_reason_tag_id": self.env.ref(
                    "clinic_dispensary.stock_reason_found"
                ).id,
            }
        )
        quant.action_apply_inventory()
        audit = self.env["clinic.stock.adjustment"].search(
            [("lot_id", "=", self.lot_late.id)]
        )
        self.assertEqual(audit.quantity_difference, 2)
        self.assertEqual(audit.value, 180.0)
        self.assertEqual(self._qty(self.vial, self.lot_late), 7)

    def test_reception_cannot_read_adjustment_values(self):
        self.assertFalse(
            self.env["clinic.stock.adjustment"]
            .with_user(self.user_reception)
            .has_access("read")
        )


@tagged("post_install", "-at_install")
class TestTransfersAndMinimums(DispensingCommon):
    def test_transfer_between_clinics_shows_in_transit(self):
        other = self.env["stock.warehouse"].create(
            {"name": "Downtown Clinic", "code": "DTC", "company_id": self.company.id}
        )
        transit = self.company.internal_transit_location_id
        form = Form(self.env["clinic.stock.transfer"])
        form.source_warehouse_id = self.warehouse
        form.dest_warehouse_id = other
        with form.line_ids.new() as line:
            line.product_id = self.vial
            line.quantity = 3
        wizard = form.save()
        wizard.action_send()
        self.assertEqual(wizard.send_picking_id.state, "done")
        in_transit = self.env["stock.quant"]._gather(self.vial, transit)
        self.assertEqual(sum(in_transit.mapped("quantity")), 3)
        self.assertEqual(self._qty(self.vial), 7)
        receipt = wizard.receive_picking_id
        self.assertEqual(receipt.state, "assigned")
        # FEFO at the sending clinic: the soon-expiring lot travels
        self.assertEqual(receipt.move_line_ids.lot_id, self.lot_soon)
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.vial, other.lot_stock_id
            ),
            3,
        )
        self.assertEqual(
            sum(self.env["stock.quant"]._gather(self.vial, transit).mapped("quantity")),
            0,
        )

    def test_transfer_refusals(self):
        form = Form(self.env["clinic.stock.transfer"])
        form.source_warehouse_id = self.warehouse
        form.dest_warehouse_id = self.warehouse
        with form.line_ids.new() as line:
            line.product_id = self.mask
            line.quantity = 1
        with self.assertRaisesRegex(UserError, "two different clinics"):
            form.save().action_send()

    def test_minimum_stock_level_is_the_reordering_rule(self):
        template = self.mask.product_tmpl_id
        with Form(template.with_user(self.user_manager)) as form:
            form.clinic_min_qty = 25
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "=", self.mask.id)]
        )
        self.assertRecordValues(
            orderpoint,
            [
                {
                    "location_id": self.stock.id,
                    "product_min_qty": 25,
                    "product_max_qty": 50,
                }
            ],
        )
        self.assertIn(
            self.mask,
            self.env["product.product"].search([("clinic_below_minimum", "=", True)]),
        )
        template.clinic_min_qty = 10
        self.assertEqual(orderpoint.product_min_qty, 10)
        self.assertEqual(template.clinic_min_qty, 10)
        self.assertNotIn(
            self.mask,
            self.env["product.product"].search([("clinic_below_minimum", "=", True)]),
        )
        template.clinic_min_qty = 0
        self.assertFalse(orderpoint.exists())

    def test_minimums_of_several_items_set_and_cleared_at_once(self):
        templates = self.env["product.template"].create(
            [{"name": f"Gel {index}", "is_storable": True} for index in range(3)]
        )
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        domain = [("product_id.product_tmpl_id", "in", templates.ids)]
        templates.clinic_min_qty = 5
        self.assertEqual(Orderpoint.search(domain).mapped("product_min_qty"), [5] * 3)
        templates.clinic_min_qty = 8
        orderpoints = Orderpoint.search(domain)
        self.assertEqual(len(orderpoints), 3)
        self.assertEqual(orderpoints.mapped("product_max_qty"), [10] * 3)
        # All cleared in one write of a new request (a list edit, an import).
        self.env.invalidate_all()
        templates.clinic_min_qty = 0
        self.assertFalse(Orderpoint.search(domain))
        self.assertEqual(templates.mapped("clinic_min_qty"), [0] * 3)

    def test_below_minimum_alerts_and_prepares_rfq_from_preferred_supplier(self):
        preferred, other = self.env["res.partner"].create(
            [{"name": "Preferred Supplier"}, {"name": "Backup Supplier"}]
        )
        self.mask.write(
            {
                "route_ids": [
                    Command.set(self.env.ref("purchase_stock.route_warehouse0_buy").ids)
                ],
                "seller_ids": [
                    Command.create(
                        {"partner_id": other.id, "price": 3.0, "sequence": 20}
                    ),
                    Command.create(
                        {"partner_id": preferred.id, "price": 2.5, "sequence": 10}
                    ),
                ],
            }
        )
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.mask.id,
                "location_id": self.stock.id,
                "product_min_qty": 25,
                "product_max_qty": 50,
            }
        )
        orderpoint._procure_orderpoint_confirm(company_id=self.company)
        rfq = self.env["purchase.order"].search(
            [("order_line.product_id", "=", self.mask.id)]
        )
        self.assertEqual(rfq.partner_id, preferred)
        self.assertEqual(rfq.state, "draft")
        self.assertEqual(rfq.order_line.product_qty, 30)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", self.mask.product_tmpl_id.id),
            ]
        )
        self.assertEqual(len(activity), 1)
        self.assertIn(rfq.name, activity.note)
        # Running again does not pile up alerts.
        orderpoint._procure_orderpoint_confirm(company_id=self.company)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "=", self.mask.product_tmpl_id.id),
                ]
            ),
            1,
        )
