# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import format_amount, format_date
from odoo.tools.safe_eval import safe_eval

from .common import CreditCommon


@tagged("post_install", "-at_install")
class TestCreditWizards(CreditCommon):
    def _apply_from_invoice(self, invoice):
        # What the invoice's "Apply Credit" button opens.
        action = self.env.ref("clinic_dispensary.action_clinic_credit_apply")
        context = dict(
            safe_eval(action.context, {"active_id": invoice.id}),
            active_id=invoice.id,
        )
        return Form(self.env["clinic.credit.apply"].with_context(**context))

    def test_apply_a_credit_partly_from_the_invoice(self):
        credit = self._new_credit(self.client_emma, 50.0)
        invoice = self._invoice(self.client_emma, 120.0)
        form = self._apply_from_invoice(invoice)
        self.assertEqual(form.invoice_id, invoice)
        form.credit_id = credit
        # Offered: that invoice only, for the most that can be applied.
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.invoice_id, invoice)
            self.assertEqual(line.amount, 50.0)
            line.amount = 20.0
        form.save().action_confirm()
        self.assertEqual(credit.amount_applied, 20.0)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertBooksRight(self.client_emma)

    def test_invoice_offers_only_the_clients_open_credits(self):
        mine = self._new_credit(self.client_emma, 50.0)
        used = self._new_credit(self.client_emma, 10.0)
        used.action_apply_to_invoice(self._invoice(self.client_emma, 10.0).id)
        self._new_credit(self.client_noah, 40.0)
        invoice = self._invoice(self.client_emma, 120.0)
        wizard = self.env["clinic.credit.apply"].new({"invoice_id": invoice.id})
        # The credit field's own domain, evaluated on the wizard.
        domain = safe_eval(
            wizard._fields["credit_id"].domain,
            {
                "invoice_partner_id": wizard.invoice_partner_id.id,
                "invoice_company_id": wizard.invoice_company_id.id,
            },
        )
        self.assertEqual(self.Credit.search(domain), mine)

    def test_unapply_from_the_credit_restores_both_amounts(self):
        credit = self._new_credit(self.client_emma, 80.0)
        first = self._invoice(self.client_emma, 30.0)
        second = self._invoice(self.client_emma, 100.0)
        credit.action_apply_to_invoice(first.id)
        credit.action_apply_to_invoice(second.id, 25.0)
        form = Form(
            self.env["clinic.credit.unapply"].with_context(default_credit_id=credit.id)
        )
        # Two invoices paid by the credit: the user picks one.
        self.assertFalse(form.invoice_id)
        form.invoice_id = second
        form.save().action_confirm()
        self.assertEqual(second.amount_residual, 100.0)
        self.assertEqual(first.amount_residual, 0.0)
        self.assertEqual(credit.amount_applied, 30.0)
        self.assertEqual(credit.amount_remaining, 50.0)
        self.assertBooksRight(self.client_emma)

    def test_unapply_picks_the_only_invoice_paid(self):
        invoice = self._invoice(self.client_emma, 100.0)
        credit = self._new_credit(amount=30.0, invoice=invoice)
        form = Form(
            self.env["clinic.credit.unapply"].with_context(default_credit_id=credit.id)
        )
        self.assertEqual(form.invoice_id, invoice)
        form.save().action_confirm()
        self.assertEqual(invoice.amount_residual, 100.0)
        self.assertEqual(credit.amount_remaining, 30.0)
        self.assertBooksRight(self.client_emma)

    def test_partial_apply_makes_cash_basis_taxes_due(self):
        self.company.tax_exigibility = True
        transition = self.env["account.account"].create(
            {
                "code": "CABA.TR",
                "name": "Cash basis transition",
                "account_type": "liability_current",
                "reconcile": True,
            }
        )
        tax = self.env["account.tax"].create(
            {
                "name": "VAT on payment 10%",
                "amount": 10.0,
                "company_id": self.company.id,
                "tax_exigibility": "on_payment",
                "cash_basis_transition_account_id": transition.id,
            }
        )
        invoice = self._invoice(self.client_emma, 100.0, post=False)
        invoice.invoice_line_ids.tax_ids = tax
        invoice.action_post()
        credit = self._new_credit(self.client_emma, 55.0)
        credit.action_apply_to_invoice(invoice.id, 22.0)
        partial = credit.move_line_id.matched_debit_ids
        caba = self.env["account.move"].search(
            [("tax_cash_basis_rec_id", "=", partial.id)]
        )
        self.assertEqual(caba.state, "posted")
        # 22.00 of 110.00 paid: a fifth of the 10.00 tax becomes due.
        tax_due = caba.line_ids.filtered(lambda line: line.tax_line_id == tax)
        self.assertAlmostEqual(sum(tax_due.mapped("credit")), 2.0, places=2)
        self.assertBooksRight(self.client_emma)

    def test_credit_shows_what_it_paid_and_what_was_refunded(self):
        credit = self._new_credit(self.client_emma, 80.0)
        invoice = self._invoice(self.client_emma, 30.0)
        credit.action_apply_to_invoice(invoice.id)
        action = credit.action_credit_to_refund()
        refund = Form(self.env[action["res_model"]].with_context(**action["context"]))
        refund.amount = 20.0
        wizard = refund.save()
        wizard.action_confirm()
        form = Form(credit)
        # Applied and refunded apart, each linked to its document.
        self.assertEqual(form.amount_applied, 30.0)
        self.assertEqual(form.amount_refunded, 20.0)
        self.assertEqual(form.amount_remaining, 30.0)
        self.assertEqual(credit.applied_invoice_ids, invoice)
        self.assertEqual(credit.refund_payment_ids, wizard.payment_id)
        self.assertEqual(
            credit.applied_invoice_ids.get_formview_action()["res_id"], invoice.id
        )
        # Refunded only: nothing to unapply, nor to edit.
        other = self._new_credit(self.client_emma, 40.0)
        self._refund_all(other)
        self.assertEqual(other.amount_applied, 0.0)
        self.assertEqual(other.amount_refunded, 40.0)
        self.assertFalse(other.applied_invoice_ids)
        with self.assertRaisesRegex(Exception, "applied or refunded"):
            other._check_editable("edited")
        self.assertBooksRight(self.client_emma)

    def _refund_all(self, credit):
        action = credit.action_credit_to_refund()
        Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save().action_confirm()

    def test_invoice_picker_shows_number_date_and_amount_due(self):
        credit = self._new_credit(self.client_emma, 50.0)
        invoice = self._invoice(self.client_emma, 120.0)
        form = Form(
            self.env["clinic.credit.apply"].with_context(default_credit_id=credit.id)
        )
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.invoice_id, invoice)
        picked = invoice.with_context(clinic_invoice_picker=True)
        self.assertEqual(
            picked.display_name,
            f"{invoice.name}, {format_date(self.env, invoice.invoice_date)}, "
            f"{format_amount(self.env, 120.0, invoice.currency_id)} due",
        )
        # Elsewhere, Odoo's own name.
        self.assertEqual(invoice.display_name, invoice.name)
        # The same context is what the picker's field sends.
        arch = self.env["clinic.credit.apply"].get_view()["arch"]
        self.assertIn("clinic_invoice_picker", arch)

    def test_credit_made_in_plain_odoo_shows_its_label(self):
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.client_emma.id,
                "invoice_date": self.today_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Broken serum bottle",
                            "quantity": 1,
                            "price_unit": 25.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit_note.action_post()
        credit = self._credits(self.client_emma)
        self.assertEqual(credit.reason, "Broken serum bottle")
        self.assertEqual(
            credit.display_name, f"{credit_note.name} - Broken serum bottle"
        )
