# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from datetime import date, datetime, time
from unittest.mock import patch

import pytz

from odoo.tests import HttpCase
from odoo.tests.common import ChromeBrowser


class ClinicTourCase(HttpCase):
    """Browser tours of screens that show "today's" appointments.

    Two clocks meet there: the browser evaluates the *Today* filter in its own
    timezone (``context_today()``), and the server reads that day in the
    user's timezone (``clinic_checkout_date``). Tours therefore never assume
    either is UTC: appointments are placed on the browser's day, at a time of
    that day in the tour user's timezone. Subclasses move both clocks apart.
    """

    # The tour user's timezone (Preferences).
    tour_user_tz = "Europe/Brussels"
    # The zone Chromium runs in; None: the Odoo process's (Odoo forces UTC).
    browser_tz = None

    def setUp(self):
        super().setUp()
        if self.browser_tz:
            spawn = ChromeBrowser._chrome_without_limit
            zone = self.browser_tz

            def spawn_in_zone(browser, cmd):
                # Only the child sees it: this process keeps its own clock
                # (no tzset), Chromium takes its zone from TZ.
                with patch.dict(os.environ, {"TZ": zone}):
                    return spawn(browser, cmd)

            self.patch(ChromeBrowser, "_chrome_without_limit", spawn_in_zone)

    @classmethod
    def _browser_today(cls):
        """The day the browser's *Today* filter asks for."""
        if cls.browser_tz:
            return datetime.now(pytz.timezone(cls.browser_tz)).date()
        return date.today()

    @classmethod
    def _at_browser_today(cls, hour, minute=0):
        """UTC datetime (as stored) of hour:minute on the browser's day, in
        the tour user's timezone."""
        local = datetime.combine(cls._browser_today(), time(hour, minute))
        tz = pytz.timezone(cls.tour_user_tz)
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _assert_browser_zone(self, login):
        """The tours of a zone variant really run in that zone."""
        zone = self.browser_tz
        self.browser_js(
            "/odoo",
            f"""
            const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
            if (zone === {zone!r}) {{
                console.log("test successful");
            }} else {{
                console.error("the browser runs in " + zone + ", not {zone}");
            }}
            """,
            login=login,
        )

    def _assert_on_browser_day(self, events, user):
        """The user's checkout day of the appointments is the browser's."""
        days = events.with_user(user).with_context(tz=user.tz)
        self.assertEqual(
            set(days.mapped("clinic_checkout_date")), {self._browser_today()}
        )
