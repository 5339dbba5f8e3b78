# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import models
from odoo.tools import float_compare


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    def _procure_orderpoint_confirm(
        self, use_new_cursor=False, company_id=None, raise_user_error=True
    ):
        # Which rules are below their minimum is known before Odoo orders (its
        # draft RFQ raises the forecast); the alert is written after, in the
        # batch's own transaction (_post_process_scheduler). The scheduled
        # action runs each batch in a cursor of its own and commits it: an
        # alert written by the caller's cursor, whose snapshot predates that
        # commit, could not see the RFQ.
        below = {
            orderpoint.id: orderpoint.qty_forecast
            for orderpoint in self
            if float_compare(
                orderpoint.qty_forecast,
                orderpoint.product_min_qty,
                precision_rounding=orderpoint.product_uom.rounding,
            )
            < 0
        }
        res = super(
            StockWarehouseOrderpoint,
            self.with_context(clinic_below_minimum=below),
        )._procure_orderpoint_confirm(
            use_new_cursor=use_new_cursor,
            company_id=company_id,
            raise_user_error=raise_user_error,
        )
        # Below the minimum with nothing free left is a stock-out, whatever
        # took the stock (checkout records its own as it happens) and whether
        # or not Odoo could order more (no vendor...): recorded for all of
        # them, not only the rules whose procurement succeeded.
        self.env["clinic.stockout.event"]._clinic_record_orderpoints_empty(
            self.filtered(lambda op: op.id in below)
        )
        return res

    def _post_process_scheduler(self):
        # Rules whose procurement failed (no vendor...) are not in `self`:
        # Odoo schedules its own exception activity saying why.
        forecasts = self.env.context.get("clinic_below_minimum") or {}
        self.filtered(lambda op: op.id in forecasts)._clinic_alert_below_minimum(
            forecasts
        )
        return super()._post_process_scheduler()

    def _clinic_alert_below_minimum(self, forecasts):
        """Tell the manager that an item fell below its minimum and which
        draft RFQ Odoo prepared for it (one open alert per item).

        :param forecasts: {orderpoint id: forecast before ordering}
        """
        activity_type = self.env.ref(
            "clinic_dispensary.mail_activity_type_below_minimum"
        )
        templates = self.product_id.product_tmpl_id
        already = {
            res_id
            for [res_id] in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "in", templates.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        rfq_lines = (
            self.env["purchase.order.line"]
            .sudo()
            .search(
                [
                    ("orderpoint_id", "in", self.ids),
                    ("order_id.state", "in", ("draft", "sent")),
                ]
            )
        )
        model_id = self.env["ir.model"]._get_id("product.template")
        vals_list = []
        for orderpoint in self:
            template = orderpoint.product_id.product_tmpl_id
            if template.id in already:
                continue
            already.add(template.id)
            orders = rfq_lines.filtered(
                lambda line, op=orderpoint: line.orderpoint_id == op
            ).order_id
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": template.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (
                        template.responsible_id
                        or orderpoint.create_uid
                        or self.env.user
                    ).id,
                    "summary": self.env._(
                        "%s is below its minimum stock", template.display_name
                    ),
                    "note": Markup("<p>%s</p>")
                    % self.env._(
                        "Forecast %(forecast)s for a minimum of %(minimum)s. Draft "
                        "request for quotation: %(rfq)s",
                        forecast=forecasts[orderpoint.id],
                        minimum=orderpoint.product_min_qty,
                        rfq=", ".join(orders.mapped("name")) or self.env._("none"),
                    ),
                }
            )
        return self.env["mail.activity"].sudo().create(vals_list)
