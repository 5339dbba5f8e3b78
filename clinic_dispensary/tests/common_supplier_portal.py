# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common_purchase import PurchaseCommon


class SupplierPortalCommon(PurchaseCommon):
    """Two suppliers with portal users: Allergan (contact Anna) and Medline
    (contact Mark). Allergan's confirmed order: 10 lot-tracked filler
    syringes with expiry dates and 5 sheet masks; Medline's: 3 syringes at
    its own price. Each has a claim submitted to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier.is_company = True
        cls.medline = cls.env["res.partner"].create(
            {"name": "Medline", "is_company": True}
        )
        cls.portal_anna, cls.portal_mark = (
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                name=name,
                partner_id=cls.env["res.partner"]
                .create({"name": name, "parent_id": company.id})
                .id,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for login, name, company in (
                ("portal_anna", "Anna Allergan", cls.supplier),
                ("portal_mark", "Mark Medline", cls.medline),
            )
        )
        cls.sheet_mask = cls.env["product.product"].create(
            {"name": "Sheet mask", "is_storable": True, "standard_price": 2.0}
        )
        cls.in_a_year = fields.Date.today() + timedelta(days=365)
        cls.in_two_years = fields.Date.today() + timedelta(days=730)

    def setUp(self):
        super().setUp()
        self.order = self._order([(self.filler, 10, 40.0), (self.sheet_mask, 5, 2.0)])
        self.filler_line, self.mask_line = self.order.order_line
        self.medline_order = self._order(
            [(self.filler, 3, 77.0)], supplier=self.medline
        )
        self.claim = self._submitted_claim(self.supplier)
        self.medline_claim = self._submitted_claim(self.medline)

    def _submitted_claim(self, partner):
        claim = self.env["clinic.stock.claim"].create(
            {
                "partner_id": partner.id,
                "kind": "warranty",
                "line_ids": [
                    Command.create({"product_id": self.filler.id, "quantity": 2})
                ],
            }
        )
        claim.action_submit()
        return claim

    def _notice(self, lines, order=None):
        """A draft notice: lines are (order line, quantity, lot, expiry)."""
        return self.env["clinic.shipping.notice"].create(
            {
                "purchase_id": (order or self.order).id,
                "line_ids": [
                    Command.create(
                        {
                            "purchase_line_id": line.id,
                            "quantity": quantity,
                            "lot_name": lot,
                            "expiration_date": expiry,
                        }
                    )
                    for line, quantity, lot, expiry in lines
                ],
            }
        )
