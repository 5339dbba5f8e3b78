# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class ClinicWasteReport(models.Model):
    """What left stock as waste, valued at cost: done scraps (expired,
    damaged, lost... by their first reason tag) and reason-coded inventory
    losses, one row per stock move.

    The value is the move's stock valuation layers (the cost at the time,
    FIFO/AVCO included); a move without layers is valued at the item's
    current cost."""

    _name = "clinic.waste.report"
    _description = "Waste Report"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"
    # Flushed before the view is read.
    _depends = {
        "stock.move": [
            "state",
            "date",
            "company_id",
            "product_id",
            "product_qty",
            "location_id",
            "location_dest_id",
            "scrap_id",
            "is_inventory",
            "clinic_reason_tag_id",
        ],
        "stock.move.line": ["move_id", "lot_id"],
        "stock.scrap": ["lot_id", "scrap_reason_tag_ids"],
        "stock.scrap.reason.tag": ["sequence"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "stock.location": ["usage"],
        "product.product": ["product_tmpl_id", "standard_price"],
        "product.template": ["categ_id", "uom_id"],
    }

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Item Category", readonly=True
    )
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    location_id = fields.Many2one("stock.location", string="From", readonly=True)
    reason_tag_id = fields.Many2one(
        "stock.scrap.reason.tag", string="Reason", readonly=True
    )
    source = fields.Selection(
        [("scrap", "Scrap"), ("adjustment", "Inventory Adjustment")],
        readonly=True,
    )
    move_id = fields.Many2one("stock.move", string="Stock Move", readonly=True)
    scrap_id = fields.Many2one("stock.scrap", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    value = fields.Monetary(
        string="Cost",
        readonly=True,
        groups="clinic_dispensary.group_clinic_manager,stock.group_stock_manager",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT move.id AS id,
                   move.id AS move_id,
                   move.date AS date,
                   move.company_id AS company_id,
                   move.product_id AS product_id,
                   tmpl.categ_id AS categ_id,
                   COALESCE(scrap.lot_id, lines.lot_id) AS lot_id,
                   move.location_id AS location_id,
                   COALESCE(move.clinic_reason_tag_id, reason.tag_id)
                       AS reason_tag_id,
                   CASE WHEN move.scrap_id IS NOT NULL THEN 'scrap'
                        ELSE 'adjustment' END AS source,
                   move.scrap_id AS scrap_id,
                   move.product_qty AS quantity,
                   tmpl.uom_id AS product_uom_id,
                   company.currency_id AS currency_id,
                   COALESCE(
                       -layers.value,
                       move.product_qty * COALESCE(
                           (product.standard_price ->> move.company_id::text)::numeric,
                           0
                       )
                   ) AS value
              FROM stock_move move
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location destination
                   ON destination.id = move.location_dest_id
              JOIN product_product product ON product.id = move.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              JOIN res_company company ON company.id = move.company_id
              LEFT JOIN stock_scrap scrap ON scrap.id = move.scrap_id
              LEFT JOIN LATERAL (
                   SELECT SUM(layer.value) AS value
                     FROM stock_valuation_layer layer
                    WHERE layer.stock_move_id = move.id
                   ) layers ON TRUE
              LEFT JOIN LATERAL (
                   SELECT rel.stock_scrap_reason_tag_id AS tag_id
                     FROM stock_scrap_stock_scrap_reason_tag_rel rel
                     JOIN stock_scrap_reason_tag tag
                          ON tag.id = rel.stock_scrap_reason_tag_id
                    WHERE rel.stock_scrap_id = move.scrap_id
                    ORDER BY tag.sequence, tag.id
                    LIMIT 1
                   ) reason ON TRUE
              LEFT JOIN LATERAL (
                   SELECT MIN(line.lot_id) AS lot_id
                     FROM stock_move_line line
                    WHERE line.move_id = move.id
                   ) lines ON TRUE
             WHERE move.state = 'done'
               AND source.usage IN ('internal', 'transit')
               AND destination.usage = 'inventory'
               AND (move.scrap_id IS NOT NULL
                    OR (move.is_inventory
                        AND move.clinic_reason_tag_id IS NOT NULL))
            """
        )
