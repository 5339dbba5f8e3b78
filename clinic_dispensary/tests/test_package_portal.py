# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..controllers.portal import ClinicPackagePortal
from .common_package import PackageCheckoutCommon


class PackagePortalCommon(PackageCheckoutCommon):
    """Emma and Noah are clients with portal access; Olivia is a client
    whose packages they must never see. Emma holds a 6-facial package with
    one session used and a membership; Noah holds a package Emma may use
    (household); Olivia holds one of her own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_olivia = cls.env["res.partner"].create({"name": "Olivia Client"})
        cls.portal_emma, cls.portal_noah = (
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                partner_id=partner.id,
                name=partner.name,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for login, partner in (
                ("portal_emma", cls.client_emma),
                ("portal_noah", cls.client_noah),
            )
        )
        cls.olivia_offer = cls._package(
            "Olivia Private Peel", 300.0, [(cls.session, 3)], validity_days=90
        )
        cls.glow = cls._package(
            "Monthly Glow",
            49.0,
            [(cls.session, 1)],
            "membership",
            recurring_rule_type="monthly",
            auto_renew=True,
        )

    def setUp(self):
        super().setUp()
        self.emma_facials = self._sell(self.facials)
        self._checkout(self._facials(1))
        self.emma_glow = self._sell(self.glow)
        self.noah_shared = self._sell(
            self.six_pack,
            partner=self.client_noah,
            beneficiary_ids=[Command.set(self.client_emma.ids)],
        )
        self.noah_own = self._sell(self.kit, partner=self.client_noah)
        self.olivia_package = self._sell(self.olivia_offer, partner=self.client_olivia)


@tagged("post_install", "-at_install")
class TestPackagePortalAccess(PackagePortalCommon):
    def test_portal_client_reads_its_own_and_household_packages_only(self):
        Package = self.env["clinic.patient.package"].with_user(self.portal_emma)
        self.assertEqual(
            Package.search([]),
            self.emma_facials | self.emma_glow | self.noah_shared,
            "her packages and the one she may use; not Noah's own nor Olivia's",
        )
        Balance = self.env["clinic.patient.package.line"].with_user(self.portal_emma)
        self.assertEqual(
            Balance.search([]).patient_package_id,
            self.emma_facials | self.emma_glow | self.noah_shared,
        )
        self.assertEqual(
            self.emma_facials.with_user(self.portal_emma).line_ids.quantity_remaining,
            5.0,
        )
        for package in (self.olivia_package, self.noah_own):
            with self.subTest(package=package.name):
                with self.assertRaises(AccessError):
                    package.with_user(self.portal_emma).read(["name"])
                with self.assertRaises(AccessError):
                    package.line_ids.with_user(self.portal_emma).read(["quantity"])
        # Noah sees his own two, not Emma's.
        self.assertEqual(
            self.env["clinic.patient.package"].with_user(self.portal_noah).search([]),
            self.noah_shared | self.noah_own,
        )

    def test_colleagues_of_a_company_account_do_not_see_each_others(self):
        """Treatments are health data: employees of a corporate wellness
        account see their own packages, not their colleagues'."""
        acme = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        ann, bob = self.env["res.partner"].create(
            [{"name": name, "parent_id": acme.id} for name in ("Ann", "Bob")]
        )
        portal_ann, portal_bob = (
            new_test_user(
                self.env,
                login=f"portal_{partner.name.lower()}",
                groups="base.group_portal",
                partner_id=partner.id,
                company_id=self.company.id,
                company_ids=[Command.set(self.company.ids)],
            )
            for partner in (ann, bob)
        )
        anns = self._sell(self.facials, partner=ann)
        Package = self.env["clinic.patient.package"]
        self.assertEqual(Package.with_user(portal_ann).search([]), anns)
        self.assertFalse(Package.with_user(portal_bob).search([]))
        with self.assertRaises(AccessError):
            anns.with_user(portal_bob).read(["name"])

    def test_portal_client_cannot_change_its_packages(self):
        own = self.emma_facials.with_user(self.portal_emma)
        with self.assertRaises(AccessError):
            own.write({"date_start": self.today})
        with self.assertRaises(AccessError):
            own.line_ids.write({"quantity": 60.0})
        with self.assertRaises(AccessError):
            own.unlink()
        with self.assertRaises(AccessError):
            self.env["clinic.patient.package"].with_user(self.portal_emma).create(
                {"partner_id": self.client_emma.id, "package_id": self.facials.id}
            )


@tagged("post_install", "-at_install")
class TestPackagePortalPages(PackagePortalCommon, HttpCase):
    def setUp(self):
        super().setUp()
        # PackageCommon's ``session`` is a product; HttpCase keeps its HTTP
        # session under that name (authenticate() deletes the previous one).
        self.session = None

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _page(self, url):
        """The page's text, its whitespace collapsed."""
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        return " ".join(response.text.split())

    def test_my_packages_lists_balances_expiry_and_memberships(self):
        self.authenticate("portal_emma", "portal_emma")
        page = self._page("/my/packages")
        for text in (
            "6 Facials",
            self.emma_facials.name,
            "Test Facial: 1 of 6 used, <strong>5 left</strong>",
            "Monthly Glow",
            "<span>Every</span> 1 <span>Month(s)</span>",
            # Noah's package Emma may use, said to be his.
            "6-Pack Treatments",
            "held by Noah Client",
        ):
            self.assertIn(text, page)
        self.assertIn(self.emma_facials.date_end.strftime("%m/%d/%Y"), page)
        for text in (
            self.olivia_package.name,
            "Olivia",
            self.noah_own.name,
            "Skincare Kit",
        ):
            self.assertNotIn(text, page)
        # Once memberships are invoiced per period, the next invoice date.
        next_date = (
            "recurring_next_date" in self.emma_glow._fields
            and (self.emma_glow["recurring_next_date"])
        )
        if next_date:
            self.assertRegex(page, rf"Next invoice: <span[^>]*>{next_date:%m/%d/%Y}<")
        else:
            self.assertNotIn("Next invoice", page)

    def test_my_package_page_and_another_clients_refused(self):
        self.authenticate("portal_emma", "portal_emma")
        page = self._page(f"/my/packages/{self.emma_facials.id}")
        self.assertIn(self.emma_facials.name, page)
        self.assertIn(
            '<td>Test Facial</td> <td class="text-end"> 6 Units </td> '
            '<td class="text-end">1</td> <td class="text-end"><strong>5</strong></td>',
            page,
        )
        # The household package she may use.
        page = self._page(f"/my/packages/{self.noah_shared.id}")
        self.assertIn("<strong>Held by:</strong> <span>Noah Client</span>", page)
        self.assertIn("<strong>Also used by:</strong> <span>Emma Client</span>", page)
        # Someone else's package, or none at all: the same 404.
        missing = self.olivia_package.id + 1000
        for package_id in (self.olivia_package.id, self.noah_own.id, missing):
            with self.subTest(package_id=package_id):
                response = self._get(f"/my/packages/{package_id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.olivia_package.name, response.text)
                self.assertNotIn("Olivia Private Peel", response.text)

    def test_other_portal_client_sees_none_of_emmas(self):
        self.authenticate("portal_noah", "portal_noah")
        page = self._page("/my/packages")
        self.assertIn(self.noah_own.name, page)
        self.assertIn(self.noah_shared.name, page)
        self.assertNotIn(self.emma_facials.name, page)
        self.assertNotIn("Monthly Glow", page)
        response = self._get(f"/my/packages/{self.emma_facials.id}")
        self.assertEqual(response.status_code, 404)

    def test_my_packages_pages_through_many(self):
        self.patch(ClinicPackagePortal, "_items_per_page", 2)
        self.authenticate("portal_emma", "portal_emma")
        first = self._page("/my/packages")
        self.assertIn("/my/packages/page/2", first)
        self.assertIn(self.noah_shared.name, first)
        self.assertNotIn(self.emma_facials.name, first)
        second = self._page("/my/packages/page/2")
        self.assertIn(self.emma_facials.name, second)
        self.assertNotIn(self.noah_shared.name, second)

    def test_portal_home_counts_the_packages(self):
        self.authenticate("portal_emma", "portal_emma")
        home = self._page("/my")
        self.assertIn("My Packages &amp; Memberships", home)
        self.assertIn('href="/my/packages"', home)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["clinic_package_count"]}
        )
        self.assertEqual(counters["clinic_package_count"], 3)

    def test_anonymous_visitor_is_sent_to_log_in(self):
        response = self._get(f"/my/packages/{self.emma_facials.id}")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestPackageSaleFromAppointment(PackageCheckoutCommon):
    def test_reception_sells_a_package_from_the_appointment(self):
        event = self._facials(1).with_user(self.user_reception)
        action = event.action_clinic_sell_package()
        self.assertEqual(action["res_model"], "clinic.package.sale")
        self.assertEqual(action["target"], "new")
        wizard_model = (
            self.env["clinic.package.sale"]
            .with_user(self.user_reception)
            .with_context(**action["context"])
        )
        form = Form(wizard_model)
        self.assertEqual(form.partner_id, self.client_emma, "the appointment's client")
        form.package_id = self.facials
        package = self.env["clinic.patient.package"].browse(
            form.save().action_confirm()["res_id"]
        )
        self.assertRecordValues(
            package,
            [{"partner_id": self.client_emma.id, "state": "active"}],
        )
        # Its sessions pay for the appointment at checkout.
        invoice, __ = self._checkout(event, user=self.user_reception)
        self.assertTrue(self._paid_lines(invoice))
        self.assertEqual(package.line_ids.quantity_remaining, 5.0)

    def test_button_on_the_appointment_form_for_those_who_sell(self):
        view = self.env.ref("clinic_dispensary.calendar_event_view_form_clinic")
        for user, shown in (
            (self.user_reception, True),
            (self.user_manager, True),
            (
                new_test_user(
                    self.env, login="clinic_plain_employee", groups="base.group_user"
                ),
                False,
            ),
        ):
            with self.subTest(user=user.login):
                arch = (
                    self.env["calendar.event"]
                    .with_user(user)
                    .get_views([(view.id, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual('name="action_clinic_sell_package"' in arch, shown)

    def test_wizard_from_an_appointment_without_client_asks_for_one(self):
        event = self._create_event(client_id=False, name="Staff lunch")
        wizard_model = self.env["clinic.package.sale"].with_context(
            **event.action_clinic_sell_package()["context"]
        )
        self.assertFalse(Form(wizard_model).partner_id)
