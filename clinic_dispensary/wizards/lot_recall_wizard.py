# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ClinicLotRecallWizard(models.TransientModel):
    """Recall a lot from its form: collects the reason and the options, then
    creates the recall record (``clinic.lot.recall``), which does the rest."""

    _name = "clinic.lot.recall.wizard"
    _description = "Recall a Lot"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        required=True,
        readonly=True,
        check_company=True,
        default=lambda self: self._default_lot_id(),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    date = fields.Date(
        string="Recall Date", required=True, default=fields.Date.context_today
    )
    reason = fields.Text(required=True)
    letter_mode = fields.Selection(
        lambda self: self.env["clinic.lot.recall"]._fields["letter_mode"].selection,
        string="Recall Letters",
        required=True,
        default="email",
    )
    create_supplier_return = fields.Boolean(
        string="Prepare a Supplier Return",
        help="Open a supplier return claim for the quarantined units, with "
        "the return ready to ship.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )

    @api.model
    def _default_lot_id(self):
        if self.env.context.get("active_model") == "stock.lot":
            return self.env.context.get("active_id")
        return False

    @api.depends("lot_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.lot_id.company_id or self.env.company

    @api.depends("lot_id")
    def _compute_supplier_id(self):
        for wizard in self:
            wizard.supplier_id = wizard.lot_id.clinic_supplier_id

    def _prepare_recall_vals(self):
        self.ensure_one()
        return {
            "lot_id": self.lot_id.id,
            "company_id": self.company_id.id,
            "date": self.date,
            "reason": self.reason,
            "letter_mode": self.letter_mode,
            "create_supplier_return": self.create_supplier_return,
            "supplier_id": self.supplier_id.id,
        }

    def _create_recall(self):
        return self.env["clinic.lot.recall"].create(self._prepare_recall_vals())

    def action_confirm(self):
        """Recall now: the letters to print, else the recall record."""
        recall = self._create_recall()
        return recall.action_confirm() or recall._get_records_action(context={})

    def action_review(self):
        """Keep the recall as a draft to review the clients found first."""
        return self._create_recall()._get_records_action(context={})
