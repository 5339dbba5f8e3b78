# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, tagged

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCreditFromReturn(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serum = cls.env["product.product"].create(
            {
                "name": "Hydrating Serum",
                "is_storable": True,
                "list_price": 25.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.serum, cls.warehouse.lot_stock_id, 10
        )

    def _deliver(self, quantity):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.client_emma.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.serum.name,
                            "product_id": self.serum.id,
                            "product_uom_qty": quantity,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = quantity
        picking.button_validate()
        return picking

    def _return(self, picking, quantity, credit):
        form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        )
        self.assertTrue(form.clinic_is_customer_return)
        form.clinic_create_credit = credit
        with form.product_return_moves.edit(0) as line:
            line.quantity = quantity
        action = form.save().action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        return_picking.move_ids.quantity = quantity
        return_picking.button_validate()
        return return_picking

    def test_return_with_credit_option_credits_the_returned_value(self):
        delivery = self._deliver(4)
        return_picking = self._return(delivery, 2, credit=True)
        self.assertEqual(return_picking.state, "done")
        credit = self._credits(self.client_emma)
        self.assertRecordValues(
            credit,
            [{"origin": "return", "amount_original": 50.0, "amount_remaining": 50.0}],
        )
        self.assertEqual(credit.move_id.clinic_return_picking_id, return_picking)
        self.assertEqual(credit.move_id.invoice_line_ids.product_id, self.serum)
        self.assertEqual(credit.move_id.invoice_line_ids.quantity, 2)
        self.assertBooksRight(self.client_emma)

    def test_return_without_credit_option_credits_nothing(self):
        delivery = self._deliver(3)
        self._return(delivery, 1, credit=False)
        self.assertFalse(self._credits(self.client_emma))
