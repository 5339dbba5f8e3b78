# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command

from .common import ClinicCommon


class PricingCommon(ClinicCommon):
    """A consultation billed per hour, a fixed-price facial and add-ons, all
    tax-exempt unless a test gives them taxes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Medical services are exempt: no default tax from the income account.
        cls.company_data["default_account_revenue"].tax_ids = False
        cls.facials_categ = cls.env.ref(
            "clinic_dispensary.product_category_clinic_facials"
        )
        cls.consultation = cls._item(
            "Consultation", 100.0, clinic_price_mode="duration"
        )
        cls.facial = cls._item("Hydra Facial", 80.0, categ_id=cls.facials_categ.id)
        cls.type_consultation = cls._type(cls.consultation)
        cls.type_facial = cls._type(cls.facial)
        cls.led_mask = cls._item(
            "LED mask upgrade",
            30.0,
            clinic_is_addon=True,
            categ_id=cls.facials_categ.id,
        )
        cls.extra_time = cls._item(
            "Extra time",
            2.0,
            clinic_is_addon=True,
            clinic_price_mode="duration",
            clinic_time_unit="minute",
        )

    @classmethod
    def _item(cls, name, price, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "clinic_kind": "service",
                "categ_id": cls.services_categ.id,
                "taxes_id": [Command.clear()],
                **vals,
            }
        )

    @classmethod
    def _type(cls, product):
        return cls.env["calendar.event.type"].create(
            {
                "name": f"{product.name} type",
                "clinic_billable": True,
                "price": product.lst_price,
                "product_id": product.id,
            }
        )

    @classmethod
    def _visit(cls, event_type, minutes=30, **vals):
        """An appointment of `minutes` this morning."""
        start = vals.pop("start", cls.morning)
        return cls._create_event(
            type=event_type,
            start=start,
            stop=start + timedelta(minutes=minutes),
            **vals,
        )

    def _bill(self, events, user=None):
        """Check the events out; return the invoice (one client)."""
        invoices, _action = self._checkout(events, user=user)
        return invoices

    @contextmanager
    def assertRefused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield

    def _line(self, invoice, product):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == product
        )

    def _rule(self, **vals):
        return self.env["clinic.discount.rule"].create(
            {"name": "Test discount", **vals}
        )
