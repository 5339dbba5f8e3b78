"""Time the daily expiry sweep on a stock of many lots (50,000 quants).

Run through scripts/benchmark-expiry-sweep (it finds Odoo). In a database
where clinic_dispensary is installed, creates --quants lots of one lot-tracked
item, one quant each in the warehouse stock: --expired of them past their
expiry date, --alerting within their alert delay, the rest fine. Then times
the alerts (product_expiry's, as the stock scheduler runs them) and the
sweep (quarantine and write-off of the expired, in batches of --batch-size
quants like the scheduled action) and prints wall time and query count of
each: the sweep with what its commit would run first (mail tracking), and
with --repeat N the median of N runs on the same stock. Everything is rolled
back: the database is left as it was.
"""

import argparse
import time
from datetime import datetime, timedelta

from _bench import HEADER, measure, median_of, row

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def make_stock(env, args):
    # Importable once the configuration gave the addons path.
    from odoo.addons.stock.models.stock_quant import StockQuant

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
    # The ORM's create for all the quants at once: stock's create makes them
    # one at a time (for its inventory mode), most of the set-up's time.
    super(StockQuant, env["stock.quant"]).create(
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
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="sweeps of the same stock (each rolled back): their median is shown",
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
        found, search = measure(env, lambda: len(Quant.search(domain)))
        # product_expiry's alert, as the stock scheduler runs it.
        _result, alert = measure(env, Lot._alert_date_exceeded)
        alerted = lots.filtered("product_expiry_reminded")

        def sweep():
            done = 0
            while True:
                batch, left = Lot._clinic_quarantine_expired(limit=args.batch_size)
                done += batch
                if not left:
                    return done

        sweeps = []
        cr.execute("SAVEPOINT benchmark_sweep")
        for run in range(args.repeat):
            # The scheduled action commits: its mail tracking is counted in.
            done, figures = measure(env, sweep, commit_hooks=True)
            assert done == found == args.expired, (done, found)
            scrapped = env["stock.scrap"].search_count(
                [("origin", "=", "Expiry sweep")]
            )
            sweeps.append(figures)
            print(f"sweep {run + 1}: " + row("", figures).strip())
            cr.execute("ROLLBACK TO SAVEPOINT benchmark_sweep")
            env.invalidate_all()
        cr.rollback()

    print(
        f"{args.quants} quants ({args.products} items): {args.expired} expired, "
        f"{args.alerting} nearing expiry; data created in {setup_time:.0f} s; "
        f"batches of {args.batch_size}"
    )
    sweep_figures = median_of(sweeps)
    print(HEADER)
    print(row("find the expired quants", search))
    print(row(f"alert {len(alerted)} lots", alert))
    print(row(f"quarantine + write off {done}", sweep_figures))
    if args.repeat > 1:
        print(f"(the sweep: median of {args.repeat} runs by wall time)")
    print(f"scraps written: {scrapped}")
    if done:
        print(
            f"per expired lot: {1000 * sweep_figures.seconds / done:.1f} ms, "
            f"{sweep_figures.queries / done:.1f} queries (Odoo's move and scrap "
            "validation)"
        )


if __name__ == "__main__":
    main()
