# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields

from .common import ClinicCommon


class BatchSafetyCommon(ClinicCommon):
    """Lot-tracked items with expiry dates, in a clinic with a Quarantine."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.quarantine = cls.warehouse.clinic_quarantine_location_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.reason_expired = cls.env.ref("clinic_dispensary.stock_reason_expired")
        cls.reason_damage = cls.env.ref("clinic_dispensary.stock_reason_damage")
        cls.reason_recall = cls.env.ref("clinic_dispensary.stock_reason_recall")
        cls.now = fields.Datetime.now()
        Product = cls.env["product.product"]
        cls.vial = Product.create(
            {
                "name": "Botox 50U vial",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "alert_time": 30,
                "categ_id": cls.env.ref(
                    "clinic_dispensary.product_category_clinic_injectables"
                ).id,
                "list_price": 200.0,
                "standard_price": 90.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.cream = Product.create(
            {
                "name": "Night cream",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "alert_time": 5,
                "categ_id": cls.env.ref(
                    "clinic_dispensary.product_category_clinic_skincare"
                ).id,
                "standard_price": 12.0,
            }
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Pharma Supplier"})

    @classmethod
    def _lot(cls, product, name, days, quantity=0, location=None):
        """A lot expiring in ``days`` days with ``quantity`` in stock."""
        lot = cls.env["stock.lot"].create(
            {
                "name": name,
                "product_id": product.id,
                "expiration_date": cls.now + timedelta(days=days),
            }
        )
        if quantity:
            cls.env["stock.quant"]._update_available_quantity(
                product, location or cls.stock, quantity, lot_id=lot
            )
        return lot

    def _qty(self, product, location, lot=None):
        domain = [
            ("product_id", "=", product.id),
            ("location_id", "child_of", location.id),
        ]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def _deliver(self, partner, lot, quantity, product=None, warehouse=None):
        """A validated delivery of ``quantity`` of ``lot`` to ``partner``,
        from ``warehouse`` (of any company; the clinic's by default)."""
        product = product or lot.product_id
        warehouse = warehouse or self.warehouse
        stock = warehouse.lot_stock_id
        picking = (
            self.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": partner.id,
                    "location_id": stock.id,
                    "location_dest_id": self.customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": quantity,
                                "location_id": stock.id,
                                "location_dest_id": self.customers.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        # Deliver the lot asked for, not the one reserved first-expiry-first.
        picking.move_ids.move_line_ids.unlink()
        picking.move_ids.move_line_ids = [
            Command.create(
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "quantity": quantity,
                    "location_id": stock.id,
                    "location_dest_id": self.customers.id,
                    "picking_id": picking.id,
                }
            ),
        ]
        picking.move_ids.picked = True
        picking._action_done()
        return picking
