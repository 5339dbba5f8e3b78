# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

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

    def _dispense_invoice(self, quantity, price_unit, discount):
        """A posted clinic invoice that dispensed `quantity` serums."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_date": self.today_date,
                "clinic_dispense": True,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.serum.id,
                            "quantity": quantity,
                            "price_unit": price_unit,
                            "discount": discount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.clinic_picking_ids.state, "done")
        return invoice

    def _return(self, picking, quantity, credit, validate=True):
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
        if validate:
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

    def test_return_of_dispensed_goods_credits_the_invoiced_price(self):
        # Sold at 25 less 20 %: each unit back is worth 20, not the list price.
        invoice = self._dispense_invoice(4, 25.0, 20.0)
        invoice_line = invoice.invoice_line_ids
        self.assertEqual(invoice_line.price_subtotal, 80.0)
        self._return(invoice.clinic_picking_ids, 2, credit=True)
        credit = self._credits(self.client_emma).filtered(
            lambda c: c.origin == "return"
        )
        self.assertRecordValues(
            credit, [{"amount_original": 40.0, "amount_remaining": 40.0}]
        )
        self.assertRecordValues(
            credit.move_id.invoice_line_ids,
            [
                {
                    "product_id": self.serum.id,
                    "quantity": 2.0,
                    "price_unit": 25.0,
                    "discount": 20.0,
                    "price_subtotal": 40.0,
                    "tax_ids": invoice_line.tax_ids.ids,
                }
            ],
        )
        self.assertBooksRight(self.client_emma)

    def test_goods_returned_with_credit_are_not_dispensed_again(self):
        """All the goods came back with a credit: posting the invoice again
        (after a reset to draft, or a cancel) delivers none of them again,
        and a cancel gives back only what is still out."""
        stock = self.warehouse.lot_stock_id
        invoice = self._dispense_invoice(2, 25.0, 0.0)
        line = invoice.invoice_line_ids
        self._return(invoice.clinic_picking_ids, 2, credit=True)
        on_hand = self.serum.with_context(location=stock.id).qty_available
        self.assertEqual(on_hand, 10)
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(self.serum.with_context(location=stock.id).qty_available, 10)
        # Half of it credited, then cancelled and billed again: the other
        # unit comes back and leaves again, the credited one stays.
        invoice = self._dispense_invoice(2, 25.0, 0.0)
        self._return(invoice.clinic_picking_ids, 1, credit=True)
        self.assertEqual(self.serum.with_context(location=stock.id).qty_available, 9)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self.serum.with_context(location=stock.id).qty_available, 10)
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(self.serum.with_context(location=stock.id).qty_available, 9)
        self.assertEqual(line.clinic_stock_move_ids.mapped("state"), ["done", "done"])

    def test_no_credit_for_goods_of_an_invoice_not_posted(self):
        invoice = self._dispense_invoice(4, 25.0, 0.0)
        invoice.button_draft()
        return_picking = self._return(
            invoice.clinic_picking_ids, 1, credit=True, validate=False
        )
        with self.assertRaisesRegex(UserError, "was not charged"):
            return_picking.button_validate()
        self.assertNotEqual(return_picking.state, "done")
        self.assertFalse(
            self._credits(self.client_emma).filtered(lambda c: c.origin == "return")
        )

    def test_only_accountants_validate_a_crediting_return(self):
        stock_user = new_test_user(
            self.env,
            login="clinic_stock_only",
            groups="stock.group_stock_user",
        )
        delivery = self._deliver(3)
        return_picking = self._return(delivery, 1, credit=True, validate=False)
        with self.assertRaisesRegex(AccessError, "only accountants may create"):
            return_picking.with_user(stock_user).button_validate()
        self.assertNotEqual(return_picking.state, "done")
        self.assertFalse(self._credits(self.client_emma))
        # Without the credit option, the stock user validates a return.
        plain = self._return(delivery, 1, credit=False, validate=False)
        plain.with_user(stock_user).button_validate()
        self.assertEqual(plain.state, "done")
        # An accountant validates the crediting one.
        return_picking.button_validate()
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(self._credits(self.client_emma).amount_original, 25.0)
