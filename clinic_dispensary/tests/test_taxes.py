# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common_pricing import PricingCommon

# Queries to find the fiscal positions of a checkout's clients (record caches
# cold, registry caches warm), whatever their number: Odoo's search of the
# positions runs once for all of them (one search per client before).
FISCAL_POSITION_QUERIES = 8


@tagged("post_install", "-at_install")
class TestClinicTaxes(PricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat_included = cls.env["account.tax"].create(
            {
                "name": "VAT 21% incl.",
                "amount": 21.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": cls.company.id,
            }
        )
        cls.vat_excluded = cls.env["account.tax"].create(
            {
                "name": "VAT 20% excl.",
                "amount": 20.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "company_id": cls.company.id,
            }
        )

    def test_exempt_medical_service_has_no_tax(self):
        invoice = self._bill(self._visit(self.type_consultation, minutes=45))
        self.assertFalse(invoice.invoice_line_ids.tax_ids)
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 75.0, "amount_tax": 0.0, "amount_total": 75.0}],
        )

    def test_tax_excluded_price(self):
        self.consultation.taxes_id = self.vat_excluded
        invoice = self._bill(self._visit(self.type_consultation, minutes=45))
        line = invoice.invoice_line_ids
        self.assertEqual(line.tax_ids, self.vat_excluded)
        self.assertFalse(line.clinic_price_include)
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 75.0, "amount_tax": 15.0, "amount_total": 90.0}],
        )

    def test_tax_included_price(self):
        # 121 an hour tax included: 45 minutes bill 90.75, of which 15.75 VAT.
        self.consultation.write({"taxes_id": self.vat_included, "list_price": 121.0})
        invoice = self._bill(self._visit(self.type_consultation, minutes=45))
        line = invoice.invoice_line_ids
        self.assertTrue(line.clinic_price_include)
        self.assertEqual(line.price_unit, 90.75)
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 75.0, "amount_tax": 15.75, "amount_total": 90.75}],
        )

    def test_tax_included_discounted_price(self):
        self.facial.write({"taxes_id": self.vat_included, "list_price": 121.0})
        self._rule(
            rule_type="fixed",
            discount_amount=21.0,
            product_tmpl_id=self.facial.product_tmpl_id.id,
        )
        invoice = self._bill(self._visit(self.type_facial))
        # 21 off the price the client sees, tax included.
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 82.64, "amount_tax": 17.36, "amount_total": 100.0}],
        )

    def test_fiscal_position_maps_taxes_and_removes_included_tax(self):
        exempt_abroad = self.env["account.fiscal.position"].create(
            {
                "name": "Foreign client",
                "tax_ids": [Command.create({"tax_src_id": self.vat_included.id})],
            }
        )
        self.client_noah.property_account_position_id = exempt_abroad
        self.facial.write({"taxes_id": self.vat_included, "list_price": 121.0})
        invoice = self._bill(
            self._visit(self.type_facial, client_id=self.client_noah.id)
        )
        self.assertEqual(invoice.fiscal_position_id, exempt_abroad)
        line = invoice.invoice_line_ids
        self.assertFalse(line.tax_ids)
        self.assertEqual(line.clinic_base_price, 121.0)
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 100.0, "amount_tax": 0.0, "amount_total": 100.0}],
        )

    def test_taxes_per_company(self):
        other = self.setup_other_company(name="Clinic Two")
        company_2 = other["company"]
        self.env.user.company_ids |= company_2
        tax_2 = other["default_tax_sale"]
        tax_2.write({"amount": 10.0, "price_include_override": "tax_excluded"})
        self.facial.taxes_id = self.vat_excluded | tax_2
        self.services_categ.with_company(
            company_2
        ).property_account_income_categ_id = other["default_account_revenue"]
        other["default_account_revenue"].tax_ids = False
        event = self._visit(self.type_facial, company_id=company_2.id)
        wizard = (
            self.env["clinic.express.checkout"]
            .with_company(company_2)
            .create({"event_ids": [Command.set(event.ids)]})
        )
        wizard.action_create_invoices()
        invoice = wizard.invoice_ids
        self.assertEqual(invoice.company_id, company_2)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, tax_2)
        self.assertRecordValues(
            invoice,
            [{"amount_untaxed": 80.0, "amount_tax": 8.0, "amount_total": 88.0}],
        )

    # One fiscal position lookup for all the clients of a checkout ---------
    def _fiscal_position_queries(self, count, budget=FISCAL_POSITION_QUERIES):
        belgium = self.env.ref("base.be")
        clients = self.env["res.partner"].create(
            [
                {"name": f"Belgian client {index}", "country_id": belgium.id}
                for index in range(count)
            ]
        )
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            positions = (
                self.env["account.fiscal.position"]
                .with_company(self.company)
                ._clinic_get_for_clients(clients)
            )
        queries = self.cr.sql_log_count - before
        self.assertEqual(set(positions.values()), {self.belgian_position})
        return queries

    def test_fiscal_positions_found_in_one_lookup_for_all_clients(self):
        self.belgian_position = self.env["account.fiscal.position"].create(
            {
                "name": "Belgium",
                "auto_apply": True,
                "country_id": self.env.ref("base.be").id,
            }
        )
        # Same warm caches for both sizes: one lookup first.
        self._fiscal_position_queries(1, budget=100)
        one = self._fiscal_position_queries(1)
        twenty = self._fiscal_position_queries(20)
        self.assertLessEqual(twenty, one)
