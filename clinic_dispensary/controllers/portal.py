# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PACKAGE_MODEL = "clinic.patient.package"
# Bought packages: a draft's invoice is not posted yet, a cancelled one was
# never paid for.
PORTAL_STATES = ("active", "exhausted", "expired")


class ClinicPackagePortal(CustomerPortal):
    """My Packages & Memberships: the packages a client holds or may use as
    a household member, what is used and left. What a portal user sees is
    decided by the record rules; the domain below only picks, among those,
    the packages the client has bought (not drafts)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "clinic_package_count" in counters:
            Package = request.env[PACKAGE_MODEL]
            values["clinic_package_count"] = (
                Package.search_count(self._clinic_packages_domain())
                if Package.has_access("read")
                else 0
            )
        return values

    def _clinic_packages_domain(self):
        partner = request.env.user.partner_id
        return [
            ("state", "in", PORTAL_STATES),
            "|",
            ("partner_id", "child_of", partner.id),
            ("beneficiary_ids", "in", partner.ids),
        ]

    @http.route(
        ["/my/packages", "/my/packages/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_clinic_packages(self, page=1, **kw):
        Package = request.env[PACKAGE_MODEL]
        if not Package.has_access("read"):
            return request.redirect("/my")
        domain = self._clinic_packages_domain()
        pager = portal_pager(
            url="/my/packages",
            total=Package.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # Searched as the portal user: the record rules apply. Shown as
        # superuser (items, offers), like Odoo's own portal pages.
        packages = Package.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_clinic_packages_history"] = packages.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "packages": packages.sudo(),
                "clinic_commercial_partner": (
                    request.env.user.partner_id.commercial_partner_id.sudo()
                ),
                "page_name": "clinic_package",
                "pager": pager,
                "default_url": "/my/packages",
            }
        )
        return request.render("clinic_dispensary.portal_my_clinic_packages", values)

    @http.route(
        ["/my/packages/<int:package_id>"], type="http", auth="user", website=True
    )
    def portal_my_clinic_package(self, package_id, **kw):
        try:
            package_sudo = self._document_check_access(PACKAGE_MODEL, package_id)
        except (AccessError, MissingError) as error:
            # Someone else's package, or none: the same answer, so the page
            # does not tell which ids exist.
            raise NotFound() from error
        if package_sudo.state not in PORTAL_STATES:
            raise NotFound()
        values = self._get_page_view_values(
            package_sudo,
            None,
            {"page_name": "clinic_package", "package": package_sudo},
            "my_clinic_packages_history",
            False,
            **kw,
        )
        return request.render("clinic_dispensary.portal_my_clinic_package", values)
