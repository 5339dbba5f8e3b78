"""Time Express Checkout against its floor: one batched account.move.create.

Run through scripts/benchmark-checkout (it finds Odoo). Creates N
appointments for M clients in a database where clinic_dispensary is
installed, checks them out, then creates the same invoices directly with one
account.move.create() call, and prints wall time and query count of both.
With --package-share S, that share of the clients first buy an active
treatment package covering the appointments' item (sold and posted before
the timing), so checkout draws their sessions down; the floor then creates
the same invoices, *Paid by package* lines included.
Everything is rolled back: the database is left as it was.
"""

import argparse
import math
from datetime import datetime, timedelta

from _bench import HEADER, measure, row

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import config


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--clients", type=int, default=150)
    parser.add_argument(
        "--package-share",
        type=float,
        default=0.0,
        help="share of the clients holding a treatment package (0 to 1)",
    )
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
        holders = sell_packages(env, event_type, clients, args)
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
        _res, checkout = measure(env, wizard.action_create_invoices, invalidate=False)
        assert len(wizard.invoice_ids) == len(clients)
        # A session paid by package has its Paid by package line, and may
        # have a cent of tax rounding beside it (on breakage): not counted.
        breakage = env.company._clinic_package_breakage_account()
        paid_by_package = wizard.invoice_ids.invoice_line_ids.filtered(
            lambda line: (
                line.clinic_line_role == "package" and line.account_id != breakage
            )
        )
        assert len(paid_by_package) == sum(
            len(events.filtered(lambda e, c=c: e.client_id == c)) for c in holders
        ), "every appointment of a package holder is paid by its package"

        # The floor: the same invoices, built by hand, in one create().
        events2 = make_events()
        vals_list = wizard._prepare_invoices_vals(events2)
        for vals in vals_list:
            for _cmd, _id, line in vals["invoice_line_ids"]:
                # Paid by package lines have no appointment of their own.
                line.pop("clinic_event_id", None)
        floor_paid = sum(
            line.get("clinic_line_role") == "package"
            and line.get("account_id") != breakage.id
            for vals in vals_list
            for _cmd, _id, line in vals["invoice_line_ids"]
        )
        assert floor_paid == len(paid_by_package), "the floor bills the same"
        env.invalidate_all()
        _res, floor = measure(
            env, lambda: env["account.move"].create(vals_list), invalidate=False
        )
        cr.rollback()

    print(f"{args.events} appointments, {args.clients} clients")
    if holders:
        print(
            f"{len(holders)} clients hold a package: "
            f"{len(paid_by_package)} sessions paid by package"
        )
    print(HEADER)
    print(row("express checkout", checkout))
    print(row("account.move.create", floor))
    print(
        f"overhead: x{checkout.seconds / floor.seconds:.2f} time "
        f"(x{checkout.cpu / floor.cpu:.2f} CPU), "
        f"+{checkout.queries - floor.queries} queries"
    )


def sell_packages(env, event_type, clients, args):
    """Sell a treatment package covering the appointments' item to the first
    ``--package-share`` of the clients, invoices posted: their packages are
    active before the timing starts. Enough sessions for both runs (the
    checkout and the floor's line values both draw them down)."""
    holders = clients[: round(len(clients) * args.package_share)]
    if not holders:
        return holders
    per_client = math.ceil(args.events / len(clients))
    sessions = max(6, 2 * per_client)
    offer = env["clinic.package"].create(
        {
            "name": f"Benchmark {sessions} Sessions",
            "package_type": "treatment",
            "price": 80.0 * sessions,
            "validity_days": 365,
            "line_ids": [
                Command.create(
                    {"product_id": event_type.product_id.id, "quantity": sessions}
                )
            ],
        }
    )
    packages = env["clinic.patient.package"]._clinic_sell(
        [{"package_id": offer.id, "partner_id": client.id} for client in holders]
    )
    packages.invoice_id.filtered(lambda inv: inv.state == "draft").action_post()
    assert set(packages.mapped("state")) == {"active"}
    return holders


if __name__ == "__main__":
    main()
