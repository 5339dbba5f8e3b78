# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common_purchase import PurchaseCommon


@tagged("post_install", "-at_install")
class TestEquipmentAssets(PurchaseCommon):
    """A serial-tracked device received from a purchase order and billed
    becomes a fixed asset (OCA account_asset_management), linked to its
    serial number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.asset_account, cls.depreciation_account, cls.expense_account = (
            Account.create(
                [
                    {
                        "name": "Medical equipment",
                        "code": "218100",
                        "account_type": "asset_fixed",
                    },
                    {
                        "name": "Accumulated depreciation",
                        "code": "218190",
                        "account_type": "asset_fixed",
                    },
                    {
                        "name": "Depreciation",
                        "code": "681100",
                        "account_type": "expense_depreciation",
                    },
                ]
            )
        )
        cls.profile = cls.env["account.asset.profile"].create(
            {
                "name": "Lasers (5 years)",
                "account_asset_id": cls.asset_account.id,
                "account_depreciation_id": cls.depreciation_account.id,
                "account_expense_depreciation_id": cls.expense_account.id,
                "journal_id": cls.company_data["default_journal_misc"].id,
                "method": "linear",
                "method_time": "year",
                "method_number": 5,
                "method_period": "year",
                "open_asset": True,
                "asset_product_item": True,
            }
        )
        cls.devices = cls.env["product.category"].create({"name": "Devices"})
        cls.devices.with_company(cls.company).clinic_asset_profile_id = cls.profile
        cls.laser = cls.env["product.product"].create(
            {
                "name": "IPL laser",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.devices.id,
                "standard_price": 4800.0,
            }
        )

    def _receive_serials(self, order, serials):
        picking = order.picking_ids
        move = picking.move_ids.filtered(lambda m: m.product_id == self.laser)
        for line, serial in zip(move.move_line_ids, serials, strict=True):
            line.lot_name = serial
        for other in picking.move_ids - move:
            other.quantity = other.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return move.move_line_ids.lot_id

    def _bill(self, order):
        order.action_create_invoice()
        bill = order.invoice_ids
        bill.invoice_date = self.today
        bill.action_post()
        return bill

    def test_device_billed_becomes_an_asset_of_its_serial(self):
        order = self._order([(self.laser, 2, 5000.0), (self.mask, 10, 2.0)])
        lots = self._receive_serials(order, ["IPL-0001", "IPL-0002"])
        bill = self._bill(order)

        # The device's bill line goes to the profile's asset account, one
        # line per unit (the profile's "asset by product item").
        laser_lines = bill.invoice_line_ids.filtered(
            lambda line: line.product_id == self.laser
        )
        self.assertEqual(laser_lines.account_id, self.asset_account)
        self.assertEqual(laser_lines.mapped("quantity"), [1.0, 1.0])
        assets = laser_lines.asset_id
        self.assertEqual(len(assets), 2)
        self.assertRecordValues(
            assets.sorted(lambda asset: asset.clinic_lot_id.name),
            [
                {
                    "profile_id": self.profile.id,
                    "purchase_value": 5000.0,
                    "value_residual": 5000.0,
                    "partner_id": self.supplier.id,
                    "state": "open",
                    "clinic_lot_id": lot.id,
                }
                for lot in lots.sorted("name")
            ],
        )
        # OCA computed the depreciation board: 5 yearly depreciations (and
        # a sixth for the prorata of the first year) adding up to the value.
        for asset in assets:
            depreciations = asset.depreciation_line_ids.filtered(
                lambda line: line.type == "depreciate"
            )
            self.assertIn(len(depreciations), (5, 6))
            self.assertAlmostEqual(sum(depreciations.mapped("amount")), 5000.0)
        # The mask is stock, not an asset.
        mask_line = bill.invoice_line_ids.filtered(
            lambda line: line.product_id == self.mask
        )
        self.assertFalse(mask_line.asset_profile_id)
        self.assertFalse(mask_line.asset_id)
        self.assertNotEqual(mask_line.account_id, self.asset_account)

        # The device form shows the asset and its book value, which follows
        # the depreciation posted.
        lot = lots.filtered(lambda lot: lot.name == "IPL-0001")
        form = Form(lot, view="clinic_dispensary.stock_lot_view_form_clinic_equipment")
        self.assertEqual(form.clinic_asset_id, lot.clinic_asset_ids)
        self.assertEqual(form.clinic_asset_value, 5000.0)
        first = lot.clinic_asset_id.depreciation_line_ids.filtered(
            lambda line: line.type == "depreciate"
        ).sorted("line_date")[0]
        first.create_move()
        lot.invalidate_recordset()
        self.assertAlmostEqual(lot.clinic_asset_value, 5000.0 - first.amount)

    def test_item_without_asset_profile_makes_no_asset(self):
        order = self._order([(self.mask, 3, 2.0)])
        self._validate_receipt(order, {self.mask: 3})
        bill = self._bill(order)
        self.assertFalse(bill.line_ids.asset_profile_id)
        self.assertFalse(bill.line_ids.asset_id)
        self.assertFalse(self.env["account.asset"].search([("code", "=", bill.name)]))
