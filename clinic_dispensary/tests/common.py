# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import new_test_user


class ClinicCommon(AccountTestInvoicingCommon):
    """A small clinic, built once: users per role, appointment types, clients."""

    @classmethod
    def get_default_groups(cls):
        # The accountant running the tests also manages the clinic.
        return super().get_default_groups() | cls.env.ref(
            "clinic_dispensary.group_clinic_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/Brussels"
        cls.group_reception = cls.env.ref("clinic_dispensary.group_clinic_reception")
        cls.group_manager = cls.env.ref("clinic_dispensary.group_clinic_manager")
        cls.company = cls.company_data["company"]
        cls.services_categ = cls.env.ref(
            "clinic_dispensary.product_category_clinic_services"
        )
        # Services billed at checkout land on the company's revenue account.
        cls.services_categ.with_company(
            cls.company
        ).property_account_income_categ_id = cls.company_data["default_account_revenue"]
        cls.user_reception = new_test_user(
            cls.env,
            login="clinic_reception",
            groups="clinic_dispensary.group_clinic_reception",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Brussels",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="clinic_manager",
            groups="clinic_dispensary.group_clinic_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Brussels",
        )
        EventType = cls.env["calendar.event.type"]
        cls.type_first_visit, cls.type_follow_up, cls.type_meeting = EventType.create(
            [
                {"name": "Test First Visit", "clinic_billable": True, "price": 120.0},
                {"name": "Test Follow-Up", "clinic_billable": True, "price": 80.0},
                {"name": "Test Staff Meeting", "clinic_billable": False},
            ]
        )
        cls.client_emma, cls.client_noah = cls.env["res.partner"].create(
            [{"name": "Emma Client"}, {"name": "Noah Client"}]
        )
        # 10:00 in Brussels today, whatever the time of the run.
        cls.today = fields.Date.context_today(cls.env.user)
        cls.morning = cls._local_to_utc(cls.today, 10)

    @classmethod
    def _local_to_utc(cls, day, hour):
        return cls.env["calendar.event"]._clinic_day_bounds(day)[0] + timedelta(
            hours=hour
        )

    @classmethod
    def _create_events(cls, vals_list):
        events_vals = []
        for index, vals in enumerate(vals_list):
            start = vals.pop("start", cls.morning + timedelta(minutes=30 * index))
            event_type = vals.pop("type", cls.type_first_visit)
            events_vals.append(
                {
                    "name": f"Appointment {index}",
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "categ_ids": [Command.set(event_type.ids)],
                    "client_id": cls.client_emma.id,
                    **vals,
                }
            )
        return cls.env["calendar.event"].create(events_vals)

    @classmethod
    def _create_event(cls, **vals):
        return cls._create_events([vals])

    def _checkout(self, events, user=None):
        env = self.env(user=user) if user else self.env
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        action = wizard.action_create_invoices()
        return wizard.invoice_ids, action


class CreditCommon(ClinicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Credit = cls.env["clinic.client.credit"]
        cls.today_date = fields.Date.context_today(cls.env.user)

    def _invoice(self, partner, amount, post=True, **vals):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self.today_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consultation",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _new_credit(self, partner=None, amount=50.0, invoice=None, **vals):
        wizard_model = self.env["clinic.credit.create"]
        if invoice:
            wizard_model = wizard_model.with_context(default_invoice_id=invoice.id)
        form = Form(wizard_model)
        if not invoice:
            form.partner_id = partner
        form.amount = amount
        form.reason = vals.pop("reason", "Goodwill")
        for name, value in vals.items():
            setattr(form, name, value)
        action = form.save().action_confirm()
        return self.Credit.browse(action["res_id"])

    def _credits(self, partner):
        return self.Credit.search([("partner_id", "=", partner.id)])

    def _register_payment(self, invoice, amount):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_difference_handling": "open",
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
            ._create_payments()
        )

    def assertBooksRight(self, partner):
        """Receivable balance = open invoices - remaining credits."""
        self.env.flush_all()
        self.env.invalidate_all()
        receivable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("company_id", "=", self.company.id),
            ]
        )
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "=", partner.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        credits_left = sum(self._credits(partner).mapped("amount_remaining"))
        self.assertAlmostEqual(
            sum(receivable.mapped("balance")),
            sum(invoices.mapped("amount_residual")) - credits_left,
            places=2,
        )
        self.assertAlmostEqual(partner.clinic_credit_balance, credits_left, places=2)
        for move in receivable.move_id:
            self.assertTrue(
                move.currency_id.is_zero(sum(move.line_ids.mapped("balance")))
            )
