# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .test_recall import RecallCommon

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"
# Debian's wkhtmltopdf is built on an unpatched Qt: it says so on stderr,
# which Odoo logs as a warning. Nothing else it says is harmless.
UNPATCHED_QT_NOTICES = (
    "unpatched qt",
    "XDG_RUNTIME_DIR",
)


@tagged("post_install", "-at_install")
class TestPdfReports(RecallCommon, HttpCase):
    """The invoice and the recall letter print as real PDFs (wkhtmltopdf),
    not only as the HTML Odoo falls back to in tests.

    An HttpCase: wkhtmltopdf fetches the report's assets from the server,
    which must serve them through the test's transaction (in a fresh
    database they are generated in it) instead of waiting on its locks."""

    def _render_pdf(self, report_ref, records):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        # assertLogs needs one record at least: this line is ours.
        with self.assertLogs(REPORT_LOGGER, logging.INFO) as logs:
            logging.getLogger(REPORT_LOGGER).info("rendering %s", report_ref)
            pdf, kind = report._render_qweb_pdf(report_ref, records.ids)
        unexpected = [
            record.getMessage()
            for record in logs.records
            if record.levelno >= logging.WARNING
            and not any(
                notice.lower() in record.getMessage().lower()
                for notice in UNPATCHED_QT_NOTICES
            )
        ]
        self.assertFalse(unexpected, "wkhtmltopdf complained")
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "not a PDF")
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertGreaterEqual(reader.getNumPages(), 1)
        # Debian's wkhtmltopdf draws text as outlines (no font in the PDF), so
        # the words are checked in the HTML it was given, rendered the same way.
        html = report._render_qweb_html(report_ref, records.ids)[0].decode()
        return " ".join(html.split())

    def test_checkout_invoice_prints_to_pdf(self):
        # The lots dispensed at checkout print on the invoice (stock_account).
        self.env.user.groups_id |= self.env.ref("stock_account.group_lot_on_invoice")
        self.emma_invoice.action_post()
        text = self._render_pdf("account.account_invoices", self.emma_invoice)
        self.assertIn(self.emma_invoice.name, text)
        self.assertIn("Test Botox", text)
        self.assertIn("RECALL-1", text)

    def test_recall_letter_prints_to_pdf(self):
        self._deliveries()
        recall, _action = self._recall()
        text = self._render_pdf(
            "clinic_dispensary.action_report_lot_recall_letter", recall
        )
        self.assertIn("RECALL-1", text)
        self.assertIn("Mia Client", text)
