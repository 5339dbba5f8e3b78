# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSupplierPortalTours(HttpCase):
    """The supplier announces its shipment and answers a claim in its
    portal; the clinic receives the order from the notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Tour Pharma", "is_company": True}
        )
        new_test_user(
            cls.env,
            login="tour_supplier",
            password="tour_supplier",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Tour Supplier Contact", "parent_id": cls.supplier.id})
            .id,
        )
        new_test_user(
            cls.env,
            login="tour_receiving_manager",
            password="tour_receiving_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )
        cls.serum = cls.env["product.product"].create(
            {
                "name": "Tour Serum",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
            }
        )
        cls.order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.serum.id,
                            "product_qty": 10,
                            "price_unit": 30,
                        }
                    )
                ],
            }
        )
        cls.order.button_confirm()

    def test_supplier_sends_a_notice_and_answers_a_claim(self):
        claim = self.env["clinic.stock.claim"].create(
            {
                "partner_id": self.supplier.id,
                "kind": "warranty",
                "line_ids": [
                    Command.create({"product_id": self.serum.id, "quantity": 1})
                ],
            }
        )
        claim.action_submit()
        self.start_tour(
            f"/my/purchase/{self.order.id}",
            "clinic_supplier_portal_tour",
            login="tour_supplier",
        )
        notice = self.order.clinic_notice_ids
        self.assertEqual(notice.state, "sent")
        self.assertEqual(
            (notice.line_ids.quantity, notice.line_ids.lot_name),
            (8, "TOUR-ASN-LOT"),
        )
        self.assertGreater(notice.line_ids.expiration_date, fields.Date.today())
        self.assertEqual(self.order.picking_ids.move_line_ids.lot_name, "TOUR-ASN-LOT")
        self.assertEqual(claim.state, "accepted")
        self.assertEqual(claim.reference, "TOUR-RMA-1")

    def test_clinic_receives_from_the_notice(self):
        expiry = fields.Date.today() + timedelta(days=200)
        notice = self.env["clinic.shipping.notice"].create(
            {
                "purchase_id": self.order.id,
                "line_ids": [
                    Command.create(
                        {
                            "purchase_line_id": self.order.order_line.id,
                            "quantity": 8,
                            "lot_name": "TOUR-ASN-LOT",
                            "expiration_date": expiry,
                        }
                    )
                ],
            }
        )
        notice.action_send()
        self.start_tour(
            f"/odoo/action-clinic_dispensary.action_clinic_purchase_orders/{self.order.id}",
            "clinic_receive_notice_tour",
            login="tour_receiving_manager",
        )
        lot = self.env["stock.lot"].search([("name", "=", "TOUR-ASN-LOT")])
        self.assertEqual(lot.expiration_date, datetime.combine(expiry, time(12, 0)))
        self.assertEqual(lot.clinic_supplier_id, self.supplier)
        self.assertEqual(lot.product_qty, 8)
        self.assertEqual(notice.state, "received")
        self.assertEqual(self.order.order_line.qty_received, 8)
