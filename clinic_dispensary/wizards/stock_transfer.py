# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class ClinicStockTransfer(models.TransientModel):
    """Send stock from one clinic (warehouse) to another through the
    company's transit location: what is on the road shows there until the
    other clinic receives it."""

    _name = "clinic.stock.transfer"
    _description = "Transfer Stock Between Clinics"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source_warehouse_id = fields.Many2one(
        "stock.warehouse", string="From", required=True, check_company=True
    )
    dest_warehouse_id = fields.Many2one(
        "stock.warehouse", string="To", required=True, check_company=True
    )
    line_ids = fields.One2many(
        "clinic.stock.transfer.line", "wizard_id", string="Items"
    )
    send_picking_id = fields.Many2one("stock.picking", readonly=True)
    receive_picking_id = fields.Many2one("stock.picking", readonly=True)

    def _check_transfer(self):
        if self.source_warehouse_id == self.dest_warehouse_id:
            raise UserError(_("Choose two different clinics to transfer between."))
        if not self.line_ids or any(line.quantity <= 0 for line in self.line_ids):
            raise UserError(_("Add the items to transfer with positive quantities."))
        if not self.company_id.internal_transit_location_id:
            raise UserError(_("The company has no transit location."))

    def _prepare_picking_vals(self, picking_type, source, destination):
        return {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "origin": _(
                "%(from)s → %(to)s",
                **{
                    "from": self.source_warehouse_id.name,
                    "to": self.dest_warehouse_id.name,
                },
            ),
            "move_ids": [
                Command.create(
                    {
                        "name": line.product_id.display_name,
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.quantity,
                        "product_uom": line.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line in self.line_ids
            ],
        }

    def action_send(self):
        """Validate the shipment into transit; the receipt waits at the
        destination, reserved on what travels (same lots)."""
        self.ensure_one()
        self._check_transfer()
        transit = self.company_id.internal_transit_location_id
        source = self.source_warehouse_id
        dest = self.dest_warehouse_id
        send, receive = self.env["stock.picking"].create(
            [
                self._prepare_picking_vals(
                    source.out_type_id, source.lot_stock_id, transit
                ),
                self._prepare_picking_vals(dest.in_type_id, transit, dest.lot_stock_id),
            ]
        )
        for out_move, in_move in zip(send.move_ids, receive.move_ids, strict=True):
            in_move.move_orig_ids = [Command.link(out_move.id)]
        send.action_confirm()
        send.action_assign()
        short = send.move_ids.filtered(
            lambda m: (
                float_compare(
                    m.quantity,
                    m.product_uom_qty,
                    precision_rounding=m.product_uom.rounding,
                )
                < 0
            )
        )
        if short:
            raise UserError(
                _(
                    "Not enough stock in %(clinic)s for: %(items)s",
                    clinic=source.name,
                    items=", ".join(short.product_id.mapped("display_name")),
                )
            )
        send.move_ids.picked = True
        send._clinic_button_validate()
        receive.action_confirm()
        receive.action_assign()
        self.write({"send_picking_id": send.id, "receive_picking_id": receive.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": receive.id,
            "view_mode": "form",
        }


class ClinicStockTransferLine(models.TransientModel):
    _name = "clinic.stock.transfer.line"
    _description = "Transfer Stock Line"

    wizard_id = fields.Many2one(
        "clinic.stock.transfer", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        domain="[('is_storable', '=', True)]",
    )
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", required=True
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.product_id.uom_id
