# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common_purchase import PurchaseCommon


@tagged("post_install", "-at_install")
class TestVendorContracts(PurchaseCommon):
    """Odoo's blanket orders as vendor contracts: while valid, every new
    order to the supplier takes the agreed price."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["purchase.requisition"])
        cls.other_supplier = cls.env["res.partner"].create({"name": "Galderma"})
        cls.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": cls.supplier.id,
                    "product_tmpl_id": cls.filler.product_tmpl_id.id,
                    "price": 100.0,
                },
                {
                    "partner_id": cls.other_supplier.id,
                    "product_tmpl_id": cls.filler.product_tmpl_id.id,
                    "price": 95.0,
                },
            ]
        )

    def _contract(self, price=80.0, start=-10, end=200, confirm=True):
        contract = (
            self.env["purchase.requisition"]
            .with_user(self.user_manager)
            .create(
                {
                    "requisition_type": "blanket_order",
                    "vendor_id": self.supplier.id,
                    "date_start": self.today + timedelta(days=start),
                    "date_end": self.today + timedelta(days=end),
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.filler.id,
                                "product_qty": 100,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )
        )
        if confirm:
            contract.action_confirm()
        return contract

    def _new_order_price(self, supplier=None, quantity=5):
        """The unit price a new order line gets, as the buyer types it."""
        with Form(
            self.env["purchase.order"].with_user(self.user_manager)
        ) as order_form:
            order_form.partner_id = supplier or self.supplier
            with order_form.order_line.new() as line:
                line.product_id = self.filler
                line.product_qty = quantity
            order = order_form.save()
        return order.order_line.price_unit

    def test_a_valid_contract_prices_every_new_order_to_its_supplier(self):
        self.assertEqual(self._new_order_price(), 100.0)
        self._contract(price=80.0)
        self.assertEqual(self._new_order_price(), 80.0, "not only from the contract")
        self.assertEqual(self._new_order_price(quantity=1), 80.0)
        self.assertEqual(
            self._new_order_price(self.other_supplier), 95.0, "its own prices"
        )

    def test_a_contract_applies_only_while_valid_and_confirmed(self):
        draft = self._contract(confirm=False)
        self.assertEqual(self._new_order_price(), 100.0, "draft")
        draft.action_confirm()
        self.assertEqual(self._new_order_price(), 80.0)
        draft.date_end = self.today - timedelta(days=1)
        self.assertEqual(self._new_order_price(), 100.0, "ended yesterday")
        draft.write(
            {
                "date_start": self.today + timedelta(days=1),
                "date_end": self.today + timedelta(days=30),
            }
        )
        self.assertEqual(self._new_order_price(), 100.0, "starts tomorrow")
        draft.write({"date_start": self.today})
        self.assertEqual(self._new_order_price(), 80.0)
        draft.action_cancel()
        self.assertEqual(self._new_order_price(), 100.0, "cancelled")

    def test_a_contract_ending_soon_is_flagged_and_its_buyer_reminded_once(self):
        soon = self._contract(end=10)
        later = self._contract(end=40)
        Requisition = self.env["purchase.requisition"]
        self.assertTrue(soon.clinic_expiring_soon)
        self.assertFalse(later.clinic_expiring_soon)
        self.assertEqual(
            Requisition.search([("clinic_expiring_soon", "=", True)]) & (soon | later),
            soon,
        )
        cron = self.env.ref("clinic_dispensary.ir_cron_vendor_contract_alerts")
        cron.method_direct_trigger()
        cron.method_direct_trigger()
        self.assertEqual(len(soon.activity_ids), 1)
        self.assertEqual(soon.activity_ids.user_id, self.user_manager)
        self.assertIn(str(soon.date_end), soon.activity_ids.summary)
        self.assertFalse(later.activity_ids)
