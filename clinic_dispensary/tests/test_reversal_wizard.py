# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_package import PackageCheckoutCommon


@tagged("post_install", "-at_install")
class TestReversalWizard(PackageCheckoutCommon):
    """Odoo's credit note wizard on clinic invoices, as a user runs it: a
    credit note returns no goods, the draft replacing an invoice does not
    dispense them again; a package is credited for what is left of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serum = cls.env["product.product"].create(
            {
                "name": "Reversal Serum",
                "is_storable": True,
                "list_price": 25.0,
                "standard_price": 6.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.stock = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.company.id)], limit=1)
            .lot_stock_id
        )
        cls.env["stock.quant"]._update_available_quantity(cls.serum, cls.stock, 20)

    def _on_hand(self):
        return self.serum.with_context(location=self.stock.id).qty_available

    def _retail_invoice(self):
        env = self.env(user=self.user_manager)
        form = Form(env["account.move"].with_context(default_move_type="out_invoice"))
        form.partner_id = self.client_emma
        with form.invoice_line_ids.new() as line:
            line.product_id = self.serum
            line.price_unit = 25.0
            line.tax_ids.clear()
        invoice = form.save()
        invoice.action_post()
        self.assertTrue(invoice.clinic_dispense)
        self.assertEqual(self._on_hand(), 19)
        return invoice

    def _reverse(self, invoice, modify=False):
        """The invoice's *Credit Note* button, then *Reverse* or *Reverse
        and create new draft*: the move the wizard opens."""
        env = self.env(user=self.user_manager)
        form = Form(
            env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=invoice.ids
            )
        )
        form.reason = "Price corrected"
        wizard = form.save()
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return env["account.move"].browse(action["res_id"])

    def test_reverse_returns_no_goods(self):
        invoice = self._retail_invoice()
        moves = invoice.invoice_line_ids.clinic_stock_move_ids
        credit_note = self._reverse(invoice)
        credit_note.action_post()
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(self._on_hand(), 19, "goods come back by a return")
        self.assertFalse(credit_note.clinic_dispense)
        self.assertFalse(credit_note.invoice_line_ids.clinic_stock_move_ids)
        self.assertEqual(invoice.invoice_line_ids.clinic_stock_move_ids, moves)

    def test_reverse_and_new_draft_dispenses_once(self):
        invoice = self._retail_invoice()
        moves = invoice.invoice_line_ids.clinic_stock_move_ids
        self.assertEqual(moves.mapped("state"), ["done"])
        new = self._reverse(invoice, modify=True)
        self.assertEqual((new.move_type, new.state), ("out_invoice", "draft"))
        self.assertEqual(invoice.payment_state, "reversed")
        # It dispenses like the invoice it replaces, beyond what that one
        # delivered.
        self.assertTrue(new.clinic_dispense)
        self.assertEqual(new.invoice_line_ids.clinic_delivered_before_qty, 1)
        new.with_user(self.user_manager).action_post()
        # Sold once, billed once (the credit note cancels the first
        # invoice): out of stock once, linked to the invoice that took it.
        self.assertEqual(self._on_hand(), 19)
        self.assertFalse(new.invoice_line_ids.clinic_stock_move_ids)
        self.assertEqual(invoice.invoice_line_ids.clinic_stock_move_ids, moves)
        self.assertEqual(
            self.env["stock.move"].search([("product_id", "=", self.serum.id)]),
            moves,
        )

    def _serum_moves(self):
        return self.env["stock.move"].search([("product_id", "=", self.serum.id)])

    def _edit(self, invoice, quantity=None, added=0):
        """The new draft edited in its form: the first line's quantity
        changed, a line of ``added`` serums added."""
        with Form(invoice.with_user(self.user_manager)) as form:
            if quantity is not None:
                with form.invoice_line_ids.edit(0) as line:
                    line.quantity = quantity
            if added:
                with form.invoice_line_ids.new() as line:
                    line.product_id = self.serum
                    line.quantity = added
                    line.price_unit = 25.0
                    line.tax_ids.clear()

    def test_item_added_to_new_draft_leaves_stock_once(self):
        invoice = self._retail_invoice()
        first = invoice.invoice_line_ids.clinic_stock_move_ids
        new = self._reverse(invoice, modify=True)
        self._edit(new, added=2)
        carried, added = new.invoice_line_ids
        new.with_user(self.user_manager).action_post()
        # The added serums leave, the carried one is with the client already.
        self.assertEqual(self._on_hand(), 17)
        self.assertFalse(carried.clinic_stock_move_ids)
        self.assertEqual(added.clinic_stock_move_ids.mapped("state"), ["done"])
        self.assertEqual(added.clinic_stock_move_ids.quantity, 2)
        self.assertEqual(self._serum_moves(), first | added.clinic_stock_move_ids)
        # Reset to draft and posted again: nothing leaves a second time.
        new.with_user(self.user_manager).button_draft()
        new.with_user(self.user_manager).action_post()
        self.assertEqual(self._on_hand(), 17)

    def test_quantity_increased_on_new_draft_dispenses_the_difference(self):
        invoice = self._retail_invoice()
        new = self._reverse(invoice, modify=True)
        self._edit(new, quantity=3)
        new.with_user(self.user_manager).action_post()
        self.assertEqual(self._on_hand(), 17)
        self.assertEqual(new.invoice_line_ids.clinic_stock_move_ids.quantity, 2)
        # Cancelled, it returns what it dispensed, not the first invoice's.
        new.with_user(self.user_manager).button_cancel()
        self.assertEqual(self._on_hand(), 19)

    def test_carried_line_lowered_dispenses_nothing(self):
        new = self._reverse(self._retail_invoice(), modify=True)
        self._edit(new, quantity=0.5)
        new.with_user(self.user_manager).action_post()
        # Billed less: the goods come back by a return, not by posting.
        self.assertEqual(self._on_hand(), 19)
        self.assertFalse(new.invoice_line_ids.clinic_stock_move_ids)

    def test_carried_line_deleted_returns_nothing(self):
        new = self._reverse(self._retail_invoice(), modify=True)
        with Form(new.with_user(self.user_manager)) as form:
            form.invoice_line_ids.remove(0)
        self.assertFalse(new.invoice_line_ids)
        # Its goods were the first invoice's: they come back by a return.
        self.assertEqual(self._on_hand(), 19)

    def test_new_draft_of_a_new_draft_dispenses_what_neither_delivered(self):
        invoice = self._retail_invoice()
        second = self._reverse(invoice, modify=True)
        self._edit(second, quantity=2)
        second.with_user(self.user_manager).action_post()
        self.assertEqual(self._on_hand(), 18)
        third = self._reverse(second, modify=True)
        self.assertEqual(third.invoice_line_ids.clinic_delivered_before_qty, 2)
        self._edit(third, quantity=4)
        third.with_user(self.user_manager).action_post()
        self.assertEqual(self._on_hand(), 16)
        self.assertEqual(third.invoice_line_ids.clinic_stock_move_ids.quantity, 2)

    def test_accountant_makes_the_new_draft_clinic_staff_post_it(self):
        invoice = self._retail_invoice()
        accountant = self.env["res.users"].create(
            {
                "name": "Clinic Accountant",
                "login": "clinic_redraft_accountant",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(self.env.ref("account.group_account_manager").ids)
                ],
            }
        )
        form = Form(
            self.env(user=accountant)["account.move.reversal"].with_context(
                active_model="account.move", active_ids=invoice.ids
            )
        )
        form.reason = "Wrong client address"
        new = self.env["account.move"].browse(form.save().modify_moves()["res_id"])
        self.assertTrue(new.clinic_dispense)
        self._edit(new, added=1)
        new.with_user(self.user_reception).action_post()
        self.assertEqual(self._on_hand(), 18)

    def _prepaid_balance(self):
        self.env.flush_all()
        [(balance,)] = self.env["account.move.line"]._read_group(
            [
                ("account_id", "=", self.company.clinic_package_account_id.id),
                ("parent_state", "=", "posted"),
            ],
            [],
            ["balance:sum"],
        )
        return balance

    def test_reverse_of_a_used_package_credits_its_unused_value(self):
        package = self._sell(self.facials)  # 6 sessions, 480.00
        session = self._checkout(self._facials(1))[0]
        session.action_post()
        self.assertEqual(package.amount_remaining, 400.0)
        credit_note = self._reverse(package.invoice_id)
        self.assertEqual(credit_note.amount_total, 400.0)
        credit_note.action_post()
        self.assertEqual(package.state, "cancelled")
        self.assertAlmostEqual(self._prepaid_balance(), 0.0)
        # The session used keeps its revenue.
        self.assertEqual(session.state, "posted")
        self.assertAlmostEqual(self._session_lines(session).price_subtotal, 69.57)

    def test_credit_note_beyond_the_unused_value_is_refused(self):
        package = self._sell(self.facials)
        self._checkout(self._facials(1))[0].action_post()
        credit_note = self._reverse(package.invoice_id)
        with Form(credit_note) as form, form.invoice_line_ids.edit(0) as line:
            line.price_unit = 480.0
        # assertRaises (not assertRaisesRegex) rolls the attempt back.
        with self.assertRaises(UserError) as refused:
            credit_note.action_post()
        self.assertRegex(str(refused.exception), r"only \S*\s?400\.00\s?\S* of it is")
        self.assertEqual(package.state, "active")

    def test_new_draft_of_a_package_sale_is_refused(self):
        package = self._sell(self.facials)
        with self.assertRaises(UserError) as refused:
            self._reverse(package.invoice_id, modify=True)
        self.assertIn("credit it with Reverse", str(refused.exception))
        self.assertEqual(package.state, "active")
        self.assertEqual(package.invoice_id.payment_state, "not_paid")

    def test_item_changed_on_new_draft_leaves_stock(self):
        """Reverse and create new draft, and the item corrected: the item
        now billed was never delivered, so posting delivers it."""
        other = self.env["product.product"].create(
            {
                "name": "Other Serum",
                "is_storable": True,
                "list_price": 30.0,
                "taxes_id": [Command.clear()],
            }
        )
        self.env["stock.quant"]._update_available_quantity(other, self.stock, 20)
        new = self._reverse(self._retail_invoice(), modify=True)
        self.assertTrue(new.invoice_line_ids.clinic_delivered_before_qty)
        with Form(new.with_user(self.user_manager)) as form:
            with form.invoice_line_ids.edit(0) as line:
                line.product_id = other
                line.price_unit = 30.0
                line.tax_ids.clear()
        self.assertFalse(new.invoice_line_ids.clinic_delivered_before_qty)
        new.with_user(self.user_manager).action_post()
        self.assertEqual(other.with_context(location=self.stock.id).qty_available, 19)
