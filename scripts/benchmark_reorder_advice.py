"""Time the reorder advice refresh on a clinic of 2,000 items x 2 warehouses.

Run through scripts/benchmark-reorder-advice (it finds Odoo). In a database
where clinic_dispensary is installed, creates --items storable items with a
supplier, a second warehouse, stock in both, two years of usage (a delivery
to clients every --every days per item and warehouse) and --appointments
booked appointments over the next 60 days, of 50 appointment types using 3
items each. Then times ``clinic.reorder.advice.action_compute`` (advice rows
and the stock-out risk of the appointments ahead) and prints wall time,
query count and CPU seconds. Everything is rolled back: the database is
left as it was.

Items, suppliers, types and appointments are created through the ORM; the
history moves and quants, hundreds of thousands of rows, are inserted in
SQL as done moves (the advice reads them in SQL too): through Odoo's stock
validation they would take hours to set up.
"""

import argparse
import time
from datetime import datetime, timedelta

from _bench import HEADER, measure, row

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import config


def make_clinic(env, args):
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
    if len(warehouses) < 2:
        warehouses |= env["stock.warehouse"].create(
            {"name": "Benchmark annex", "code": "BNX", "company_id": company.id}
        )
    warehouses = warehouses[:2]
    suppliers = env["res.partner"].create(
        [{"name": f"Benchmark supplier {index}"} for index in range(20)]
    )
    items = env["product.product"].create(
        [
            {
                "name": f"Benchmark consumable {index}",
                "is_storable": True,
                "standard_price": 3.0,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": suppliers[index % len(suppliers)].id,
                            "delay": 3 + index % 10,
                            "min_qty": 10 * (index % 3),
                            "price": 3.0,
                        }
                    )
                ],
            }
            for index in range(args.items)
        ]
    )
    types = env["calendar.event.type"].create(
        [
            {
                "name": f"Benchmark treatment {index}",
                "clinic_billable": True,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": items[(3 * index + line) % len(items)].id}
                    )
                    for line in range(3)
                ],
            }
            for index in range(50)
        ]
    )
    cr = env.cr
    env.flush_all()
    customers = env.ref("stock.stock_location_customers")
    stocks = [warehouse.lot_stock_id.id for warehouse in warehouses]
    # Two years of usage: 1 to 4 units every --every days, item by item.
    cr.execute(
        """
        INSERT INTO stock_move (name, company_id, product_id, product_uom,
                                location_id, location_dest_id, procure_method,
                                product_uom_qty, product_qty, quantity, state,
                                date, picked, create_uid, write_uid,
                                create_date, write_date)
        SELECT 'Benchmark usage', %(company)s, p.id, t.uom_id, s.id, %(customers)s,
               'make_to_stock', q.qty, q.qty, q.qty, 'done',
               now() - make_interval(days => d.day), true, 1, 1, now(), now()
          FROM product_product p
          JOIN product_template t ON t.id = p.product_tmpl_id
          CROSS JOIN unnest(%(stocks)s::int[]) AS s(id)
          CROSS JOIN generate_series(1, 730, %(every)s) AS d(day)
          CROSS JOIN LATERAL (SELECT 1 + (p.id + d.day) %% 4 AS qty) q
         WHERE p.id = ANY(%(items)s)
        """,
        {
            "company": company.id,
            "customers": customers.id,
            "stocks": stocks,
            "every": args.every,
            "items": items.ids,
        },
    )
    moves = cr.rowcount
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                 reserved_quantity, in_date, create_uid,
                                 write_uid, create_date, write_date)
        SELECT p.id, s.id, %(company)s, (p.id %% 50), 0, now(), 1, 1, now(), now()
          FROM product_product p
          CROSS JOIN unnest(%(stocks)s::int[]) AS s(id)
         WHERE p.id = ANY(%(items)s)
        """,
        {"company": company.id, "stocks": stocks, "items": items.ids},
    )
    env.invalidate_all()
    client = env["res.partner"].create({"name": "Benchmark client"})
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    Event = env["calendar.event"].with_context(
        clinic_skip_stock_risk=True, no_mail_to_attendees=True
    )
    Event.create(
        [
            {
                "name": f"Benchmark appointment {index}",
                "start": now + timedelta(days=1 + index % 60, hours=index % 8),
                "stop": now + timedelta(days=1 + index % 60, hours=index % 8 + 1),
                "client_id": client.id,
                "partner_ids": [Command.set(client.ids)],
                "categ_ids": [Command.set(types[index % len(types)].ids)],
            }
            for index in range(args.appointments)
        ]
    )
    return items, warehouses, moves


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--appointments", type=int, default=3000)
    parser.add_argument(
        "--every", type=int, default=7, help="days between two usage moves"
    )
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        start = time.perf_counter()
        items, warehouses, moves = make_clinic(env, args)
        env.flush_all()
        setup_time = time.perf_counter() - start
        Advice = env["clinic.reorder.advice"]
        rows, compute = measure(env, Advice.action_compute)
        _rows, again = measure(env, Advice.action_compute)
        flagged = Advice.search_count(
            [("product_id", "in", items.ids), ("needs_reorder", "=", True)]
        )
        at_risk = env["calendar.event"].search_count([("clinic_stock_risk", "=", True)])
        cr.rollback()

    print(
        f"{len(items)} items x {len(warehouses)} warehouses, {moves} usage moves "
        f"over two years, {args.appointments} booked appointments; data "
        f"created in {setup_time:.0f} s"
    )
    print(HEADER)
    print(row(f"compute {rows} rows", compute))
    print(row("compute again", again))
    print(f"rows needing reorder: {flagged}; appointments at risk: {at_risk}")


if __name__ == "__main__":
    main()
