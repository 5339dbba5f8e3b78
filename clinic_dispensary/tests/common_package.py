# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command

from .common import ClinicCommon


class PackageCommon(ClinicCommon):
    """A clinic selling a 6-session treatment package and a skincare kit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.session = Product.create(
            {"name": "Facial Session", "clinic_kind": "service", "list_price": 100.0}
        )
        cls.cream, cls.serum = Product.create(
            [
                {"name": "Kit Cream", "clinic_kind": "physical", "list_price": 30.0},
                {"name": "Kit Serum", "clinic_kind": "physical", "list_price": 20.0},
            ]
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        for product in cls.cream | cls.serum:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 10
            )
        cls.six_pack = cls._package(
            "6-Pack Treatments", 500.0, [(cls.session, 6)], validity_days=365
        )
        cls.kit = cls._package(
            "Skincare Kit", 60.0, [(cls.cream, 1), (cls.serum, 2)], "bundle"
        )

    @classmethod
    def _package(cls, name, price, contents, package_type="treatment", **vals):
        return cls.env["clinic.package"].create(
            {
                "name": name,
                "price": price,
                "package_type": package_type,
                "line_ids": [
                    Command.create({"product_id": product.id, "quantity": qty})
                    for product, qty in contents
                ],
                **vals,
            }
        )

    def _sell(self, package, partner=None, days_ago=0, user=None, **vals):
        env = self.env(user=user) if user else self.env
        wizard = env["clinic.package.sale"].create(
            {
                "package_id": package.id,
                "partner_id": (partner or self.client_emma).id,
                "date_start": self.today - timedelta(days=days_ago),
                **vals,
            }
        )
        action = wizard.action_confirm()
        return self.env["clinic.patient.package"].browse(action["res_id"])

    def _credit_note(self, invoice):
        """A credit note reversing ``invoice``, posted, as Odoo's wizard
        makes it."""
        action = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Refund"})
            .refund_moves()
        )
        credit_note = self.env["account.move"].browse(action["res_id"])
        credit_note.action_post()
        return credit_note


class PackageCheckoutCommon(PackageCommon):
    """Facials sold six at a time, billed at checkout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_facial = cls.env["calendar.event.type"].create(
            {"name": "Test Facial", "clinic_billable": True, "price": 100.0}
        )
        cls.type_facial._ensure_products()
        cls.facial = cls.type_facial.product_id
        cls.facials = cls._package(
            "6 Facials", 480.0, [(cls.facial, 6)], validity_days=365
        )
        cls.revenue = cls.company_data["default_account_revenue"]

    def _facials(self, count, client=None, days_ago=0):
        return self._create_events(
            [
                {
                    "type": self.type_facial,
                    "client_id": (client or self.client_emma).id,
                    "start": self.morning
                    - timedelta(days=days_ago)
                    + timedelta(hours=index),
                }
                for index in range(count)
            ]
        )

    def _session_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "appointment"
        )

    def _paid_lines(self, invoice):
        """The *Paid by package* lines (on the prepaid account)."""
        prepaid = self.company.clinic_package_account_id
        return invoice.invoice_line_ids.filtered(
            lambda line: (
                line.clinic_line_role == "package" and line.account_id == prepaid
            )
        )

    def _rounding_lines(self, invoice):
        """The cents between a session's total with taxes and its share."""
        return invoice.invoice_line_ids.filtered(
            lambda line: line.clinic_line_role == "package"
        ) - self._paid_lines(invoice)
