# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

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
