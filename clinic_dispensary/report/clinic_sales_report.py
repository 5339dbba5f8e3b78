# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class ClinicSalesReport(models.Model):
    """Sales by Item: the revenue of every item sold, one row per invoice
    line of the posted customer invoices and credit notes booked on an
    income account, in the company's currency, so that its total is the
    general ledger's income of these invoices.

    A package sold is booked on *Prepaid Packages* (a liability), so it is
    no revenue here; the sessions it pays for are, at their share, when they
    are checked out. Credit notes count negative. Cash rounding booked on an
    income account, and the discounts Odoo adds back to income when the
    company allocates them to an account of their own (Settings), are rows
    without an item.

    The cost of a storable item is the value of the stock valuation layers
    of the dispensing moves linked to its line (returns credited by a credit
    note count on that credit note's line, negative; returns not credited,
    on the line they came back to); of any other item, its cost price times
    the quantity."""

    _name = "clinic.sales.report"
    _description = "Sales by Item"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"
    # Flushed before the view is read.
    _depends = {
        "account.move": [
            "move_type",
            "state",
            "date",
            "commercial_partner_id",
            "invoice_currency_rate",
            "clinic_return_picking_id",
        ],
        "account.move.line": [
            "move_id",
            "display_type",
            "account_id",
            "company_id",
            "company_currency_id",
            "product_id",
            "product_uom_id",
            "quantity",
            "price_unit",
            "discount",
            "balance",
            "parent_state",
            "clinic_event_type_id",
            "clinic_package_session_line_id",
        ],
        "account.account": ["account_type"],
        "product.product": ["product_tmpl_id", "standard_price"],
        "product.template": ["categ_id", "uom_id", "clinic_kind", "is_storable"],
        "uom.uom": ["factor"],
        "res.currency": ["rounding"],
        "stock.move": [
            "state",
            "clinic_invoice_line_id",
            "picking_id",
            "picking_type_id",
            "product_id",
        ],
        "stock.picking.type": ["warehouse_id"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "stock.warehouse": ["company_id", "sequence", "active"],
    }

    # The accounting date, the general ledger's: an invoice dated in a
    # locked period is booked (and reported) on the first open day.
    date = fields.Date(
        string="Accounting Date",
        readonly=True,
        help="The date the invoice is booked on in the general ledger.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Invoice Line", readonly=True
    )
    move_type = fields.Selection(
        [
            ("out_invoice", "Customer Invoice"),
            ("out_refund", "Customer Credit Note"),
        ],
        string="Type",
        readonly=True,
    )
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Item Category", readonly=True
    )
    # The item's kind (product.template.clinic_kind), its labels translated
    # with this model's.
    product_kind = fields.Selection(
        [
            ("service", "Service"),
            ("physical", "Physical"),
            ("digital", "Digital"),
        ],
        string="Kind",
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    event_type_id = fields.Many2one(
        "calendar.event.type", string="Appointment Type", readonly=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Clinic", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    catalogue_amount = fields.Monetary(
        readonly=True,
        help="The line before its discount.",
    )
    discount_amount = fields.Monetary(
        string="Discounts",
        readonly=True,
        help="What discounts (and packages' shares) took off the catalogue amount.",
    )
    net_revenue = fields.Monetary(
        readonly=True,
        help="Income booked, without taxes: negative for credit notes.",
    )
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(
        string="Margin (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Margin over net revenue (of the totals, when grouped).",
    )

    @property
    def _table_query(self):
        # Indexes used: account_move.date (account) for a period,
        # account_move_line.move_id (account); the dispensing moves by
        # stock_move.clinic_invoice_line_id and the credited returns by
        # account_move.clinic_return_picking_id (both btree_not_null, this
        # module), stock_move.picking_id and
        # stock_valuation_layer.stock_move_id (stock, stock_account).
        return SQL(
            """
            SELECT line.id AS id,
                   line.id AS move_line_id,
                   line.move_id AS move_id,
                   move.move_type AS move_type,
                   move.date AS date,
                   line.company_id AS company_id,
                   line.company_currency_id AS currency_id,
                   product.id AS product_id,
                   tmpl.categ_id AS categ_id,
                   tmpl.clinic_kind AS product_kind,
                   move.commercial_partner_id AS partner_id,
                   COALESCE(line.clinic_event_type_id, session.clinic_event_type_id)
                       AS event_type_id,
                   COALESCE(stock.warehouse_id, main.warehouse_id) AS warehouse_id,
                   figures.quantity AS quantity,
                   tmpl.uom_id AS product_uom_id,
                   amounts.catalogue AS catalogue_amount,
                   amounts.catalogue - figures.net AS discount_amount,
                   figures.net AS net_revenue,
                   costs.cost AS cost,
                   figures.net - costs.cost AS margin,
                   100 * (figures.net - costs.cost) / NULLIF(figures.net, 0)
                       AS margin_percent
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
              JOIN res_currency currency ON currency.id = line.company_currency_id
              -- The cent rounding a session paid by package is booked
              -- without an item: it is the session's item's.
              LEFT JOIN account_move_line session
                   ON session.id = line.clinic_package_session_line_id
                  AND line.product_id IS NULL
              LEFT JOIN product_product product
                   ON product.id = COALESCE(line.product_id, session.product_id)
              LEFT JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              LEFT JOIN uom_uom uom_line ON uom_line.id = line.product_uom_id
              LEFT JOIN uom_uom uom_tmpl ON uom_tmpl.id = tmpl.uom_id
              -- Where checkout dispenses: the company's first warehouse.
              LEFT JOIN (
                   SELECT DISTINCT ON (warehouse.company_id)
                          warehouse.company_id, warehouse.id AS warehouse_id
                     FROM stock_warehouse warehouse
                    WHERE warehouse.active
                    ORDER BY warehouse.company_id, warehouse.sequence, warehouse.id
                   ) main ON main.company_id = line.company_id
              CROSS JOIN LATERAL (
                   SELECT -line.balance AS net,
                          CASE WHEN line.product_id IS NULL THEN 0.0
                               ELSE line.quantity
                                    / NULLIF(COALESCE(uom_line.factor, 1)
                                             / COALESCE(uom_tmpl.factor, 1), 0.0)
                                    * CASE WHEN move.move_type = 'out_refund'
                                           THEN -1 ELSE 1 END
                          END AS quantity
                   ) figures
              -- Before the discount: the net revenue grossed up by it (so in
              -- company currency, without taxes included in the price); a
              -- line given away, its price.
              CROSS JOIN LATERAL (
                   SELECT ROUND(
                              CASE WHEN COALESCE(line.discount, 0) < 100
                                   THEN figures.net * 100
                                        / (100 - COALESCE(line.discount, 0))
                                   ELSE line.price_unit * line.quantity
                                        / COALESCE(
                                            NULLIF(move.invoice_currency_rate, 0), 1
                                        )
                                        * CASE WHEN move.move_type = 'out_refund'
                                               THEN -1 ELSE 1 END
                              END / currency.rounding
                          ) * currency.rounding AS catalogue
                   ) amounts
              -- The valued stock moves of the line: those dispensed for it
              -- (and returned without a credit note), or for a credit note
              -- of returned goods, its return's moves of the item (on the
              -- credit note's first line of that item).
              LEFT JOIN LATERAL (
                   SELECT SUM(layer.value) AS value,
                          MIN(operation.warehouse_id) AS warehouse_id
                     FROM (
                          SELECT dispensed.id, dispensed.picking_type_id
                            FROM stock_move dispensed
                           WHERE dispensed.clinic_invoice_line_id = line.id
                             AND dispensed.state = 'done'
                             AND NOT EXISTS (
                                 SELECT 1
                                   FROM account_move credit
                                  WHERE credit.clinic_return_picking_id
                                        = dispensed.picking_id
                                    AND credit.move_type = 'out_refund'
                                    AND credit.state = 'posted'
                                 )
                          UNION ALL
                          SELECT returned.id, returned.picking_type_id
                            FROM stock_move returned
                           -- First (cheap): only for credit notes of returns.
                           WHERE move.clinic_return_picking_id IS NOT NULL
                             AND returned.picking_id = move.clinic_return_picking_id
                             AND returned.product_id = line.product_id
                             AND returned.state = 'done'
                             AND line.id = (
                                 SELECT MIN(sibling.id)
                                   FROM account_move_line sibling
                                  WHERE sibling.move_id = line.move_id
                                    AND sibling.product_id = line.product_id
                                    AND sibling.display_type = 'product'
                                 )
                          ) valued
                     LEFT JOIN stock_picking_type operation
                          ON operation.id = valued.picking_type_id
                     LEFT JOIN stock_valuation_layer layer
                          ON layer.stock_move_id = valued.id
                   ) stock ON TRUE
              CROSS JOIN LATERAL (
                   SELECT CASE WHEN tmpl.is_storable
                               THEN -COALESCE(stock.value, 0.0)
                               ELSE figures.quantity * COALESCE(
                                   (product.standard_price
                                    ->> line.company_id::text)::numeric,
                                   0.0)
                          END AS cost
                   ) costs
             WHERE move.move_type IN ('out_invoice', 'out_refund')
               AND move.state = 'posted'
               -- With the item lines, the lines Odoo books on income
               -- without an item: cash rounding on an income account, and
               -- the discounts added back to income when the company
               -- allocates them to an account of their own.
               AND line.display_type IN ('product', 'rounding', 'discount')
               AND account.account_type IN ('income', 'income_other')
            """
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # Grouped, the margin rate is the group's: its margin over its
        # revenue, not the average of its lines' rates.
        if aggregate_spec.startswith("margin_percent:"):
            return SQL(
                "100 * SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "margin", query),
                self._field_to_sql(self._table, "net_revenue", query),
            )
        return super()._read_group_select(aggregate_spec, query)
