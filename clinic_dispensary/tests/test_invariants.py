# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invariants of the clinic's books and stock, checked after every step of
random sequences of what reception, accountants and managers do.

Hypothesis drives a state machine whose rules are the users' paths
(checkout, edits of a draft, posting, cancelling, returns with credit,
credits, counts, the expiry sweep, recalls); after each step the
invariants are checked against the database. Each sequence runs in its own
savepoint, rolled back at its end, so every sequence starts from the same
clinic. The seed is fixed (``derandomize``) and the sequences bounded: the
test is deterministic and takes a couple of minutes.

A failing sequence is printed step by step (``state.checkout(...)`` and
the values drawn, ``Draw n (label): ...``) with the invariant it broke;
CLINIC_INVARIANTS_SHRINK=1 shrinks it to a minimal one first.
"""

import logging
import os
import time
from collections import defaultdict
from datetime import timedelta

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL, float_compare, float_is_zero

from .common_batch import BatchSafetyCommon

_logger = logging.getLogger(__name__)

# Bounded and seeded for CI (about two minutes). To explore further:
# CLINIC_INVARIANTS_EXAMPLES=200 CLINIC_INVARIANTS_STEPS=30, and
# CLINIC_INVARIANTS_RANDOM=1 for new random sequences on each run.
MAX_EXAMPLES = int(os.environ.get("CLINIC_INVARIANTS_EXAMPLES", 15))
STEPS_PER_SEQUENCE = int(os.environ.get("CLINIC_INVARIANTS_STEPS", 16))
RANDOM = os.environ.get("CLINIC_INVARIANTS_RANDOM") == "1"

# Shrinking a failing sequence to a minimal one takes minutes: off in CI
# (the failing sequence is printed as found), on with
# CLINIC_INVARIANTS_SHRINK=1.
SHRINK = os.environ.get("CLINIC_INVARIANTS_SHRINK") == "1"


def recall_lot(env, lot, reason):
    """Recall ``lot`` as a clinic manager does: the lot's Recall button, the
    wizard's Recall. The one place that knows how a recall is made."""
    action = lot.with_env(env).action_clinic_recall()
    form = Form(env[action["res_model"]].with_context(**action["context"]))
    form.reason = reason
    form.letter_mode = "none"
    return form.save().action_confirm()


class ClinicMachine(RuleBasedStateMachine):
    """Random sequences of the clinic's operations, checked step by step.

    What the machine remembers (``self.lines``) is what each storable
    checkout invoice line should have dispensed according to the addon's
    rules: a line leaves stock when its invoice is checked out or posted
    (not when it is added to a draft), stays out when the invoice goes back
    to draft, comes back when the invoice is cancelled or the line deleted;
    a return with credit lowers what it keeps dispensed by the units
    credited. A line of the new draft that *Reverse and create new draft*
    makes dispenses only what it bills beyond what its goods had delivered
    for the invoice it replaces (``before``).
    """

    case = None  # the TransactionCase running the machine
    stats = defaultdict(int)
    times = defaultdict(float)

    def __init__(self):
        super().__init__()
        self.env = self.case.env
        self.stats["sequences"] += 1
        # Each sequence in its own savepoint, rolled back in teardown().
        self.env.cr.flush()
        self._savepoint = f"clinic_invariants_{self.stats['sequences']}"
        self.env.cr.execute(SQL("SAVEPOINT %s", SQL.identifier(self._savepoint)))
        # line id -> {"dispensed": bool, "credited": units credited back,
        # "before": units its goods delivered for the invoice it replaces}
        self.lines = {}
        # deleted line id -> ids of the stock moves it had
        self.deleted_lines = {}
        self.invoice_ids = []
        # lot id -> last stock move id before the lot expired (was
        # recalled): no later move takes it to a client.
        self.expired_after = dict(self.case.expired_after)
        self.recalled_after = {}
        self.snapshot = {}

    def teardown(self):
        cr = self.env.cr
        cr.clear()
        cr.execute(SQL("ROLLBACK TO SAVEPOINT %s", SQL.identifier(self._savepoint)))
        cr.execute(SQL("RELEASE SAVEPOINT %s", SQL.identifier(self._savepoint)))
        self.env.invalidate_all(flush=False)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _run(self, label, operation):
        """Run one user operation in its own savepoint. A refusal (UserError,
        ValidationError) must leave nothing behind: the savepoint is rolled
        back and the invariants check it. Returns whether it succeeded."""
        self.stats["steps"] += 1
        started = time.perf_counter()
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
        except (UserError, ValidationError) as error:
            self.stats[f"refused: {label}"] += 1
            _logger.debug("%s refused: %s", label, error)
            self.env.invalidate_all(flush=False)
            return False
        finally:
            self.times[label] += time.perf_counter() - started
        self.stats[label] += 1
        return True

    def _has(self, key):
        return bool(self.snapshot.get(key))

    def _draw(self, data, key, label):
        """One of the records listed under ``key`` in the snapshot."""
        model, ids = self.snapshot[key]
        return self.env[model].browse(data.draw(st.sampled_from(ids), label=label))

    def _storable_lines(self, invoices):
        return invoices.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.product_id.is_storable
        )

    def _track_new_lines(self, invoices, dispensed, before=None):
        for line in self._storable_lines(invoices):
            self.lines.setdefault(
                line.id,
                {
                    "dispensed": dispensed,
                    "credited": 0.0,
                    "before": (before or {}).get(line.id, 0.0),
                },
            )

    def _expected_out(self, line):
        """Units the line itself should have taken to its client."""
        state = self.lines[line.id]
        if not state["dispensed"] or line.parent_state == "cancel":
            return 0.0
        return max(line.quantity - state["before"], 0.0) - state["credited"]

    def _last_move_id(self):
        self.env.flush_all()
        return self.env["stock.move"].search([], order="id desc", limit=1).id

    # ------------------------------------------------------------------
    # Setup of a sequence
    # ------------------------------------------------------------------
    @initialize(
        shortage=st.sampled_from(["refuse", "flag"]),
        data=st.data(),
        post=st.booleans(),
        client=st.integers(0, 1),
        amount=st.sampled_from([35.0, 120.0]),
    )
    def open_the_day(self, shortage, data, post, client, amount):
        """The company refuses a checkout short of stock, or dispenses what
        there is and flags the rest as pending; the day starts with a first
        checkout and a client's credit (so that every sequence has invoices
        and credits to work on)."""
        self.case.company.clinic_stock_shortage = shortage
        self._checkout(data, self.case.events.ids, post)
        self.new_credit(client, amount)

    # ------------------------------------------------------------------
    # Rules: reception
    # ------------------------------------------------------------------
    @precondition(lambda self: self._has("to_bill"))
    @rule(data=st.data(), post=st.booleans())
    def checkout(self, data, post):
        """Reception bills some appointments; the invoices are posted at
        once (the usual path) or left in draft."""
        self._checkout(data, self.snapshot["to_bill"][1], post)

    def _checkout(self, data, to_bill, post):
        case = self.case
        chosen = data.draw(
            st.lists(st.sampled_from(to_bill), min_size=1, max_size=3, unique=True),
            label="appointments",
        )
        events = self.env["calendar.event"].browse(chosen)
        result = {}

        def operation():
            wizard = (
                self.env(user=case.user_reception)["clinic.express.checkout"]
                .with_company(case.company)
                .create({"event_ids": [Command.set(events.ids)]})
            )
            wizard.action_create_invoices()
            result["invoices"] = wizard.invoice_ids.with_env(self.env)

        if self._run("checkout", operation):
            invoices = result["invoices"]
            self.invoice_ids += invoices.ids
            self._track_new_lines(invoices, dispensed=True)
            if post:
                for invoice in invoices:
                    self._post(invoice)

    # ------------------------------------------------------------------
    # Rules: editing and posting invoices
    # ------------------------------------------------------------------
    @precondition(lambda self: self._has("draft"))
    @rule(data=st.data(), quantity=st.integers(1, 2))
    def add_line(self, data, quantity):
        """A retail item added to a draft checkout invoice."""
        invoice = self._draw(data, "draft", "invoice")
        product = data.draw(st.sampled_from(self.case.retail_products), label="item")

        def operation():
            invoice.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": quantity,
                                "price_unit": product.list_price,
                            }
                        )
                    ]
                }
            )

        if self._run("add line", operation):
            # Dispensed when the invoice is posted.
            self._track_new_lines(invoice, dispensed=False)

    @precondition(lambda self: self._has("draft"))
    @rule(data=st.data())
    def delete_line(self, data):
        invoice = self._draw(data, "draft", "invoice")
        lines = invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        if not lines:
            return
        line = lines.browse(data.draw(st.sampled_from(lines.ids), label="line"))
        moves = set(line.clinic_stock_move_ids.ids)

        def operation():
            invoice.write({"invoice_line_ids": [Command.delete(line.id)]})

        if self._run("delete line", operation) and line.id in self.lines:
            self.deleted_lines[line.id] = moves
            del self.lines[line.id]

    @precondition(lambda self: self._has("draft"))
    @rule(data=st.data())
    def post(self, data):
        self._post(self._draw(data, "draft", "invoice"))

    def _post(self, invoice):
        if self._run("post", invoice.action_post):
            for line in self._storable_lines(invoice):
                if not self.lines[line.id]["dispensed"]:
                    self.lines[line.id].update(dispensed=True)

    @precondition(lambda self: self._has("posted"))
    @rule(data=st.data())
    def reset_to_draft(self, data):
        # What was dispensed stays out: the invoice still bills it.
        self._run("reset to draft", self._draw(data, "posted", "invoice").button_draft)

    @precondition(lambda self: self._has("draft") or self._has("posted"))
    @rule(data=st.data(), posted=st.booleans())
    def cancel(self, data, posted):
        key = (
            "posted"
            if (posted and self._has("posted")) or not self._has("draft")
            else "draft"
        )
        invoice = self._draw(data, key, "invoice")
        if self._run("cancel", invoice.button_cancel):
            # What the client returned with a credit stays credited: posting
            # the invoice again does not deliver it again.
            for line in self._storable_lines(invoice):
                self.lines[line.id].update(dispensed=False)

    @precondition(lambda self: self._has("cancel"))
    @rule(data=st.data())
    def draft_from_cancelled(self, data):
        # Its appointments consume again; its items leave when it is posted.
        invoice = self._draw(data, "cancel", "invoice")
        self._run("reset cancelled to draft", invoice.button_draft)

    @precondition(lambda self: self._has("draft") or self._has("cancel"))
    @rule(data=st.data(), cancelled=st.booleans())
    def delete_invoice(self, data, cancelled):
        key = (
            "cancel"
            if (cancelled and self._has("cancel")) or not self._has("draft")
            else "draft"
        )
        invoice = self._draw(data, key, "invoice")
        moves = {
            line.id: set(line.clinic_stock_move_ids.ids)
            for line in self._storable_lines(invoice)
        }
        if self._run("delete invoice", invoice.unlink):
            self.invoice_ids.remove(invoice.id)
            for line_id, move_ids in moves.items():
                self.deleted_lines[line_id] = move_ids
                del self.lines[line_id]

    # ------------------------------------------------------------------
    # Rules: returns and credits
    # ------------------------------------------------------------------
    @precondition(lambda self: self._has("delivered"))
    @rule(data=st.data())
    def return_with_credit(self, data):
        """The client brings back one unit of what a posted checkout
        invoice dispensed, and is credited for it."""
        move = self._draw(data, "delivered", "delivery move")
        line = move.clinic_invoice_line_id
        lot = move.move_line_ids.lot_id[:1]

        def operation():
            wizard = (
                self.env["stock.return.picking"]
                .with_context(
                    active_id=move.picking_id.id, active_model="stock.picking"
                )
                .create(
                    {"picking_id": move.picking_id.id, "clinic_create_credit": True}
                )
            )
            for return_line in wizard.product_return_moves:
                return_line.quantity = 1 if return_line.move_id == move else 0
            returned = self.env["stock.picking"].browse(
                wizard.action_create_returns()["res_id"]
            )
            # The lot the client brings back, as entered on the return.
            returned.move_ids.move_line_ids.unlink()
            returned.move_ids.move_line_ids = [
                Command.create(
                    {
                        "product_id": move.product_id.id,
                        "lot_id": lot.id,
                        "quantity": 1,
                        "location_id": returned.location_id.id,
                        "location_dest_id": returned.location_dest_id.id,
                        "picking_id": returned.id,
                    }
                )
            ]
            returned.move_ids.picked = True
            result = returned.button_validate()
            if isinstance(result, dict) and (
                result.get("res_model") == "expiry.picking.confirmation"
            ):
                # The lot came back expired: the user confirms the return.
                result = (
                    self.env[result["res_model"]]
                    .with_context(**result["context"])
                    .create({})
                    .process()
                )
            assert returned.state == "done", f"Return not validated: {result}"

        if self._run("return with credit", operation):
            self.lines[line.id]["credited"] += move.product_id.uom_id._compute_quantity(
                1, line.product_uom_id
            )

    @precondition(lambda self: len(self.snapshot.get("open_credit", ("", []))[1]) < 2)
    @rule(client=st.integers(0, 1), amount=st.sampled_from([10.0, 35.0, 120.0]))
    def new_credit(self, client, amount):
        wizard = self.env["clinic.credit.create"].create(
            {
                "partner_id": self.case.clients[client].id,
                "amount": amount,
                "reason": "Goodwill",
            }
        )
        self._run("new credit", wizard.action_confirm)

    @precondition(lambda self: self._has("open_credit") and self._has("open_invoice"))
    @rule(data=st.data(), part=st.sampled_from([1.0, 0.5]))
    def apply_credit(self, data, part):
        credit = self._draw(data, "open_credit", "credit")
        invoices = self.env["account.move"].browse(self.snapshot["open_invoice"][1])
        invoices = invoices.filtered(
            lambda m: m.commercial_partner_id == credit.partner_id.commercial_partner_id
        )
        if not invoices:
            return
        invoice = invoices.browse(
            data.draw(st.sampled_from(invoices.ids), label="invoice")
        )

        def operation():
            wizard = self.env["clinic.credit.apply"].create(
                {"credit_id": credit.id, "invoice_id": invoice.id}
            )
            line = wizard.line_ids
            line.amount = invoice.currency_id.round(line.amount * part)
            wizard.action_confirm()

        self._run("apply credit", operation)

    @precondition(lambda self: self._has("open_credit") and self._has("open_invoice"))
    @rule(data=st.data(), change=st.sampled_from([None, None, 0.0, 0.5, 2.0]))
    def apply_credit_to_several(self, data, change):
        """Apply a credit to its client's open invoices at once, as the wizard
        offers it (oldest due first until used up) or with the amount of one
        invoice changed: left out, halved, or doubled (refused when it is
        more than the invoice owes or the credit has left)."""
        clients = (
            self.env["account.move"]
            .browse(self.snapshot["open_invoice"][1])
            .commercial_partner_id
        )
        credits = (
            self.env["clinic.client.credit"]
            .browse(self.snapshot["open_credit"][1])
            .filtered(lambda c: c.partner_id.commercial_partner_id in clients)
        )
        if not credits:
            return
        credit = credits.browse(data.draw(st.sampled_from(credits.ids), label="credit"))

        def operation():
            form = Form(
                self.env["clinic.credit.apply"].with_context(
                    default_credit_id=credit.id
                )
            )
            if change is not None and form.line_ids:
                index = data.draw(st.integers(0, len(form.line_ids) - 1), label="line")
                with form.line_ids.edit(index) as line:
                    line.amount = credit.currency_id.round(line.amount * change)
            form.save().action_confirm()

        self._run("apply credit to several", operation)

    @precondition(lambda self: self._has("applied_credit"))
    @rule(data=st.data())
    def unapply_credit(self, data):
        credit = self._draw(data, "applied_credit", "credit")
        invoices = credit.move_line_id.matched_debit_ids.debit_move_id.move_id
        invoices = invoices.filtered(lambda m: m.move_type == "out_invoice")
        invoice = invoices.browse(
            data.draw(st.sampled_from(sorted(invoices.ids)), label="invoice")
        )

        def operation():
            self.env["clinic.credit.unapply"].create(
                {"credit_id": credit.id, "invoice_id": invoice.id}
            ).action_confirm()

        self._run("unapply credit", operation)

    @precondition(lambda self: self._has("open_credit"))
    @rule(data=st.data(), part=st.sampled_from([1.0, 0.5]))
    def refund_credit(self, data, part):
        """Pay (part of) a credit back to the client."""
        credit = self._draw(data, "open_credit", "credit")

        def operation():
            wizard = self.env["clinic.credit.refund"].create({"credit_id": credit.id})
            wizard.amount = credit.currency_id.round(wizard.amount * part)
            wizard.action_confirm()

        self._run("refund credit", operation)

    @precondition(lambda self: self._has("open_invoice"))
    @rule(data=st.data())
    def reverse_invoice(self, data):
        """Odoo's Credit Note button on a posted checkout invoice."""
        invoice = self._draw(data, "open_invoice", "invoice")

        def operation():
            self.env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"journal_id": invoice.journal_id.id, "reason": "Refund"}
            ).refund_moves()

        self._run("reverse invoice", operation)

    @precondition(lambda self: self._has("open_invoice"))
    @rule(data=st.data(), more=st.integers(0, 2))
    def reverse_and_redraft(self, data, more):
        """Odoo's Credit Note button, *Reverse and create new draft*, as a
        user runs it; the new draft bills ``more`` units of its first
        storable line (which posting dispenses)."""
        invoice = self._draw(data, "open_invoice", "invoice")
        result = {}

        def operation():
            form = Form(
                self.env["account.move.reversal"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                )
            )
            form.reason = "Wrong client details"
            action = form.save().modify_moves()
            new = self.env["account.move"].browse(action["res_id"])
            storable = self._storable_lines(new).sorted("id")
            if more and storable:
                storable[0].quantity += more
            result["new"] = new

        if self._run("reverse and redraft", operation):
            new = result["new"]
            self.invoice_ids.append(new.id)
            # The new draft's lines are the invoice's, in the same order:
            # their goods delivered what the invoice's lines took out.
            pairs = zip(
                self._storable_lines(invoice).sorted("id"),
                self._storable_lines(new).sorted("id"),
                strict=True,
            )
            before = {
                new_line.id: self._expected_out(line) + self.lines[line.id]["before"]
                for line, new_line in pairs
            }
            self._track_new_lines(new, dispensed=False, before=before)

    # ------------------------------------------------------------------
    # Rules: stock
    # ------------------------------------------------------------------
    @rule(data=st.data(), quantity=st.integers(0, 6))
    def count(self, data, quantity):
        """A count of one lot on the shelf, applied."""
        case = self.case
        lot = case.lots.browse(data.draw(st.sampled_from(case.lots.ids), label="lot"))

        def operation():
            self.env["stock.quant"].with_context(inventory_mode=True).create(
                {
                    "product_id": lot.product_id.id,
                    "location_id": case.stock.id,
                    "lot_id": lot.id,
                    "inventory_quantity": quantity,
                }
            ).action_apply_inventory()

        self._run("count", operation)

    @precondition(lambda self: len(self.expired_after) < 3)
    @rule(data=st.data())
    def expire_lot(self, data):
        """Time passes: a lot reaches its expiry date."""
        lots = self.case.lots.filtered(lambda lot: lot.id not in self.expired_after)
        if not lots:
            return
        lot = lots.browse(data.draw(st.sampled_from(lots.ids), label="lot"))
        last_move = self._last_move_id()
        lot.expiration_date = fields.Datetime.now() - timedelta(seconds=1)
        self.env.flush_all()
        self.expired_after[lot.id] = last_move
        self.stats["steps"] += 1
        self.stats["expire lot"] += 1

    @precondition(lambda self: self._has("expired_in_stock"))
    @rule()
    def expiry_sweep(self):
        """The daily scheduled action, as the cron runs it."""
        self._run("expiry sweep", self.case.sweep_cron.method_direct_trigger)

    @precondition(lambda self: len(self.recalled_after) < 2)
    @rule(data=st.data())
    def recall(self, data):
        """A lot is recalled; most often one clients received (a maker's
        recall concerns lots in circulation)."""
        case = self.case
        lots = case.lots.filtered(lambda lot: lot.id not in self.recalled_after)
        dispensed = (
            self.env["stock.move.line"]
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_dest_id", "in", case.outlets.ids),
                ]
            )
            .lot_id
        )
        if dispensed and data.draw(st.integers(0, 3), label="lot in circulation"):
            lots = dispensed.sorted("id")
        if not lots:
            return
        lot = lots.browse(data.draw(st.sampled_from(lots.ids), label="lot"))
        last_move = self._last_move_id()
        reason = "Sterility issue reported"
        if self._run(
            "recall", lambda: recall_lot(self.env(user=case.user_manager), lot, reason)
        ):
            self.recalled_after[lot.id] = last_move

    # ------------------------------------------------------------------
    # Invariants
    # ------------------------------------------------------------------
    @invariant()
    def books_and_stock_agree(self):
        started = time.perf_counter()
        self.env.flush_all()
        self.env.invalidate_all()
        self._check_dispensed_as_billed()
        self._check_billing_and_consumption()
        self._check_receivables()
        self._check_lots_and_quarantine()
        self._check_entries_balance()
        self._take_snapshot()
        self.stats["invariant seconds"] += time.perf_counter() - started

    def _take_snapshot(self):
        """What the next rules can work on, read once per step (the
        preconditions use it)."""
        case = self.case
        invoices = self.env["account.move"].search(
            [("id", "in", self.invoice_ids)], order="id"
        )
        by_state = defaultdict(list)
        for invoice in invoices:
            by_state[invoice.state].append(invoice.id)
        open_invoices = invoices.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )
        delivered = (
            self.env["stock.move"]
            .search(
                [
                    ("clinic_invoice_line_id.move_id", "in", by_state["posted"]),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                order="id",
            )
            .filtered(
                lambda m: (
                    float_compare(
                        m.quantity,
                        sum(
                            m.returned_move_ids.filtered(
                                lambda r: r.state == "done"
                            ).mapped("quantity")
                        ),
                        precision_rounding=m.product_uom.rounding,
                    )
                    > 0
                )
            )
        )
        credits = self.env["clinic.client.credit"].search(
            [("partner_id", "in", case.clients.ids)], order="id"
        )
        applied = credits.filtered(
            lambda c: c.move_line_id.matched_debit_ids.debit_move_id.move_id.filtered(
                lambda m: m.move_type == "out_invoice"
            )
        )
        to_bill = case.events.filtered(lambda e: e.billing_state == "to_bill")
        expired_in_stock = self.env["stock.quant"].search(
            [
                ("lot_id", "in", list(self.expired_after)),
                ("location_id.usage", "=", "internal"),
                ("location_id", "not in", case.quarantines.ids),
                ("quantity", ">", 0),
            ]
        )
        self.snapshot = {
            key: (model, ids)
            for key, model, ids in (
                ("draft", "account.move", by_state["draft"]),
                ("posted", "account.move", by_state["posted"]),
                ("cancel", "account.move", by_state["cancel"]),
                ("open_invoice", "account.move", open_invoices.ids),
                ("delivered", "stock.move", delivered.ids),
                (
                    "open_credit",
                    "clinic.client.credit",
                    credits.filtered(lambda c: c.amount_remaining > 0).ids,
                ),
                ("applied_credit", "clinic.client.credit", applied.ids),
                ("to_bill", "calendar.event", to_bill.ids),
                ("expired_in_stock", "stock.quant", expired_in_stock.ids),
            )
            if ids
        }

    def _net_dispensed(self, moves, uom):
        """Net quantity ``moves`` took to clients (out minus back), in
        ``uom``: done, and still pending."""
        net = pending = 0.0
        for move in moves:
            sign = (move.location_dest_id.usage == "customer") - (
                move.location_id.usage == "customer"
            )
            if move.state == "done":
                net += sign * move.product_uom._compute_quantity(move.quantity, uom)
            elif move.state != "cancel":
                pending += sign * move.product_uom._compute_quantity(
                    move.product_uom_qty, uom
                )
        return net, pending

    def _check_dispensed_as_billed(self):
        """Per invoice line: net quantity dispensed = quantity billed while
        the line is live, 0 once cancelled or deleted; and per client and
        item, what clients hold is what live lines bill, whatever the links
        between lines and moves say."""
        case = self.case
        lines = self.env["account.move.line"].search(
            [
                ("move_id", "in", self.invoice_ids),
                ("display_type", "=", "product"),
                ("product_id", "in", case.dispensed_products.ids),
            ]
        )
        assert set(lines.ids) == set(self.lines), (
            f"Storable lines known {sorted(self.lines)}, found {sorted(lines.ids)}"
        )
        billed = defaultdict(float)
        for line in lines:
            state = self.lines[line.id]
            expected = self._expected_out(line)
            uom = line.product_uom_id
            net, pending = self._net_dispensed(line.clinic_stock_move_ids, uom)
            assert float_compare(net + pending, expected, precision_digits=3) == 0, (
                f"{line.move_id.name} ({line.parent_state}) line {line.id}: "
                f"{line.product_id.name} x {line.quantity} dispensed {net} "
                f"(+{pending} pending), expected {expected} ({state})"
            )
            billed[line.partner_id.commercial_partner_id, line.product_id] += (
                uom._compute_quantity(expected, line.product_id.uom_id)
            )
        Move = self.env["stock.move"]
        for line_id, move_ids in self.deleted_lines.items():
            moves = Move.browse(move_ids)
            net, pending = self._net_dispensed(
                moves | moves.returned_move_ids, moves.product_id.uom_id[:1]
            )
            assert float_is_zero(net + pending, precision_digits=3), (
                f"Deleted line {line_id}: {net} (+{pending} pending) still out "
                f"(moves {sorted(move_ids)})"
            )
        held = defaultdict(float)
        for move in Move.search(
            [
                ("product_id", "in", case.dispensed_products.ids),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "=", "customer"),
            ]
        ):
            net, pending = self._net_dispensed(move, move.product_id.uom_id)
            held[move.picking_id.partner_id.commercial_partner_id, move.product_id] += (
                net + pending
            )
        for key in set(held) | set(billed):
            assert float_compare(held[key], billed[key], precision_digits=3) == 0, (
                f"{key[0].name} holds {held[key]} {key[1].name}, billed {billed[key]}"
            )

    def _check_billing_and_consumption(self):
        """No appointment billed by two live lines; non-billable consumables
        consumed once per billed appointment, none when not billed (less
        when the company flags a shortage)."""
        case = self.case
        events = case.events
        live = dict(
            self.env["account.move.line"]._read_group(
                [
                    ("clinic_event_id", "in", events.ids),
                    ("parent_state", "!=", "cancel"),
                    ("clinic_line_role", "in", [False, "appointment"]),
                ],
                ["clinic_event_id"],
                ["__count"],
            )
        )
        consumed = defaultdict(float)
        for event, product, source, destination, uom, quantity in self.env[
            "stock.move"
        ]._read_group(
            [("clinic_event_id", "in", events.ids), ("state", "=", "done")],
            [
                "clinic_event_id",
                "product_id",
                "location_id",
                "location_dest_id",
                "product_uom",
            ],
            ["quantity:sum"],
        ):
            sign = (destination == case.consumption) - (source == case.consumption)
            consumed[event, product] += sign * uom._compute_quantity(
                quantity, product.uom_id
            )
        for event in events:
            count = live.get(event, 0)
            assert count <= 1, f"{event.name} billed by {count} live lines"
            assert (event.billing_state == "billed") == bool(count), (
                f"{event.name} is {event.billing_state} with {count} live lines"
            )
            for product, quantity in case.consumables[event].items():
                expected = quantity if count else 0.0
                done = consumed[event, product]
                short = event.clinic_consumption_shortage and done <= expected
                assert (
                    short or float_compare(done, expected, precision_digits=3) == 0
                ), (
                    f"{event.name} ({event.billing_state}) consumed {done} "
                    f"{product.name}, expected {expected}"
                )

    def _check_receivables(self):
        """Per client: receivable balance = open invoices - remaining credits."""
        case = self.case
        clients = case.clients
        domain = [("partner_id", "in", clients.ids)]
        balance = dict(
            self.env["account.move.line"]._read_group(
                [
                    *domain,
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("company_id", "=", case.company.id),
                ],
                ["partner_id"],
                ["balance:sum"],
            )
        )
        open_amount = dict(
            self.env["account.move"]._read_group(
                [*domain, ("move_type", "=", "out_invoice"), ("state", "=", "posted")],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        credits = dict(
            self.env["clinic.client.credit"]._read_group(
                domain, ["partner_id"], ["amount_remaining:sum"]
            )
        )
        for client in clients:
            due = open_amount.get(client, 0.0) - credits.get(client, 0.0)
            assert (
                float_compare(balance.get(client, 0.0), due, precision_digits=2) == 0
            ), (
                f"{client.name}: receivable {balance.get(client, 0.0)} != open "
                f"invoices {open_amount.get(client, 0.0)} - credits "
                f"{credits.get(client, 0.0)}"
            )
            assert (
                float_compare(
                    client.clinic_credit_balance,
                    credits.get(client, 0.0),
                    precision_digits=2,
                )
                == 0
            ), f"{client.name}: credit balance {client.clinic_credit_balance}"

    def _check_lots_and_quarantine(self):
        """No expired (or recalled) lot leaves to a client or is consumed
        after it expired (was recalled); nothing leaves from Quarantine; no
        unit of a lot-tracked item in stock without its lot, none negative."""
        case = self.case
        watched = {**self.expired_after, **self.recalled_after}
        lines = self.env["stock.move.line"].search(
            [
                ("state", "=", "done"),
                ("location_id.usage", "=", "internal"),
                ("location_dest_id", "in", case.outlets.ids),
                "|",
                ("lot_id", "in", list(watched)),
                ("location_id", "in", case.quarantines.ids),
            ]
        )
        for line in lines:
            lot = line.lot_id
            assert line.location_id not in case.quarantines, (
                f"{line.reference}: {lot.name} left from Quarantine"
            )
            for kind, after in (
                ("expired", self.expired_after),
                ("recalled", self.recalled_after),
            ):
                assert lot.id not in after or line.move_id.id <= after[lot.id], (
                    f"{line.reference}: {kind} lot {lot.name} went to "
                    f"{line.location_dest_id.name} after it was {kind}"
                )
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", case.dispensed_products.ids),
                ("location_id.usage", "=", "internal"),
                "|",
                ("quantity", "<", 0),
                "&",
                ("lot_id", "=", False),
                ("quantity", "!=", 0),
            ]
        )
        assert not quants, "Stock without lot or negative: " + ", ".join(
            f"{q.product_id.name} {q.lot_id.name or 'no lot'} {q.quantity} "
            f"in {q.location_id.name}"
            for q in quants
        )

    def _check_entries_balance(self):
        self.env.cr.execute(
            SQL(
                """
                SELECT move_id, SUM(debit), SUM(credit)
                  FROM account_move_line
                 WHERE company_id = %s
              GROUP BY move_id
                HAVING ROUND(SUM(debit) - SUM(credit), 2) != 0
                """,
                self.case.company.id,
            )
        )
        unbalanced = self.env.cr.fetchall()
        assert not unbalanced, f"Unbalanced entries (move, debit, credit): {unbalanced}"


@tagged("post_install", "-at_install")
class TestInvariants(BatchSafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consumption = cls.company._clinic_consumption_location()
        Location = cls.env["stock.location"]
        cls.quarantines = Location.search(
            [
                (
                    "id",
                    "child_of",
                    cls.env["stock.warehouse"]._clinic_quarantine_locations().ids,
                )
            ]
        )
        # Where dispensed and consumed units go.
        cls.outlets = Location.search([("usage", "=", "customer")]) | cls.consumption
        cls.sweep_cron = cls.env.ref("clinic_dispensary.ir_cron_expiry_sweep")
        cls.clients = cls.client_emma | cls.client_noah
        cls.cream.list_price = 30.0
        cls.needle = cls.env["product.product"].create(
            {
                "name": "Micro-needle cartridge",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "categ_id": cls.env.ref(
                    "clinic_dispensary.product_category_clinic_injectables"
                ).id,
                "standard_price": 4.0,
            }
        )
        # Lots of different expiry; one already expired, not swept yet.
        cls.lots = (
            cls._lot(cls.vial, "VIAL-SOON", 10, 4)
            | cls._lot(cls.vial, "VIAL-LATE", 300, 4)
            | cls._lot(cls.vial, "VIAL-OLD", -1, 2)
            | cls._lot(cls.needle, "NEEDLE-SOON", 15, 6)
            | cls._lot(cls.needle, "NEEDLE-LATE", 200, 6)
            | cls._lot(cls.cream, "CREAM-1", 30, 3)
            | cls._lot(cls.cream, "CREAM-2", 120, 3)
        )
        cls.expired_after = {
            lot.id: 0 for lot in cls.lots if lot.expiration_date < cls.now
        }
        cls.dispensed_products = cls.vial | cls.needle | cls.cream
        cls.retail_products = [cls.cream, cls.vial]
        EventType = cls.env["calendar.event.type"]
        # A billable consumable (the vial, billed and dispensed with the
        # visit) and a non-billable one (cartridges, consumed, not billed).
        cls.type_botox, cls.type_microneedling = EventType.create(
            [
                {
                    "name": "Test Botox",
                    "clinic_billable": True,
                    "price": 100.0,
                    "clinic_consumable_ids": [
                        Command.create(
                            {"product_id": cls.vial.id, "quantity": 1, "billable": True}
                        )
                    ],
                },
                {
                    "name": "Test Microneedling",
                    "clinic_billable": True,
                    "price": 150.0,
                    "clinic_consumable_ids": [
                        Command.create({"product_id": cls.needle.id, "quantity": 2})
                    ],
                },
            ]
        )
        kinds = [cls.type_botox, cls.type_microneedling, cls.type_follow_up]
        cls.events = cls._create_events(
            [
                {"type": kinds[index % 3], "client_id": cls.clients[index % 2].id}
                for index in range(8)
            ]
        )
        # What a billed appointment consumes: {event: {product: quantity}}.
        cls.consumables = {
            event: {
                consumable.product_id: consumable.uom_id._compute_quantity(
                    consumable.quantity, consumable.product_id.uom_id
                )
                for consumable in event.appointment_type_id.clinic_consumable_ids
                if not consumable.billable
            }
            for event in cls.events
        }

    def test_invariants_hold_over_random_sequences(self):
        ClinicMachine.case = self
        ClinicMachine.stats = defaultdict(int)
        ClinicMachine.times = defaultdict(float)
        started = time.perf_counter()
        run_state_machine_as_test(
            ClinicMachine,
            settings=settings(
                max_examples=MAX_EXAMPLES,
                stateful_step_count=STEPS_PER_SEQUENCE,
                derandomize=not RANDOM,
                database=None,
                deadline=None,
                print_blob=RANDOM,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate]
                + ([Phase.shrink] if SHRINK else []),
            ),
        )
        stats = ClinicMachine.stats
        _logger.info(
            "Invariants held over %s sequences, %s steps in %.0f s (invariants "
            "%.0f s); done and refused per operation: %s",
            stats.pop("sequences"),
            stats.pop("steps"),
            time.perf_counter() - started,
            stats.pop("invariant seconds"),
            dict(sorted(stats.items())),
        )
        _logger.info(
            "Seconds per operation: %s",
            {
                label: round(seconds, 1)
                for label, seconds in ClinicMachine.times.items()
            },
        )
