# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import Form

from .test_dispensing import DispensingCommon


class PurchaseCommon(DispensingCommon):
    """A supplier and an AVCO, lot-tracked item with expiry dates, bought by
    purchase order or received directly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Allergan Supply"})
        cls.avco = cls.env["product.category"].create(
            {"name": "Clinic AVCO", "property_cost_method": "average"}
        )
        cls.filler = cls.env["product.product"].create(
            {
                "name": "Filler syringe",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "categ_id": cls.avco.id,
                "standard_price": 100.0,
            }
        )
        cls.expiry = fields.Datetime.now().replace(microsecond=0) + timedelta(days=300)

    def _order(self, lines, confirm=True, supplier=None):
        order = self.env["purchase.order"].create(
            {
                "partner_id": (supplier or self.supplier).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": price,
                        }
                    )
                    for product, qty, price in lines
                ],
            }
        )
        if confirm:
            order.button_confirm()
        return order

    def _validate_receipt(self, order, quantities, backorder=True):
        """Odoo's own receipt screen: quantities done, Validate, and its
        backorder dialog answered."""
        picking = order.picking_ids.filtered(lambda p: p.state == "assigned")
        for move in picking.move_ids:
            quantity = quantities.get(move.product_id, 0)
            move.quantity = quantity
            move.picked = bool(quantity)
        action = picking.button_validate()
        if action is not True:
            dialog = Form(
                self.env[action["res_model"]].with_context(**action["context"])
            ).save()
            if backorder:
                dialog.process()
            else:
                dialog.process_cancel_backorder()
        return picking

    def _receive_form(self, order):
        """The Receive button of the order, as the clinic manager clicks it."""
        action = order.with_user(self.user_manager).action_clinic_receive()
        return Form(
            self.env[action["res_model"]]
            .with_user(self.user_manager)
            .with_context(**action["context"])
        )


class SupplierHistoryCommon(PurchaseCommon):
    """A month of orders, receipts and claims from two suppliers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.medline = cls.env["res.partner"].create(
            {"name": "Medline", "is_company": True, "supplier_rank": 1}
        )

    def _dated(self, order, approved, planned):
        order.write({"date_approve": approved, "date_planned": planned})
        return order

    def _received_on(self, picking, when):
        picking.move_ids.filtered(lambda m: m.state == "done").write({"date": when})

    def _january(self):
        """Two suppliers in January 2026: Allergan delivers one order on time
        and one three days late, Medline delivers 15 of 20 masks on the
        promised day and the rest is cancelled; 2 masks of Allergan's are
        claimed back."""
        on_time = self._dated(
            self._order([(self.mask, 10, 2.0)]),
            datetime(2026, 1, 5, 8),
            datetime(2026, 1, 10, 8),
        )
        self._received_on(
            self._validate_receipt(on_time, {self.mask: 10}), datetime(2026, 1, 9, 8)
        )
        late = self._dated(
            self._order([(self.serum, 4, 50.0)]),
            datetime(2026, 1, 6, 8),
            datetime(2026, 1, 12, 8),
        )
        self._received_on(
            self._validate_receipt(late, {self.serum: 4}), datetime(2026, 1, 15, 8)
        )
        short = self._dated(
            self._order([(self.mask, 20, 1.0)], supplier=self.medline),
            datetime(2026, 1, 7, 8),
            datetime(2026, 1, 14, 8),
        )
        self._received_on(
            self._validate_receipt(short, {self.mask: 15}, backorder=False),
            datetime(2026, 1, 14, 17),
        )
        self.assertEqual(short.clinic_status, "received")
        claim = self.env["clinic.stock.claim"].create(
            {
                "partner_id": self.supplier.id,
                "date": date(2026, 1, 20),
                "line_ids": [
                    Command.create({"product_id": self.mask.id, "quantity": 2})
                ],
            }
        )
        claim.action_submit()
        # A draft claim is not claimed yet.
        self.env["clinic.stock.claim"].create(
            {
                "partner_id": self.medline.id,
                "line_ids": [
                    Command.create({"product_id": self.mask.id, "quantity": 5})
                ],
            }
        )
