# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what: every clinic model and the core models the clinic extends,
for every role, on a record of clinic A.

The tables below are the specification: a removed access row or record rule,
or a new one, makes this test fail. A new clinic model must get its row.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_multi_company import MultiCompanyCommon

ROLES = ("reception", "manager", "accountant", "employee", "portal", "other")

# Roles: reception, clinic manager, accountant (full accounting features),
# plain employee and portal user of clinic A; "other" is a clinic manager and
# accountant of clinic B only (every access right, kept out by the rules).
# Letters: r read, w write, c create, u unlink a record of clinic A.
# fmt: off
MATRIX = {
    # record                          recep.  manager acct.   employ. portal other
    "clinic.client.credit":           ("-",    "r",    "r",    "-",    "-", "-"),
    "clinic.credit.apply":            ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.credit.apply.line":       ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.credit.create":           ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.credit.edit":             ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.credit.refund":           ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.credit.unapply":          ("-",    "-",    "rwcu", "-",    "-", "-"),
    "clinic.discount.rule":           ("r",    "rwcu", "r",    "-",    "-", "-"),
    "clinic.event.addon":             ("rwcu", "rwcu", "r",    "-",    "-", "-"),
    "clinic.event.type.consumable":   ("r",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.express.checkout":        ("rwcu", "rwcu", "-",    "-",    "-", "-"),
    "clinic.lot.recall":              ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.lot.recall.line":         ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.lot.recall.wizard":       ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.maintenance.log":         ("r",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.package":                 ("r",    "rwcu", "r",    "-",    "-", "-"),
    "clinic.package.line":            ("r",    "rwcu", "r",    "-",    "-", "-"),
    "clinic.package.sale":            ("rwcu", "rwcu", "-",    "-",    "-", "-"),
    "clinic.package.liability.report": ("-",   "r",    "-",    "-",    "-", "-"),
    "clinic.patient.package":         ("r",    "rwcu", "r",    "-",    "-", "-"),
    "clinic.patient.package.line":    ("r",    "rwcu", "r",    "-",    "-", "-"),
    # A client with portal access reads, in its portal, the packages it
    # holds and those of its household it may use: nothing else, no change.
    "clinic.patient.package (portal client's)": ("r", "rwcu", "r", "-", "r", "-"),
    "clinic.patient.package.line (portal client's)": (
        "r", "rwcu", "r", "-", "r", "-"),
    "clinic.patient.package (portal client may use)": (
        "r", "rwcu", "r", "-", "r", "-"),
    "clinic.stock.adjustment":        ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.stock.claim":             ("r",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stock.claim.line":        ("r",    "rwcu", "-",    "-",    "-", "-"),
    # A supplier's portal users read the claims submitted to their company
    # (answered through the portal's controller), never write them.
    "clinic.stock.claim (portal supplier's)": ("r", "rwcu", "-", "-", "r", "-"),
    "clinic.stock.claim.line (portal supplier's)": (
        "r", "rwcu", "-", "-", "r", "-"),
    "clinic.shipping.notice":         ("r",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.shipping.notice.line":    ("r",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.shipping.notice (portal supplier's)": (
        "r", "rwcu", "-", "-", "r", "-"),
    "clinic.shipping.notice.line (portal supplier's)": (
        "r", "rwcu", "-", "-", "r", "-"),
    "clinic.stock.damage":            ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stock.receive":           ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stock.receive.line":      ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stock.transfer":          ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stock.transfer.line":     ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.stockout.event":          ("r",    "ru",   "-",    "-",    "-", "-"),
    "clinic.stockout.report":         ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.supplier.comparison":     ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.reorder.advice":          ("-",    "rwcu", "-",    "-",    "-", "-"),
    "clinic.sales.report":            ("-",    "r",    "r",    "-",    "-", "-"),
    "clinic.supplier.scorecard":      ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.turnover.report":         ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.usage.report":            ("-",    "r",    "-",    "-",    "-", "-"),
    "clinic.waste.report":            ("-",    "r",    "-",    "-",    "-", "-"),
    # Core models the clinic extends.
    "calendar.event (appointment)":   ("rwcu", "rwcu", "rwcu", "rwcu", "-", "-"),
    "calendar.event (private)":       ("r",    "r",    "r",    "r",    "-", "-"),
    "calendar.event (meeting)":       ("rwcu", "rwcu", "rwcu", "rwcu", "-", "rwcu"),
    # The client attending a private appointment: who has one is health data.
    "calendar.attendee (private client)": ("rwcu", "rwcu", "-", "-", "-", "-"),
    "product.product (A's item)":     ("r",    "rwcu", "r",    "r",    "-", "-"),
    "product.product (shared)":       ("r",    "rwcu", "r",    "r",    "-", "rwcu"),
    "stock.quant":                    ("r",    "rwc",  "r",    "r",    "-", "-"),
    "account.move (checkout)":        ("rwcu", "rwcu", "rwcu", "-",    "-", "-"),
    # Purchasing is the clinic manager's; reception reads orders through
    # Odoo's Billing rights (vendor bills link to them).
    "purchase.order":                 ("rw",   "rwcu", "rw",   "-",    "-", "-"),
    "purchase.order.line":            ("rw",   "rwcu", "rw",   "-",    "-", "-"),
}

# What each role reads of a private appointment it does not attend: the
# clinic's fields (client, treatment, amount, add-ons), or Busy and nothing
# (False), or not even the event (None).
PRIVATE_APPOINTMENT_DETAILS = {
    "reception": True, "manager": True, "accountant": False,
    "employee": False, "portal": None, "other": None,
}

# The client credit balance (res.partner) each role reads for a client owed
# 50 by clinic A; None: the field is refused.
CREDIT_BALANCE = {
    "reception": 50.0, "manager": 50.0, "accountant": 50.0,
    "employee": None, "portal": None, "other": 0.0,
}
# fmt: on

OPERATIONS = (("r", "read"), ("w", "write"), ("c", "create"), ("u", "unlink"))


@tagged("post_install", "-at_install")
class TestAccessMatrix(MultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "reception": cls.user_reception,
            "manager": cls.user_manager,
            "accountant": cls.accountant,
            "employee": cls.employee_a,
            "portal": cls._user("clinic_portal", "base.group_portal"),
            "other": cls._user(
                "clinic_other_company",
                "clinic_dispensary.group_clinic_manager,account.group_account_user",
                cls.company_b,
            ),
        }
        cls.records = cls._clinic_records() | cls._core_records()

    # ------------------------------------------------------------------
    # One record of clinic A per row
    # ------------------------------------------------------------------
    @classmethod
    def _clinic_records(cls):
        env = cls.env
        Product = env["product.product"]
        item = Product.create(
            {"name": "Matrix serum", "is_storable": True, "standard_price": 5.0}
        )
        serial_item = Product.create(
            {"name": "Matrix laser", "is_storable": True, "tracking": "serial"}
        )
        addon_item = Product.create(
            {"name": "Matrix upgrade", "clinic_is_addon": True, "list_price": 9.0}
        )
        stock = cls.warehouse_a.lot_stock_id
        env["stock.quant"]._update_available_quantity(item, stock, 10)
        lot = env["stock.lot"].create({"name": "MATRIX-1", "product_id": item.id})
        serial = env["stock.lot"].create(
            {"name": "LASER-1", "product_id": serial_item.id}
        )
        supplier = env["res.partner"].create({"name": "Matrix supplier"})
        damage = env.ref("clinic_dispensary.stock_reason_damage")

        credit_vals = {"amount": 50.0, "reason": "Matrix"}
        credit = cls._new_credit_record(cls.client_emma, **credit_vals)
        invoice = cls._open_invoice(cls.client_emma, 100.0)
        applied = cls._new_credit_record(cls.client_noah, **credit_vals)
        paid = cls._open_invoice(cls.client_noah, 100.0)
        applied.action_apply_to_invoice(paid.id, 10.0)
        scrap = env["stock.scrap"].create(
            {
                "product_id": item.id,
                "scrap_qty": 1,
                "location_id": stock.id,
                "scrap_reason_tag_ids": [Command.set(damage.ids)],
            }
        )
        scrap.action_validate()
        claim = env["clinic.stock.claim"].create({"partner_id": supplier.id})
        bought = env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "order_line": [
                    Command.create(
                        {"product_id": item.id, "product_qty": 1, "price_unit": 5.0}
                    )
                ],
            }
        )
        bought.button_confirm()
        notice = env["clinic.shipping.notice"].create(
            {
                "purchase_id": bought.id,
                "line_ids": [
                    Command.create(
                        {"purchase_line_id": bought.order_line.id, "quantity": 1}
                    )
                ],
            }
        )
        portal_supplier = cls.users["portal"].partner_id
        portal_claim = env["clinic.stock.claim"].create(
            {
                "partner_id": portal_supplier.id,
                "line_ids": [Command.create({"product_id": item.id})],
            }
        )
        portal_claim.action_submit()
        supplied = env["purchase.order"].create(
            {
                "partner_id": portal_supplier.id,
                "order_line": [
                    Command.create(
                        {"product_id": item.id, "product_qty": 2, "price_unit": 5.0}
                    )
                ],
            }
        )
        supplied.button_confirm()
        portal_notice = env["clinic.shipping.notice"].create(
            {
                "purchase_id": supplied.id,
                "line_ids": [
                    Command.create(
                        {"purchase_line_id": supplied.order_line.id, "quantity": 2}
                    )
                ],
            }
        )
        portal_notice.action_send()
        receive = env["clinic.stock.receive"].create(
            {"warehouse_id": cls.warehouse_a.id}
        )
        annex = env["stock.warehouse"].create({"name": "Annex", "code": "ANX"})
        transfer = env["clinic.stock.transfer"].create(
            {
                "source_warehouse_id": cls.warehouse_a.id,
                "dest_warehouse_id": annex.id,
            }
        )
        recall = env["clinic.lot.recall"].create(
            {"lot_id": lot.id, "reason": "Matrix recall"}
        )
        cls.appointment = cls._create_event(name="Matrix appointment")
        package = env["clinic.package"].create(
            {
                "name": "Matrix 6-pack",
                "price": 300.0,
                "line_ids": [Command.create({"product_id": addon_item.id})],
            }
        )
        sale = env["clinic.package.sale"].create(
            {"package_id": package.id, "partner_id": cls.client_emma.id}
        )
        patient_package = env["clinic.patient.package"].browse(
            sale.action_confirm()["res_id"]
        )
        portal_client = cls.users["portal"].partner_id
        held = env["clinic.patient.package"].browse(
            env["clinic.package.sale"]
            .create({"package_id": package.id, "partner_id": portal_client.id})
            .action_confirm()["res_id"]
        )
        household = env["clinic.patient.package"].browse(
            env["clinic.package.sale"]
            .create(
                {
                    "package_id": package.id,
                    "partner_id": cls.client_noah.id,
                    "beneficiary_ids": [Command.set(portal_client.ids)],
                }
            )
            .action_confirm()["res_id"]
        )
        # A row of the reorder advice, projecting a week of usage.
        advice = env["clinic.reorder.advice"].create(
            {
                "product_id": item.id,
                "warehouse_id": cls.warehouse_a.id,
                "projected_daily_usage": 1.0,
                "lead_time_days": 7,
                "date_computed": fields.Datetime.now(),
            }
        )
        apply_wizard = env["clinic.credit.apply"].create(
            {"credit_id": credit.id, "invoice_id": invoice.id}
        )
        return {
            "clinic.client.credit": credit,
            "clinic.credit.apply": apply_wizard,
            "clinic.credit.apply.line": apply_wizard.line_ids,
            "clinic.credit.create": env["clinic.credit.create"].create(
                {"partner_id": cls.client_emma.id, **credit_vals}
            ),
            "clinic.credit.edit": env["clinic.credit.edit"].create(
                {"credit_id": credit.id, "date": cls.today_date, **credit_vals}
            ),
            "clinic.credit.refund": env["clinic.credit.refund"].create(
                {"credit_id": credit.id}
            ),
            "clinic.credit.unapply": env["clinic.credit.unapply"].create(
                {"credit_id": applied.id, "invoice_id": paid.id}
            ),
            "clinic.discount.rule": env["clinic.discount.rule"].create(
                {
                    "name": "Matrix discount",
                    "discount_percent": 5.0,
                    "product_tmpl_id": item.product_tmpl_id.id,
                }
            ),
            "clinic.event.addon": env["clinic.event.addon"].create(
                {"event_id": cls.appointment.id, "product_id": addon_item.id}
            ),
            "clinic.event.type.consumable": env["clinic.event.type.consumable"].create(
                {
                    "event_type_id": cls.type_first_visit.id,
                    "product_id": item.id,
                    "company_id": cls.company.id,
                }
            ),
            "clinic.express.checkout": env["clinic.express.checkout"].create({}),
            "clinic.lot.recall": recall,
            "clinic.lot.recall.line": env["clinic.lot.recall.line"].create(
                {"recall_id": recall.id, "partner_id": cls.client_emma.id}
            ),
            "clinic.lot.recall.wizard": env["clinic.lot.recall.wizard"].create(
                {"lot_id": lot.id, "reason": "Matrix recall"}
            ),
            "clinic.package": package,
            "clinic.package.line": package.line_ids,
            "clinic.package.sale": sale,
            "clinic.package.liability.report": env[
                "clinic.package.liability.report"
            ].search([("patient_package_id", "=", patient_package.id)]),
            "clinic.patient.package": patient_package,
            "clinic.patient.package.line": patient_package.line_ids,
            "clinic.patient.package (portal client's)": held,
            "clinic.patient.package.line (portal client's)": held.line_ids,
            "clinic.patient.package (portal client may use)": household,
            "clinic.maintenance.log": env["clinic.maintenance.log"].create(
                {"lot_id": serial.id, "work_done": "Yearly check"}
            ),
            "clinic.stock.adjustment": env["clinic.stock.adjustment"]
            .sudo()
            .create(
                {
                    "user_id": cls.user_manager.id,
                    "company_id": cls.company.id,
                    "location_id": stock.id,
                    "product_id": item.id,
                }
            )
            .sudo(False),
            "clinic.stock.claim": claim,
            "clinic.stock.claim.line": env["clinic.stock.claim.line"].create(
                {"claim_id": claim.id, "product_id": item.id}
            ),
            "clinic.stock.claim (portal supplier's)": portal_claim,
            "clinic.stock.claim.line (portal supplier's)": portal_claim.line_ids,
            "clinic.shipping.notice": notice,
            "clinic.shipping.notice.line": notice.line_ids,
            "clinic.shipping.notice (portal supplier's)": portal_notice,
            "clinic.shipping.notice.line (portal supplier's)": portal_notice.line_ids,
            "clinic.stock.damage": env["clinic.stock.damage"].create(
                {
                    "product_id": item.id,
                    "location_id": stock.id,
                    "reason_tag_id": damage.id,
                }
            ),
            "clinic.stock.receive": receive,
            "clinic.stock.receive.line": env["clinic.stock.receive.line"].create(
                {"wizard_id": receive.id, "product_id": item.id}
            ),
            "clinic.stock.transfer": transfer,
            "clinic.stock.transfer.line": env["clinic.stock.transfer.line"].create(
                {"wizard_id": transfer.id, "product_id": item.id}
            ),
            "clinic.stockout.event": env["clinic.stockout.event"]._clinic_record(
                "refused",
                [{"product": item, "warehouse": cls.warehouse_a, "quantity": 1.0}],
            ),
            "clinic.stockout.report": env["clinic.stockout.report"].search(
                [("product_id", "=", item.id)]
            ),
            "clinic.supplier.comparison": env["clinic.supplier.comparison"].search(
                [("partner_id", "=", supplier.id)]
            ),
            "clinic.reorder.advice": advice,
            "clinic.sales.report": env["clinic.sales.report"].search(
                [("move_id", "=", invoice.id)]
            ),
            "clinic.supplier.scorecard": env["clinic.supplier.scorecard"].search(
                [("partner_id", "=", supplier.id)]
            ),
            # The scrap's month in clinic A.
            "clinic.turnover.report": env["clinic.turnover.report"].search(
                [("product_id", "=", item.id)]
            ),
            "clinic.usage.report": env["clinic.usage.report"].search(
                [("product_id", "=", item.id), ("kind", "=", "projection")], limit=1
            ),
            "clinic.waste.report": env["clinic.waste.report"].search(
                [("scrap_id", "=", scrap.id)]
            ),
        }

    @classmethod
    def _core_records(cls):
        env = cls.env
        practitioner = cls._user("clinic_matrix_practitioner", "base.group_user")
        Event = env["calendar.event"].with_user(practitioner)
        times = {"start": cls.morning, "stop": cls.morning + timedelta(hours=1)}
        cls.private = Event.create(
            {
                "name": "Emma - acne treatment",
                "privacy": "private",
                "client_id": cls.client_emma.id,
                "categ_ids": [Command.set(cls.type_first_visit.ids)],
                "partner_ids": [Command.set(cls.client_emma.ids)],
                **times,
            }
        ).with_user(env.user)
        meeting = Event.create(
            {
                "name": "Staff meeting",
                "partner_ids": [
                    Command.set(
                        (
                            practitioner | cls.users["other"] | cls.employee_b
                        ).partner_id.ids
                    )
                ],
                **times,
            }
        ).with_user(env.user)
        Product = env["product.product"]
        item_a = Product.create(
            {"name": "Clinic A cream", "company_id": cls.company.id}
        )
        order = env["purchase.order"].create(
            {
                "partner_id": env["res.partner"].create({"name": "Matrix lab"}).id,
                "order_line": [
                    Command.create(
                        {"product_id": item_a.id, "product_qty": 2, "price_unit": 4.0}
                    )
                ],
            }
        )
        return {
            "calendar.event (appointment)": cls.appointment,
            "calendar.event (private)": cls.private,
            "calendar.event (meeting)": meeting,
            "calendar.attendee (private client)": cls.private.attendee_ids.filtered(
                lambda attendee: attendee.partner_id == cls.client_emma
            ),
            "product.product (A's item)": item_a,
            "product.product (shared)": Product.create({"name": "Shared gel"}),
            "stock.quant": env["stock.quant"].search(
                [("location_id", "=", cls.warehouse_a.lot_stock_id.id)], limit=1
            ),
            "account.move (checkout)": cls._checkout_invoice(),
            "purchase.order": order,
            "purchase.order.line": order.order_line,
        }

    @classmethod
    def _new_credit_record(cls, partner, **vals):
        wizard = cls.env["clinic.credit.create"].create(
            {"partner_id": partner.id, **vals}
        )
        return cls.env["clinic.client.credit"].browse(wizard.action_confirm()["res_id"])

    @classmethod
    def _open_invoice(cls, partner, amount):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": cls.today_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Visit",
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _checkout_invoice(cls):
        event = cls._create_event(name="Matrix checkout")
        wizard = cls.env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(event.ids)]}
        )
        wizard.action_create_invoices()
        return wizard.invoice_ids

    # ------------------------------------------------------------------
    # What each role may do, by the access checks and by real operations
    # ------------------------------------------------------------------
    def _allowed(self, record, user):
        """The operations ``user`` may perform on ``record``, as letters."""
        self.env.invalidate_all()
        record = record.with_user(user)
        allowed = "".join(
            letter for letter, operation in OPERATIONS if record.has_access(operation)
        )
        # Record rules through the real operations: a search sees what may be
        # read, a write checks what may be written.
        try:
            found = record.search([("id", "=", record.id)])
        except AccessError:
            found = record.browse()
        self.assertEqual(
            bool(found), "r" in allowed, f"{record._name}: search vs read access"
        )
        try:
            with self.env.cr.savepoint():
                record.write({})
            written = True
        except AccessError:
            written = False
        self.assertEqual(written, "w" in allowed, f"{record._name}: write({{}})")
        return allowed or "-"

    def test_every_role_on_every_model(self):
        self.assertEqual(set(self.records), set(MATRIX))
        mismatches = []
        for label, expected in MATRIX.items():
            record = self.records[label]
            self.assertEqual(len(record), 1, label)
            for role, wanted in zip(ROLES, expected, strict=True):
                got = self._allowed(record, self.users[role])
                if got != wanted:
                    mismatches.append(f"{label} / {role}: expected {wanted}, got {got}")
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def test_every_clinic_model_is_in_the_matrix_with_access_and_company_rules(self):
        clinic_models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("clinic.") and not model._abstract
        }
        self.assertEqual(
            clinic_models,
            {record._name for record in self.records.values()} & clinic_models,
            "every clinic model has a row in MATRIX",
        )
        for name in sorted(clinic_models):
            model = self.env["ir.model"]._get(name)
            access = self.env["ir.model.access"].search([("model_id", "=", model.id)])
            self.assertTrue(access, f"{name}: no access rows")
            self.assertFalse(
                access.filtered(lambda a: not a.group_id),
                f"{name}: access rows are per group",
            )
            rules = self.env["ir.rule"].search(
                [("model_id", "=", model.id), ("global", "=", True)]
            )
            self.assertTrue(
                any("company_ids" in rule.domain_force for rule in rules),
                f"{name}: no multi-company rule",
            )

    def test_private_appointment_details_per_role(self):
        fnames = ["name", "client_id", "appointment_type_id", "clinic_amount"]
        for role, details in PRIVATE_APPOINTMENT_DETAILS.items():
            with self.subTest(role=role):
                self.env.invalidate_all()
                event = self.private.with_user(self.users[role])
                if details is None:
                    with self.assertRaises(AccessError):
                        event.read(fnames)
                    continue
                values = event.read(fnames)[0]
                self.assertEqual(values["name"], "Busy")
                if details:
                    self.assertEqual(values["client_id"][0], self.client_emma.id)
                    self.assertEqual(
                        values["appointment_type_id"][0], self.type_first_visit.id
                    )
                    # What the client pays: 120 and its taxes.
                    self.assertGreaterEqual(values["clinic_amount"], 120.0)
                else:
                    self.assertFalse(
                        values["client_id"]
                        or values["appointment_type_id"]
                        or values["clinic_amount"]
                    )
        # Hidden fields delete nothing: only attendees may delete.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.private.with_user(self.user_manager).unlink()

    def test_credit_balance_per_role(self):
        # Clinic A owes Emma the 50 of her credit.
        for role, balance in CREDIT_BALANCE.items():
            with self.subTest(role=role):
                self.env.invalidate_all()
                partner = self.client_emma.with_user(self.users[role])
                if balance is None:
                    with self.assertRaises(AccessError):
                        partner.read(["clinic_credit_balance"])
                    continue
                values = partner.read(["clinic_credit_balance"])[0]
                self.assertEqual(values["clinic_credit_balance"], balance)
