"""Time the daily expiry sweep on a stock of many lots (50,000 quants).

Run through scripts/benchmark-expiry-sweep (it finds Odoo). In a database
where clinic_dispensary is installed, creates --quants lots of one lot-tracked
item, one quant each in the warehouse stock: --expired of them past their
expiry date, --alerting within their alert delay, the rest fine. Then times
the alerts (product_expiry's, as the stock scheduler runs them) and the
sweep (quarantine and write-off of the expired, in batches of --batch-size
quants like the scheduled action) and prints wall time and query count of
each. Everything is rolled back: the
database is left as it was.
"""

import argparse
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

CPU_TIMES = []


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    start_count = env.cr.sql_log_count
    start = time.perf_counter()
    start_cpu = time.process_time()
    result = func()
    env.flush_all()
    # CPU seconds of this Odoo process (PostgreSQL's work not included): on
    # a machine shared with other work, steadier than the wall time.
    CPU_TIMES.append(time.process_time() - start_cpu)
    return result, time.perf_counter() - start, env.cr.sql_log_count - start_count


def make_stock(env, args):
    products = env["product.product"].create(
        [
            {
                "name": f"Benchmark vial {index}",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "alert_time": 30,
                "standard_price": 10.0,
            }
            for index in range(args.products)
        ]
    )
    now = datetime.now()
    fine = args.quants - args.expired - args.alerting
    days = [-1] * args.expired + [10] * args.alerting + [365] * fine
    lots = env["stock.lot"].create(
        [
            {
                "name": f"BENCH-{index}",
                "product_id": products[index % len(products)].id,
                "expiration_date": now + timedelta(days=day),
            }
            for index, day in enumerate(days)
        ]
    )
    stock = (
        env["stock.warehouse"]
        .search([("company_id", "=", env.company.id)], limit=1)
        .lot_stock_id
    )
    env["stock.quant"].create(
        [
            {
                "product_id": lot.product_id.id,
                "location_id": stock.id,
                "lot_id": lot.id,
                "quantity": 2,
            }
            for lot in lots
        ]
    )
    return lots


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--quants", type=int, default=50000)
    parser.add_argument("--expired", type=int, default=5000)
    parser.add_argument("--alerting", type=int, default=5000)
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=500,
        help="quants per batch, as the scheduled action processes them",
    )
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    assert args.expired + args.alerting <= args.quants
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        start = time.perf_counter()
        lots = make_stock(env, args)
        env.flush_all()
        setup_time = time.perf_counter() - start
        Lot = env["stock.lot"]
        Quant = env["stock.quant"]
        domain = Lot._clinic_expired_quants_domain()
        found, search_time, search_queries = measure(
            env, lambda: len(Quant.search(domain))
        )
        # product_expiry's alert, as the stock scheduler runs it.
        _result, alert_time, alert_queries = measure(env, Lot._alert_date_exceeded)
        alerted = lots.filtered("product_expiry_reminded")

        def sweep():
            done = 0
            while True:
                batch, left = Lot._clinic_quarantine_expired(limit=args.batch_size)
                done += batch
                if not left:
                    return done

        done, sweep_time, sweep_queries = measure(env, sweep)
        assert done == found == args.expired, (done, found)
        scrapped = env["stock.scrap"].search_count([("origin", "=", "Expiry sweep")])
        cr.rollback()

    print(
        f"{args.quants} quants ({args.products} items): {args.expired} expired, "
        f"{args.alerting} nearing expiry; data created in {setup_time:.0f} s; "
        f"batches of {args.batch_size}"
    )
    search_cpu, alert_cpu, sweep_cpu = CPU_TIMES
    print(f"{'':34}{'seconds':>10}{'queries':>10}{'CPU s':>10}")
    print(
        f"{'find the expired quants':34}{search_time:10.2f}{search_queries:10d}"
        f"{search_cpu:10.2f}"
    )
    print(
        f"{f'alert {len(alerted)} lots':34}{alert_time:10.2f}{alert_queries:10d}"
        f"{alert_cpu:10.2f}"
    )
    print(
        f"{f'quarantine + write off {done}':34}{sweep_time:10.2f}{sweep_queries:10d}"
        f"{sweep_cpu:10.2f}"
    )
    print(f"scraps written: {scrapped}")
    if done:
        print(
            f"per expired lot: {1000 * sweep_time / done:.1f} ms, "
            f"{sweep_queries / done:.1f} queries (Odoo's move and scrap "
            "validation)"
        )


if __name__ == "__main__":
    main()
