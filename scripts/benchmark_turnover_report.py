"""Time the Inventory Turnover report on 200,000 valued stock moves.

Run through scripts/benchmark-turnover-report (it finds Odoo). In a database
where clinic_dispensary is installed, creates --items storable items in two
warehouses and --moves done stock moves with their valuation layers spread
over the last two years: per item and warehouse, a receipt from a supplier
every fifth move, the others dispensed to clients, consumed by appointments
(the Clinic Consumption location) or lost in a count with a reason (waste),
one to four units at 3.00.
Then reads the report the way its pivot does (``read_group``): by month over
everything, and by item for one month; median of three runs each, with the
query count and the CPU seconds of the Odoo process. Everything is rolled
back: the database is left as it was.

Items are created through the ORM; the moves and layers are inserted in SQL
(two statements): through Odoo's stock validation they would take hours.
"""

import argparse
import statistics
import time

from _bench import measure

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def make_history(env, args):
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
    if len(warehouses) < 2:
        warehouses |= env["stock.warehouse"].create(
            {"name": "Benchmark annex", "code": "BNX", "company_id": company.id}
        )
    warehouses = warehouses[:2]
    items = env["product.product"].create(
        [
            {
                "name": f"Benchmark turnover item {index}",
                "is_storable": True,
                "standard_price": 3.0,
            }
            for index in range(args.items)
        ]
    )
    env.flush_all()
    per_pair = max(1, args.moves // (len(items) * len(warehouses)))
    cr = env.cr
    # Move kinds by their rank k for an item and warehouse: k % 5 = 0 a
    # receipt of 20, 1 and 3 a delivery to a client, 2 a consumption, 4 a
    # reason-coded count loss; one to four units out, a move every 730 / per_pair days.
    cr.execute(
        """
        INSERT INTO stock_move (name, company_id, product_id, product_uom,
                                location_id, location_dest_id, procure_method,
                                product_uom_qty, product_qty, quantity, state,
                                date, picked, price_unit, is_inventory,
                                clinic_reason_tag_id, create_uid, write_uid,
                                create_date, write_date)
        SELECT 'Benchmark turnover', %(company)s, p.id, t.uom_id,
               CASE WHEN k.k %% 5 = 0 THEN %(suppliers)s ELSE s.id END,
               CASE k.k %% 5 WHEN 0 THEN s.id
                             WHEN 2 THEN %(consumption)s
                             WHEN 4 THEN %(loss_location)s
                             ELSE %(customers)s END,
               'make_to_stock', q.qty, q.qty, q.qty, 'done',
               now() - make_interval(days => 730 - k.k * 730 / %(per_pair)s),
               true, 3.0, k.k %% 5 = 4,
               CASE WHEN k.k %% 5 = 4 THEN %(loss)s END, 1, 1, now(), now()
          FROM product_product p
          JOIN product_template t ON t.id = p.product_tmpl_id
          CROSS JOIN unnest(%(stocks)s::int[]) AS s(id)
          CROSS JOIN generate_series(0, %(per_pair)s - 1) AS k(k)
          CROSS JOIN LATERAL (
               SELECT CASE WHEN k.k %% 5 = 0 THEN 20
                           ELSE 1 + (p.id + k.k) %% 4 END AS qty) q
         WHERE p.id = ANY(%(items)s)
        """,
        {
            "company": company.id,
            "suppliers": env.ref("stock.stock_location_suppliers").id,
            "customers": env.ref("stock.stock_location_customers").id,
            "consumption": company._clinic_consumption_location().id,
            "loss_location": env["stock.location"]
            .search(
                [("usage", "=", "inventory"), ("company_id", "=", company.id)],
                limit=1,
            )
            .id,
            "loss": env.ref("clinic_dispensary.stock_reason_loss").id,
            "stocks": [warehouse.lot_stock_id.id for warehouse in warehouses],
            "per_pair": per_pair,
            "items": items.ids,
        },
    )
    moves = cr.rowcount
    cr.execute(
        """
        INSERT INTO stock_valuation_layer (company_id, product_id, stock_move_id,
                                           quantity, unit_cost, value,
                                           remaining_qty, remaining_value,
                                           description, create_uid, write_uid,
                                           create_date, write_date)
        SELECT m.company_id, m.product_id, m.id,
               CASE WHEN src.usage = 'internal' THEN -m.quantity
                    ELSE m.quantity END,
               3.0,
               CASE WHEN src.usage = 'internal' THEN -3.0 ELSE 3.0 END
                   * m.quantity,
               0, 0, m.name, 1, 1, m.date, m.date
          FROM stock_move m
          JOIN stock_location src ON src.id = m.location_id
         WHERE m.product_id = ANY(%(items)s)
        """,
        {"items": items.ids},
    )
    layers = cr.rowcount
    cr.execute("ANALYZE stock_move")
    cr.execute("ANALYZE stock_valuation_layer")
    return items, warehouses, moves, layers


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--moves", type=int, default=200000)
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of the view"
    )
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        start = time.perf_counter()
        items, warehouses, moves, layers = make_history(env, args)
        setup_time = time.perf_counter() - start
        Report = env["clinic.turnover.report"]
        aggregates = [
            "cogs:sum",
            "avg_inventory_value:sum",
            "turn_rate",
            "days_of_inventory",
            "holding_cost:sum",
            "waste_cost:sum",
        ]
        months = Report.read_group([], ["month"], ["month:month"], lazy=False)
        last_full = months[-2]["__domain"]
        readings = {
            "by month, everything": lambda: Report.read_group(
                [], aggregates, ["month:month"], lazy=False
            ),
            "by item, one month": lambda: Report.read_group(
                last_full, aggregates, ["product_id"], lazy=False
            ),
        }
        results = {}
        for label, read in readings.items():
            runs = [measure(env, read) for _run in range(3)]
            figures = [run_figures for _result, run_figures in runs]
            results[label] = (
                len(runs[0][0]),
                statistics.median(run.seconds for run in figures),
                max(run.queries for run in figures),
                statistics.median(run.cpu for run in figures),
                [run.seconds for run in figures],
            )
        rows = Report.search_count([])
        if args.explain:
            cr.execute(
                SQL(
                    "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM (%s) r",
                    Report._table_query,
                )
            )
            print("\n".join(row[0] for row in cr.fetchall()))
        cr.rollback()

    print(
        f"{len(items)} items x {len(warehouses)} warehouses: {moves} done moves "
        f"with {layers} valuation layers over two years, {rows} report rows; "
        f"data created in {setup_time:.0f} s"
    )
    print(
        f"{'read_group (median of 3)':34}{'groups':>8}{'seconds':>10}"
        f"{'queries':>10}{'CPU s':>10}"
    )
    for label, (groups, seconds, queries, cpu, runs) in results.items():
        print(
            f"{label:34}{groups:8d}{seconds:10.2f}{queries:10d}{cpu:10.2f}"
            f"   runs: {', '.join(f'{run:.2f}' for run in runs)}"
        )


if __name__ == "__main__":
    main()
