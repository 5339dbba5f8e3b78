# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.purchase.controllers.portal import CustomerPortal

CLAIM_MODEL = "clinic.stock.claim"
NOTICE_MODEL = "clinic.shipping.notice"
SCORECARD_MODEL = "clinic.supplier.scorecard"


class ClinicSupplierPortal(CustomerPortal):
    """The supplier's side of the clinic: advance shipping notices on Odoo's
    own purchase order page, My Claims and My Scorecard. What a supplier's
    portal user may read is decided by the record rules (its commercial
    partner's orders, notices and claims); pages are rendered as superuser
    once access is checked, like Odoo's own portal pages, and show no price
    of anyone else."""

    # ------------------------------------------------------------------
    # Portal home
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "clinic_claim_count" in counters:
            Claim = request.env[CLAIM_MODEL]
            values["clinic_claim_count"] = (
                Claim.search_count([("state", "!=", "draft")])
                if Claim.has_access("read")
                else 0
            )
        if "clinic_scorecard_count" in counters:
            values["clinic_scorecard_count"] = (
                request.env[SCORECARD_MODEL]
                .sudo()
                .search_count(self._clinic_scorecard_domain())
            )
        return values

    def _clinic_supplier(self):
        return request.env.user.commercial_partner_id

    # ------------------------------------------------------------------
    # Advance shipping notice, on the purchase order page
    # ------------------------------------------------------------------
    def _clinic_is_supplier(self, order_sudo):
        """The order's supplier: its own portal users, not a follower of
        another company nor a visitor with the order's link."""
        return (
            not request.env.user._is_public()
            and order_sudo.partner_id.commercial_partner_id == self._clinic_supplier()
        )

    def _clinic_may_notify(self, order_sudo):
        """A confirmed order's supplier announces what it ships; locked
        (done) is confirmed too, and is where orders land at once when the
        company locks confirmed orders."""
        return order_sudo.state in ("purchase", "done") and self._clinic_is_supplier(
            order_sudo
        )

    def _clinic_notice_order_lines(self, order_sudo):
        """The order lines a notice may announce: goods still expected."""
        pending = order_sudo._clinic_pending_notice_lines()
        return order_sudo.order_line.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.type == "consu"
                and line._clinic_quantity_left(pending) > 0
            )
        )

    def _clinic_default_notice_rows(self, order_sudo):
        return [
            {"line": line, "quantity": "", "lot_name": "", "expiration_date": ""}
            for line in self._clinic_notice_order_lines(order_sudo)
        ]

    def _purchase_order_get_page_view_values(self, order, access_token, **kwargs):
        values = super()._purchase_order_get_page_view_values(
            order, access_token, **kwargs
        )
        is_supplier = self._clinic_is_supplier(order)
        may_notify = self._clinic_may_notify(order)
        notices = order.clinic_notice_ids.filtered(lambda n: n.state != "draft")
        values.update(
            {
                "clinic_may_notify": may_notify,
                "clinic_notices": notices if is_supplier else notices.browse(),
                "clinic_notice_rows": (
                    self._clinic_default_notice_rows(order) if may_notify else []
                ),
                "clinic_notice_errors": [],
                "clinic_carrier_reference": "",
            }
        )
        sent = kwargs.get("clinic_notice_sent")
        if is_supplier and sent and sent.isdigit():
            values["clinic_notice_sent"] = notices.filtered(lambda n: n.id == int(sent))
        return values

    def _clinic_supplier_order(self, order_id):
        """The supplier's own confirmed order, or 404."""
        try:
            order_sudo = self._document_check_access("purchase.order", order_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not self._clinic_may_notify(order_sudo):
            raise NotFound()
        return order_sudo

    def _clinic_notice_rows_from_form(self, order_sudo):
        """The rows posted (one per lot), with their order line; an order
        line that is not this order's is a forged form: 404."""
        form = request.httprequest.form
        columns = [
            form.getlist(name)
            for name in ("line_id", "quantity", "lot_name", "expiration_date")
        ]
        lines = self._clinic_notice_order_lines(order_sudo)
        rows = []
        if len({len(column) for column in columns}) > 1:
            raise NotFound()
        for line_id, quantity, lot_name, expiration_date in zip(*columns, strict=True):
            line = lines.filtered(lambda ol, line_id=line_id: str(ol.id) == line_id)
            if not line:
                raise NotFound()
            rows.append(
                {
                    "line": line,
                    "quantity": quantity.strip(),
                    "lot_name": lot_name.strip(),
                    "expiration_date": expiration_date.strip(),
                }
            )
        return rows

    def _clinic_notice_line_vals(self, rows):
        """The notice lines of the rows filled in, and what could not be
        read (a quantity or date that is none)."""
        vals_list, errors = [], []
        for row in rows:
            item = row["line"].product_id.display_name
            if not row["quantity"]:
                continue
            try:
                quantity = float(row["quantity"])
            except ValueError:
                quantity = math.nan
            if not math.isfinite(quantity):
                errors.append(_("%s: enter the quantity shipped as a number.", item))
                continue
            try:
                expiry = fields.Date.to_date(row["expiration_date"] or None)
            except ValueError:
                errors.append(_("%s: enter the expiry date as a date.", item))
                continue
            vals_list.append(
                {
                    "purchase_line_id": row["line"].id,
                    "quantity": quantity,
                    "lot_name": row["lot_name"] or False,
                    "expiration_date": expiry,
                }
            )
        return vals_list, errors

    @http.route(
        ["/my/purchase/<int:order_id>/shipping_notice"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_clinic_shipping_notice(self, order_id, **post):
        """Send an advance shipping notice; ``split`` (a row's index) adds a
        row for another lot of the same line instead."""
        order_sudo = self._clinic_supplier_order(order_id)
        rows = self._clinic_notice_rows_from_form(order_sudo)
        carrier_reference = (post.get("carrier_reference") or "").strip()
        errors = []
        split = post.get("split")
        if split is not None:
            if not split.isdigit() or int(split) >= len(rows):
                raise NotFound()
            index = int(split)
            rows.insert(
                index + 1,
                {
                    "line": rows[index]["line"],
                    "quantity": "",
                    "lot_name": "",
                    "expiration_date": "",
                },
            )
        else:
            vals_list, errors = self._clinic_notice_line_vals(rows)
            if not errors:
                notice, errors = self._clinic_send_notice(
                    order_sudo, vals_list, carrier_reference
                )
                if notice:
                    return request.redirect(
                        f"/my/purchase/{order_sudo.id}"
                        f"?clinic_notice_sent={notice.id}#clinic_shipping_notice"
                    )
        values = self._purchase_order_get_page_view_values(order_sudo, None)
        values.update(
            {
                "clinic_notice_rows": rows,
                "clinic_notice_errors": errors,
                "clinic_carrier_reference": carrier_reference,
                "res_company": order_sudo.company_id,
            }
        )
        return request.render("purchase.portal_my_purchase_order", values)

    def _clinic_send_notice(self, order_sudo, vals_list, carrier_reference):
        """Create and send the notice in the supplier's name; nothing is kept
        when the model refuses it. :return: (notice or None, errors)"""
        supplier_user = request.env.user
        Notice = request.env[NOTICE_MODEL].with_company(order_sudo.company_id).sudo()
        with request.env.cr.savepoint() as savepoint:
            notice = Notice.create(
                {
                    "purchase_id": order_sudo.id,
                    "carrier_reference": carrier_reference,
                    "line_ids": [fields.Command.create(vals) for vals in vals_list],
                }
            )
            # Locked before it is checked: another notice sent at the same
            # moment must not take what is left in between.
            try:
                notice._lock_order_lines()
            except UserError as error:
                errors = [error.args[0]]
            else:
                errors = notice._get_send_errors()
            if errors:
                savepoint.rollback()
                request.env.invalidate_all()
                return None, errors
            notice.action_send()
            notice.message_post(
                body=_("Sent by %s from the supplier portal.", supplier_user.name),
                author_id=supplier_user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            order_sudo.message_post(
                body=_(
                    "Advance shipping notice %s sent by the supplier: the "
                    "receipt is prefilled from it.",
                    notice.name,
                ),
                author_id=supplier_user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return notice, []

    # ------------------------------------------------------------------
    # My Claims
    # ------------------------------------------------------------------
    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_clinic_claims(self, page=1, **kw):
        Claim = request.env[CLAIM_MODEL]
        if not Claim.has_access("read"):
            return request.redirect("/my")
        domain = [("state", "!=", "draft")]
        pager = portal_pager(
            url="/my/claims",
            total=Claim.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # Searched as the portal user: the record rules keep it to the
        # supplier's claims.
        claims = Claim.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_clinic_claims_history"] = claims.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "claims": claims.sudo(),
                "page_name": "clinic_claim",
                "pager": pager,
                "default_url": "/my/claims",
            }
        )
        return request.render("clinic_dispensary.portal_my_clinic_claims", values)

    def _clinic_claim(self, claim_id):
        try:
            return self._document_check_access(CLAIM_MODEL, claim_id)
        except (AccessError, MissingError) as error:
            # Another supplier's claim, or none: the same answer.
            raise NotFound() from error

    def _clinic_claim_as_user(self, claim_sudo):
        """The claim in the request user's name (``_document_check_access``
        gives it as superuser), sudo for the portal's read-only rights."""
        return request.env[CLAIM_MODEL].browse(claim_sudo.id).sudo()

    def _clinic_render_claim(self, claim_sudo, **values):
        values = self._get_page_view_values(
            claim_sudo,
            None,
            {
                "page_name": "clinic_claim",
                "claim": claim_sudo,
                "clinic_may_answer": (
                    self._clinic_claim_as_user(claim_sudo)._portal_may_answer()
                ),
                **values,
            },
            "my_clinic_claims_history",
            False,
        )
        return request.render("clinic_dispensary.portal_my_clinic_claim", values)

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="user", website=True)
    def portal_my_clinic_claim(self, claim_id, **kw):
        return self._clinic_render_claim(self._clinic_claim(claim_id))

    @http.route(
        ["/my/claims/<int:claim_id>/answer"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_clinic_claim_answer(self, claim_id, answer=None, **post):
        claim_sudo = self._clinic_claim(claim_id)
        # Answered in the supplier's name (env.user), past the portal's
        # read-only rights, by the supplier's own users only: the clinic's
        # staff read every claim but do not answer for the supplier.
        claim = self._clinic_claim_as_user(claim_sudo)
        if answer not in ("accept", "refuse") or not claim._portal_may_answer():
            raise NotFound()
        try:
            with request.env.cr.savepoint():
                claim._portal_answer(
                    answer == "accept", post.get("reference"), post.get("reason")
                )
        except UserError as error:
            return self._clinic_render_claim(
                claim_sudo,
                clinic_claim_error=error.args[0],
                clinic_reference=post.get("reference", ""),
                clinic_reason=post.get("reason", ""),
            )
        return request.redirect(f"/my/claims/{claim_sudo.id}?answered=1")

    # ------------------------------------------------------------------
    # My Scorecard
    # ------------------------------------------------------------------
    def _clinic_scorecard_domain(self):
        return [("partner_id", "=", self._clinic_supplier().id)]

    @http.route(["/my/scorecard"], type="http", auth="user", website=True)
    def portal_my_clinic_scorecard(self, **kw):
        # The report is the clinic's; the supplier reads its own rows only.
        rows = (
            request.env[SCORECARD_MODEL]
            .sudo()
            .search(self._clinic_scorecard_domain(), order="date desc, company_id")
        )
        values = self._prepare_portal_layout_values()
        values.update({"scorecard_rows": rows, "page_name": "clinic_scorecard"})
        return request.render("clinic_dispensary.portal_my_clinic_scorecard", values)
