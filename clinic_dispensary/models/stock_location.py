# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_repr


class StockLocation(models.Model):
    _inherit = "stock.location"

    @api.model
    def _clinic_check_stock(self, locations, requests, company):
        """Compare what checkout takes out of ``locations`` with their free
        stock, for all products at once.

        :param requests: [(product, uom, quantity, record)]
        :return: the records short of stock when the company allows it
        :raise UserError: naming items and quantities when it refuses
        """
        refuse = company.clinic_stock_shortage == "refuse"
        needed = defaultdict(float)
        records = defaultdict(list)
        for product, uom, quantity, record in requests:
            needed[product] += uom._compute_quantity(quantity, product.uom_id)
            records[product].append(record)
        consumers = defaultdict(list)
        if refuse:
            # Refusing means before anything moves: what the checked-out
            # appointments consume right after counts with what is dispensed.
            for product, uom, quantity, event in self._clinic_checkout_consumption(
                requests
            ):
                needed[product] += uom._compute_quantity(quantity, product.uom_id)
                consumers[product].append(event)
        if not needed:
            return []
        products = self.env["product.product"].concat(*needed)
        location_ids = [location.id for location in locations]
        free = {
            product.id: product.free_qty
            for product in products.with_context(location=location_ids)
        }
        # Expired lots not swept into Quarantine yet are not dispensable:
        # product_expiry's reservation skips them too (``with_expiration``),
        # as the clinic's skips recalled lots (``clinic_skip_recalled``).
        Quant = self.env["stock.quant"]
        for product, quantity, reserved in Quant._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id", "child_of", location_ids),
                "|",
                *Quant._clinic_expired_domain(),
                *Quant._clinic_recalled_domain(company),
            ],
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        ):
            free[product.id] -= quantity - reserved
        short = [
            product
            for product, quantity in needed.items()
            if float_compare(
                quantity,
                free[product.id],
                precision_rounding=product.uom_id.rounding,
            )
            > 0
        ]
        if not short:
            return []
        if refuse:
            self._clinic_record_refusal(
                locations,
                {
                    product: needed[product] - max(free[product.id], 0.0)
                    for product in short
                },
                {product: records[product] + consumers[product] for product in short},
            )
            raise UserError(
                _(
                    "Stock too low, nothing was billed:\n%s",
                    "\n".join(
                        self.env._(
                            "- %(item)s: %(needed)s %(uom)s needed, %(free)s in stock",
                            item=product.display_name,
                            needed=float_repr(needed[product], 2)
                            .rstrip("0")
                            .rstrip("."),
                            free=float_repr(max(free[product.id], 0.0), 2)
                            .rstrip("0")
                            .rstrip("."),
                            uom=product.uom_id.name,
                        )
                        for product in short
                    ),
                )
            )
        return [record for product in short for record in records[product]]

    @api.model
    def _clinic_record_refusal(self, locations, missing, records):
        """Record the stock-outs a refusal is about (it survives the
        refusal's rollback), with the appointments and clients of the
        refused lines (invoice lines or appointments).

        :param missing: {product: quantity short in its unit}
        :param records: {product: [invoice lines or appointments]}
        """
        warehouse = locations[0].warehouse_id
        if not warehouse:
            return
        entries = []
        for product, quantity in missing.items():
            events = self.env["calendar.event"]
            partners = self.env["res.partner"]
            for record in records[product]:
                if record._name == "account.move.line":
                    events |= record.clinic_event_id
                    partners |= record.move_id.partner_id
                elif record._name == "calendar.event":
                    events |= record
                    partners |= record.client_id
            entries.append(
                {
                    "product": product,
                    "warehouse": warehouse,
                    "quantity": quantity,
                    "events": events,
                    "partners": partners,
                }
            )
        self.env["clinic.stockout.event"]._clinic_record_refusal(entries)

    @api.model
    def _clinic_checkout_consumption(self, requests):
        """Consumables the appointments billed by the checked invoice lines
        still have to consume from the same stock (Express Checkout consumes
        them right after dispensing): [(product, uom, quantity, event)]."""
        lines = self.env["account.move.line"].concat(
            *(
                record
                for *_request, record in requests
                if record._name == "account.move.line"
            )
        )
        events = lines.filtered(
            lambda line: line.move_id.clinic_dispense
        ).clinic_event_id
        return events._clinic_consumption_requests()
