# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_supplier_portal import SupplierPortalCommon


@tagged("post_install", "-at_install")
class TestShippingNotice(SupplierPortalCommon):
    def _expiry(self, day):
        return datetime.combine(day, time(12, 0))

    def test_send_refuses_bad_lines_with_every_reason(self):
        yesterday = fields.Date.today() - timedelta(days=1)
        notice = self._notice(
            [
                (self.filler_line, 11, "LOT-A", self.in_a_year),
                (self.mask_line, -1, False, False),
            ]
        )
        with self.assertRaises(ValidationError) as caught:
            notice.action_send()
        message = str(caught.exception)
        self.assertIn("only 10 Units are left", message)
        self.assertIn("Sheet mask: the quantity shipped cannot be negative", message)
        notice = self._notice(
            [
                (self.filler_line, 4, False, self.in_a_year),
                (self.filler_line, 5, "LOT-OLD", yesterday),
            ]
        )
        errors = notice._get_send_errors()
        self.assertTrue(any("enter the lot number" in error for error in errors))
        self.assertTrue(any("LOT-OLD: its expiry date" in error for error in errors))
        with self.assertRaisesRegex(ValidationError, "enter the lot number"):
            notice.action_send()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(
            self.order.picking_ids.move_line_ids.filtered("clinic_notice_line_id")
        )
        self.assertFalse(any(self.order.picking_ids.move_line_ids.mapped("lot_name")))

    def test_a_serial_number_is_announced_once(self):
        laser_tip = self.env["product.product"].create(
            {"name": "Laser tip", "is_storable": True, "tracking": "serial"}
        )
        order = self._order([(laser_tip, 2, 5.0)])
        notice = self._notice(
            [
                (order.order_line, 1, "SN-1", False),
                (order.order_line, 1, "SN-1 ", False),
            ],
            order=order,
        )
        self.assertEqual(
            notice._get_send_errors(),
            ["Laser tip: serial number SN-1 is entered twice."],
        )
        notice.line_ids[1].lot_name = "SN-2"
        self.assertFalse(notice._get_send_errors())

    def test_what_is_left_is_compared_in_the_order_s_unit(self):
        notice = self._notice([(self.mask_line, 1, "", False)])
        notice.line_ids.product_uom_id = self.env.ref("uom.product_uom_dozen")
        self.assertEqual(
            notice._get_send_errors(),
            [
                "Sheet mask: 12 Units shipped, but only 5 Units are left to "
                "deliver on this order."
            ],
        )

    def test_sent_notices_count_against_what_is_left(self):
        self._notice([(self.filler_line, 8, "LOT-A", self.in_a_year)]).action_send()
        with self.assertRaisesRegex(ValidationError, "only 2 Units are left"):
            self._notice([(self.filler_line, 3, "LOT-B", self.in_a_year)]).action_send()

    def test_sent_notice_prefills_the_receipt_and_validation_makes_the_lots(self):
        notice = self._notice(
            [
                (self.filler_line, 4, "LOT-A", self.in_a_year),
                (self.filler_line, 6, "LOT-B", self.in_two_years),
                (self.mask_line, 5, False, False),
            ]
        )
        notice.action_send()
        self.assertEqual(notice.state, "sent")
        picking = self.order.picking_ids
        self.assertEqual(notice.picking_id, picking)
        self.assertRegex(notice.name, r"^ASN/")
        filler_lines = picking.move_line_ids.filtered(
            lambda ml: ml.product_id == self.filler
        )
        self.assertEqual(
            sorted(
                (ml.lot_name, ml.quantity, ml.expiration_date) for ml in filler_lines
            ),
            [
                ("LOT-A", 4, self._expiry(self.in_a_year)),
                ("LOT-B", 6, self._expiry(self.in_two_years)),
            ],
        )
        mask_line = picking.move_line_ids.filtered(
            lambda ml: ml.product_id == self.sheet_mask
        )
        self.assertEqual(mask_line.quantity, 5)
        self.assertEqual(mask_line.clinic_notice_line_id.notice_id, notice)
        # The clinic checks and validates the receipt as prefilled.
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        lots = self.env["stock.lot"].search([("product_id", "=", self.filler.id)])
        self.assertEqual(
            sorted((lot.name, lot.expiration_date) for lot in lots),
            [
                ("LOT-A", self._expiry(self.in_a_year)),
                ("LOT-B", self._expiry(self.in_two_years)),
            ],
        )
        self.assertEqual(lots.clinic_supplier_id, self.supplier)
        self.assertEqual(self.filler_line.qty_received, 10)
        self.assertEqual(notice.state, "received")
        self.assertIn("Received with", notice.message_ids[0].body)

    def test_notice_is_received_with_its_receipt_whatever_the_clinic_typed(self):
        """The clinic takes the notice's line off Receive Stock and types
        the lot that came: the receipt validated, the notice is received."""
        notice = self._notice([(self.filler_line, 6, "LOT-A", self.in_a_year)])
        notice.action_send()
        form = self._receive_form(self.order)
        form.line_ids.remove(0)
        with form.line_ids.new() as line:
            line.product_id = self.filler
            line.quantity = 6
            line.lot_name = "LOT-Z"
            line.expiration_date = self._expiry(self.in_two_years)
        wizard = form.save()
        self.assertFalse(wizard.line_ids.notice_line_id)
        wizard.with_user(self.user_manager).action_confirm()
        self.assertEqual(wizard.picking_id, notice.picking_id)
        self.assertEqual(wizard.picking_id.state, "done")
        self.assertFalse(
            wizard.picking_id.move_line_ids.clinic_notice_line_id,
            "none of the notice's lines were received",
        )
        self.assertEqual(self.filler_line.qty_received, 6)
        self.assertEqual(notice.state, "received")

    def test_notice_is_received_in_part_and_not_by_a_cancelled_receipt(self):
        mask_notice = self._notice([(self.mask_line, 5, False, False)])
        mask_notice.action_send()
        receipt = mask_notice.picking_id
        # Odoo's receipt screen: the clinic clears the detailed operations
        # and enters 3 masks, the rest in a backorder.
        receipt.move_line_ids.unlink()
        self._validate_receipt(self.order, {self.sheet_mask: 3})
        self.assertEqual(receipt.state, "done")
        self.assertEqual(mask_notice.state, "received")
        self.assertIn("Received with", mask_notice.message_ids[0].body)
        backorder = self.order.picking_ids - receipt
        self.assertEqual(backorder.backorder_id, receipt)
        # The backorder cancelled: nothing came, the notice sent for it
        # stays sent.
        notice = self._notice([(self.filler_line, 2, "LOT-A", self.in_a_year)])
        notice.action_send()
        self.assertEqual(notice.picking_id, backorder)
        backorder.action_cancel()
        self.assertEqual(notice.state, "sent")

    def test_serial_number_in_stock_is_refused_when_sent(self):
        laser_tip = self.env["product.product"].create(
            {"name": "Laser tip", "is_storable": True, "tracking": "serial"}
        )
        sold, in_stock = self.env["stock.lot"].create(
            [
                {"name": name, "product_id": laser_tip.id}
                for name in ("SN-SOLD", "SN-HERE")
            ]
        )
        self.env["stock.quant"]._update_available_quantity(
            laser_tip,
            self.order.picking_type_id.warehouse_id.lot_stock_id,
            1,
            lot_id=in_stock,
        )
        self.env["stock.quant"]._update_available_quantity(
            laser_tip,
            self.env.ref("stock.stock_location_customers"),
            1,
            lot_id=sold,
        )
        order = self._order([(laser_tip, 3, 5.0)])
        notice = self._notice(
            [
                (order.order_line, 1, " SN-HERE", False),
                (order.order_line, 1, "SN-SOLD", False),
                (order.order_line, 1, "SN-NEW", False),
            ],
            order=order,
        )
        self.assertEqual(
            notice._get_send_errors(),
            [
                "Laser tip: serial number SN-HERE is already in the clinic's "
                "stock; check the serial number shipped."
            ],
        )
        with self.assertRaisesRegex(ValidationError, "SN-HERE is already in"):
            notice.action_send()
        notice.line_ids[0].lot_name = "SN-NEXT"
        notice.action_send()
        self.assertEqual(notice.state, "sent")

    def test_receive_wizard_is_prefilled_from_the_notice(self):
        notice = self._notice([(self.filler_line, 6, "LOT-A", self.in_a_year)])
        notice.action_send()
        # The masks are not announced: not on their way.
        self.assertFalse(
            self.order.picking_ids.move_ids.filtered(
                lambda m: m.product_id == self.sheet_mask
            ).move_line_ids
        )
        # The order's purchase order form shows it.
        self.assertEqual(self.order.clinic_notice_count, 1)
        self.assertEqual(self.order.action_view_clinic_notices()["res_id"], notice.id)
        wizard = self._receive_form(self.order).save()
        self.assertEqual(
            [
                (line.product_id, line.quantity, line.lot_name or False)
                for line in wizard.line_ids
            ],
            [(self.filler, 6, "LOT-A"), (self.sheet_mask, 0, False)],
            "what the notice announces; the masks it leaves out did not come",
        )
        self.assertEqual(
            wizard.line_ids[0].expiration_date, self._expiry(self.in_a_year)
        )
        self.assertEqual(wizard.line_ids[0].notice_line_id, notice.line_ids)
        wizard.with_user(self.user_manager).action_confirm()
        lot = self.env["stock.lot"].search([("name", "=", "LOT-A")])
        self.assertEqual(lot.expiration_date, self._expiry(self.in_a_year))
        self.assertEqual(lot.clinic_supplier_id, self.supplier)
        self.assertEqual(self.filler_line.qty_received, 6)
        self.assertEqual(self.mask_line.qty_received, 0)
        self.assertEqual(notice.state, "received")
        self.assertEqual(self.order.clinic_status, "partial")

    def test_clinic_enters_a_notice_on_its_form(self):
        """A notice phoned or mailed in: the clinic enters it on the form."""
        form = Form(self.env["clinic.shipping.notice"].with_user(self.user_manager))
        form.purchase_id = self.order
        with form.line_ids.new() as line:
            line.purchase_line_id = self.filler_line
            line.quantity = 3
            line.lot_name = "LOT-PHONE"
            line.expiration_date = self.in_a_year
        notice = form.save()
        self.assertEqual(notice.partner_id, self.supplier)
        self.assertEqual(notice.line_ids.product_uom_id, self.filler_line.product_uom)
        notice.with_user(self.user_manager).action_send()
        self.assertEqual(
            self.order.picking_ids.move_line_ids.filtered("lot_name").lot_name,
            "LOT-PHONE",
        )

    def test_notice_reset_to_draft_gives_the_receipt_back(self):
        notice = self._notice([(self.filler_line, 6, "LOT-A", self.in_a_year)])
        notice.action_send()
        notice.action_draft()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(any(self.order.picking_ids.move_line_ids.mapped("lot_name")))
        # Odoo proposes the order's quantities again.
        self.assertEqual(
            sum(self.order.picking_ids.move_line_ids.mapped("quantity")), 15
        )


@tagged("post_install", "-at_install")
class TestClaimPortalAnswer(SupplierPortalCommon):
    def _answer(self, claim, *args):
        # As the supplier's portal user, past its read-only rights, as the
        # portal's controller calls it.
        return claim.with_user(self.portal_anna).sudo()._portal_answer(*args)

    def test_accept_with_rma_moves_the_claim_and_tells_its_chatter(self):
        with self.assertRaisesRegex(UserError, "RMA"):
            self._answer(self.claim, True, " ", None)
        self._answer(self.claim, True, "RMA-778", None)
        self.assertEqual(self.claim.state, "accepted")
        self.assertEqual(self.claim.reference, "RMA-778")
        message = self.claim.message_ids.filtered(lambda m: "RMA-778" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_anna.partner_id)
        with self.assertRaisesRegex(UserError, "answered already"):
            self._answer(self.claim, False, None, "Too late")

    def test_only_the_supplier_s_users_answer(self):
        """The clinic's reception reads claims but answers none for the
        supplier, nor does another supplier."""
        for user in (self.user_reception, self.portal_mark):
            with self.assertRaises(AccessError):
                self.claim.with_user(user).sudo()._portal_answer(True, "RMA-1")
        self.assertEqual(self.claim.state, "submitted")

    def test_refuse_with_reason(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self._answer(self.claim, False, None, "")
        self._answer(self.claim, False, None, "Units were opened")
        self.assertEqual(self.claim.state, "refused")
        self.assertEqual(self.claim.refusal_reason, "Units were opened")
        self.assertTrue(
            self.claim.message_ids.filtered(
                lambda m: (
                    "Units were opened" in (m.body or "")
                    and m.author_id == self.portal_anna.partner_id
                )
            )
        )

    def test_portal_users_read_only_their_company_s_claims_and_notices(self):
        draft = self.env["clinic.stock.claim"].create({"partner_id": self.supplier.id})
        Claim = self.env["clinic.stock.claim"].with_user(self.portal_anna)
        self.assertEqual(Claim.search([]), self.claim, "not drafts, not Medline's")
        self.assertFalse(draft.with_user(self.portal_anna).has_access("read"))
        self.assertEqual(
            Claim.search([]).line_ids, self.claim.with_user(self.portal_anna).line_ids
        )
        self._notice([(self.filler_line, 1, "LOT-A", self.in_a_year)]).action_send()
        medline_notice = self._notice(
            [(self.medline_order.order_line, 1, "LOT-M", self.in_a_year)],
            order=self.medline_order,
        )
        Notice = self.env["clinic.shipping.notice"].with_user(self.portal_anna)
        self.assertEqual(Notice.search([]).purchase_id, self.order)
        self.assertFalse(medline_notice.with_user(self.portal_anna).has_access("read"))
        self.assertFalse(Notice.has_access("create"))
