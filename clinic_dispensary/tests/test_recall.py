# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.clinic_dispensary.wizards.lot_recall_wizard import (
    ClinicLotRecallWizard,
)

from .common_batch import BatchSafetyCommon

# Finding the clients of a lot (deliveries, appointments, returns, invoices)
# and creating the recall with its lines take the same number of queries for
# 2 clients as for 20.
FIND_CLIENTS_QUERIES = 7
CREATE_RECALL_QUERIES = 21


class RecallCommon(BatchSafetyCommon):
    """A recalled lot delivered to clients and dispensed at checkout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_emma.email = "emma@example.com"
        cls.client_noah.email = "noah@example.com"
        cls.client_liam, cls.client_olivia, cls.client_mia = cls.env[
            "res.partner"
        ].create(
            [
                {"name": "Liam Client", "email": "liam@example.com"},
                {"name": "Olivia Client", "email": "olivia@example.com"},
                {"name": "Mia Client (no e-mail)"},
            ]
        )
        # The recalled lot comes from the supplier, and expires first.
        cls._receive_recall_lot(10)
        # Letters print with the company's layout (no layout wizard first).
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.lot = cls.env["stock.lot"].search([("name", "=", "RECALL-1")])
        cls.sibling = cls._lot(cls.vial, "SIBLING-1", 200, 5)
        # A second clinic holds one more unit of the lot.
        cls.warehouse2 = cls.env["stock.warehouse"].create(
            {"name": "Second Clinic", "code": "CL2", "company_id": cls.company.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.vial, cls.warehouse2.lot_stock_id, 1, lot_id=cls.lot
        )
        # Emma is billed two vials at checkout: dispensed first-expiry-first.
        botox = cls.env["calendar.event.type"].create(
            {
                "name": "Test Botox",
                "clinic_billable": True,
                "price": 100.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": cls.vial.id, "quantity": 2, "billable": True}
                    )
                ],
            }
        )
        event = cls._create_event(type=botox)
        wizard = cls.env["clinic.express.checkout"].create(
            {"event_ids": [Command.set(event.ids)]}
        )
        wizard.action_create_invoices()
        cls.emma_invoice = wizard.invoice_ids

    @classmethod
    def _receive_recall_lot(cls, quantity):
        """Receive ``quantity`` of lot RECALL-1 from the supplier."""
        receive = Form(cls.env["clinic.stock.receive"])
        receive.partner_id = cls.supplier
        with receive.line_ids.new() as line:
            line.product_id = cls.vial
            line.quantity = quantity
            line.lot_name = "RECALL-1"
            line.expiration_date = cls.now + timedelta(days=20)
        receive.save().action_confirm()

    def _return(self, picking):
        form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        )
        with form.product_return_moves.edit(0) as line:
            line.quantity = 1
        action = form.save().action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        returned.move_ids.move_line_ids.write({"lot_id": self.lot.id, "quantity": 1})
        returned.move_ids.picked = True
        returned._action_done()

    def _deliveries(self):
        self._deliver(self.client_liam, self.lot, 1)
        self._return(self._deliver(self.client_olivia, self.lot, 1))
        self._deliver(self.client_noah, self.sibling, 1)
        self._deliver(self.client_mia, self.lot, 1)

    def _wizard(self, lot=None, env=None, **values):
        """The recall wizard, filled in from the lot's Recall button."""
        lot = lot or self.lot
        action = lot.with_env(env or self.env).action_clinic_recall()
        form = Form(
            (env or self.env)[action["res_model"]].with_context(**action["context"])
        )
        form.reason = values.pop("reason", "Sterility issue reported by the maker")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _facial(self, product):
        """An appointment type that uses up one unit of ``product``."""
        return self.env["calendar.event.type"].create(
            {
                "name": f"Test Facial {product.name}",
                "clinic_billable": True,
                "price": 90.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 1, "billable": False}
                    )
                ],
            }
        )

    def _second_company(self):
        company_b = self.setup_other_company(name="Clinic B")["company"]
        self.env.user.company_ids |= company_b
        warehouse_b = self.env["stock.warehouse"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        return company_b, warehouse_b

    def _deliver_from(self, warehouse, partner, lot, quantity):
        """A delivery of ``lot`` from ``warehouse`` (of any company), of
        units put there for it."""
        self.env["stock.quant"]._update_available_quantity(
            lot.product_id, warehouse.lot_stock_id, quantity, lot_id=lot
        )
        return self._deliver(partner, lot, quantity, warehouse=warehouse)

    def _draft(self, **values):
        """A draft recall, from the wizard's Review First."""
        action = self._wizard(**values).action_review()
        return self.env[action["res_model"]].browse(action["res_id"])

    def _recall(self, **values):
        """Recall through the wizard: (the recall record, the action shown)."""
        wizard = self._wizard(**values)
        action = wizard.action_confirm()
        recall = self.env["clinic.lot.recall"].search(
            [("lot_id", "=", wizard.lot_id.id)], order="id desc", limit=1
        )
        return recall, action


@tagged("post_install", "-at_install")
class TestRecall(RecallCommon):
    def test_recall_lists_exactly_the_clients_who_received_the_lot(self):
        self._deliveries()
        recall = self._draft()
        self.assertRecordValues(
            recall,
            [{"state": "draft", "lot_id": self.lot.id, "company_id": self.company.id}],
        )
        self.assertRecordValues(
            recall.line_ids,
            [
                {
                    "partner_id": self.client_emma.id,
                    "kind": "delivery",
                    "quantity": 2.0,
                    "returned_quantity": 0.0,
                    "invoice_id": self.emma_invoice.id,
                },
                {
                    "partner_id": self.client_liam.id,
                    "kind": "delivery",
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "invoice_id": False,
                },
                {
                    "partner_id": self.client_olivia.id,
                    "kind": "delivery",
                    "quantity": 1.0,
                    "returned_quantity": 1.0,
                    "invoice_id": False,
                },
                {
                    "partner_id": self.client_mia.id,
                    "kind": "delivery",
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "invoice_id": False,
                },
            ],
        )
        self.assertTrue(all(recall.line_ids.mapped("date")))
        # Noah only had the sibling lot; Olivia gave hers back.
        self.assertEqual(
            recall.partner_ids, self.client_emma | self.client_liam | self.client_mia
        )
        # A draft follows later deliveries; nothing was done yet.
        self._deliver(self.client_noah, self.lot, 1)
        recall.action_refresh_lines()
        self.assertIn(self.client_noah, recall.partner_ids)
        self.assertFalse(self.lot.clinic_recalled)
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 0)

    def test_recall_quarantines_every_remaining_unit_of_the_lot(self):
        self._deliveries()
        recall = self._draft()
        self.assertEqual(recall.quarantine_quantity, 7)
        recall.action_confirm()
        self.assertEqual(self._qty(self.vial, self.stock, self.lot), 0)
        self.assertEqual(
            self._qty(self.vial, self.warehouse2.lot_stock_id, self.lot), 0
        )
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 6)
        self.assertEqual(
            self._qty(
                self.vial, self.warehouse2.clinic_quarantine_location_id, self.lot
            ),
            1,
        )
        # The recall keeps the moves it made.
        moves = recall.quarantine_move_ids
        self.assertEqual(recall.quarantined_quantity, 7)
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(moves.clinic_reason_tag_id, self.reason_recall)
        self.assertEqual(
            moves.location_dest_id,
            self.quarantine | self.warehouse2.clinic_quarantine_location_id,
        )
        self.assertEqual(moves.move_line_ids.lot_id, self.lot)
        # The sibling lot stays sellable.
        self.assertEqual(self._qty(self.vial, self.stock, self.sibling), 4)

    def test_recall_is_recorded_on_the_lot(self):
        recall, _action = self._recall(reason="Contaminated batch")
        self.assertRecordValues(
            self.lot,
            [
                {
                    "clinic_recalled": True,
                    "clinic_recall_date": self.today,
                    "clinic_recall_reason": "Contaminated batch",
                    "clinic_recall_count": 1,
                    "clinic_recall_allowed": False,
                }
            ],
        )
        note = self.lot.message_ids[0]
        self.assertIn("Recalled: 9.00 Units quarantined", note.body)
        self.assertIn(recall.name, note.body)
        self.assertEqual(self.lot.action_clinic_view_recalls()["res_id"], recall.id)
        with self.assertRaisesRegex(UserError, "already recalled"):
            self._recall()

    def test_recall_persists_with_its_lines_and_claims(self):
        self._deliveries()
        # With the chatter's tracking on, as in production.
        env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        wizard = self._wizard(env=env, create_supplier_return=True)
        action = wizard.action_confirm()
        recall = self.env["clinic.lot.recall"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual(len(recall), 1)
        # The wizard is a transient form: its end leaves the recall whole.
        wizard.unlink()
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertRegex(recall.name, r"^RCL/\d{4}/\d{4}$")
        self.assertRecordValues(
            recall,
            [
                {
                    "state": "confirmed",
                    "lot_id": self.lot.id,
                    "product_id": self.vial.id,
                    "company_id": self.company.id,
                    "user_id": self.env.user.id,
                    "date": self.today,
                    "reason": "Sterility issue reported by the maker",
                    "letter_mode": "email",
                    "supplier_id": self.supplier.id,
                    "quarantined_quantity": 7.0,
                    "claim_count": 2,
                    "partner_count": 3,
                }
            ],
        )
        self.assertRecordValues(
            recall.line_ids,
            [
                {
                    "partner_id": client.id,
                    "remaining_quantity": remaining,
                    "notification_method": method,
                    "notified_date": method and self.today,
                }
                for client, remaining, method in (
                    (self.client_emma, 2.0, "email"),
                    (self.client_liam, 1.0, "email"),
                    (self.client_olivia, 0.0, False),
                    (self.client_mia, 1.0, "letter"),
                )
            ],
        )
        self.assertEqual(recall.claim_ids.recall_id, recall)
        self.assertEqual(sum(recall.claim_ids.line_ids.mapped("quantity")), 7)
        self.assertEqual(action["context"]["active_ids"], recall.ids)
        # The chatter says what the recall did, and tracks its state from
        # then on (Odoo does not track a record in the transaction that
        # created it).
        self.env.flush_all()
        self.env.cr.precommit.run()
        recall.with_env(env).action_done()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = recall.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(
            (tracked.old_value_char, tracked.new_value_char), ("In Progress", "Done")
        )
        bodies = "".join(recall.message_ids.mapped("body"))
        self.assertIn("Recalled: 7.00 Units quarantined, 3 client(s) notified", bodies)
        for claim in recall.claim_ids:
            self.assertIn(claim.name, bodies)
        self.assertIn("Mia Client (no e-mail): Letter", bodies)
        # A regulated event: a recall once confirmed is neither cancelled nor
        # deleted.
        with self.assertRaisesRegex(UserError, "Only a draft recall"):
            recall.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            recall.unlink()

    def test_recall_closes_once_every_client_is_notified(self):
        self._deliveries()
        self.client_liam.email = False
        recall, _action = self._recall(letter_mode="none")
        self.assertFalse(recall.line_ids.filtered("notification_method"))
        with self.assertRaisesRegex(UserError, "Emma Client, Liam Client"):
            recall.action_done()
        # The manager phones the clients and records it on the recall.
        with Form(recall.with_user(self.user_manager)) as form:
            for index in range(len(recall.line_ids)):
                with form.line_ids.edit(index) as line:
                    if line.remaining_quantity:
                        line.notification_method = "phone"
        self.assertEqual(
            set(recall._get_lines_to_notify().mapped("notified_date")), {self.today}
        )
        self.assertIn("Liam Client: Phone", "".join(recall.message_ids.mapped("body")))
        recall.action_done()
        self.assertEqual(recall.state, "done")

    def test_recall_letters_queued_for_the_clients_concerned(self):
        self._deliveries()
        recall, action = self._recall()
        for client in self.client_emma | self.client_liam:
            mail = self.env["mail.mail"].search([("recipient_ids", "in", client.ids)])
            self.assertEqual(len(mail), 1, client.name)
            self.assertEqual(mail.state, "outgoing")
            self.assertIn("RECALL-1", mail.subject)
            self.assertIn("Sterility issue", str(mail.body_html))
            self.assertEqual((mail.model, mail.res_id), ("res.partner", client.id))
        self.assertIn("1.00 Units", str(mail.body_html))
        for client in self.client_olivia | self.client_noah:
            self.assertFalse(
                self.env["mail.mail"].search([("recipient_ids", "in", client.ids)])
            )
        # Mia has no e-mail: her letter is printed, from the recall record.
        self.assertEqual(
            action["report_name"], "clinic_dispensary.report_lot_recall_letter"
        )
        self.assertEqual(action["context"]["active_ids"], recall.ids)
        self.assertEqual(recall._get_letter_partners(), self.client_mia)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "clinic_dispensary.report_lot_recall_letter", recall.ids
        )
        self.assertIn("Mia Client", str(html))
        self.assertIn("RECALL-1", str(html))
        self.assertNotIn("Liam Client", str(html))

    def test_recall_letters_reprint_from_the_record(self):
        self._deliveries()
        recall, _action = self._recall(letter_mode="print")
        self.env["clinic.lot.recall.wizard"].search([]).unlink()
        self.env.invalidate_all()
        # Any time later, from the recall's Print menu or button.
        report = self.env.ref("clinic_dispensary.action_report_lot_recall_letter")
        self.assertEqual(report.binding_model_id.model, "clinic.lot.recall")
        self.assertEqual(
            recall.with_user(self.user_manager).action_print_letters()["report_name"],
            report.report_name,
        )
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            ._render_qweb_html(report.report_name, recall.ids)
        )
        html = str(html)
        for client in self.client_emma | self.client_liam | self.client_mia:
            self.assertIn(client.name, html)
        self.assertNotIn("Olivia Client", html)
        self.assertIn("Sterility issue reported by the maker", html)
        # Once all were reached otherwise, a copy of every letter.
        recall.line_ids.filtered("notification_method").notification_method = "phone"
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            report.report_name, recall.ids
        )
        self.assertIn("Mia Client", str(html))

    def test_recall_prepares_the_supplier_return(self):
        self._deliveries()
        recall, _action = self._recall(create_supplier_return=True)
        self.assertEqual(recall.supplier_id, self.supplier)
        # One claim per warehouse: each return ships from its own Quarantine
        # with its own warehouse's operation type.
        claims = recall.claim_ids
        self.assertRecordValues(
            claims,
            [
                {
                    "kind": "supplier_return",
                    "state": "draft",
                    "partner_id": self.supplier.id,
                    "recall_id": recall.id,
                }
            ]
            * 2,
        )
        self.assertEqual(sum(claims.line_ids.mapped("quantity")), 7)
        self.assertEqual(claims.line_ids.lot_id, self.lot)
        for warehouse, quantity in ((self.warehouse, 6), (self.warehouse2, 1)):
            quarantine = warehouse.clinic_quarantine_location_id
            claim = claims.filtered(lambda c, q=quarantine: c.line_ids.location_id == q)
            self.assertEqual(len(claim), 1, warehouse.name)
            self.assertEqual(claim.line_ids.quantity, quantity)
            picking = claim.picking_id
            self.assertEqual(picking.state, "assigned")
            self.assertEqual(picking.partner_id, self.supplier)
            self.assertEqual(picking.location_id, quarantine)
            self.assertEqual(picking.picking_type_id.warehouse_id, warehouse)
            self.assertEqual(picking.move_line_ids.lot_id, self.lot)
            self.assertEqual(picking.move_line_ids.location_id, quarantine)
            self.assertEqual(picking.move_line_ids.quantity, quantity)
        self.assertEqual(
            recall.action_view_claims()["domain"], [("id", "in", claims.ids)]
        )

    def test_recall_does_not_claim_units_already_claimed(self):
        # Units marked damaged with a warranty claim wait in Quarantine: the
        # recall's supplier return leaves them to that claim. A refused
        # claim no longer holds its unit.
        for quantity in (2, 1):
            form = Form(self.env["clinic.stock.damage"])
            form.product_id = self.vial
            form.lot_id = self.lot
            form.quantity = quantity
            form.claim_kind = "warranty"
            form.partner_id = self.supplier
            form.save().action_confirm()
        damage_claims = self.env["clinic.stock.claim"].search(
            [("line_ids.lot_id", "=", self.lot.id)], order="id"
        )
        self.assertEqual(damage_claims.line_ids.mapped("quantity"), [2.0, 1.0])
        refused = damage_claims[1]
        refused.action_submit()
        refused.action_refuse()
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 3)
        recall, _action = self._recall(create_supplier_return=True)
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 8)
        claim = recall.claim_ids.filtered(
            lambda c: c.line_ids.location_id == self.quarantine
        )
        # 8 in Quarantine, 2 of them on the open warranty claim.
        self.assertEqual(claim.line_ids.quantity, 6)
        self.assertEqual(claim.picking_id.move_line_ids.quantity, 6)

    def test_recall_lists_clients_whose_appointment_used_the_lot(self):
        # Non-billed consumables are used up at the appointment: no delivery
        # to the client, no invoice line, yet the client was treated with it.
        serum = self._lot(self.cream, "SERUM-1", 10, 1)
        serum_sibling = self._lot(self.cream, "SERUM-2", 100, 5)
        facial = self._facial(self.cream)
        # First-expiry-first: Liam's facial uses SERUM-1 up, Noah's the
        # sibling lot.
        liam_event = self._create_event(type=facial, client_id=self.client_liam.id)
        self._checkout(liam_event)
        noah_event = self._create_event(type=facial, client_id=self.client_noah.id)
        self._checkout(noah_event)
        self.assertEqual(liam_event.clinic_consumption_move_ids.lot_ids, serum)
        self.assertEqual(noah_event.clinic_consumption_move_ids.lot_ids, serum_sibling)

        recall, _action = self._recall(lot=serum, reason="Contaminated serum")
        self.assertRecordValues(
            recall.line_ids,
            [
                {
                    "partner_id": self.client_liam.id,
                    "kind": "appointment",
                    "event_id": liam_event.id,
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "remaining_quantity": 1.0,
                    "picking_id": False,
                    "invoice_id": False,
                    "notification_method": "email",
                }
            ],
        )
        self.assertTrue(recall.line_ids.date)
        self.assertEqual(
            recall.line_ids.move_line_id.move_id.clinic_event_id, liam_event
        )
        self.assertEqual(recall.partner_ids, self.client_liam)
        self.assertIn(self.client_liam.id, recall._get_letter_values()["lines"])

    # ------------------------------------------------------------------
    # Company boundaries
    # ------------------------------------------------------------------
    def test_recall_stays_in_its_company(self):
        """A shared item's lot has no company: a second clinic (company)
        received and dispensed the same lot. Recalling it in the first
        company lists, quarantines and claims only the first company's."""
        self._deliveries()
        company_b, warehouse_b = self._second_company()
        zoe = self.env["res.partner"].create(
            {"name": "Zoe of Clinic B", "email": "zoe@example.com"}
        )
        self._deliver_from(warehouse_b, zoe, self.lot, 1)
        self.env["stock.quant"]._update_available_quantity(
            self.vial, warehouse_b.lot_stock_id, 3, lot_id=self.lot
        )
        self.assertFalse(self.lot.company_id)
        # The manager works with both companies active, the first current.
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[self.company.id, company_b.id],
            )
        )
        wizard = self._wizard(env=env, create_supplier_return=True)
        recall = env["clinic.lot.recall"].browse(wizard.action_review()["res_id"])
        self.assertEqual(recall.company_id, self.company)
        self.assertNotIn(zoe, recall.line_ids.partner_id)
        self.assertEqual(recall.quarantine_quantity, 7)
        recall.action_confirm()
        self.assertEqual(recall.line_ids.company_id, self.company)
        self.assertEqual(recall.claim_ids.company_id, self.company)
        self.assertNotIn(
            warehouse_b.clinic_quarantine_location_id,
            recall.claim_ids.line_ids.location_id,
        )
        self.assertEqual(recall.quarantine_move_ids.company_id, self.company)
        # Clinic B's stock and client are its own business.
        self.assertEqual(self._qty(self.vial, warehouse_b.lot_stock_id, self.lot), 3)
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", zoe.ids)])
        )

        # Clinic B recalls the lot for its own clients and stock.
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=[company_b.id])
        )
        self.assertTrue(self.lot.with_env(env_b).clinic_recall_allowed)
        self.assertFalse(self.lot.clinic_recall_allowed)
        recall_b, _action = self._recall(env=env_b, lot=self.lot.with_env(env_b))
        self.assertEqual(recall_b.company_id, company_b)
        self.assertEqual(recall_b.line_ids.partner_id, zoe)
        self.assertEqual(recall_b.quarantined_quantity, 3)
        self.assertEqual(self._qty(self.vial, warehouse_b.lot_stock_id, self.lot), 0)
        # Each clinic's manager sees only their company's recall.
        self.assertEqual(
            env_b["clinic.lot.recall"].search([("lot_id", "=", self.lot.id)]),
            recall_b,
        )
        self.assertEqual(
            self.env["clinic.lot.recall"]
            .with_user(self.user_manager)
            .search([("lot_id", "=", self.lot.id)]),
            recall,
        )
        with self.assertRaises(AccessError):
            recall_b.with_user(self.user_manager).read(["line_ids"])

    def test_recall_ignores_a_same_name_lot_of_another_company(self):
        company_b, warehouse_b = self._second_company()
        lot_a, lot_b = self.env["stock.lot"].create(
            [
                {"name": "MC-1", "product_id": self.cream.id, "company_id": company.id}
                for company in (self.company, company_b)
            ]
        )
        zoe = self.env["res.partner"].create({"name": "Zoe of Clinic B"})
        self._deliver_from(self.warehouse, self.client_liam, lot_a, 1)
        self._deliver_from(warehouse_b, zoe, lot_b, 1)
        self.env["stock.quant"]._update_available_quantity(
            self.cream, warehouse_b.lot_stock_id, 2, lot_id=lot_b
        )
        recall, _action = self._recall(lot=lot_a)
        self.assertEqual(recall.line_ids.partner_id, self.client_liam)
        self.assertEqual(self._qty(self.cream, warehouse_b.lot_stock_id, lot_b), 2)
        self.assertFalse(lot_b.clinic_recalled)

    # ------------------------------------------------------------------
    # Access and structure
    # ------------------------------------------------------------------
    def test_recall_is_for_clinic_managers_only(self):
        recall, _action = self._recall()
        # Who received which lot is health data: reception, who books and
        # bills, has no access to recalls.
        for model in ("clinic.lot.recall", "clinic.lot.recall.line"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_reception).search([])
        with self.assertRaises(AccessError):
            self._wizard(env=self.env(user=self.user_reception))
        manager = recall.with_user(self.user_manager)
        self.assertEqual(manager.line_ids.partner_id, self.client_emma)
        # The reception still opens the lot of a dispensed item.
        lot = self.lot.with_user(self.user_reception)
        self.assertTrue(lot.clinic_recalled)
        self.assertNotIn("clinic_recall_ids", lot.fields_get())

    def test_recall_wizard_only_collects_input(self):
        """The wizard holds no business rule: it hands its input to the
        recall record, which finds, quarantines, claims and notifies."""
        own_methods = {
            name
            for name, value in vars(ClinicLotRecallWizard).items()
            if callable(value) and not name.startswith("__")
        }
        self.assertEqual(
            own_methods,
            {
                "_default_lot_id",
                "_compute_company_id",
                "_compute_supplier_id",
                "_prepare_recall_vals",
                "_create_recall",
                "action_confirm",
                "action_review",
            },
        )
        wizard = self._wizard(
            reason="Maker's notice", letter_mode="none", create_supplier_return=True
        )
        with patch.object(
            type(self.env["clinic.lot.recall"]), "action_confirm", autospec=True
        ) as confirm:
            confirm.return_value = False
            action = wizard.action_confirm()
        recall = self.env["clinic.lot.recall"].browse(action["res_id"])
        confirm.assert_called_once_with(recall)
        self.assertRecordValues(
            recall,
            [
                {
                    "state": "draft",
                    "lot_id": self.lot.id,
                    "reason": "Maker's notice",
                    "letter_mode": "none",
                    "create_supplier_return": True,
                    "supplier_id": self.supplier.id,
                    "date": wizard.date,
                }
            ],
        )
        self.assertEqual(action["res_model"], "clinic.lot.recall")

    # ------------------------------------------------------------------
    # Batch
    # ------------------------------------------------------------------
    def _clients_of_a_new_lot(self, count):
        """A new item whose lot reached ``count`` clients: half by delivery,
        half used up in their appointments (one checkout)."""
        product = self.env["product.product"].create(
            {"name": f"Serum {count}", "is_storable": True, "tracking": "lot"}
        )
        lot = self._lot(product, f"BATCH-{count}", 30, count)
        clients = self.env["res.partner"].create(
            [{"name": f"Batch client {count}-{index}"} for index in range(count)]
        )
        for client in clients[: count // 2]:
            self._deliver(client, lot, 1)
        facial = self._facial(product)
        events = self._create_events(
            [
                {"type": facial, "client_id": client.id}
                for client in clients[count // 2 :]
            ]
        )
        self._checkout(events)
        return lot, clients

    def test_recall_finds_clients_in_constant_queries(self):
        Recall = self.env["clinic.lot.recall"].with_user(self.user_manager)
        for count in (2, 20):
            lot, clients = self._clients_of_a_new_lot(count)
            recall = Recall.create({"lot_id": lot.id, "reason": "Batch"})
            self.assertEqual(recall.line_ids.partner_id, clients)
            self.assertEqual(
                set(recall.line_ids.mapped("kind")), {"delivery", "appointment"}
            )
            self.env.invalidate_all()
            # Warm Odoo's caches (access rules...): only the lookups count.
            recall._prepare_line_vals_list()
            self.env.invalidate_all()
            self.env.invalidate_all()
            with self.assertQueryCount(FIND_CLIENTS_QUERIES):
                vals_list = recall._prepare_line_vals_list()
            self.assertEqual(len(vals_list), count)
            self.env.invalidate_all()
            with self.assertQueryCount(CREATE_RECALL_QUERIES):
                Recall.create({"lot_id": lot.id, "reason": "Batch"})
