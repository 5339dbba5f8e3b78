# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_batch import BatchSafetyCommon


@tagged("post_install", "-at_install")
class TestRecall(BatchSafetyCommon):
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
        receive = Form(cls.env["clinic.stock.receive"])
        receive.partner_id = cls.supplier
        with receive.line_ids.new() as line:
            line.product_id = cls.vial
            line.quantity = 10
            line.lot_name = "RECALL-1"
            line.expiration_date = cls.now + timedelta(days=20)
        receive.save().action_confirm()
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

    def _wizard(self, **values):
        form = Form(
            self.env["clinic.lot.recall"].with_context(
                active_model="stock.lot", active_id=self.lot.id
            )
        )
        form.reason = values.pop("reason", "Sterility issue reported by the maker")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_recall_lists_exactly_the_clients_who_received_the_lot(self):
        self._deliveries()
        wizard = self._wizard()
        self.assertEqual(wizard.lot_id, self.lot)
        self.assertRecordValues(
            wizard.line_ids,
            [
                {
                    "partner_id": self.client_emma.id,
                    "quantity": 2.0,
                    "returned_quantity": 0.0,
                    "invoice_id": self.emma_invoice.id,
                },
                {
                    "partner_id": self.client_liam.id,
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "invoice_id": False,
                },
                {
                    "partner_id": self.client_olivia.id,
                    "quantity": 1.0,
                    "returned_quantity": 1.0,
                    "invoice_id": False,
                },
                {
                    "partner_id": self.client_mia.id,
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "invoice_id": False,
                },
            ],
        )
        self.assertTrue(all(wizard.line_ids.mapped("date")))
        # Noah only had the sibling lot; Olivia gave hers back.
        self.assertEqual(
            wizard.partner_ids, self.client_emma | self.client_liam | self.client_mia
        )

    def test_recall_quarantines_every_remaining_unit_of_the_lot(self):
        self._deliveries()
        wizard = self._wizard()
        self.assertEqual(wizard.quarantine_quantity, 7)
        wizard.action_confirm()
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
        moves = (
            self.env["stock.move"]
            .search(
                [("move_line_ids.lot_id", "=", self.lot.id), ("state", "=", "done")]
            )
            .filtered(
                lambda m: (
                    m.location_dest_id
                    == m.location_id.warehouse_id.clinic_quarantine_location_id
                )
            )
        )
        self.assertEqual(moves.clinic_reason_tag_id, self.reason_recall)
        # The sibling lot stays sellable.
        self.assertEqual(self._qty(self.vial, self.stock, self.sibling), 4)

    def test_recall_is_recorded_on_the_lot(self):
        self._wizard(reason="Contaminated batch").action_confirm()
        self.assertRecordValues(
            self.lot,
            [
                {
                    "clinic_recalled": True,
                    "clinic_recall_date": self.today,
                    "clinic_recall_reason": "Contaminated batch",
                }
            ],
        )
        self.assertIn("Recalled: 9.00 Units quarantined", self.lot.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "already recalled"):
            self._wizard().action_confirm()

    def test_recall_letters_queued_for_the_clients_concerned(self):
        self._deliveries()
        self.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        wizard = self._wizard()
        action = wizard.action_confirm()
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
        # Mia has no e-mail: her letter is printed.
        self.assertEqual(
            action["report_name"], "clinic_dispensary.report_lot_recall_letter"
        )
        self.assertEqual(action["context"]["active_ids"], wizard.ids)
        self.assertEqual(wizard.print_partner_ids, self.client_mia)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "clinic_dispensary.report_lot_recall_letter", wizard.ids
        )
        self.assertIn("Mia Client", str(html))
        self.assertIn("RECALL-1", str(html))
        self.assertNotIn("Liam Client", str(html))

    def test_recall_prepares_the_supplier_return(self):
        self._deliveries()
        wizard = self._wizard(create_supplier_return=True)
        self.assertEqual(wizard.supplier_id, self.supplier)
        wizard.action_confirm()
        # One claim per warehouse: each return ships from its own Quarantine
        # with its own warehouse's operation type.
        claims = wizard.claim_ids
        self.assertRecordValues(
            claims,
            [
                {
                    "kind": "supplier_return",
                    "state": "draft",
                    "partner_id": self.supplier.id,
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
        wizard = self._wizard(create_supplier_return=True)
        wizard.action_confirm()
        self.assertEqual(self._qty(self.vial, self.quarantine, self.lot), 8)
        claim = wizard.claim_ids.filtered(
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
        facial = self.env["calendar.event.type"].create(
            {
                "name": "Test Facial",
                "clinic_billable": True,
                "price": 90.0,
                "clinic_consumable_ids": [
                    Command.create(
                        {"product_id": self.cream.id, "quantity": 1, "billable": False}
                    )
                ],
            }
        )
        # First-expiry-first: Liam's facial uses SERUM-1 up, Noah's the
        # sibling lot.
        liam_event = self._create_event(type=facial, client_id=self.client_liam.id)
        self._checkout(liam_event)
        noah_event = self._create_event(type=facial, client_id=self.client_noah.id)
        self._checkout(noah_event)
        self.assertEqual(liam_event.clinic_consumption_move_ids.lot_ids, serum)
        self.assertEqual(noah_event.clinic_consumption_move_ids.lot_ids, serum_sibling)

        form = Form(
            self.env["clinic.lot.recall"].with_context(
                active_model="stock.lot", active_id=serum.id
            )
        )
        form.reason = "Contaminated serum"
        wizard = form.save()
        self.assertRecordValues(
            wizard.line_ids,
            [
                {
                    "partner_id": self.client_liam.id,
                    "quantity": 1.0,
                    "returned_quantity": 0.0,
                    "remaining_quantity": 1.0,
                    "picking_id": False,
                    "invoice_id": False,
                }
            ],
        )
        self.assertTrue(wizard.line_ids.date)
        self.assertEqual(
            wizard.line_ids.move_line_id.move_id.clinic_event_id, liam_event
        )
        self.assertEqual(wizard.partner_ids, self.client_liam)
        self.assertIn(self.client_liam.id, wizard._get_letter_values()["lines"])
