# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bundles count a client's visit (appointments of one day), at the desk as
at checkout: the invoice bills what the rows showed, whatever the days and
appointments reception selects."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common_package import PackageCheckoutCommon
from .common_pricing import PricingCommon


@tagged("post_install", "-at_install")
class TestCheckoutVisits(PricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        cls.vat_excluded = Tax.create(
            {
                "name": "VAT 20% excl.",
                "amount": 20.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "company_id": cls.company.id,
            }
        )
        cls.vat_included = Tax.create(
            {
                "name": "VAT 21% incl.",
                "amount": 21.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": cls.company.id,
            }
        )
        cls.facial.taxes_id = cls.vat_excluded
        cls.led_mask.taxes_id = cls.vat_included
        cls.env["clinic.discount.rule"].create(
            [
                {
                    "name": "Three facials",
                    "rule_type": "bundle",
                    "bundle_quantity": 3,
                    "discount_percent": 10.0,
                    "product_tmpl_id": cls.facial.product_tmpl_id.id,
                },
                {
                    "name": "Two masks",
                    "rule_type": "bundle",
                    "bundle_quantity": 2,
                    "bundle_reward": "fixed",
                    "discount_amount": 7.0,
                    "product_tmpl_id": cls.led_mask.product_tmpl_id.id,
                },
                {
                    "name": "Consultation",
                    "rule_type": "fixed",
                    "discount_amount": 5.0,
                    "product_tmpl_id": cls.consultation.product_tmpl_id.id,
                },
            ]
        )

    def _on_day(self, days_ago, event_type, client=None, masks=0, index=0):
        event = self._visit(
            event_type,
            start=self.morning - timedelta(days=days_ago, minutes=30 * index),
            client_id=(client or self.client_emma).id,
        )
        if masks:
            self.env["clinic.event.addon"].create(
                {
                    "event_id": event.id,
                    "product_id": self.led_mask.id,
                    "quantity": masks,
                }
            )
        return event

    def _rows(self, events):
        """(untaxed, total) the rows show, each row read on its own."""
        untaxed = total = 0.0
        for event_id in events.ids:
            self.env.invalidate_all()
            event = self.env["calendar.event"].browse(event_id)
            untaxed += event.clinic_amount_untaxed
            total += event.clinic_amount
        return round(untaxed, 2), round(total, 2)

    def _bill_selection(self, events):
        """Check the selection out as the list's *New Invoice* does: the
        wizard on the selected rows, then its button."""
        form = Form(
            self.env["clinic.express.checkout"].with_context(
                active_model="calendar.event", active_ids=events.ids
            )
        )
        shown = (form.amount_untaxed, form.amount_total)
        wizard = form.save()
        wizard.action_create_invoices()
        return wizard.invoice_ids, shown

    def test_bundle_not_reached_by_either_day_is_not_reached_by_both(self):
        # Two facials on Monday, one on Tuesday: "buy 3" is reached by no
        # visit, so no row shows it, and the invoice of both days neither.
        events = (
            self._on_day(1, self.type_facial)
            | self._on_day(1, self.type_facial, index=1)
            | self._on_day(0, self.type_facial)
        )
        rows = self._rows(events)
        self.assertEqual(rows, (240.0, 288.0))
        invoice, shown = self._bill_selection(events)
        self.assertEqual(len(invoice), 1)
        self.assertFalse(invoice.invoice_line_ids.filtered("discount"))
        self.assertEqual(shown, rows)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_total), rows)
        self.assertEqual(self._rows(events), rows)

    def test_amount_off_bundle_counts_each_visit(self):
        # One mask on each of two days: "2 masks, 7.00 off" is reached by
        # neither visit, nor by the checkout of both.
        monday = self._on_day(1, self.type_facial, masks=1)
        tuesday = self._on_day(0, self.type_facial, masks=1)
        rows = self._rows(monday | tuesday)
        # 2 facials 80 + 20 % VAT; 2 masks 30 VAT included.
        self.assertEqual(rows[1], 192.0 + 60.0)
        invoice, shown = self._bill_selection(monday | tuesday)
        self.assertEqual(shown, rows)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_total), rows)

    def test_part_of_a_visit_billed_keeps_the_visit_bundle(self):
        # Three facials today reach the bundle: billing two of them now
        # bills them as their rows show them, 10 % off.
        events = (
            self._on_day(0, self.type_facial)
            | self._on_day(0, self.type_facial, index=1)
            | self._on_day(0, self.type_facial, index=2)
        )
        chosen = events[:2]
        rows = self._rows(chosen)
        self.assertEqual(rows, (144.0, 172.8))
        invoice, shown = self._bill_selection(chosen)
        self.assertEqual(shown, rows)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_total), rows)
        self.assertEqual(invoice.invoice_line_ids.mapped("discount"), [10.0, 10.0])
        # The one left is what is still to bill, priced alone now.
        self.assertEqual(self._rows(events[2]), (80.0, 96.0))

    @settings(
        max_examples=12,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        appointments=st.lists(
            st.tuples(
                st.integers(0, 1),  # client
                st.integers(0, 2),  # days ago
                st.sampled_from(["facial", "consultation"]),
                st.integers(0, 2),  # masks
                st.booleans(),  # selected
            ),
            min_size=1,
            max_size=7,
        ),
    )
    def test_invoices_are_the_rows_for_any_selection(self, appointments):
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(SQL("SAVEPOINT clinic_visits"))
        try:
            self._check_selection(appointments)
        finally:
            cr.clear()
            cr.execute(SQL("ROLLBACK TO SAVEPOINT clinic_visits"))
            cr.execute(SQL("RELEASE SAVEPOINT clinic_visits"))
            self.env.invalidate_all(flush=False)

    def _check_selection(self, appointments):
        clients = (self.client_emma, self.client_noah)
        types = {"facial": self.type_facial, "consultation": self.type_consultation}
        events = chosen = self.env["calendar.event"]
        for index, (client, days_ago, kind, masks, selected) in enumerate(appointments):
            event = self._on_day(
                days_ago, types[kind], client=clients[client], masks=masks, index=index
            )
            events |= event
            if selected:
                chosen |= event
        chosen = chosen or events[0]
        rows = {
            client: self._rows(chosen.filtered(lambda e, c=client: e.client_id == c))
            for client in chosen.client_id
        }
        invoices, shown = self._bill_selection(chosen)
        self.assertEqual(
            shown,
            (
                round(sum(untaxed for untaxed, _total in rows.values()), 2),
                round(sum(total for _untaxed, total in rows.values()), 2),
            ),
        )
        self.assertEqual(len(invoices), len(rows))
        for invoice in invoices:
            self.assertEqual(
                (invoice.amount_untaxed, invoice.amount_total),
                rows[invoice.partner_id],
                f"{invoice.partner_id.name}: {appointments}",
            )
            # Billed, the rows read the invoice: the same amounts.
            self.assertEqual(
                self._rows(
                    chosen.filtered(lambda e, p=invoice.partner_id: e.client_id == p)
                ),
                rows[invoice.partner_id],
            )


@tagged("post_install", "-at_install")
class TestCheckoutVisitDiscountRefusal(PricingCommon):
    def test_appointment_not_billed_does_not_stop_the_checkout(self):
        """A short consultation whose fixed discount is larger than its line
        is priced with the visit but not chosen: billing the facial alone
        goes through (the consultation is refused when it is billed)."""
        self._rule(
            rule_type="fixed",
            discount_amount=20.0,
            product_tmpl_id=self.consultation.product_tmpl_id.id,
        )
        consultation = self._visit(self.type_consultation, minutes=10)
        facial = self._visit(self.type_facial, start=self.morning + timedelta(hours=2))
        invoice = self._bill(facial)
        self.assertEqual(invoice.amount_total, 80.0)
        with self.assertRaisesRegex(UserError, "larger than the line"):
            self._bill(consultation)


@tagged("post_install", "-at_install")
class TestCheckoutVisitPackages(PackageCheckoutCommon):
    def test_package_pays_for_the_appointment_billed(self):
        """One session left, two facials the same day, reception bills the
        second alone: the package pays for it, not for the one left out."""
        package = self._sell(self._package("1 Facial", 80.0, [(self.facial, 1)]))
        __, second = self._facials(2)
        invoice, __ = self._checkout(second, user=self.user_reception)
        self.assertTrue(self._paid_lines(invoice))
        self.assertEqual(package.line_ids.quantity_remaining, 0)

    def test_last_session_goes_to_the_earliest_day_at_desk_and_checkout(self):
        # One session left, a facial two days ago and one today: the rows
        # shown together and the checkout of both draw it for the earliest,
        # whatever order the appointments were chosen in.
        self._sell(self._package("One Facial", 90.0, [(self.facial, 1)]), days_ago=3)
        earlier = self._facials(1, days_ago=2)
        today = self._facials(1)
        self.env.invalidate_all()
        Event = self.env["calendar.event"]
        rows = {
            event: event.clinic_amount for event in Event.browse((today | earlier).ids)
        }
        self.assertEqual(rows, {earlier: 0.0, today: 115.0})  # 15 % tax
        invoice, __ = self._checkout(today | earlier)
        self.assertEqual(invoice.amount_total, 115.0)
        self.env.invalidate_all()
        self.assertEqual(
            {
                event: event.clinic_amount
                for event in Event.browse((today | earlier).ids)
            },
            rows,
        )
