# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestStockScreensTour(HttpCase):
    """The clinic manager's stock screens, in the browser."""

    def test_manager_stock_screens_tour(self):
        new_test_user(
            self.env,
            login="tour_stock_manager",
            password="tour_stock_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        injectables = self.env.ref(
            "clinic_dispensary.product_category_clinic_injectables"
        )
        Product = self.env["product.product"]
        serum = Product.create(
            {
                "name": "Tour Serum",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": injectables.id,
            }
        )
        Product.create({"name": "Tour Office Chair", "is_storable": True})
        laser = Product.create(
            {"name": "Tour Laser", "is_storable": True, "tracking": "serial"}
        )
        lot, quarantined = self.env["stock.lot"].create(
            [
                {"name": "TOUR-LOT-A", "product_id": serum.id},
                {"name": "TOUR-Q-LOT", "product_id": serum.id},
            ]
        )
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(serum, warehouse.lot_stock_id, 7, lot_id=lot)
        quarantine = warehouse.clinic_quarantine_location_id
        Quant._update_available_quantity(serum, quarantine, 3, lot_id=quarantined)
        self.start_tour(
            "/odoo/action-clinic_dispensary.product_template_action_clinic",
            "clinic_stock_screens_tour",
            login="tour_stock_manager",
        )
        # Written off from the Quarantine: an Odoo scrap from there.
        scrap = self.env["stock.scrap"].search([("lot_id", "=", quarantined.id)])
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.location_id, quarantine)
        self.assertEqual(scrap.scrap_qty, 3)
        # The device registered from Equipment > New.
        device = self.env["stock.lot"].search([("name", "=", "TOUR-SN-0001")])
        self.assertEqual(device.product_id, laser)
