# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from ..tools import try_lock_rows


class ClinicShippingNotice(models.Model):
    """Advance shipping notice: what a supplier ships against a confirmed
    purchase order, line by line, with lot numbers and expiry dates. Sent,
    it prefills the order's receipt, so the clinic checks what arrives
    rather than typing it."""

    _name = "clinic.shipping.notice"
    _description = "Advance Shipping Notice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        domain="[('state', 'in', ('purchase', 'done'))]",
    )
    company_id = fields.Many2one(
        related="purchase_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="purchase_id.partner_id", string="Supplier", store=True
    )
    # Stored: the portal's record rule and pages filter on it.
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Supplier Company",
        store=True,
        index=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("received", "Received")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_shipped = fields.Date(
        string="Shipping Date", default=fields.Date.context_today, tracking=True
    )
    carrier_reference = fields.Char(
        string="Delivery Note / Tracking",
        tracking=True,
        help="The supplier's delivery note or the carrier's tracking number.",
    )
    line_ids = fields.One2many(
        "clinic.shipping.notice.line", "notice_id", string="Lines", copy=True
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        readonly=True,
        copy=False,
        check_company=True,
        help="The receipt prefilled from this notice.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "clinic.shipping.notice"
                ) or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _get_send_errors(self):
        """What stops this notice from being sent, in the supplier's words:
        all of it at once, so a form can show every mistake."""
        self.ensure_one()
        errors = []
        if self.state != "draft":
            errors.append(_("Shipping notice %s was sent already.", self.name))
        if self.purchase_id.state not in ("purchase", "done"):
            errors.append(
                _(
                    "Purchase order %s is not confirmed: a shipping notice is "
                    "for a confirmed order.",
                    self.purchase_id.name,
                )
            )
        lines = self.line_ids
        if not lines.filtered(lambda line: line.quantity > 0):
            errors.append(_("Enter the quantity shipped of at least one item."))
        errors += lines._get_send_errors()
        errors += self._get_serial_errors()
        errors += self._get_quantity_errors()
        return errors

    def _get_serial_errors(self):
        """A serial number announced twice for the same item, or one the
        clinic already has in stock: Odoo would refuse the receipt's
        validation, after the goods came."""
        serials = self.line_ids.filtered(
            lambda line: line.tracking == "serial" and line.quantity > 0
        ).grouped(lambda line: (line.product_id, (line.lot_name or "").strip()))
        in_stock = self._get_serials_in_stock([key for key in serials if key[1]])
        errors = []
        for (product, serial), lines in serials.items():
            if serial and len(lines) > 1:
                errors.append(
                    _(
                        "%(item)s: serial number %(serial)s is entered twice.",
                        item=product.display_name,
                        serial=serial,
                    )
                )
            if (product, serial) in in_stock:
                errors.append(
                    _(
                        "%(item)s: serial number %(serial)s is already in the "
                        "clinic's stock; check the serial number shipped.",
                        item=product.display_name,
                        serial=serial,
                    )
                )
        return errors

    def _get_serials_in_stock(self, serials):
        """The (item, serial number) of `serials` the notice's company has in
        stock (in a warehouse or in transit, as Odoo counts a serial number
        assigned). Searched as superuser: a supplier reads no stock, and the
        answer tells it nothing but that its own serial number is taken."""
        self.ensure_one()
        if not serials:
            return set()
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "in", [product.id for product, _serial in serials]),
                    ("lot_id.name", "in", [serial for _product, serial in serials]),
                    ("company_id", "=", self.company_id.id),
                    ("location_id.usage", "in", ("internal", "transit")),
                    ("quantity", ">", 0),
                ]
            )
        )
        # Records compare by model and ids, whatever their environment.
        found = {(quant.product_id, quant.lot_id.name) for quant in quants}
        return {key for key in serials if key in found}

    def _get_quantity_errors(self):
        """More than the order still expects, counting what the other notices
        sent and not yet received announce."""
        errors = []
        pending = self.search(
            [
                ("purchase_id", "=", self.purchase_id.id),
                ("state", "=", "sent"),
                ("id", "!=", self.id),
            ]
        ).line_ids
        for order_line, lines in self.line_ids.grouped("purchase_line_id").items():
            left = order_line._clinic_quantity_left(pending)
            # In the order line's unit, as what is left (the clinic's form
            # may announce in another unit of the category).
            shipped = sum(line._get_order_quantity() for line in lines)
            rounding = order_line.product_uom.rounding
            if float_compare(shipped, left, precision_rounding=rounding) > 0:
                shipped_text = f"{shipped:g}"
                left_text = f"{max(left, 0.0):g}"
                errors.append(
                    _(
                        "%(item)s: %(shipped)s %(unit)s shipped, but only "
                        "%(left)s %(unit)s are left to deliver on this order.",
                        item=order_line.product_id.display_name,
                        shipped=shipped_text,
                        left=left_text,
                        unit=order_line.product_uom.name,
                    )
                )
        return errors

    def action_send(self):
        """Send the notice to the clinic: checked, then the order's receipt is
        prefilled with its lots, expiry dates and quantities."""
        self._lock_order_lines()
        for notice in self:
            errors = notice._get_send_errors()
            if errors:
                raise ValidationError("\n".join(errors))
        self.line_ids.filtered(
            lambda line: float_is_zero(
                line.quantity, precision_rounding=line.product_uom_id.rounding
            )
        ).unlink()
        self.state = "sent"
        self._prefill_receipts()
        return True

    def _lock_order_lines(self):
        """Row-lock the order lines the notices ship, before what is left of
        them is checked: two notices sent at the same moment would otherwise
        both announce it.

        ``try_lock_rows`` (NO KEY UPDATE NOWAIT), as checkout locks
        appointments: receipts may still reference the lines, and the second
        sender is answered at once instead of waiting.

        The lines are then updated to themselves: a send whose snapshot
        predates the other's commit would lock them once it is committed and
        still not see its notice. The update makes its lock a serialization
        failure, which Odoo's request loop retries with a fresh snapshot
        (tests/test_supplier_portal_concurrency.py).
        """
        order_lines = self.line_ids.filtered(
            lambda line: line.quantity > 0
        ).purchase_line_id
        if not order_lines:
            return
        if not try_lock_rows(order_lines):
            raise UserError(
                _(
                    "Another shipping notice of order %s is being sent by "
                    "someone else right now: try again in a moment.",
                    self.purchase_id[:1].name,
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE purchase_order_line SET write_date = write_date "
                "WHERE id = ANY(%s)",
                order_lines.ids,
            )
        )
        # What was read before the lock may be stale.
        order_lines.invalidate_recordset()

    def action_draft(self):
        sent = self.filtered(lambda n: n.state == "sent")
        if self - sent:
            raise UserError(_("Only a sent shipping notice can be reset to draft."))
        # What it prefilled on the receipt goes; the receipt expects the
        # order's quantities again.
        move_lines = self.env["stock.move.line"].search(
            [("clinic_notice_line_id", "in", self.line_ids.ids)]
        )
        pickings = move_lines.picking_id
        move_lines.unlink()
        self.write({"state": "draft", "picking_id": False})
        # Without another notice on its way, Odoo proposes the order's
        # quantities again.
        still_sent = self.search(
            [("picking_id", "in", pickings.ids), ("state", "=", "sent")]
        ).picking_id
        (pickings - still_sent).filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_assign()
        return True

    def _get_pending_receipt(self):
        self.ensure_one()
        return self.purchase_id.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "incoming"
            )
        )[:1]

    def _prefill_receipts(self):
        """The order's pending receipt gets the notice's lines as detailed
        operations: the lot name and expiry date (Odoo creates the lot from
        them on validation), the quantity shipped. What Odoo proposed goes,
        for the items shipped and for those no notice announces (they are not
        on their way); what other notices prefilled stays."""
        vals_list = []
        for notice in self:
            picking = notice._get_pending_receipt()
            if not picking:
                continue
            notice.picking_id = picking
            moves = picking.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel") and m.purchase_line_id
            )
            moves.move_line_ids.filtered(
                lambda ml: not ml.clinic_notice_line_id and not ml.picked
            ).unlink()
            by_line = moves.grouped("purchase_line_id")
            for line in notice.line_ids:
                move = by_line.get(line.purchase_line_id)
                if move:
                    vals_list.append(line._prepare_move_line_vals(move[:1]))
        self.env["stock.move.line"].create(vals_list)

    @api.model
    def _action_receipts_done(self, pickings):
        """The receipts `pickings` are validated: the notices sent for them
        are received, whatever lines the clinic kept, changed or typed in
        (received in part, the rest going to a backorder, too), and so are
        those whose lines it kept on another receipt."""
        notices = self.search(
            [("picking_id", "in", pickings.ids), ("state", "=", "sent")]
        )
        notices |= pickings.move_line_ids.clinic_notice_line_id.notice_id
        notices._action_received()

    def _action_received(self):
        """The receipt of what the notices announced was validated."""
        notices = self.filtered(lambda n: n.state == "sent")
        notices.state = "received"
        for notice in notices:
            notice.message_post(
                body=Markup("%s %s")
                % (_("Received with"), notice.picking_id._get_html_link())
            )
