# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, models
from odoo.tools import float_compare


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    def _procure_orderpoint_confirm(
        self, use_new_cursor=False, company_id=None, raise_user_error=True
    ):
        below = self.filtered(
            lambda op: (
                float_compare(
                    op.qty_forecast,
                    op.product_min_qty,
                    precision_rounding=op.product_uom.rounding,
                )
                < 0
            )
        )
        res = super()._procure_orderpoint_confirm(
            use_new_cursor=use_new_cursor,
            company_id=company_id,
            raise_user_error=raise_user_error,
        )
        below.exists()._clinic_alert_below_minimum()
        return res

    def _clinic_alert_below_minimum(self):
        """Tell the manager that an item fell below its minimum and which
        draft RFQ Odoo prepared for it (one open alert per item)."""
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        templates = self.product_id.product_tmpl_id
        already = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "in", templates.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        rfq_lines = self.env["purchase.order.line"].search(
            [
                ("orderpoint_id", "in", self.ids),
                ("order_id.state", "in", ("draft", "sent")),
            ]
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
                    "summary": _(
                        "%s is below its minimum stock", template.display_name
                    ),
                    "note": Markup("<p>%s</p>")
                    % _(
                        "Forecast %(forecast)s for a minimum of %(minimum)s. Draft "
                        "request for quotation: %(rfq)s",
                        forecast=orderpoint.qty_forecast,
                        minimum=orderpoint.product_min_qty,
                        rfq=", ".join(orders.mapped("name")) or _("none"),
                    ),
                }
            )
        return self.env["mail.activity"].sudo().create(vals_list)
