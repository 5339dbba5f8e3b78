# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestClientCredits(CreditCommon):
    # Creating ----------------------------------------------------------------
    def test_new_credit_from_dashboard_is_free_for_any_invoice(self):
        credit = self._new_credit(self.client_emma, 50.0, reason="Late appointment")
        self.assertRecordValues(
            credit,
            [
                {
                    "partner_id": self.client_emma.id,
                    "origin": "manual",
                    "reason": "Late appointment",
                    "amount_original": 50.0,
                    "amount_applied": 0.0,
                    "amount_remaining": 50.0,
                    "state": "open",
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(credit.move_id.move_type, "out_refund")
        self.assertEqual(credit.move_id.state, "posted")
        self.assertFalse(credit.move_id.clinic_credit_invoice_id)
        self.assertEqual(credit.id, credit.move_line_id.id)
        self.assertBooksRight(self.client_emma)

    def test_new_credit_from_invoice_is_applied_and_can_be_unapplied(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(amount=30.0, invoice=invoice)
        self.assertEqual(credit.origin, "invoice")
        self.assertEqual(credit.move_id.clinic_credit_invoice_id, invoice)
        self.assertEqual(credit.amount_applied, 30.0)
        self.assertEqual(credit.state, "used")
        self.assertEqual(invoice.amount_residual, 70.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertBooksRight(self.client_emma)
        credit.action_unapply(invoice.id)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertBooksRight(self.client_emma)

    def test_credit_from_invoice_larger_than_due_keeps_the_rest(self):
        invoice = self._invoice(self.client_emma, 40.0)
        credit = self._new_credit(amount=100.0, invoice=invoice)
        # Settled by credit notes only: Odoo calls it "reversed".
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "reversed"))
        self.assertEqual(credit.amount_applied, 40.0)
        self.assertEqual(credit.amount_remaining, 60.0)
        self.assertEqual(credit.state, "partial")
        self.assertBooksRight(self.client_emma)

    def test_credit_from_invoice_left_unapplied_on_request(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(amount=30.0, invoice=invoice, apply_to_invoice=False)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertEqual(invoice.amount_residual, 100.0)

    def test_credit_created_by_an_integrator_through_the_credit_model(self):
        # What the New Credit screen calls: an import or an integration
        # creates credits the same way.
        Credit = self.Credit
        invoice = self._invoice(self.client_emma, 100.0)
        credit = Credit._create_credit(False, 30.0, "Late start", invoice=invoice)
        self.assertRecordValues(
            credit,
            [
                {
                    "partner_id": self.client_emma.id,
                    "origin": "invoice",
                    "reason": "Late start",
                    "amount_applied": 30.0,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(invoice.amount_residual, 70.0)
        kept = Credit._create_credit(
            self.client_emma, 10.0, "Voucher", invoice=invoice, apply_to_invoice=False
        )
        self.assertEqual(kept.amount_remaining, 10.0)
        self.assertEqual(invoice.amount_residual, 70.0)
        manual = Credit._create_credit(self.client_noah, 20.0, "Goodwill")
        self.assertEqual((manual.origin, manual.amount_remaining), ("manual", 20.0))
        with self.assertRaisesRegex(UserError, "must be positive"):
            Credit._create_credit(self.client_noah, 0.0, "Nothing")
        with self.assertRaisesRegex(UserError, "invoice's client"):
            Credit._create_credit(self.client_noah, 5.0, "Wrong", invoice=invoice)
        with self.assertRaises(AccessError):
            Credit.with_user(self.user_reception)._create_credit(
                self.client_noah, 5.0, "Reception"
            )
        self.assertEqual(len(self._credits(self.client_noah)), 1)
        self.assertBooksRight(self.client_emma)

    def test_new_credit_button_on_invoice(self):
        invoice = self._invoice(self.client_emma, 100.0)
        action = invoice.action_clinic_new_credit()
        self.assertEqual(action["res_model"], "clinic.credit.create")
        self.assertEqual(action["context"]["default_invoice_id"], invoice.id)
        with self.assertRaisesRegex(UserError, "posted customer invoices"):
            self._invoice(self.client_emma, 10.0, post=False).action_clinic_new_credit()

    def test_overpayment_leaves_the_excess_as_credit(self):
        invoice = self._invoice(self.client_emma, 100.0)
        self._register_payment(invoice, 150.0)
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        credit = self._credits(self.client_emma)
        self.assertRecordValues(
            credit,
            [
                {
                    "origin": "overpayment",
                    "amount_original": 150.0,
                    "amount_applied": 100.0,
                    "amount_remaining": 50.0,
                    "state": "partial",
                }
            ],
        )
        self.assertBooksRight(self.client_emma)

    def test_payment_that_only_settles_invoices_is_no_credit(self):
        invoice = self._invoice(self.client_emma, 100.0)
        self._register_payment(invoice, 100.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        partial = self._invoice(self.client_emma, 80.0)
        self._register_payment(partial, 30.0)
        self.assertEqual(partial.amount_residual, 50.0)
        self.assertFalse(self._credits(self.client_emma))
        self.assertEqual(self.client_emma.clinic_credit_balance, 0.0)
        self.assertBooksRight(self.client_emma)
        # An overpayment is one credit, with the excess remaining.
        invoice_2 = self._invoice(self.client_emma, 60.0)
        payment = self._register_payment(invoice_2, 75.0)
        credit = self._credits(self.client_emma)
        self.assertRecordValues(
            credit,
            [
                {
                    "move_line_id": payment.move_id.line_ids.filtered(
                        lambda line: line.account_id.account_type == "asset_receivable"
                    ).id,
                    "origin": "overpayment",
                    "amount_applied": 60.0,
                    "amount_remaining": 15.0,
                    "state": "partial",
                }
            ],
        )
        self.assertBooksRight(self.client_emma)
        # Its excess used on another invoice: still listed, as used.
        credit.action_apply_to_invoice(partial.id, 15.0)
        self.assertEqual(self._credits(self.client_emma), credit)
        self.assertRecordValues(
            credit, [{"amount_applied": 75.0, "amount_remaining": 0.0, "state": "used"}]
        )
        self.assertBooksRight(self.client_emma)

    def test_bad_amounts_refused(self):
        with self.assertRaisesRegex(UserError, "must be positive"):
            self._new_credit(self.client_emma, 0.0)
        with self.assertRaisesRegex(UserError, "must be positive"):
            self._new_credit(self.client_emma, -10.0)
        self.assertFalse(self._credits(self.client_emma))

    # Applying ----------------------------------------------------------------
    def test_apply_partially_then_fully(self):
        invoice_a = self._invoice(self.client_emma, 50.0)
        invoice_b = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(self.client_emma, 80.0)
        self.assertEqual(credit.action_apply_to_invoice(invoice_a.id, 20.0), 20.0)
        self.assertEqual(invoice_a.amount_residual, 30.0)
        self.assertEqual(credit.amount_remaining, 60.0)
        self.assertEqual(credit.state, "partial")
        self.assertBooksRight(self.client_emma)
        self.assertEqual(credit.action_apply_to_invoice(invoice_b.id), 60.0)
        self.assertEqual(invoice_b.amount_residual, 40.0)
        self.assertEqual(credit.amount_remaining, 0.0)
        self.assertEqual(credit.state, "used")
        self.assertBooksRight(self.client_emma)

    def test_partial_credit_pays_the_earliest_installment_first(self):
        # Like any payment (Odoo's reconcile() matches by due date): the
        # installment due now first, not the one due in 60 days.
        term = self.env["account.payment.term"].create(
            {
                "name": "Half in 60 days, half now",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 60}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                ],
            }
        )
        invoice = self._invoice(
            self.client_emma, 100.0, invoice_payment_term_id=term.id
        )
        installments = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).sorted("date_maturity")
        credit = self._new_credit(self.client_emma, 80.0)
        credit.action_apply_to_invoice(invoice.id, 20.0)
        self.assertEqual(installments.mapped("amount_residual"), [30.0, 50.0])
        credit.action_apply_to_invoice(invoice.id, 40.0)
        self.assertEqual(installments.mapped("amount_residual"), [0.0, 40.0])
        self.assertEqual(credit.amount_remaining, 20.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertBooksRight(self.client_emma)

    def test_apply_wizard(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(self.client_emma, 80.0)
        action = credit.action_open_apply_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        # The client's only open invoice is offered, for all of the credit.
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.invoice_id, invoice)
            self.assertEqual(line.amount, 80.0)
            line.amount = 25.0
        form.save().action_confirm()
        self.assertEqual(invoice.amount_residual, 75.0)
        self.assertEqual(credit.amount_remaining, 55.0)

    def test_apply_refusals(self):
        invoice = self._invoice(self.client_emma, 30.0)
        credit = self._new_credit(self.client_emma, 50.0)
        with self.assertRaisesRegex(UserError, "has only .* left to pay"):
            credit.action_apply_to_invoice(invoice.id, 40.0)
        big_invoice = self._invoice(self.client_emma, 500.0)
        with self.assertRaisesRegex(UserError, "credit .* has only .* left\\."):
            credit.action_apply_to_invoice(big_invoice.id, 60.0)
        with self.assertRaisesRegex(UserError, "must be positive"):
            credit.action_apply_to_invoice(invoice.id, 0.0)
        noah_invoice = self._invoice(self.client_noah, 30.0)
        with self.assertRaisesRegex(UserError, "owed to Emma Client"):
            credit.action_apply_to_invoice(noah_invoice.id)
        draft = self._invoice(self.client_emma, 30.0, post=False)
        with self.assertRaisesRegex(UserError, "not an open customer invoice"):
            credit.action_apply_to_invoice(draft.id)
        self._register_payment(invoice, 30.0)
        with self.assertRaisesRegex(UserError, "not an open customer invoice"):
            credit.action_apply_to_invoice(invoice.id)
        self.assertEqual(credit.amount_remaining, 50.0)
        self.assertBooksRight(self.client_emma)

    def test_foreign_currency_invoice_refused(self):
        currency = self.setup_other_currency("EUR")
        invoice = self._invoice(self.client_emma, 100.0, currency_id=currency.id)
        credit = self._new_credit(self.client_emma, 50.0)
        with self.assertRaisesRegex(UserError, "company currency"):
            credit.action_apply_to_invoice(invoice.id)
        with self.assertRaisesRegex(UserError, "company currency"):
            self._new_credit(amount=10.0, invoice=invoice)

    def test_unapply_restores_exactly(self):
        invoice = self._invoice(self.client_emma, 99.99)
        credit = self._new_credit(self.client_emma, 33.33)
        credit.action_apply_to_invoice(invoice.id, 11.11)
        credit.action_unapply(invoice.id)
        self.assertEqual(invoice.amount_residual, 99.99)
        self.assertEqual(credit.amount_remaining, 33.33)
        self.assertEqual(credit.state, "open")
        with self.assertRaisesRegex(UserError, "not applied to"):
            credit.action_unapply(invoice.id)
        self.assertBooksRight(self.client_emma)

    # Editing -------------------------------------------------------------------
    def test_edit_unapplied_credit_is_tracked(self):
        credit = self._new_credit(self.client_emma, 50.0, reason="Goodwill")
        credit_id = credit.id
        yesterday = self.today_date - timedelta(days=1)
        action = credit.action_open_edit_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(form.amount, 50.0)
        self.assertEqual(form.reason, "Goodwill")
        form.amount = 45.0
        form.reason = "Goodwill (agreed with manager)"
        form.date = yesterday
        form.save().action_confirm()
        self.env.invalidate_all()
        credit = self.Credit.browse(credit_id)
        self.assertTrue(credit.exists(), "the credit keeps its id")
        self.assertEqual(credit.amount_original, 45.0)
        self.assertEqual(credit.reason, "Goodwill (agreed with manager)")
        self.assertEqual(credit.move_id.invoice_date, yesterday)
        self.assertEqual(credit.move_id.state, "posted")
        body = credit.move_id.message_ids[:1].body
        self.assertIn("50.00", body)
        self.assertIn("45.00", body)
        self.assertBooksRight(self.client_emma)

    def test_applied_or_overpayment_credit_cannot_be_edited(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(self.client_emma, 50.0)
        credit.action_apply_to_invoice(invoice.id, 10.0)
        with self.assertRaisesRegex(UserError, "unapply it first"):
            credit._edit_credit(amount=20.0)
        invoice_2 = self._invoice(self.client_noah, 100.0)
        self._register_payment(invoice_2, 120.0)
        overpayment = self._credits(self.client_noah)
        with self.assertRaisesRegex(UserError, "edit the original payment"):
            overpayment._edit_credit(amount=10.0)

    # Deleting -----------------------------------------------------------------
    def test_delete_unapplied_credit(self):
        credit = self._new_credit(self.client_emma, 50.0)
        move = credit.move_id
        credit.action_delete_credit()
        self.assertFalse(self._credits(self.client_emma))
        self.assertTrue(not move.exists() or move.state == "cancel")
        self.assertBooksRight(self.client_emma)

    def test_partly_applied_credit_cannot_be_deleted(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(self.client_emma, 50.0)
        credit.action_apply_to_invoice(invoice.id, 10.0)
        with self.assertRaisesRegex(UserError, "unapply it first"):
            credit.action_delete_credit()
        credit.action_unapply(invoice.id)
        credit.action_delete_credit()
        self.assertFalse(self._credits(self.client_emma))

    def test_overpayment_credit_cannot_be_deleted(self):
        invoice = self._invoice(self.client_emma, 100.0)
        self._register_payment(invoice, 120.0)
        with self.assertRaisesRegex(UserError, "edit the original payment"):
            self._credits(self.client_emma).action_delete_credit()

    # Refunding ----------------------------------------------------------------
    def _refund(self, credit, amount=None, **vals):
        action = credit.action_credit_to_refund()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        if amount is not None:
            form.amount = amount
        for name, value in vals.items():
            setattr(form, name, value)
        wizard = form.save()
        wizard.action_confirm()
        return wizard

    def test_credit_to_refund_the_rest(self):
        invoice = self._invoice(self.client_emma, 30.0)
        credit = self._new_credit(self.client_emma, 80.0)
        credit.action_apply_to_invoice(invoice.id)
        wizard = self._refund(credit, memo="Refund by bank transfer")
        self.assertEqual(wizard.amount, 50.0)
        payment = wizard.payment_id
        self.assertRecordValues(
            payment,
            [
                {
                    "payment_type": "outbound",
                    "partner_type": "customer",
                    "amount": 50.0,
                    "state": "paid",
                    "partner_id": self.client_emma.id,
                }
            ],
        )
        self.assertEqual(credit.amount_remaining, 0.0)
        self.assertEqual(credit.state, "used")
        self.assertBooksRight(self.client_emma)

    def test_partial_refund_leaves_remaining(self):
        credit = self._new_credit(self.client_emma, 80.0)
        self._refund(credit, 20.0)
        self.assertEqual(credit.amount_remaining, 60.0)
        self.assertBooksRight(self.client_emma)
        with self.assertRaisesRegex(UserError, "Cannot refund more"):
            self._refund(credit, 61.0)
        with self.assertRaisesRegex(UserError, "must be positive"):
            self._refund(credit, 0.0)
        self.assertEqual(credit.amount_remaining, 60.0)

    def test_overpayment_can_be_refunded(self):
        invoice = self._invoice(self.client_emma, 100.0)
        self._register_payment(invoice, 130.0)
        credit = self._credits(self.client_emma)
        self._refund(credit)
        self.assertEqual(credit.amount_remaining, 0.0)
        self.assertBooksRight(self.client_emma)

    # Lock dates ---------------------------------------------------------------
    def test_lock_date_respected(self):
        credit = self._new_credit(self.client_emma, 50.0)
        self.company.fiscalyear_lock_date = self.today_date
        with self.assertRaises(UserError):
            credit._edit_credit(amount=40.0)
        self.assertEqual(credit.amount_original, 50.0)
        with self.assertRaises(UserError) as caught:
            self._new_credit(
                self.client_emma, 20.0, date=self.today_date - timedelta(days=3)
            )
        self.assertIn("Lock Date", str(caught.exception))
        self.assertEqual(len(self._credits(self.client_emma)), 1)

    def _lock_books(self, **locks):
        """Lock the company's books up to yesterday (the given lock dates)."""
        yesterday = self.today_date - timedelta(days=1)
        self.company.write(dict.fromkeys(locks, yesterday))
        return yesterday

    def _entry_count(self):
        return self.env["account.move"].search_count([])

    def test_apply_and_unapply_in_locked_period(self):
        # Matching posted items changes no balance and no date: Odoo matches
        # and unmatches them in a locked period, and so do credits.
        past = self.today_date - timedelta(days=10)
        invoice = self._invoice(self.client_emma, 100.0, invoice_date=past)
        credit = self._new_credit(self.client_emma, 50.0, date=past)
        locked = self._lock_books(
            fiscalyear_lock_date=True, sale_lock_date=True, hard_lock_date=True
        )
        self.assertLessEqual(credit.move_id.date, locked)
        self.assertLessEqual(invoice.date, locked)
        entries = self._entry_count()
        self.assertEqual(credit.action_apply_to_invoice(invoice.id, 20.0), 20.0)
        self.assertEqual(invoice.amount_residual, 80.0)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertBooksRight(self.client_emma)
        # The rest, through Odoo's own reconcile().
        self.assertEqual(credit.action_apply_to_invoice(invoice.id), 30.0)
        self.assertEqual(invoice.amount_residual, 50.0)
        self.assertEqual(credit.state, "used")
        self.assertBooksRight(self.client_emma)
        credit.action_unapply(invoice.id)
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertEqual(credit.amount_remaining, 50.0)
        self.assertEqual(credit.state, "open")
        self.assertEqual(self._entry_count(), entries, "no entry created")
        self.assertEqual((credit.move_id | invoice).mapped("state"), ["posted"] * 2)
        self.assertBooksRight(self.client_emma)

    def test_locked_credit_cannot_be_deleted(self):
        past = self.today_date - timedelta(days=10)
        open_credit = self._new_credit(self.client_emma, 30.0)
        locked_credit = self._new_credit(self.client_emma, 50.0, date=past)
        # The sales lock date covers the credit note's sales journal.
        self._lock_books(sale_lock_date=True)
        credits = open_credit | locked_credit
        with self.assertRaisesRegex(
            UserError, "in a locked period .*Sales Lock Date.*cannot be deleted"
        ):
            credits.action_delete_credit()
        # Nothing written, not even for the credit of the open period.
        self.assertEqual(self._credits(self.client_emma), credits)
        self.assertEqual(credits.move_id.mapped("state"), ["posted"] * 2)
        self.assertEqual(credits.mapped("amount_remaining"), [30.0, 50.0])
        self.assertBooksRight(self.client_emma)
        with self.assertRaisesRegex(UserError, "Sales Lock Date.*cannot be edited"):
            locked_credit._edit_credit(reason="Too late")
        self.assertEqual(locked_credit.reason, "Goodwill")
        open_credit.action_delete_credit()
        self.assertEqual(self._credits(self.client_emma), locked_credit)
        self.assertBooksRight(self.client_emma)

    def test_refund_in_locked_period_is_dated_after_the_lock(self):
        # A new entry in a locked period is dated after the lock, as Odoo
        # does when it posts; the payment keeps the same date as its entry.
        past = self.today_date - timedelta(days=10)
        credit = self._new_credit(self.client_emma, 80.0, date=past)
        locked = self._lock_books(fiscalyear_lock_date=True, hard_lock_date=True)
        wizard = self._refund(credit, 30.0, date=past + timedelta(days=5))
        payment = wizard.payment_id
        self.assertGreater(payment.move_id.date, locked)
        self.assertEqual(payment.date, payment.move_id.date)
        self.assertEqual(payment.move_id.state, "posted")
        self.assertIn("locked period", credit.move_id.message_ids[:1].body)
        self.assertEqual(credit.amount_remaining, 50.0)
        self.assertEqual(credit.amount_refunded, 30.0)
        self.assertEqual(credit.amount_applied, 0.0)
        self.assertBooksRight(self.client_emma)
        # An open date is kept as is.
        payment = self._refund(credit, 20.0, date=self.today_date).payment_id
        self.assertEqual(payment.move_id.date, self.today_date)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertBooksRight(self.client_emma)

    def test_refund_bank_entry_not_held_by_the_sales_lock_date(self):
        # The sales lock date covers sales journals, not the bank's.
        past = self.today_date - timedelta(days=10)
        credit = self._new_credit(self.client_emma, 80.0, date=past)
        self._lock_books(sale_lock_date=True)
        payment = self._refund(credit, date=past).payment_id
        self.assertEqual(payment.date, past)
        self.assertEqual(payment.move_id.date, past)
        self.assertEqual(credit.amount_remaining, 0.0)
        self.assertBooksRight(self.client_emma)


@tagged("post_install", "-at_install")
class TestCreditRules(CreditCommon):
    def test_reception_sees_balance_only(self):
        self._new_credit(self.client_emma, 50.0)
        partner = self.client_emma.with_user(self.user_reception)
        self.assertEqual(partner.clinic_credit_balance, 50.0)
        with self.assertRaises(AccessError):
            self.Credit.with_user(self.user_reception).search([])
        with self.assertRaises(AccessError):
            self.env["clinic.credit.create"].with_user(self.user_reception).create(
                {"partner_id": self.client_emma.id, "amount": 5, "reason": "x"}
            )

    def test_client_form_opens_the_clients_credits(self):
        credit = self._new_credit(self.client_emma, 50.0)
        self._new_credit(self.client_noah, 10.0)
        action = self.client_emma.action_view_clinic_credits()
        self.assertEqual(action["res_model"], "clinic.client.credit")
        self.assertEqual(self.Credit.search(action["domain"]), credit)
        self.assertEqual(self.client_emma.clinic_credit_balance, 50.0)

    def test_clinic_manager_views_but_cannot_change(self):
        credit = self._new_credit(self.client_emma, 50.0)
        invoice = self._invoice(self.client_emma, 100.0)
        as_manager = credit.with_user(self.user_manager)
        self.assertEqual(as_manager.amount_remaining, 50.0)
        with self.assertRaises(AccessError):
            as_manager.action_apply_to_invoice(invoice.id)
        with self.assertRaises(AccessError):
            as_manager.action_credit_to_refund()
        with self.assertRaises(AccessError):
            as_manager.action_delete_credit()

    def test_credit_never_offered_in_another_company(self):
        other = self.setup_other_company()
        other_company = other["company"]
        self.env.user.company_ids |= other_company
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=other_company.ids)
        )
        credit_a = self._new_credit(self.client_emma, 50.0)
        invoice_b = env_b["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_emma.id,
                "invoice_date": self.today_date,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "B", "price_unit": 40.0, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        invoice_b.action_post()
        self.assertNotIn(credit_a, env_b["clinic.client.credit"].search([]))
        both = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=(self.company | other_company).ids,
            )
        )
        with self.assertRaisesRegex(UserError, "another company"):
            credit_a.with_env(both).action_apply_to_invoice(invoice_b.id)
        self.assertEqual(self.client_emma.with_env(env_b).clinic_credit_balance, 0.0)
