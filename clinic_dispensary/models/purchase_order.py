# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools import float_compare


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    clinic_status = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("pending", "Pending"),
            ("partial", "Partly Received"),
            ("received", "Received"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_clinic_status",
        store=True,
        index=True,
        group_expand=True,
        help="Draft: not yet sent to the supplier. Sent: submitted to the "
        "supplier. Pending: confirmed, waiting for delivery. Partly Received: "
        "part of it arrived, more is expected. Received: arrived, or closed "
        "short with nothing more expected. Cancelled: cancelled order.",
    )

    clinic_notice_ids = fields.One2many(
        "clinic.shipping.notice", "purchase_id", string="Shipping Notices"
    )
    clinic_notice_count = fields.Integer(
        string="Shipping Notice Count", compute="_compute_clinic_notice_count"
    )

    # The receipt's validation moves the lines' qty_received (purchase_stock)
    # and its moves' states: both are dependencies, so the status follows a
    # receipt validated from anywhere (Odoo's Validate, the clinic's Receive).
    @api.depends(
        "state",
        "order_line.display_type",
        "order_line.product_qty",
        "order_line.qty_received",
        "order_line.move_ids.state",
    )
    def _compute_clinic_status(self):
        by_state = {
            "draft": "draft",
            "sent": "sent",
            "to approve": "sent",
            "cancel": "cancelled",
        }
        for order in self:
            if order.state in by_state:
                order.clinic_status = by_state[order.state]
                continue
            lines = order.order_line.filtered(lambda line: not line.display_type)
            if not any(line.qty_received > 0 for line in lines):
                order.clinic_status = "pending"
            elif all(line._clinic_nothing_more_expected() for line in lines):
                order.clinic_status = "received"
            else:
                order.clinic_status = "partial"

    @api.depends("clinic_notice_ids")
    def _compute_clinic_notice_count(self):
        counts = dict(
            self.env["clinic.shipping.notice"]._read_group(
                [("purchase_id", "in", self.ids)], ["purchase_id"], ["__count"]
            )
        )
        for order in self:
            order.clinic_notice_count = counts.get(order._origin, 0)

    def action_view_clinic_notices(self):
        """The supplier's advance shipping notices of this order."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_shipping_notice"
        )
        action["domain"] = [("purchase_id", "=", self.id)]
        action["context"] = {"default_purchase_id": self.id}
        if len(self.clinic_notice_ids) == 1:
            action["res_id"] = self.clinic_notice_ids.id
            action["views"] = [(False, "form")]
        return action

    def _clinic_pending_notice_lines(self):
        """The lines of the notices sent and not received yet."""
        return self.clinic_notice_ids.filtered(lambda n: n.state == "sent").line_ids

    def action_clinic_receive(self):
        """Receive: the clinic's receiving screen, filled from this order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Receive %s", self.name),
            "res_model": "clinic.stock.receive",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_purchase_id": self.id,
                "default_company_id": self.company_id.id,
                "default_warehouse_id": self.picking_type_id.warehouse_id.id,
            },
        }

    def _clinic_set_received_costs(self, costs):
        """Costs per unit found on delivery ({order line: price in the line's
        unit and currency}) become the order lines' prices before the receipt
        is validated: purchase_stock then prices the receipt's moves from them,
        so the stock valuation and the vendor bill follow."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line, price in costs.items():
            if float_compare(line.price_unit, price, precision_digits=digits):
                line.price_unit = price
