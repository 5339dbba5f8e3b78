# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged
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
        # Offered: the most that can be applied.
        self.assertEqual(form.amount, 50.0)
        form.amount = 20.0
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
