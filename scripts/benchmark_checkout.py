"""Time Express Checkout against its floor: one batched account.move.create.

Run through scripts/benchmark-checkout (it finds Odoo). Creates N
appointments for M clients in a database where clinic_dispensary is
installed, checks them out, then creates the same invoices directly with one
account.move.create() call, and prints wall time and query count of both.
Everything is rolled back: the database is left as it was.
"""

import argparse
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import config

CPU_TIMES = []


def measure(cr, func):
    cr.flush()
    start_count = cr.sql_log_count
    start = time.perf_counter()
    start_cpu = time.process_time()
    result = func()
    cr.flush()
    # CPU seconds of this Odoo process (PostgreSQL's work not included): on
    # a machine shared with other work, steadier than the wall time.
    CPU_TIMES.append(time.process_time() - start_cpu)
    return result, time.perf_counter() - start, cr.sql_log_count - start_count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--clients", type=int, default=150)
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        event_type = env["calendar.event.type"].create(
            {"name": "Benchmark Visit", "clinic_billable": True, "price": 90.0}
        )
        event_type._ensure_products()
        clients = env["res.partner"].create(
            [{"name": f"Benchmark client {i}"} for i in range(args.clients)]
        )
        start = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)

        def make_events():
            return env["calendar.event"].create(
                [
                    {
                        "name": f"Benchmark appointment {i}",
                        "start": start + timedelta(minutes=i),
                        "stop": start + timedelta(minutes=i + 30),
                        "client_id": clients[i % len(clients)].id,
                        "categ_ids": [Command.set(event_type.ids)],
                    }
                    for i in range(args.events)
                ]
            )

        events = make_events()
        wizard = env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(events.ids)]}
        )
        env.invalidate_all()
        _res, checkout_time, checkout_queries = measure(
            cr, wizard.action_create_invoices
        )
        assert len(wizard.invoice_ids) == len(clients)

        # The floor: the same invoices, built by hand, in one create().
        events2 = make_events()
        vals_list = wizard._prepare_invoices_vals(events2)
        for vals in vals_list:
            for _cmd, _id, line in vals["invoice_line_ids"]:
                line.pop("clinic_event_id")
        env.invalidate_all()
        _res, floor_time, floor_queries = measure(
            cr, lambda: env["account.move"].create(vals_list)
        )
        cr.rollback()

    print(f"{args.events} appointments, {args.clients} clients")
    checkout_cpu, floor_cpu = CPU_TIMES
    print(f"{'':24}{'seconds':>10}{'queries':>10}{'CPU s':>10}")
    print(
        f"{'express checkout':24}{checkout_time:10.2f}{checkout_queries:10d}"
        f"{checkout_cpu:10.2f}"
    )
    print(
        f"{'account.move.create':24}{floor_time:10.2f}{floor_queries:10d}"
        f"{floor_cpu:10.2f}"
    )
    print(
        f"overhead: x{checkout_time / floor_time:.2f} time "
        f"(x{checkout_cpu / floor_cpu:.2f} CPU), "
        f"+{checkout_queries - floor_queries} queries"
    )


if __name__ == "__main__":
    main()
