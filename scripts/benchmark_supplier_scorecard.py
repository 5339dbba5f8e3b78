"""Time the supplier scorecard for 200 suppliers and 20,000 order lines.

Run through scripts/benchmark-supplier-scorecard (it finds Odoo). In a
database where clinic_dispensary is installed, creates --suppliers
suppliers and --lines confirmed order lines (10 lines an order) over the
last --months months, each received in full (a done receipt move), a claim
line for every 50th order line and a recalled lot for every 100th. Then
reads the scorecard as its screens do: the list (web_search_read of every
row) and the pivot by supplier (read_group), --runs times, and prints the
median wall time, the queries and the rows. Everything is rolled back: the
database is left as it was.

Orders, lines, moves, claims and recalls are inserted in batched SQL (the
scorecard is an SQL view over them): through Odoo's purchase and receipt
flows 20,000 lines would take far longer to set up than to measure.
"""

import argparse
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

FIGURES = (
    "date",
    "order_count",
    "spend",
    "receipt_count",
    "on_time_rate",
    "fill_rate",
    "lead_time_actual",
    "lead_time_promised",
    "qty_received",
    "qty_claimed",
    "quality_rate",
    "lots_recalled",
    "lot_recall_rate",
    "price_variance",
    "price_variance_rate",
)


def make_history(env, args):
    company = env.company
    cr = env.cr
    suppliers = env["res.partner"].create(
        [
            {"name": f"Benchmark supplier {index}", "supplier_rank": 1}
            for index in range(args.suppliers)
        ]
    )
    items = env["product.product"].create(
        [
            {"name": f"Benchmark item {index}", "is_storable": True}
            for index in range(50)
        ]
    )
    env.flush_all()
    picking_type = (
        env["stock.warehouse"]
        .search([("company_id", "=", company.id)], limit=1)
        .in_type_id
    )
    supplier_location = env.ref("stock.stock_location_suppliers").id
    stock = picking_type.default_location_dest_id.id
    orders = args.lines // 10
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "picking_type": picking_type.id,
        "suppliers": suppliers.ids,
        "items": items.ids,
        "orders": orders,
        "months": args.months,
        "supplier_location": supplier_location,
        "stock": stock,
    }
    # Orders spread over the months and suppliers, confirmed, promised a
    # week later.
    cr.execute(
        """
        INSERT INTO purchase_order (name, partner_id, company_id, currency_id,
                                    picking_type_id, state, clinic_status,
                                    date_order, date_approve, date_planned,
                                    currency_rate, amount_untaxed,
                                    create_uid, write_uid, create_date,
                                    write_date)
        SELECT 'BENCH' || n, (%(suppliers)s::int[])[1 + n %% cardinality(
                   %(suppliers)s::int[])],
               %(company)s, %(currency)s, %(picking_type)s, 'purchase',
               'received', d.day, d.day, d.day + interval '7 days', 1.0,
               10 * 10.0, 1, 1, now(), now()
          FROM generate_series(0, %(orders)s - 1) AS n
          CROSS JOIN LATERAL (
              SELECT now() - make_interval(
                  days => (n * 30 * %(months)s / %(orders)s)::int) AS day
          ) d
        RETURNING id
        """,
        params,
    )
    order_ids = [row[0] for row in cr.fetchall()]
    params["order_ids"] = order_ids
    cr.execute(
        """
        INSERT INTO purchase_order_line (order_id, name, product_id, product_qty,
                                         product_uom_qty, product_uom,
                                         price_unit, company_id, currency_id,
                                         partner_id, date_planned, qty_received,
                                         create_uid, write_uid, create_date,
                                         write_date)
        SELECT po.id, 'Benchmark line', p.id, 10, 10, t.uom_id,
               9.0 + (po.id + l) %% 3, po.company_id, po.currency_id,
               po.partner_id, po.date_planned, 10, 1, 1, now(), now()
          FROM purchase_order po
          CROSS JOIN generate_series(0, 9) AS l
          JOIN product_product p
               ON p.id = (%(items)s::int[])[1 + (po.id + l) %% 50]
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE po.id = ANY(%(order_ids)s)
        """,
        params,
    )
    lines = cr.rowcount
    # Each line received in full, in one receipt per order (a picking-less
    # move stands for its own receipt), a day before or after the promise.
    cr.execute(
        """
        INSERT INTO stock_move (name, company_id, product_id, product_uom,
                                location_id, location_dest_id, procure_method,
                                product_uom_qty, product_qty, quantity, state,
                                date, picked, purchase_line_id, create_uid,
                                write_uid, create_date, write_date)
        SELECT 'Benchmark receipt', line.company_id, line.product_id,
               line.product_uom, %(supplier_location)s, %(stock)s,
               'make_to_stock', 10, 10, 10, 'done',
               line.date_planned + make_interval(days => line.id %% 3 - 1),
               true, line.id, 1, 1, now(), now()
          FROM purchase_order_line line
         WHERE line.order_id = ANY(%(order_ids)s)
        """,
        params,
    )
    # A claim of 2 units for every 50th line, a recalled lot for every 100th.
    cr.execute(
        """
        WITH claims AS (
            INSERT INTO clinic_stock_claim (name, company_id, partner_id, state,
                                            kind, date, create_uid, write_uid,
                                            create_date, write_date)
            SELECT 'BENCH-CLAIM' || line.id, line.company_id, line.partner_id,
                   'submitted', 'supplier_return', line.date_planned::date, 1,
                   1, now(), now()
              FROM purchase_order_line line
             WHERE line.order_id = ANY(%(order_ids)s) AND line.id %% 50 = 0
            RETURNING id, partner_id
        )
        INSERT INTO clinic_stock_claim_line (claim_id, product_id, quantity,
                                             product_uom_id, create_uid,
                                             write_uid, create_date, write_date)
        SELECT claims.id, %(item)s, 2, t.uom_id, 1, 1, now(), now()
          FROM claims
          JOIN product_product p ON p.id = %(item)s
          JOIN product_template t ON t.id = p.product_tmpl_id
        """,
        {**params, "item": items[0].id},
    )
    cr.execute(
        """
        WITH lots AS (
            INSERT INTO stock_lot (name, product_id, company_id,
                                   clinic_supplier_id, create_uid, write_uid,
                                   create_date, write_date)
            SELECT 'BENCH-LOT' || line.id, line.product_id, line.company_id,
                   line.partner_id, 1, 1, now(), now()
              FROM purchase_order_line line
             WHERE line.order_id = ANY(%(order_ids)s) AND line.id %% 100 = 0
            RETURNING id, company_id, clinic_supplier_id
        )
        INSERT INTO clinic_lot_recall (name, lot_id, company_id, supplier_id,
                                       state, date, reason, user_id,
                                       letter_mode, create_uid, write_uid,
                                       create_date, write_date)
        SELECT 'BENCH-RCL' || lots.id, lots.id, lots.company_id,
               lots.clinic_supplier_id, 'confirmed', now()::date,
               'Benchmark', 1, 'none', 1, 1, now(), now()
          FROM lots
        """,
        params,
    )
    # A database in service has its planner statistics (autovacuum's
    # ANALYZE): rows inserted in bulk get theirs here.
    for table in (
        "purchase_order",
        "purchase_order_line",
        "stock_move",
        "stock_move_line",
        "stock_lot",
        "clinic_stock_claim",
        "clinic_stock_claim_line",
        "clinic_lot_recall",
        "res_partner",
        "product_product",
        "product_template",
    ):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    return suppliers, lines


def read_scorecard(env, suppliers):
    Scorecard = env["clinic.supplier.scorecard"]
    domain = [("partner_id", "in", suppliers.ids)]
    spec = {fname: {} for fname in FIGURES}
    spec["partner_id"] = {"fields": {"display_name": {}}}
    spec["currency_id"] = {"fields": {}}
    rows = Scorecard.web_search_read(domain, spec, limit=100000)
    groups = Scorecard.read_group(domain, list(FIGURES[1:]), ["partner_id"])
    return rows["length"], len(groups)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        start = time.perf_counter()
        suppliers, lines = make_history(env, args)
        env.flush_all()
        setup_time = time.perf_counter() - start
        times, queries = [], []
        for _run in range(args.runs):
            env.invalidate_all()
            count = cr.sql_log_count
            start = time.perf_counter()
            rows, groups = read_scorecard(env, suppliers)
            times.append(time.perf_counter() - start)
            queries.append(cr.sql_log_count - count)
        cr.rollback()

    print(
        f"{len(suppliers)} suppliers, {lines} order lines over {args.months} "
        f"months; data inserted in {setup_time:.1f} s"
    )
    print(
        f"scorecard list ({rows} rows) + pivot by supplier ({groups} groups): "
        f"median {statistics.median(times):.2f} s of {args.runs} runs "
        f"({', '.join(f'{t:.2f}' for t in times)}), {queries[-1]} queries"
    )


if __name__ == "__main__":
    main()
