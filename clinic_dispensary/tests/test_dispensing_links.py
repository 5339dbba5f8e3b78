# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dispensing wired to stock like sale_stock wires sales order lines, caused
only by clinic staff, and silent towards patients."""

import threading
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.base.tests.common import new_test_user

from .test_dispensing import DispensingCommon


class DispensingLinksCommon(DispensingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.skincare = cls.env.ref("clinic_dispensary.product_category_clinic_skincare")
        cls.cream = cls.env["product.product"].create(
            {
                "name": "Day cream",
                "is_storable": True,
                "categ_id": cls.skincare.id,
                "list_price": 30.0,
                "standard_price": 12.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.cream, cls.stock, 10)
        cls.user_billing = new_test_user(
            cls.env,
            login="billing_only",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _vial_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == self.vial)

    def _retail_invoice(self, user, product=None, quantity=2):
        form = Form(
            self.env(user=user)["account.move"].with_context(
                default_move_type="out_invoice"
            )
        )
        form.partner_id = self.client_emma
        with form.invoice_line_ids.new() as line:
            line.product_id = product or self.cream
            line.quantity = quantity
        return form.save()


@tagged("post_install", "-at_install")
class TestDispensingLinks(DispensingLinksCommon):
    def test_two_lines_of_one_item_leave_stock_once(self):
        """Two appointments using one vial each: two vials leave, at
        checkout, and posting takes none more."""
        events = self._create_events([{"type": self.type_botox} for _i in range(2)])
        invoice, _action = self._checkout(events)
        lines = self._vial_lines(invoice)
        self.assertEqual(len(lines), 2)
        self.assertEqual(self._qty(self.vial), 8)
        # Each line has its own move: Odoo did not merge them.
        for line in lines:
            self.assertEqual(line.clinic_stock_move_ids.product_uom_qty, 1)
            self.assertEqual(line.clinic_stock_move_ids.state, "done")
        self.assertEqual(len(invoice.clinic_picking_ids.move_ids), 2)
        invoice.action_post()
        self.assertEqual(self._qty(self.vial), 8)
        self.assertEqual(len(invoice.clinic_picking_ids), 1)
        # Cancelling brings back exactly the two.
        invoice.button_cancel()
        self.assertEqual(self._qty(self.vial), 10)

    def test_moves_of_two_appointments_are_not_merged(self):
        events = self._create_events([{"type": self.type_facial} for _i in range(2)])
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.mask.name,
                            "product_id": self.mask.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": customers.id,
                            "clinic_event_id": event.id,
                        }
                    )
                    for event in events
                ],
            }
        )
        picking.action_confirm()
        self.assertEqual(len(picking.move_ids), 2)
        self.assertEqual(picking.move_ids.clinic_event_id, events)

    def test_links_are_not_copied(self):
        event = self._create_event(type=self.type_botox)
        invoice, _action = self._checkout(event)
        move = self._vial_lines(invoice).clinic_stock_move_ids
        self.assertTrue(move.clinic_invoice_line_id)
        vals = move.copy_data()[0]
        self.assertNotIn("clinic_invoice_line_id", vals)
        self.assertNotIn("clinic_event_id", vals)
        copy = invoice.clinic_picking_ids.copy()
        self.assertFalse(copy.move_ids.clinic_invoice_line_id)

    def test_backorder_return_and_exchange_keep_the_line(self):
        self.company.clinic_stock_shortage = "flag"
        self.type_botox.clinic_consumable_ids.quantity = 12
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        line = self._vial_lines(invoice)
        pending = line.clinic_stock_move_ids.filtered(lambda m: m.state != "done")
        self.assertEqual(pending.product_uom_qty, 2)
        self.assertTrue(pending.picking_id.backorder_id)
        done_picking = pending.picking_id.backorder_id
        # A return by hand (Odoo's wizard) still counts for the line.
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=done_picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        returned = wizard._create_return()
        self.assertEqual(returned.move_ids.clinic_invoice_line_id, line)
        returned.button_validate()
        # (the pending delivery reserves it at once)
        self.assertEqual(
            self.vial.with_context(location=self.stock.id).qty_available, 1
        )
        # An exchange delivers again for the same line.
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=done_picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        wizard.action_create_exchanges()
        exchange = (
            line.clinic_stock_move_ids.filtered(
                lambda m: m.location_dest_id.usage == "customer" and m.state != "done"
            )
            - pending
        )
        self.assertEqual(exchange.product_uom_qty, 1)

    def test_dispensed_lots_print_on_the_invoice(self):
        # Six vials: the five of the lot expiring first, one of the next.
        self.type_botox.clinic_consumable_ids.quantity = 3
        events = self._create_events([{"type": self.type_botox} for _i in range(2)])
        invoice, _action = self._checkout(events)
        self.assertEqual(invoice._get_invoiced_lot_values(), [])  # a draft
        invoice.action_post()
        lots = {
            values["lot_name"]: values["quantity"]
            for values in invoice._get_invoiced_lot_values()
        }
        self.assertEqual(lots, {"VIAL-SOON": "5.00", "VIAL-LATE": "1.00"})
        # On the PDF when the company shows lots on invoices.
        self.env.user.groups_id |= self.env.ref("stock_account.group_lot_on_invoice")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", invoice.ids)[0]
            .decode()
        )
        self.assertIn("VIAL-SOON", html)
        self.assertIn("VIAL-LATE", html)
        # A vial brought back no longer prints as sold.
        picking = invoice.clinic_picking_ids
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves[0].quantity = 1
        wizard._create_return().button_validate()
        self.assertEqual(
            sum(float(v["quantity"]) for v in invoice._get_invoiced_lot_values()), 5
        )


@tagged("post_install", "-at_install")
class TestDispensingAngloSaxon(DispensingLinksCommon):
    """Perpetual valuation, anglo-saxon: the interim (delivered) account of a
    clinic invoice reconciles with its deliveries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.anglo_saxon_accounting = True
        Account = cls.env["account.account"]
        cls.interim_out, interim_in, valuation = Account.create(
            [
                {
                    "name": name,
                    "code": code,
                    "account_type": "asset_current",
                    "reconcile": True,
                }
                for name, code in (
                    ("Stock Interim (Delivered)", "CLINOUT"),
                    ("Stock Interim (Received)", "CLININ"),
                    ("Stock Valuation", "CLINVAL"),
                )
            ]
        )
        category = cls.env["product.category"].create(
            {
                "name": "Real-time injectables",
                "property_valuation": "real_time",
                "property_cost_method": "average",
                "property_stock_valuation_account_id": valuation.id,
                "property_stock_account_input_categ_id": interim_in.id,
                "property_stock_account_output_categ_id": cls.interim_out.id,
                "property_account_expense_categ_id": cls.company_data[
                    "default_account_expense"
                ].id,
                "property_account_income_categ_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "property_stock_journal": cls.company_data["default_journal_misc"].id,
            }
        )
        cls.filler = cls.env["product.product"].create(
            {
                "name": "Filler syringe",
                "is_storable": True,
                "categ_id": category.id,
                "list_price": 250.0,
                "standard_price": 90.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.filler, cls.stock, 10)
        cls.type_filler = cls.env["calendar.event.type"].create(
            {
                "name": "Test Filler Session",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": cls.filler.id, "quantity": 1, "billable": True}
                    )
                ],
            }
        )

    def _assert_interim_reconciled(self, invoice):
        moves = invoice.invoice_line_ids.clinic_stock_move_ids
        self.assertEqual(set(moves.mapped("state")), {"done"})
        cogs = invoice.line_ids.filtered(lambda a: a.account_id == self.interim_out)
        delivered = moves.account_move_ids.line_ids.filtered(
            lambda a: a.account_id == self.interim_out
        )
        self.assertEqual(len(cogs), len(moves.clinic_invoice_line_id))
        self.assertEqual(len(delivered), len(moves))
        self.assertTrue(all((cogs | delivered).mapped("reconciled")))
        self.assertEqual(len((cogs | delivered).full_reconcile_id), 1)

    def test_checkout_invoice_reconciles_interim_with_deliveries(self):
        events = self._create_events([{"type": self.type_filler} for _i in range(2)])
        invoice, _action = self._checkout(events)
        invoice.action_post()
        self.assertEqual(self._qty(self.filler), 8)
        self._assert_interim_reconciled(invoice)

    def test_retail_invoice_dispensed_on_posting_reconciles(self):
        invoice = self._retail_invoice(self.env.user, self.filler, 3)
        invoice.action_post()
        self.assertEqual(self._qty(self.filler), 7)
        self._assert_interim_reconciled(invoice)


@tagged("post_install", "-at_install")
class TestWhoDispenses(DispensingLinksCommon):
    """Stock leaves by billing only when clinic staff bill."""

    def test_retail_sale_at_the_desk_dispenses(self):
        invoice = self._retail_invoice(self.user_reception)
        self.assertTrue(invoice.clinic_dispense)
        invoice.with_user(self.user_reception).action_post()
        self.assertEqual(self._qty(self.cream), 8)
        picking = invoice.clinic_picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.origin, invoice.name)
        # Cancelled, the cream comes back.
        invoice.with_user(self.user_reception).button_cancel()
        self.assertEqual(self._qty(self.cream), 10)

    def test_retail_invoice_created_through_rpc_dispenses(self):
        invoice = self.env(user=self.user_reception)["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.cream.id, "quantity": 1})
                ],
            }
        )
        self.assertTrue(invoice.clinic_dispense)
        invoice.action_post()
        self.assertEqual(self._qty(self.cream), 9)

    def test_clinic_user_may_untick_dispensing_on_a_draft(self):
        invoice = self._retail_invoice(self.user_reception)
        with Form(invoice.with_user(self.user_reception)) as form:
            form.clinic_dispense = False
        invoice.action_post()
        self.assertEqual(self._qty(self.cream), 10)

    def test_superuser_invoices_do_not_dispense_by_default(self):
        """Sales orders and the point of sale create invoices as superuser
        and deliver through their own pickings."""
        invoice = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client_emma.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.cream.id, "quantity": 1})
                    ],
                }
            )
        )
        self.assertFalse(invoice.clinic_dispense)
        invoice.action_post()
        self.assertEqual(self._qty(self.cream), 10)

    def test_billing_only_user_invoice_does_not_dispense(self):
        invoice = self._retail_invoice(self.user_billing)
        self.assertFalse(invoice.clinic_dispense)
        invoice.with_user(self.user_billing).action_post()
        self.assertFalse(invoice.clinic_picking_ids)
        self.assertEqual(self._qty(self.cream), 10)

    def test_billing_only_user_cannot_turn_dispensing_on(self):
        Move = self.env(user=self.user_billing)["account.move"]
        with self.assertRaises(AccessError):
            Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client_emma.id,
                    "clinic_dispense": True,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.cream.id, "quantity": 2})
                    ],
                }
            )
        invoice = self._retail_invoice(self.user_billing)
        with self.assertRaises(AccessError) as caught:
            invoice.with_user(self.user_billing).clinic_dispense = True
        self.assertIn("Only clinic staff", str(caught.exception))
        self.assertFalse(invoice.clinic_dispense)
        invoice.with_user(self.user_billing).action_post()
        self.assertEqual(self._qty(self.cream), 10)

    def test_billing_only_user_cannot_post_what_dispenses(self):
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        self.assertEqual(self._qty(self.vial), 9)
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create({"product_id": self.cream.id, "quantity": 2})
                ]
            }
        )
        with self.assertRaises(AccessError) as caught:
            invoice.with_user(self.user_billing).action_post()
        self.assertIn("would dispense Day cream", str(caught.exception))
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self._qty(self.cream), 10)
        # Without the added item, there is nothing to dispense: the
        # accountant posts the checkout invoice.
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.delete(
                        invoice.invoice_line_ids.filtered(
                            lambda ln: ln.product_id == self.cream
                        ).id
                    )
                ]
            }
        )
        invoice.with_user(self.user_billing).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(self._qty(self.vial), 9)
        self.assertEqual(self._qty(self.cream), 10)

    def test_dispensed_invoice_keeps_its_flag(self):
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        with self.assertRaises(UserError) as caught:
            invoice.clinic_dispense = False
        self.assertIn("already dispensed Botox 50U vial", str(caught.exception))
        self.assertTrue(invoice.clinic_dispense)


@tagged("post_install", "-at_install")
class TestDispensingSilentToPatients(DispensingLinksCommon):
    """No "your order has been shipped" e-mail or SMS for what the clinic
    dispensed, whatever the company's delivery notification settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_emma.write({"email": "emma@example.com", "mobile": "+32470000001"})
        cls.company.stock_move_email_validation = True
        cls.company.clinic_stock_shortage = "flag"
        cls.type_botox.clinic_consumable_ids.quantity = 12

    def _notices_to(self, partner):
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "stock.picking"),
                    "|",
                    ("partner_ids", "in", partner.ids),
                    ("notification_ids.res_partner_id", "in", partner.ids),
                ]
            )
        )

    def _sms_to(self, partner):
        return self.env["sms.sms"].sudo().search([("partner_id", "=", partner.id)])

    def _plain_delivery(self):
        """A delivery to the same person outside the clinic's dispensing."""
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.client_emma.id,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.mask.name,
                            "product_id": self.mask.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _checkout_with_backorder(self):
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        backorder = invoice.clinic_picking_ids.filtered(lambda p: p.state != "done")
        self.assertTrue(backorder)
        # The missing vials arrive; stock validates the pending delivery.
        self.env["stock.quant"]._update_available_quantity(
            self.vial, self.stock, 5, lot_id=self.lot_late
        )
        backorder.action_assign()
        return invoice, backorder

    def test_no_email_to_the_patient_for_dispensing(self):
        invoice, backorder = self._checkout_with_backorder()
        self.assertEqual(backorder.button_validate(), True)
        self.assertEqual(backorder.state, "done")
        invoice.action_post()
        self.assertFalse(self._notices_to(self.client_emma))
        # Only the clinic's own notices (item delayed, then here: see
        # test_stockouts) are e-mailed, from the client's record.
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.client_emma.ids)])
        )
        self.assertEqual(set(mails.mapped("model")), {"res.partner"})
        self.assertEqual(
            sorted(mails.mapped("subject")),
            ["Your delayed order is here", "Your order is delayed"],
        )
        # The company setting works for other deliveries.
        self._plain_delivery().button_validate()
        self.assertTrue(self._notices_to(self.client_emma))

    def test_no_sms_to_the_patient_for_dispensing(self):
        if "sms.sms" not in self.env or not hasattr(
            self.env["stock.picking"], "_check_warn_sms"
        ):
            self.skipTest("stock_sms is not installed")
        self.company.stock_move_email_validation = False
        self.company.stock_move_sms_validation = True
        self.company.has_received_warning_stock_sms = False
        invoice, backorder = self._checkout_with_backorder()
        # stock_sms sends nothing while tests run: let it believe they do
        # not, with the SMS gateway (IAP) cut off.
        thread = threading.current_thread()
        with (
            patch.object(thread, "testing", False),
            patch.object(self.registry["sms.sms"], "_send", autospec=True),
        ):
            # No "first SMS" warning wizard stops the validation either.
            self.assertEqual(backorder.button_validate(), True)
            self.assertFalse(self._sms_to(self.client_emma))
            self.company.has_received_warning_stock_sms = True
            self._plain_delivery().button_validate()
        self.assertTrue(self._sms_to(self.client_emma))

    def test_delivery_origin_is_the_invoice_number(self):
        invoice, _action = self._checkout(self._create_event(type=self.type_botox))
        pickings = invoice.clinic_picking_ids
        self.assertEqual(len(pickings), 2)  # delivered and pending
        # Odoo 18 numbers a draft invoice already (else: its draft name).
        draft_name = invoice.name if invoice.name != "/" else invoice.display_name
        self.assertEqual(pickings.mapped("origin"), [draft_name] * 2)
        # Dated last year before posting, it is numbered anew: the
        # deliveries follow.
        invoice.invoice_date = invoice.invoice_date_due.replace(
            year=invoice.invoice_date_due.year - 1, month=12, day=31
        )
        invoice.action_post()
        self.assertNotEqual(invoice.name, draft_name)
        self.assertEqual(pickings.mapped("origin"), [invoice.name] * 2)
