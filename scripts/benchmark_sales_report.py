"""Time the Sales by Item report on 100,000 invoice lines.

Run through scripts/benchmark-sales-report (it finds Odoo). In a database
where clinic_dispensary is installed, creates --items items (a share of them
storable, with a cost) and --clients clients through the ORM, then inserts in
SQL --lines posted invoice lines (5 per invoice, one invoice in ten a credit
note, over the last year, a third of them billing an appointment type), each
storable line with its done dispensing move and valuation layer. Then times
``read_group`` on ``clinic.sales.report`` as the report's views ask for it
(median of --runs, caches cold for each) and counts its queries. Everything
is rolled back: the database is left as it was.

The lines are inserted in SQL (only the invoice lines the report reads, not
the receivable or tax lines): through Odoo's invoice creation and posting,
100,000 lines would take hours to set up.
"""

import argparse
import time
from datetime import date, timedelta

from _bench import median_seconds

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def make_sales(env, args):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    income = journal.default_account_id
    warehouse = env["stock.warehouse"]._clinic_main_by_company(company)[company]
    storable_count = int(args.items * args.storable_share)
    items = env["product.product"].create(
        [
            {
                "name": f"Benchmark item {index}",
                "is_storable": index < storable_count,
                "list_price": 20.0 + index % 80,
                "standard_price": 5.0 + index % 30,
            }
            for index in range(args.items)
        ]
    )
    clients = env["res.partner"].create(
        [{"name": f"Benchmark client {index}"} for index in range(args.clients)]
    )
    types = env["calendar.event.type"].search([], limit=20)
    env.flush_all()
    cr = env.cr
    invoices = args.lines // 5
    cr.execute(
        """
        INSERT INTO account_move (name, journal_id, company_id, currency_id,
                                  move_type, state, auto_post, date,
                                  invoice_date, partner_id,
                                  commercial_partner_id, invoice_currency_rate,
                                  create_uid, write_uid, create_date,
                                  write_date)
        SELECT 'BENCH/' || n, %(journal)s, %(company)s, %(currency)s,
               CASE WHEN n %% 10 = 0 THEN 'out_refund' ELSE 'out_invoice' END,
               'posted', 'no', %(today)s::date - (n %% 365),
               %(today)s::date - (n %% 365), client, client, 1.0,
               1, 1, now(), now()
          FROM generate_series(1, %(invoices)s) AS n
          CROSS JOIN LATERAL (
               SELECT (%(clients)s::int[])[1 + n %% %(client_count)s] AS client
               ) c
        RETURNING id
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "today": date.today(),
            "invoices": invoices,
            "clients": clients.ids,
            "client_count": len(clients),
        },
    )
    move_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, journal_id, company_id,
                                       company_currency_id, currency_id,
                                       account_id, display_type, parent_state,
                                       date, invoice_date, partner_id,
                                       product_id, product_uom_id, name,
                                       quantity, price_unit, discount,
                                       balance, amount_currency, debit,
                                       credit, price_subtotal, price_total,
                                       clinic_event_type_id, create_uid,
                                       write_uid, create_date, write_date)
        SELECT move.id, move.journal_id, move.company_id, move.currency_id,
               move.currency_id, %(income)s, 'product', 'posted', move.date,
               move.invoice_date, move.partner_id, product.id, tmpl.uom_id,
               'Benchmark line', figures.qty, tmpl.list_price, figures.discount,
               figures.signed, figures.signed, GREATEST(figures.signed, 0),
               GREATEST(-figures.signed, 0), figures.net, figures.net,
               CASE WHEN line %% 3 = 0
                    THEN (%(types)s::int[])[1 + (move.id + line) %% %(type_count)s]
               END,
               1, 1, now(), now()
          FROM account_move move
          CROSS JOIN generate_series(1, 5) AS line
          CROSS JOIN LATERAL (
               SELECT (%(items)s::int[])[1 + (move.id * 5 + line) %% %(item_count)s]
                      AS id
               ) pick
          JOIN product_product product ON product.id = pick.id
          JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
          CROSS JOIN LATERAL (
               SELECT 1 + (move.id + line) %% 3 AS qty,
                      CASE WHEN line = 2 THEN 10.0 ELSE 0.0 END AS discount
               ) base
          CROSS JOIN LATERAL (
               SELECT base.qty AS qty, base.discount AS discount,
                      ROUND(tmpl.list_price * base.qty
                            * (100 - base.discount) / 100, 2) AS net,
                      CASE WHEN move.move_type = 'out_refund' THEN 1 ELSE -1 END
                      * ROUND(tmpl.list_price * base.qty
                              * (100 - base.discount) / 100, 2) AS signed
               ) figures
         WHERE move.id = ANY(%(moves)s)
        """,
        {
            "income": income.id,
            "items": items.ids,
            "item_count": len(items),
            "types": types.ids or [None],
            "type_count": max(len(types), 1),
            "moves": move_ids,
        },
    )
    lines = cr.rowcount
    customers = env.ref("stock.stock_location_customers")
    cr.execute(
        """
        WITH dispensed AS (
            INSERT INTO stock_move (name, company_id, product_id, product_uom,
                                    location_id, location_dest_id,
                                    picking_type_id, procure_method,
                                    product_uom_qty, product_qty, quantity,
                                    state, date, picked,
                                    clinic_invoice_line_id, create_uid,
                                    write_uid, create_date, write_date)
            SELECT 'Benchmark dispensing', line.company_id, line.product_id,
                   line.product_uom_id,
                   CASE WHEN move.move_type = 'out_refund'
                        THEN %(customers)s ELSE %(stock)s END,
                   CASE WHEN move.move_type = 'out_refund'
                        THEN %(stock)s ELSE %(customers)s END,
                   %(out_type)s, 'make_to_stock', line.quantity, line.quantity,
                   line.quantity, 'done', move.date, true, line.id, 1, 1,
                   now(), now()
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
             WHERE line.move_id = ANY(%(moves)s) AND tmpl.is_storable
            RETURNING id, company_id, product_id, quantity, location_id
        )
        INSERT INTO stock_valuation_layer (company_id, product_id, stock_move_id,
                                           quantity, unit_cost, value,
                                           create_uid, write_uid, create_date,
                                           write_date)
        SELECT dispensed.company_id, dispensed.product_id, dispensed.id,
               sign * dispensed.quantity, cost, sign * dispensed.quantity * cost,
               1, 1, now(), now()
          FROM dispensed
          CROSS JOIN LATERAL (
               SELECT CASE WHEN dispensed.location_id = %(customers)s
                           THEN 1 ELSE -1 END AS sign,
                      5.0 + dispensed.product_id %% 30 AS cost
               ) valued
        """,
        {
            "customers": customers.id,
            "stock": warehouse.lot_stock_id.id,
            "out_type": warehouse.out_type_id.id,
            "moves": move_ids,
        },
    )
    dispensed = cr.rowcount
    # Statistics as autovacuum would keep them on a live database.
    for table in (
        "account_move",
        "account_move_line",
        "stock_move",
        "stock_valuation_layer",
    ):
        cr.execute(f"ANALYZE {table}")  # pylint: disable=sql-injection
    env.invalidate_all()
    return invoices, lines, dispensed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--storable-share", type=float, default=0.3)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print PostgreSQL's plan of a year by item (EXPLAIN ANALYZE)",
    )
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        start = time.perf_counter()
        invoices, lines, dispensed = make_sales(env, args)
        setup_time = time.perf_counter() - start
        Report = env["clinic.sales.report"]
        company = [("company_id", "=", env.company.id)]
        today = date.today()
        month = [
            *company,
            ("date", ">=", today.replace(day=1)),
            ("date", "<=", today),
        ]
        year = [*company, ("date", ">", today - timedelta(days=365))]
        measures = ["net_revenue:sum", "cost:sum", "margin:sum", "margin_percent:avg"]
        cases = [
            (
                "this month by item (the default)",
                lambda: Report.read_group(month, measures, ["product_id"]),
            ),
            (
                "a year by item",
                lambda: Report.read_group(year, measures, ["product_id"]),
            ),
            (
                "a year by month",
                lambda: Report.read_group(year, measures, ["date:month"]),
            ),
            (
                "a year by appointment type and clinic",
                lambda: Report.read_group(
                    year, measures, ["event_type_id", "warehouse_id"], lazy=False
                ),
            ),
        ]
        results = [
            (label, *median_seconds(env, func, args.runs)) for label, func in cases
        ]
        plan = []
        if args.explain:
            cr.execute(
                SQL(
                    "EXPLAIN (ANALYZE, BUFFERS) SELECT report.product_id,"
                    " SUM(report.net_revenue), SUM(report.cost) FROM (%s) report"
                    " WHERE report.company_id = %s AND report.date > %s"
                    " GROUP BY report.product_id",
                    Report._table_query,
                    env.company.id,
                    today - timedelta(days=365),
                )
            )
            plan = [row[0] for row in cr.fetchall()]
        cr.rollback()

    print(
        f"{lines} invoice lines ({invoices} invoices and credit notes, "
        f"{dispensed} storable lines with their dispensing move and valuation "
        f"layer); data created in {setup_time:.0f} s"
    )
    print(f"{'read_group':42}{'groups':>8}{'seconds':>10}{'queries':>10}")
    for label, seconds, queries, groups in results:
        print(f"{label:42}{len(groups):8d}{seconds:10.2f}{queries:10d}")
    print("\n".join(plan))


if __name__ == "__main__":
    main()
