# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from .common_supplier_portal import SupplierPortalCommon

# Medline's price and total: never on an Allergan page.
MEDLINE_PRICES = ("77.77", "233.31")


@tagged("post_install", "-at_install")
class TestSupplierPortalPages(SupplierPortalCommon, HttpCase):
    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _page(self, url):
        """The page's text, its whitespace collapsed."""
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return " ".join(response.text.split())

    def _post(self, url, data, csrf=True):
        if csrf:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def _notice_form(self, rows, **extra):
        """The notice form's fields, one row per (order line, qty, lot, expiry)."""
        return {
            "line_id": [str(line.id) for line, *_rest in rows],
            "quantity": [quantity for _line, quantity, *_rest in rows],
            "lot_name": [lot for _line, _quantity, lot, _expiry in rows],
            "expiration_date": [expiry for *_rest, expiry in rows],
            **extra,
        }

    def _assert_no_medline_price(self, text):
        for price in MEDLINE_PRICES:
            self.assertNotIn(price, text)

    def test_supplier_sends_a_shipping_notice_from_its_order_page(self):
        self.authenticate("portal_anna", "portal_anna")
        url = f"/my/purchase/{self.order.id}"
        page = self._page(url)
        self.assertIn("Advance Shipping Notices", page)
        self.assertIn(f'action="{url}/shipping_notice"', page)
        self.assertEqual(page.count('class="o_clinic_notice_row"'), 2)
        # Odoo's own screens of the order stay (dates to update).
        self.assertIn("Advance Shipping Notices", self._page(f"{url}?update=True"))
        expiry = self.in_a_year.isoformat()
        # Shipped in two lots: "Add a lot" gives the line a second row.
        response = self._post(
            f"{url}/shipping_notice",
            self._notice_form(
                [
                    (self.filler_line, "4", "LOT-A", expiry),
                    (self.mask_line, "", "", ""),
                ],
                split="0",
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('class="o_clinic_notice_row"'), 3)
        self.assertIn('value="LOT-A"', response.text)
        response = self._post(
            f"{url}/shipping_notice",
            self._notice_form(
                [
                    (self.filler_line, "4", "LOT-A", expiry),
                    (self.filler_line, "6", "LOT-B", expiry),
                    (self.mask_line, "5", "", ""),
                ],
                carrier_reference="DHL 123",
                send="1",
            ),
        )
        self.assertEqual(response.status_code, 303)
        notice = self.order.clinic_notice_ids
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.carrier_reference, "DHL 123")
        self.assertEqual(notice.line_ids.mapped("lot_name"), ["LOT-A", "LOT-B", False])
        self.assertEqual(
            sorted(
                filter(None, self.order.picking_ids.move_line_ids.mapped("lot_name"))
            ),
            ["LOT-A", "LOT-B"],
        )
        self.assertIn(
            "Sent by Anna Allergan", notice.message_ids.mapped("body")[0] or ""
        )
        page = self._page(response.headers["Location"])
        self.assertIn(f"Shipping notice <strong>{notice.name}</strong> sent", page)
        self.assertIn("Everything on this order has been received or announced", page)

    def test_bad_notice_is_refused_with_its_reasons_and_kept_on_the_form(self):
        self.authenticate("portal_anna", "portal_anna")
        url = f"/my/purchase/{self.order.id}/shipping_notice"
        response = self._post(
            url,
            self._notice_form(
                [
                    (self.filler_line, "12", "", "2001-01-01"),
                    (self.mask_line, "-2", "", ""),
                ],
                send="1",
            ),
        )
        self.assertEqual(response.status_code, 200)
        page = " ".join(response.text.split())
        for reason in (
            "The shipping notice was not sent",
            "only 10 Units are left to deliver",
            "Filler syringe is tracked by lot: enter the lot number shipped",
            "its expiry date 01/01/2001 is past",
            "Sheet mask: the quantity shipped cannot be negative",
        ):
            self.assertIn(reason, page)
        self.assertIn('value="12"', page)
        self.assertFalse(self.order.clinic_notice_ids)
        response = self._post(
            url,
            self._notice_form([(self.filler_line, "a few", "L", "")], send="1"),
        )
        self.assertIn("enter the quantity shipped as a number", response.text)
        # Without the CSRF token the post is refused.
        with self.assertLogs("odoo.http", "WARNING"):
            response = self._post(
                url,
                self._notice_form([(self.filler_line, "1", "L", "")], send="1"),
                csrf=False,
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.order.clinic_notice_ids)

    def test_another_supplier_is_refused_everywhere(self):
        medline_notice = self._notice(
            [(self.medline_order.order_line, 1, "LOT-M", self.in_a_year)],
            order=self.medline_order,
        )
        medline_notice.action_send()
        self.authenticate("portal_anna", "portal_anna")
        # Medline's order: Odoo's page sends her back to /my, and a notice
        # for it, or a forged order line of it on her own order, is a 404.
        response = self._get(f"/my/purchase/{self.medline_order.id}")
        self.assertEqual(response.status_code, 303)
        self._assert_no_medline_price(response.text)
        expiry = self.in_a_year.isoformat()
        for url, line in (
            (f"/my/purchase/{self.medline_order.id}", self.medline_order.order_line),
            (f"/my/purchase/{self.order.id}", self.medline_order.order_line),
        ):
            response = self._post(
                f"{url}/shipping_notice",
                self._notice_form([(line, "1", "LOT-X", expiry)], send="1"),
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.medline_order.clinic_notice_ids, medline_notice)
        self.assertFalse(self.order.clinic_notice_ids)
        # Medline's claim: 404, and no answer.
        self.assertEqual(
            self._get(f"/my/claims/{self.medline_claim.id}").status_code, 404
        )
        response = self._post(
            f"/my/claims/{self.medline_claim.id}/answer",
            {"answer": "accept", "reference": "RMA-EVIL"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.medline_claim.state, "submitted")
        # Her lists: her own only, no price of Medline's.
        for url in (
            "/my/purchase",
            "/my/claims",
            "/my/scorecard",
            f"/my/purchase/{self.order.id}",
        ):
            page = self._page(url)
            self._assert_no_medline_price(page)
            self.assertNotIn(self.medline_claim.name, page)
            self.assertNotIn(self.medline_order.name, page)
            self.assertNotIn("LOT-M", page)
        self.assertIn(self.claim.name, self._page("/my/claims"))
        # Mark, Medline's, sees his and not hers.
        self.authenticate("portal_mark", "portal_mark")
        page = self._page("/my/claims")
        self.assertIn(self.medline_claim.name, page)
        self.assertNotIn(self.claim.name, page)
        page = self._page(f"/my/purchase/{self.medline_order.id}")
        self.assertIn(medline_notice.name, page)
        self.assertIn("LOT-M", page)

    def test_clinic_staff_do_not_answer_for_the_supplier(self):
        """Reception reads the claim (its rights) but is not the supplier:
        no answer form, and an answer posted by hand is a 404."""
        self.authenticate("clinic_reception", "clinic_reception")
        page = self._page(f"/my/claims/{self.claim.id}")
        self.assertIn(self.claim.name, page)
        self.assertNotIn("o_clinic_claim_answer", page)
        response = self._post(
            f"/my/claims/{self.claim.id}/answer",
            {"answer": "accept", "reference": "RMA-FAKE"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.claim.state, "submitted")
        self.assertFalse(self.claim.reference)

    def test_quantity_not_a_finite_number_and_forged_columns(self):
        self.authenticate("portal_anna", "portal_anna")
        url = f"/my/purchase/{self.order.id}/shipping_notice"
        for text in ("nan", "inf", "-Infinity", "1e400"):
            response = self._post(
                url, self._notice_form([(self.mask_line, text, "", "")], send="1")
            )
            self.assertEqual(response.status_code, 200, text)
            self.assertIn("enter the quantity shipped as a number", response.text)
        # Rows whose columns do not add up are a forged form.
        form = self._notice_form([(self.mask_line, "1", "", "")], send="1")
        form["quantity"] = ["1", "2"]
        self.assertEqual(self._post(url, form).status_code, 404)
        self.assertFalse(self.order.clinic_notice_ids)

    def test_locked_order_is_announced_too(self):
        """A company locking confirmed orders has them locked (done) at
        once: their supplier still announces what it ships."""
        self.company.po_lock = "lock"
        order = self._order([(self.sheet_mask, 5, 2.0)])
        self.assertEqual(order.state, "done")
        self.authenticate("portal_anna", "portal_anna")
        self.assertIn("o_clinic_notice_form", self._page(f"/my/purchase/{order.id}"))
        response = self._post(
            f"/my/purchase/{order.id}/shipping_notice",
            self._notice_form([(order.order_line, "5", "", "")], send="1"),
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.clinic_notice_ids.state, "sent")

    def test_supplier_answers_its_claims(self):
        self.authenticate("portal_anna", "portal_anna")
        page = self._page(f"/my/claims/{self.claim.id}")
        self.assertIn("Warranty Claim", page)
        self.assertIn("Filler syringe", page)
        url = f"/my/claims/{self.claim.id}/answer"
        response = self._post(url, {"answer": "accept", "reference": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Enter your return authorisation (RMA) number", response.text)
        self.assertEqual(self.claim.state, "submitted")
        response = self._post(url, {"answer": "accept", "reference": "RMA-42"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.claim.state, "accepted")
        self.assertEqual(self.claim.reference, "RMA-42")
        page = self._page(response.headers["Location"])
        self.assertIn("your answer was sent to the clinic", page)
        self.assertNotIn('value="refuse"', page)
        other = self._submitted_claim(self.supplier)
        response = self._post(
            f"/my/claims/{other.id}/answer",
            {"answer": "refuse", "reason": "Opened by the clinic"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(other.state, "refused")
        self.assertIn("Opened by the clinic", self._page(f"/my/claims/{other.id}"))

    def test_scorecard_and_home_counters(self):
        self.authenticate("portal_anna", "portal_anna")
        page = self._page("/my/scorecard")
        self.assertEqual(page.count('class="o_clinic_portal_scorecard_row"'), 1)
        self.assertIn(self.company.name, page)
        home = self._page("/my")
        self.assertIn('href="/my/claims"', home)
        self.assertIn('href="/my/scorecard"', home)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["clinic_claim_count", "clinic_scorecard_count"]},
        )
        self.assertEqual(
            counters, {"clinic_claim_count": 1, "clinic_scorecard_count": 1}
        )

    def test_anonymous_visitor_is_sent_to_log_in(self):
        response = self._get("/my/claims")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
