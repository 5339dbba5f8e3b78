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

    def _create_picking(self):
        """Lines for centralized clinics are first procured through the
        clinic's resupply route from the central warehouse (Odoo's
        inter-warehouse transfer through transit), so their receipt feeds
        the transfer. A receipt of the order left empty (every line went to
        other clinics) is dropped."""
        for order in self.filtered(lambda po: po.state in ("purchase", "done")):
            order.with_company(order.company_id)._clinic_procure_transfers()
        res = super()._create_picking()
        # The clinics' own receipts are from the supplier too.
        for order in self:
            order.picking_ids.filtered(
                lambda picking, order=order: (
                    not picking.partner_id
                    and picking.location_id == order.partner_id.property_stock_supplier
                )
            ).partner_id = order.partner_id
        empty = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("origin", "in", self.mapped("name")),
                    ("company_id", "in", self.company_id.ids),
                    ("picking_type_code", "=", "incoming"),
                    ("move_ids", "=", False),
                    ("state", "=", "draft"),
                ]
            )
        )
        empty.unlink()
        return res

    def _clinic_procure_transfers(self):
        self.ensure_one()
        central = self.company_id.clinic_central_warehouse_id
        if not central:
            return
        lines = self.order_line.filtered(
            lambda line: (
                line.product_id.type == "consu"
                and not line.move_ids
                and not line.move_dest_ids
                and line._clinic_split_warehouse() not in (central, central.browse())
                and line.clinic_warehouse_id._clinic_receiving_warehouse() == central
            )
        )
        if not lines:
            return
        if not self.group_id:
            self.group_id = self.group_id.create(
                {"name": self.name, "partner_id": self.partner_id.id}
            )
        Move = self.env["stock.move"]
        before = Move.search([("group_id", "=", self.group_id.id)])
        Procurement = self.env["procurement.group"].Procurement
        procurements = []
        for line in lines:
            warehouse = line.clinic_warehouse_id
            procurements.append(
                Procurement(
                    line.product_id,
                    line.product_qty,
                    line.product_uom,
                    warehouse.lot_stock_id,
                    line.name,
                    self.name,
                    self.company_id,
                    {
                        "group_id": self.group_id,
                        "warehouse_id": warehouse,
                        "route_ids": warehouse._clinic_resupply_route(central),
                        "date_planned": line.date_planned or self.date_planned,
                    },
                )
            )
        self.env["procurement.group"].run(procurements)
        new_moves = Move.search([("group_id", "=", self.group_id.id)]) - before
        firsts = new_moves.filtered(
            lambda move: move.location_id == central.lot_stock_id
        )
        for line in lines:
            stock = line.clinic_warehouse_id.lot_stock_id
            first = firsts.filtered(
                lambda move, line=line, stock=stock: (
                    move.product_id == line.product_id
                    and move._clinic_chain_end() == stock
                )
            )[:1]
            line.move_dest_ids = first
            firsts -= first
            # The transfer sends what this order brings, not the central
            # warehouse's stock: it waits for the receipt (its origin).
            first.procure_method = "make_to_order"
            first._do_unreserve()

    def button_cancel(self):
        """Cancelling the order cancels the transfers of its centralized
        clinics to the end: purchase_stock cancels their first leg, the
        clinic's arrival from transit would wait for goods that never come."""
        arrivals = self.order_line.filtered(
            lambda line: line.propagate_cancel
        ).move_ids.move_dest_ids.move_dest_ids.filtered(
            lambda move: (
                move.state not in ("done", "cancel")
                and move.location_id.usage == "transit"
            )
        )
        res = super().button_cancel()
        arrivals.filtered(
            lambda move: (
                not move.move_orig_ids.filtered(lambda orig: orig.state != "cancel")
            )
        )._action_cancel()
        return res

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
