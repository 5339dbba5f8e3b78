# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.tools import format_date

EQUIPMENT_ALERT_DAYS = 14


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Batch sourcing
    clinic_supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        index="btree_not_null",
        tracking=True,
        help="Who supplied this lot: set from its first receipt.",
    )
    # Recall
    clinic_recalled = fields.Boolean(
        string="Recalled", readonly=True, copy=False, tracking=True
    )
    clinic_recall_date = fields.Date(
        string="Recall Date", readonly=True, copy=False, tracking=True
    )
    clinic_recall_reason = fields.Text(
        string="Recall Reason", readonly=True, copy=False, tracking=True
    )
    clinic_recall_ids = fields.One2many(
        "clinic.lot.recall",
        "lot_id",
        string="Recalls",
        groups="clinic_dispensary.group_clinic_manager",
    )
    clinic_recall_count = fields.Integer(
        compute="_compute_clinic_recall_count",
        groups="clinic_dispensary.group_clinic_manager",
    )
    clinic_recall_allowed = fields.Boolean(
        compute="_compute_clinic_recall_count",
        groups="clinic_dispensary.group_clinic_manager",
        help="No live recall of the lot in the current company yet.",
    )
    # Serial-tracked equipment
    clinic_tracking = fields.Selection(related="product_id.tracking")
    # Indexed: the daily equipment alerts search lots by these dates.
    clinic_warranty_end = fields.Date(
        string="Warranty End", copy=False, tracking=True, index="btree_not_null"
    )
    clinic_holder_id = fields.Many2one(
        "res.partner",
        string="Holder",
        copy=False,
        tracking=True,
        help="Who has the device now (a practitioner, a client on loan...).",
    )
    clinic_maintenance_ids = fields.One2many(
        "clinic.maintenance.log", "lot_id", string="Maintenance Log"
    )
    clinic_next_maintenance_date = fields.Date(
        string="Next Maintenance",
        compute="_compute_clinic_next_maintenance_date",
        store=True,
        index="btree_not_null",
        help="When the latest maintenance said the next one is due.",
    )
    # A device bought is a fixed asset (OCA account_asset_management).
    clinic_asset_ids = fields.One2many(
        "account.asset",
        "clinic_lot_id",
        string="Assets",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    clinic_asset_id = fields.Many2one(
        "account.asset",
        string="Fixed Asset",
        compute="_compute_clinic_asset_id",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The asset the device's vendor bill created.",
    )
    clinic_asset_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_clinic_asset_id",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    clinic_asset_value = fields.Monetary(
        string="Book Value",
        compute="_compute_clinic_asset_id",
        currency_field="clinic_asset_currency_id",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="What the device is still worth in the books: its purchase "
        "value less the depreciation posted.",
    )
    # What the daily alerts already reminded (one alert per due date).
    clinic_maintenance_alerted_date = fields.Date(readonly=True, copy=False)
    clinic_warranty_alerted_date = fields.Date(readonly=True, copy=False)

    @api.depends("clinic_asset_ids.value_residual", "clinic_asset_ids.currency_id")
    def _compute_clinic_asset_id(self):
        for lot in self:
            # The newest first (OCA's order).
            asset = lot.clinic_asset_ids[:1]
            lot.clinic_asset_id = asset
            lot.clinic_asset_currency_id = asset.currency_id
            lot.clinic_asset_value = asset.value_residual

    @api.depends("clinic_maintenance_ids.date", "clinic_maintenance_ids.next_due_date")
    def _compute_clinic_next_maintenance_date(self):
        for lot in self:
            latest = lot.clinic_maintenance_ids.sorted(
                lambda log: (log.date, log.id), reverse=True
            )[:1]
            lot.clinic_next_maintenance_date = latest.next_due_date

    @api.depends("clinic_recall_ids.state")
    @api.depends_context("company")
    def _compute_clinic_recall_count(self):
        """Recalls of the lot the user may see, and whether the current
        company still has to recall it: a lot of a shared item is recalled
        by each company for its own clients and stock."""
        recalls = self.env["clinic.lot.recall"].search(
            [("lot_id", "in", self.ids), ("state", "!=", "cancel")]
        )
        for lot in self:
            lot_recalls = recalls.filtered(lambda r, lot=lot: r.lot_id == lot)
            company = lot.company_id or self.env.company
            lot.clinic_recall_count = len(lot_recalls)
            lot.clinic_recall_allowed = not (
                (lot.company_id and lot.clinic_recalled)
                or lot_recalls.filtered(
                    lambda r, c=company: r.company_id == c and r.state != "draft"
                )
            )

    def _clinic_alert_user(self):
        self.ensure_one()
        product = self.product_id
        return (
            product.with_company(self.company_id or self.env.company).responsible_id
            or product.responsible_id
        ).id or SUPERUSER_ID

    def _clinic_schedule_alerts(self, activity_type, summary_note):
        """One automated activity per lot, all created at once, assigned to
        the item's responsible. No e-mail per activity: a daily sweep over
        many lots would flood the responsible's mailbox.

        :param summary_note: lot -> (summary, note, deadline)
        """
        model_id = self.env["ir.model"]._get_id("stock.lot")
        today = fields.Date.context_today(self)
        vals_list = []
        users = {}
        for lot in self:
            summary, note, deadline = summary_note(lot)
            key = (lot.product_id, lot.company_id)
            if key not in users:
                users[key] = lot._clinic_alert_user()
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": lot.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": users[key],
                    "date_deadline": deadline or today,
                    "summary": summary,
                    "note": Markup("<p>%s</p>") % note,
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    # ------------------------------------------------------------------
    # Expiry: alerts and quarantine
    # ------------------------------------------------------------------
    @api.model
    def _clinic_sellable_domain(self):
        """Quants that checkout could still dispense: internal, positive,
        outside the Quarantine locations."""
        quarantines = self.env["stock.warehouse"]._clinic_quarantine_locations()
        return [
            ("quantity", ">", 0),
            ("location_id.usage", "=", "internal"),
            "!",
            ("location_id", "child_of", quarantines.ids),
        ]

    @api.model
    def _alert_date_exceeded(self):
        """product_expiry's alert, run by the stock scheduler: lots in
        sellable stock are alerted first, in one batch and with what expires
        when; product_expiry then alerts the lots left (those only in
        Quarantine, for instance), as it always did."""
        self._clinic_expiry_alert()
        return super()._alert_date_exceeded()

    @api.model
    def _clinic_expiry_alert(self):
        """Alert on lots in sellable stock whose alert date (expiry date
        minus the item's alert delay, product_expiry's ``alert_time``) has
        come: one activity per item and warehouse, listing its lots with
        what expires when, for the item's responsible.

        One per item rather than one per lot (product_expiry's way): the
        responsible acts per item (take its lots off the shelf, return them,
        use them first), and a day on which a delivery's lots all reach
        their alert date gives a to-do per item, not hundreds of to-dos
        each naming a lot. Creating the activities one per lot was also
        most of the alert's time (sanitizing each note, subscribing the
        responsible to each lot).

        Sets product_expiry's reminded flag, so its own alert skips the
        lots alerted here."""
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("lot_id.alert_date", "<=", fields.Datetime.now()),
                    ("lot_id.product_expiry_reminded", "=", False),
                    *self._clinic_sellable_domain(),
                ],
                ["lot_id", "location_id"],
                ["quantity:sum"],
            )
        )
        if not groups:
            return self.browse()
        # {(item, warehouse, company): {lot: quantity}}, lots by expiry.
        by_item = defaultdict(lambda: defaultdict(float))
        now = fields.Datetime.now()
        for lot, location, quantity in sorted(
            groups,
            key=lambda g: (g[0].expiration_date or now, g[0].name, g[0].id),
        ):
            warehouse = location.warehouse_id
            company = warehouse.company_id or location.company_id
            by_item[lot.product_id, warehouse, company][lot] += quantity
        lots = self.browse().concat(*(lot for lot, _location, _qty in groups))
        # Translated and formatted once, not once per lot: thousands of lots
        # share a handful of expiry days.
        line_text = _("%(quantity)s %(uom)s of lot %(lot)s expire on %(date)s.")
        dates = {}

        def date_of(lot):
            if lot.expiration_date not in dates:
                dates[lot.expiration_date] = format_date(self.env, lot.expiration_date)
            return dates[lot.expiration_date]

        model_id = self.env["ir.model"]._get_id("product.template")
        activity_type = self.env.ref(
            "clinic_dispensary.mail_activity_type_lots_expiring"
        )
        today = fields.Date.context_today(self)
        vals_list = []
        for (product, warehouse, company), quantities in by_item.items():
            first = next(iter(quantities))
            intro = (
                _(
                    "Lots of %(item)s in %(warehouse)s reaching their alert date:",
                    item=product.display_name,
                    warehouse=warehouse.name,
                )
                if warehouse
                else _(
                    "Lots of %(item)s reaching their alert date:",
                    item=product.display_name,
                )
            )
            lines = Markup("").join(
                Markup("<li>%s</li>")
                # Formatted outside _(): Babel's extractor cannot read
                # f-strings.
                % (
                    line_text
                    % {
                        "quantity": f"{quantity:g}",
                        "uom": lot.product_uom_id.name,
                        "lot": lot.name,
                        "date": date_of(lot),
                    }
                )
                for lot, quantity in quantities.items()
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": product.product_tmpl_id.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": first.with_company(company)._clinic_alert_user(),
                    # The first lot to expire sets the deadline.
                    "date_deadline": (
                        first.expiration_date and first.expiration_date.date()
                    )
                    or today,
                    "summary": _(
                        "%(count)s lot(s) expire from %(date)s",
                        count=len(quantities),
                        date=date_of(first),
                    ),
                    "note": Markup("<p>%s</p><ul>%s</ul>") % (intro, lines),
                }
            )
        # No e-mail per activity (mail_activity_quick_update): the
        # responsible sees them in their activities.
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
        lots.sudo().write({"product_expiry_reminded": True})
        return lots

    @api.model
    def _clinic_expired_quants_domain(self):
        return [
            ("lot_id.expiration_date", "<=", fields.Datetime.now()),
            *self._clinic_sellable_domain(),
        ]

    @api.model
    def _clinic_quarantine_expired(self, limit=None):
        """Move every expired unit still sellable into Quarantine and write
        it off from there (a scrap with reason Expired, valued at cost).

        Everything is batched: one search, one ``stock.move.create`` and
        one validation for the quarantine moves, one ``stock.scrap.create``
        and one validation for the write-offs, per company.

        :return: (quants processed, quants left for a next batch)
        """
        Quant = self.env["stock.quant"].sudo()
        domain = self._clinic_expired_quants_domain()
        quants = Quant.search(domain, order="id", limit=limit)
        remaining = 0
        if limit and len(quants) == limit:
            remaining = Quant.search_count(domain) - limit
        expired = self.env.ref("clinic_dispensary.stock_reason_expired")
        origin = _("Expiry sweep")
        for company in quants.company_id:
            company_quants = quants.filtered(lambda q, c=company: q.company_id == c)
            self.with_company(company)._clinic_write_off_expired(
                company_quants, expired, origin
            )
        return len(quants), remaining

    @api.model
    def _clinic_write_off_expired(self, quants, reason, origin):
        moves = self.env["stock.warehouse"]._clinic_quarantine_quants(
            quants, reason, origin
        )
        to_scrap = defaultdict(float)
        for line in moves.move_line_ids:
            key = (line.product_id, line.lot_id, line.location_dest_id, line.owner_id)
            to_scrap[key] += line.quantity_product_uom
        # Odoo's scraps, created at once and validated together by Odoo's
        # do_scrap (stock_scrap.py: one move creation and one validation for
        # all of them).
        # The sweep's scraps without chatter of their own (Odoo's
        # tracking_disable, as for records created in bulk): no follower
        # subscription, creation note nor state tracking per scrap; each lot
        # logs what was written off, with the scraps' names.
        Scrap = self.env["stock.scrap"].sudo()
        scraps = (
            Scrap.with_context(tracking_disable=True)
            .create(
                [
                    {
                        "company_id": self.env.company.id,
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "lot_id": lot.id,
                        "owner_id": owner.id,
                        "scrap_qty": quantity,
                        "location_id": quarantine.id,
                        "origin": origin,
                        "scrap_reason_tag_ids": [fields.Command.set(reason.ids)],
                    }
                    for (product, lot, quarantine, owner), quantity in to_scrap.items()
                ]
            )
            .with_env(Scrap.env)
        )
        scraps.with_context(clinic_scrap_together=True).do_scrap()
        lot_scraps = defaultdict(lambda: self.env["stock.scrap"])
        for scrap in scraps:
            lot_scraps[scrap.lot_id.id] |= scrap
        # Quantities formatted outside _(): Babel's extractor cannot read
        # f-strings.
        quantities = {
            lot_id: f"{sum(lot_scrap.mapped('scrap_qty')):g}"
            for lot_id, lot_scrap in lot_scraps.items()
        }
        self.browse(lot_scraps)._message_log_batch(
            {
                lot_id: self.env._(
                    "Expired: %(quantity)s %(uom)s moved to quarantine and "
                    "written off (%(scraps)s).",
                    quantity=quantities[lot_id],
                    uom=lot_scrap.product_uom_id[:1].name,
                    scraps=", ".join(lot_scrap.mapped("name")),
                )
                for lot_id, lot_scrap in lot_scraps.items()
            }
        )
        return scraps

    @api.model
    def _clinic_cron_expiry_sweep(self, batch_size=500):
        """Daily: quarantine and write off the expired lots. Big backlogs
        are processed ``batch_size`` quants at a time; the cron runs again
        at once until none is left. (Lots nearing expiry are alerted by
        product_expiry's alert, in the stock scheduler.)"""
        done, remaining = self._clinic_quarantine_expired(limit=batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    # ------------------------------------------------------------------
    # Equipment: maintenance and warranty alerts
    # ------------------------------------------------------------------
    @api.model
    def _clinic_cron_equipment_alerts(self):
        """Daily: one alert when a device's maintenance or its warranty end
        falls due within the alert window (never twice for the same date)."""
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("clinic_dispensary.equipment_alert_days", EQUIPMENT_ALERT_DAYS)
        )
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=days)
        lots = self.sudo().search(
            [
                "|",
                ("clinic_next_maintenance_date", "<=", horizon),
                "&",
                ("clinic_warranty_end", ">=", today),
                ("clinic_warranty_end", "<=", horizon),
            ]
        )
        maintenance = lots.filtered(
            lambda lot: (
                lot.clinic_next_maintenance_date
                and lot.clinic_next_maintenance_date <= horizon
                and lot.clinic_maintenance_alerted_date
                != lot.clinic_next_maintenance_date
            )
        )
        warranty = lots.filtered(
            lambda lot: (
                lot.clinic_warranty_end
                and today <= lot.clinic_warranty_end <= horizon
                and lot.clinic_warranty_alerted_date != lot.clinic_warranty_end
            )
        )
        maintenance._clinic_schedule_alerts(
            self.env.ref("clinic_dispensary.mail_activity_type_maintenance_due"),
            lambda lot: (
                self.env._("Maintenance due"),
                self.env._(
                    "Maintenance of %(item)s %(serial)s is due on %(date)s.",
                    item=lot.product_id.display_name,
                    serial=lot.name,
                    date=format_date(self.env, lot.clinic_next_maintenance_date),
                ),
                lot.clinic_next_maintenance_date,
            ),
        )
        warranty._clinic_schedule_alerts(
            self.env.ref("clinic_dispensary.mail_activity_type_warranty_end"),
            lambda lot: (
                self.env._("Warranty ends"),
                self.env._(
                    "The warranty of %(item)s %(serial)s ends on %(date)s.",
                    item=lot.product_id.display_name,
                    serial=lot.name,
                    date=format_date(self.env, lot.clinic_warranty_end),
                ),
                lot.clinic_warranty_end,
            ),
        )
        maintenance._clinic_write_by_value(
            "clinic_maintenance_alerted_date", "clinic_next_maintenance_date"
        )
        warranty._clinic_write_by_value(
            "clinic_warranty_alerted_date", "clinic_warranty_end"
        )
        return maintenance | warranty

    def _clinic_write_by_value(self, field_name, source_name):
        """Copy ``source_name`` into ``field_name``: one write per distinct
        value, not per lot."""
        by_value = defaultdict(list)
        for lot in self:
            by_value[lot[source_name]].append(lot.id)
        for value, ids in by_value.items():
            self.browse(ids).write({field_name: value})

    @api.model
    def action_clinic_view_quarantine(self):
        """What waits in Quarantine, in every clinic of the user's companies."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clinic_dispensary.action_clinic_stock_levels"
        )
        quarantines = self.env["stock.warehouse"]._clinic_quarantine_locations()
        action.update(
            {
                # The client titles the screen with display_name.
                "name": _("Quarantine"),
                "display_name": _("Quarantine"),
                # Emptied quants linger until Odoo's cleanup: not listed.
                "domain": [
                    ("location_id", "child_of", quarantines.ids),
                    ("quantity", "!=", 0),
                ],
                # Few lines, each with its Write Off button: not grouped.
                "context": {},
                "view_mode": "list",
                "views": [
                    (
                        self.env.ref(
                            "clinic_dispensary.stock_quant_view_list_clinic_quarantine"
                        ).id,
                        "list",
                    )
                ],
                "help": _(
                    "<p class='o_view_nocontent_smiling_face'>Nothing in "
                    "quarantine</p><p>Units marked damaged, returned by a "
                    "client or expired wait here, out of sellable stock, "
                    "until they go back to the supplier or are written off "
                    "(Write Off on their line).</p>"
                ),
            }
        )
        return action

    # ------------------------------------------------------------------
    # Recall
    # ------------------------------------------------------------------
    def action_clinic_recall(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recall Lot %s", self.name),
            "res_model": "clinic.lot.recall.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "stock.lot", "active_id": self.id},
        }

    def action_clinic_view_recalls(self):
        self.ensure_one()
        return (
            self.env["clinic.lot.recall"]
            .search([("lot_id", "=", self.id)])
            ._get_records_action(name=_("Recalls of %s", self.name), context={})
        )

    @api.model
    def _clinic_recalled_domain(self, company):
        """Lots recalled for ``company``'s stock and clients: a lot of its
        own flagged recalled, or a shared lot (no company) the company
        recalled itself (each company recalls a shared lot for its own stock
        and clients). A subquery: no query of its own."""
        recalls = (
            self.env["clinic.lot.recall"]
            .sudo()
            ._search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("confirmed", "done")),
                ]
            )
        )
        return [
            ("clinic_recalled", "=", True),
            "|",
            ("company_id", "!=", False),
            ("id", "in", recalls.subselect("lot_id")),
        ]

    def _clinic_recalled_for(self, company):
        """Those of these lots recalled for ``company``, in one search when
        one of them carries the recall flag at all (none otherwise)."""
        flagged = self.filtered("clinic_recalled")
        if not flagged:
            return flagged
        # Sudo: reception dispenses without stock rights.
        lots = self.sudo().search(
            [("id", "in", flagged.ids), *self._clinic_recalled_domain(company)]
        )
        return lots.with_env(self.env)

    def _clinic_record_recall(self, date, reason):
        """Flag the lot recalled, with the first recall's date and reason (a
        lot of a shared item may be recalled by each company)."""
        self.filtered(lambda lot: not lot.clinic_recalled).write(
            {
                "clinic_recalled": True,
                "clinic_recall_date": date,
                "clinic_recall_reason": reason,
            }
        )
