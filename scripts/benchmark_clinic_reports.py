"""Time the Stock-Outs, Package Liability, Credits Owed and Waste reports.

Run through scripts/benchmark-clinic-reports (it finds Odoo). In a database
where clinic_dispensary is installed, builds the data of the Sales by Item and
Inventory Turnover benchmarks with their own functions (100,000 posted invoice
lines, 200,000 done stock moves of 1,000 items in two warehouses, a fifth of
them reason-coded count losses: the Waste report's rows) and adds in SQL:

* a receivable line per invoice and credit note (the credit notes' are the
  credits owed, open);
* --packages client packages (active, used up, expired) with a line each and
  their balance on a liability account;
* a reordering rule per item and warehouse (minimum 10) and --stockouts
  stock-out events spread over two years, each with two appointments and two
  patients: the Stock-Outs report reads the items' moves for its days below
  minimum.

It does it in two steps, a tenth of the data then the rest, and after each
times ``read_group`` of each report's default pivot (rows by columns, with the
action's domain; median of --runs, caches cold) and counts its queries: the
count must not grow with the data. Everything is rolled back.
"""

import argparse
import os
import time
from argparse import Namespace
from datetime import date

from _bench import median_seconds
from benchmark_sales_report import make_sales
from benchmark_turnover_report import make_history

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config

REPORTS = [
    # label, model, domain, measures, rows by columns
    (
        "Stock-Outs",
        "clinic.stockout.report",
        [],
        ["occurrence_count:sum", "cost_short:sum", "patient_count:sum"],
        ["product_id", "cause"],
    ),
    (
        # the days below minimum read the items' moves since each month
        "Stock-Outs, days below min",
        "clinic.stockout.report",
        [],
        ["occurrence_count:sum", "days_below_minimum:max"],
        ["product_id", "cause"],
    ),
    (
        "Package Liability",
        "clinic.package.liability.report",
        [("state", "=", "active")],
        ["amount_unused:sum"],
        ["partner_id", "expiry"],
    ),
    (
        "Credits Owed",
        "clinic.client.credit",
        [("state", "!=", "used")],
        ["amount_remaining:sum"],
        ["partner_id", "age"],
    ),
    (
        "Waste",
        "clinic.waste.report",
        [],
        ["value:sum"],
        ["product_id", "reason_tag_id"],
    ),
]


def make_receivables(env, move_ids):
    """A receivable line per invoice and credit note, balancing its lines;
    the credit notes' left open (credits owed), the invoices' paid."""
    company = env.company
    receivable = env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.id),
        ],
        limit=1,
    )
    env.cr.execute(
        """
        INSERT INTO account_move_line (move_id, journal_id, company_id,
                                       company_currency_id, currency_id,
                                       account_id, display_type, parent_state,
                                       date, invoice_date, partner_id, name,
                                       balance, amount_currency, debit, credit,
                                       amount_residual,
                                       amount_residual_currency, reconciled,
                                       create_uid, write_uid, create_date,
                                       write_date)
        SELECT move.id, move.journal_id, move.company_id, move.currency_id,
               move.currency_id, %(receivable)s, 'payment_term', 'posted',
               move.date, move.invoice_date, move.partner_id, move.name,
               total.balance, total.balance, GREATEST(total.balance, 0),
               GREATEST(-total.balance, 0), open.residual, open.residual,
               open.residual = 0, 1, 1, now(), now()
          FROM account_move move
          CROSS JOIN LATERAL (
               SELECT -SUM(line.balance) AS balance
                 FROM account_move_line line
                WHERE line.move_id = move.id) total
          CROSS JOIN LATERAL (
               SELECT CASE WHEN move.move_type = 'out_refund'
                           THEN total.balance ELSE 0 END AS residual) open
         WHERE move.id = ANY(%(moves)s)
        """,
        {"receivable": receivable.id, "moves": move_ids},
    )
    return env.cr.rowcount


def make_packages(env, move_ids, count):
    """``count`` client packages of the invoices' clients, a line each and
    their unused value on a liability account (a line of one invoice)."""
    company = env.company
    packages = env["clinic.package"].search([("company_id", "in", company.ids)])
    liability = env["account.account"].search(
        [
            ("account_type", "=like", "liability%"),
            ("company_ids", "in", company.id),
        ],
        limit=1,
    )
    cr = env.cr
    cr.execute(
        """
        INSERT INTO clinic_patient_package (partner_id, package_id, company_id,
                                            invoice_id, name, package_type,
                                            state, date_start, date_end,
                                            price, create_uid, write_uid,
                                            create_date, write_date)
        SELECT move.partner_id, package.id, %(company)s, move.id,
               'Benchmark package ' || n, package.package_type,
               (ARRAY['active', 'active', 'exhausted', 'expired'])[1 + n %% 4],
               %(today)s::date - 200 + n %% 200,
               CASE WHEN n %% 7 > 0 THEN %(today)s::date - 30 + n %% 400 END,
               100, 1, 1, now(), now()
          FROM generate_series(1, %(count)s) AS n
          JOIN account_move move
               ON move.id = (%(moves)s::int[])[1 + n %% %(move_count)s]
          JOIN clinic_package package
               ON package.id = (%(packages)s::int[])[1 + n %% %(package_count)s]
        RETURNING id, invoice_id
        """,
        {
            "company": company.id,
            "today": date.today(),
            "count": count,
            "moves": move_ids,
            "move_count": len(move_ids),
            "packages": packages.ids,
            "package_count": len(packages),
        },
    )
    rows = cr.fetchall()
    ids = [row[0] for row in rows]
    product = env["product.product"].search([("type", "=", "service")], limit=1)
    cr.execute(
        """
        INSERT INTO clinic_patient_package_line (patient_package_id, company_id,
                                                 product_id, quantity,
                                                 quantity_used,
                                                 quantity_remaining,
                                                 price_share, create_uid,
                                                 write_uid, create_date,
                                                 write_date)
        SELECT pp.id, pp.company_id, %(product)s, 10, pp.id %% 10,
               10 - pp.id %% 10, 100, 1, 1, now(), now()
          FROM clinic_patient_package pp
         WHERE pp.id = ANY(%(ids)s)
        """,
        {"product": product.id, "ids": ids},
    )
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, journal_id, company_id,
                                       company_currency_id, currency_id,
                                       account_id, display_type, parent_state,
                                       date, partner_id, name, balance,
                                       amount_currency, debit, credit,
                                       clinic_patient_package_id, create_uid,
                                       write_uid, create_date, write_date)
        SELECT move.id, move.journal_id, move.company_id, move.currency_id,
               move.currency_id, %(liability)s, 'product', 'posted', move.date,
               move.partner_id, pp.name, -10.0 * (10 - pp.id %% 10),
               -10.0 * (10 - pp.id %% 10), 0, 10.0 * (10 - pp.id %% 10),
               pp.id, 1, 1, now(), now()
          FROM clinic_patient_package pp
          JOIN account_move move ON move.id = pp.invoice_id
         WHERE pp.id = ANY(%(ids)s)
        """,
        {"liability": liability.id, "ids": ids},
    )
    return len(ids), cr.rowcount


def make_stockouts(env, items, warehouses, count, partner_ids):
    """A reordering rule (minimum 10) per item and warehouse, and ``count``
    stock-out events of them over two years, with two appointments and two
    patients each."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO stock_warehouse_orderpoint (name, warehouse_id, location_id,
                                                product_id, company_id, trigger,
                                                product_min_qty,
                                                product_max_qty, qty_multiple,
                                                active, create_uid, write_uid,
                                                create_date, write_date)
        SELECT 'Benchmark rule', wh.id, wh.lot_stock_id, p.id, wh.company_id,
               'manual', 10, 40, 1, true, 1, 1, now(), now()
          FROM product_product p
          CROSS JOIN stock_warehouse wh
         WHERE p.id = ANY(%(items)s) AND wh.id = ANY(%(warehouses)s)
        """,
        {"items": items.ids, "warehouses": warehouses.ids},
    )
    appointments = env["calendar.event"].search([]).ids
    cr.execute(
        """
        WITH events AS (
            INSERT INTO clinic_stockout_event (product_id, categ_id,
                                               warehouse_id, company_id,
                                               product_uom_id,
                                               occurrence_count, cause, date,
                                               quantity_short, cost_short,
                                               create_uid, write_uid,
                                               create_date, write_date)
            SELECT p.id, t.categ_id,
                   (%(warehouses)s::int[])[1 + n %% 2], %(company)s, t.uom_id,
                   1 + n %% 3,
                   CASE WHEN n %% 3 = 0 THEN 'appointment'
                        ELSE 'dispensing' END,
                   %(today)s::date - n %% 730, 1 + n %% 4, 3.0 * (1 + n %% 4),
                   1, 1, now(), now()
              FROM generate_series(1, %(count)s) AS n
              JOIN product_product p
                   ON p.id = (%(items)s::int[])[1 + (n / 2) %% %(item_count)s]
              JOIN product_template t ON t.id = p.product_tmpl_id
            RETURNING id
        ), appointments AS (
            INSERT INTO clinic_stockout_event_appointment_rel (stockout_id,
                                                               event_id)
            SELECT events.id,
                   (%(appointments)s::int[])[1 + (events.id + k)
                                                %% %(appointment_count)s]
              FROM events CROSS JOIN generate_series(0, 1) AS k
            ON CONFLICT DO NOTHING
        )
        INSERT INTO clinic_stockout_event_partner_rel (stockout_id, partner_id)
        SELECT events.id,
               (%(partners)s::int[])[1 + (events.id * 7 + k)
                                       %% %(partner_count)s]
          FROM events CROSS JOIN generate_series(0, 1) AS k
        ON CONFLICT DO NOTHING
        """,
        {
            "warehouses": warehouses.ids,
            "company": env.company.id,
            "today": date.today(),
            "count": count,
            "items": items.ids,
            "item_count": len(items),
            "appointments": appointments,
            "appointment_count": len(appointments),
            "partners": partner_ids,
            "partner_count": len(partner_ids),
        },
    )
    return count


def make_data(env, args, share):
    """The data of ``share`` of the full size; returns what was made."""
    cr = env.cr
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move")
    last_move = cr.fetchone()[0]
    sales = Namespace(
        lines=int(100000 * args.scale * share),
        items=max(10, int(500 * args.scale * share)),
        storable_share=0.3,
        clients=max(10, int(2000 * args.scale * share)),
    )
    invoices, lines, _dispensed = make_sales(env, sales)
    # make_sales names its entries BENCH/1...: rename them for the next step
    cr.execute(
        "UPDATE account_move SET name = 'BENCH-' || id || '/' || name"
        " WHERE id > %s AND name LIKE 'BENCH/%%' RETURNING id, partner_id",
        [last_move],
    )
    rows = cr.fetchall()
    move_ids = [row[0] for row in rows]
    partner_ids = sorted({row[1] for row in rows})
    receivables = make_receivables(env, move_ids)
    packages, _ledger = make_packages(
        env, move_ids, int(args.packages * args.scale * share)
    )
    history = Namespace(
        items=max(2, int(1000 * args.scale * share)),
        moves=int(200000 * args.scale * share),
    )
    items, warehouses, moves, _layers = make_history(env, history)
    events = make_stockouts(
        env,
        items,
        warehouses,
        int(args.stockouts * args.scale * share),
        partner_ids,
    )
    for table in (
        "account_move",
        "account_move_line",
        "stock_move",
        "stock_valuation_layer",
        "stock_warehouse_orderpoint",
        "clinic_patient_package",
        "clinic_patient_package_line",
        "clinic_stockout_event",
        "clinic_stockout_event_appointment_rel",
        "clinic_stockout_event_partner_rel",
    ):
        cr.execute(f"ANALYZE {table}")  # pylint: disable=sql-injection
    env.invalidate_all()
    return {
        "invoice lines": lines + receivables,
        "invoices": invoices,
        "stock moves": moves,
        "client packages": packages,
        "stock-out events": events,
    }


def time_reports(env, runs):
    results = []
    for label, model, domain, measures, groupby in REPORTS:
        Report = env[model]

        def read(Report=Report, domain=domain, measures=measures, groupby=groupby):
            return Report.read_group(domain, measures, groupby, lazy=False)

        start_load = os.getloadavg()[0]
        seconds, queries, groups = median_seconds(env, read, runs)
        results.append(
            (label, len(groups), seconds, queries, max(start_load, os.getloadavg()[0]))
        )
    return results


def explain(env):
    for _label, model, _domain, _measures, _groupby in REPORTS:
        env.cr.execute(
            SQL(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM (%s) r",
                env[model]._table_query,
            )
        )
        print(model)
        print("\n".join(row[0] for row in env.cr.fetchall()))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="of 100,000 lines / 200,000 moves"
    )
    parser.add_argument("--packages", type=int, default=20000)
    parser.add_argument("--stockouts", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--no-jit", action="store_true", help="time with PostgreSQL's JIT off"
    )
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    steps = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        if args.no_jit:
            cr.execute("SET jit = off")
        totals = {}
        for share in (0.1, 0.9):
            start = time.perf_counter()
            made = make_data(env, args, share)
            setup = time.perf_counter() - start
            for key, value in made.items():
                totals[key] = totals.get(key, 0) + value
            steps.append((dict(totals), setup, time_reports(env, args.runs)))
        if args.explain:
            explain(env)
        cr.rollback()

    for totals, setup, results in steps:
        print(
            ", ".join(f"{value} {key}" for key, value in totals.items())
            + f"; data added in {setup:.0f} s"
        )
        print(
            f"{'read_group (median of ' + str(args.runs) + ')':28}{'groups':>8}"
            f"{'seconds':>10}{'queries':>10}{'load':>8}"
        )
        for label, groups, seconds, queries, load in results:
            print(f"{label:28}{groups:8d}{seconds:10.2f}{queries:10d}{load:8.2f}")
    counts = [[row[3] for row in results] for _totals, _setup, results in steps]
    print(
        "query counts "
        + (
            "the same at both sizes"
            if counts[0] == counts[-1]
            else f"differ: {counts[0]} then {counts[-1]}"
        )
    )


if __name__ == "__main__":
    main()
