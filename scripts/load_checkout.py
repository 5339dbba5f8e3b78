"""Load Express Checkout in Odoo's multi-process mode (scripts/load-checkout).

Three steps, run by the wrapper around a server it starts with --workers:

setup   in-process: a reception user, one appointment type, a few clients and
        N appointments to bill, committed; their ids go to the state file.
run     over HTTP only: C concurrent receptionists (threads), each round
        refreshing the appointments still to bill and checking out a random
        subset of them through JSON-RPC (clinic.express.checkout create +
        action_create_invoices), all starting together; until nothing is
        left to bill or the rounds run out.
verify  in-process: exactly one live invoice line per appointment; every
        refusal was "being billed by someone else" or "already billed"; no
        server error; the Odoo log has no traceback and no error; then the
        figures.
"""

import argparse
import json
import random
import re
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta

LOGIN = "load_reception"
PASSWORD = "load_reception"  # throwaway database, dropped at the end
REFUSALS = {
    "locked": "being billed by someone else",
    "already billed": "already billed",
}


# ----------------------------------------------------------------------
# setup / verify: in-process Odoo
# ----------------------------------------------------------------------
def odoo_env(database, odoo_args):
    import odoo
    from odoo.tools import config

    config.parse_config(["-d", database, *odoo_args])
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(database)


def setup(args):
    from odoo import SUPERUSER_ID, Command, api

    registry = odoo_env(args.database, args.odoo_args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        company = env.ref("base.main_company")
        env["res.users"].create(
            {
                "name": "Load Reception",
                "login": LOGIN,
                "password": PASSWORD,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set(
                        [env.ref("clinic_dispensary.group_clinic_reception").id]
                    )
                ],
            }
        )
        event_type = env["calendar.event.type"].create(
            {"name": "Load Visit", "clinic_billable": True, "price": 90.0}
        )
        event_type._ensure_products()
        clients = env["res.partner"].create(
            [{"name": f"Load client {i}"} for i in range(args.patients)]
        )
        start = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
        events = env["calendar.event"].create(
            [
                {
                    "name": f"Load appointment {i}",
                    "start": start + timedelta(minutes=10 * i),
                    "stop": start + timedelta(minutes=10 * i + 30),
                    "client_id": clients[i % len(clients)].id,
                    "categ_ids": [Command.set(event_type.ids)],
                    "company_id": company.id,
                }
                for i in range(args.events)
            ]
        )
        state = {"events": events.ids, "clients": clients.ids}
    with open(args.state, "w") as file:
        json.dump(state, file)
    print(f"Set up {len(events)} appointments for {len(clients)} clients.")


def verify(args):
    from odoo import SUPERUSER_ID, api

    with open(args.state) as file:
        state = json.load(file)
    problems = []
    registry = odoo_env(args.database, args.odoo_args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        live = Counter(
            {
                event.id: count
                for event, count in env["account.move.line"]._read_group(
                    [
                        ("clinic_event_id", "in", state["events"]),
                        ("parent_state", "!=", "cancel"),
                        ("clinic_line_role", "in", [False, "appointment"]),
                    ],
                    ["clinic_event_id"],
                    ["__count"],
                )
            }
        )
        wrong = {e: live[e] for e in state["events"] if live[e] != 1}
        if wrong:
            problems.append(f"appointments without exactly one live line: {wrong}")
        invoices = env["account.move"].search_count(
            [("partner_id", "in", state["clients"])]
        )
    results = state["results"]
    kinds = Counter(result["kind"] for result in results)
    for result in results:
        if result["kind"] == "error":
            problems.append(f"server error: {result['message'][:300]}")
    with open(args.log, errors="replace") as file:
        log = file.read()
    retries = len(re.findall(r"tries left, try again", log))
    for pattern in (
        r"Traceback",
        r" (ERROR|CRITICAL) ",
        r"maximum number of tries reached",
        r"TransactionRollbackError|could not serialize",
    ):
        hits = re.findall(rf"^.*{pattern}.*$", log, re.M)
        if hits:
            problems.append(f"Odoo log has {len(hits)} x {pattern!r}: {hits[0][:300]}")
    seconds = state["seconds"]
    checkouts = kinds["ok"]
    billed = sum(len(r["events"]) for r in results if r["kind"] == "ok")
    print(
        f"{args.receptionists} concurrent receptionists, {args.workers} workers, "
        f"{len(state['events'])} appointments, {state['rounds']} rounds, "
        f"{seconds:.1f} s"
    )
    print(
        f"checkouts: {checkouts} ({checkouts / seconds:.2f}/s) billing {billed} "
        f"appointments ({billed / seconds:.2f}/s) in {invoices} invoices; "
        f"checkout requests: {len(results)} ({len(results) / seconds:.2f}/s)"
    )
    print(
        f"refused: {kinds['locked']} being billed by someone else, "
        f"{kinds['already billed']} already billed; server errors: "
        f"{kinds['error']}; serialization retries in the log: {retries}"
    )
    for label, selected in (
        ("checkout", ("ok",)),
        ("refusal", tuple(REFUSALS)),
    ):
        latencies = sorted(r["seconds"] for r in results if r["kind"] in selected)
        if latencies:
            print(
                f"{label} latency: median {latencies[len(latencies) // 2]:.2f} s, "
                f"max {latencies[-1]:.2f} s"
            )
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print("OK: one live invoice line per appointment, only clear refusals.")


# ----------------------------------------------------------------------
# run: JSON-RPC clients
# ----------------------------------------------------------------------
class Client:
    def __init__(self, url, database):
        self.url = url.rstrip("/") + "/jsonrpc"
        self.database = database
        self.uid = self.call("common", "login", database, LOGIN, PASSWORD)
        if not self.uid:
            raise SystemExit(f"Cannot log in as {LOGIN}")

    def call(self, service, method, *args):
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": service, "method": method, "args": args},
                "id": random.randint(1, 10**9),
            }
        ).encode()
        request = urllib.request.Request(
            self.url, body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            reply = json.loads(response.read())
        if "error" in reply:
            raise RpcError(reply["error"])
        return reply["result"]

    def execute(self, model, method, *args):
        return self.call(
            "object",
            "execute_kw",
            self.database,
            self.uid,
            PASSWORD,
            model,
            method,
            list(args),
        )


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {self.message}")


def classify(error):
    if error.name == "odoo.exceptions.UserError":
        for kind, text in REFUSALS.items():
            if text in error.message:
                return kind
    return "error"


def run(args):
    with open(args.state) as file:
        state = json.load(file)
    event_ids = state["events"]
    clients = [Client(args.url, args.database) for _i in range(args.receptionists)]
    rng = random.Random(args.seed)
    results = []
    lock = threading.Lock()

    def receptionist(client, seed, barrier, rounds_left):
        rng = random.Random(seed)
        for _round in range(rounds_left):
            barrier.wait()
            # The Express Checkout screen, refreshed.
            to_bill = client.execute(
                "calendar.event",
                "search",
                [("id", "in", event_ids), ("billing_state", "=", "to_bill")],
            )
            if not to_bill:
                continue
            chosen = rng.sample(to_bill, min(len(to_bill), rng.randint(2, 6)))
            started = time.perf_counter()
            try:
                wizard = client.execute(
                    "clinic.express.checkout",
                    "create",
                    {"event_ids": [(6, 0, chosen)]},
                )
                client.execute(
                    "clinic.express.checkout", "action_create_invoices", [wizard]
                )
                kind, message = "ok", ""
            except RpcError as error:
                kind, message = classify(error), f"{error}\n{error.debug}"
            except Exception as error:  # noqa: BLE001 - HTTP failure: report it
                kind, message = "error", repr(error)
            with lock:
                results.append(
                    {
                        "kind": kind,
                        "message": message,
                        "events": chosen,
                        "seconds": time.perf_counter() - started,
                    }
                )

    barrier = threading.Barrier(len(clients))
    threads = [
        threading.Thread(
            target=receptionist,
            args=(client, rng.randrange(10**9), barrier, args.rounds),
        )
        for client in clients
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state.update(
        results=results,
        seconds=time.perf_counter() - started,
        rounds=args.rounds,
    )
    with open(args.state, "w") as file:
        json.dump(state, file)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=["setup", "run", "verify"])
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--patients", type=int, default=5)
    parser.add_argument("--receptionists", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--url")
    parser.add_argument("--log")
    argv = sys.argv[1:]
    # Odoo's own options (addons path, database connection) after "--".
    split = argv.index("--") if "--" in argv else len(argv)
    odoo_args = argv[split + 1 :]
    args = parser.parse_args(argv[:split])
    args.odoo_args = odoo_args
    {"setup": setup, "run": run, "verify": verify}[args.step](args)


if __name__ == "__main__":
    main()
