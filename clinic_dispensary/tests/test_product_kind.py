# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import convert_file

from odoo.addons.base.tests.common import new_test_user

# What each clinic kind is kept as in Odoo.
EXPECTED = {
    "service": {"type": "service", "is_storable": False, "tracking": "none"},
    "physical": {"type": "consu", "is_storable": True, "tracking": "none"},
    "digital": {"type": "service", "is_storable": False, "tracking": "none"},
}


@tagged("post_install", "-at_install")
class TestProductKind(TransactionCase):
    """An item's clinic kind and its Odoo type agree, however the item is
    made: the catalogue screens, the ORM, an import of variants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kind_manager",
            groups="clinic_dispensary.group_clinic_manager",
        )

    def assertKind(self, items, kind):
        for item in items:
            self.assertRecordValues(item, [{"clinic_kind": kind, **EXPECTED[kind]}])

    def test_variant_created_with_a_kind_gets_its_type(self):
        Product = self.env["product.product"].with_user(self.manager)
        for kind in EXPECTED:
            self.assertKind(
                Product.create({"name": f"Item {kind}", "clinic_kind": kind}), kind
            )
        # Several at once, as integrations send them.
        consultation, vial = Product.create(
            [
                {"name": "Consultation", "clinic_kind": "service"},
                {"name": "Vial", "clinic_kind": "physical", "tracking": "lot"},
            ]
        )
        self.assertKind(consultation, "service")
        self.assertRecordValues(
            vial, [{"type": "consu", "is_storable": True, "tracking": "lot"}]
        )

    def test_variant_written_with_a_kind_gets_its_type(self):
        item = (
            self.env["product.product"]
            .with_user(self.manager)
            .create({"name": "Peel", "clinic_kind": "service"})
        )
        item.write({"clinic_kind": "physical"})
        self.assertKind(item, "physical")
        item.write({"clinic_kind": "digital"})
        self.assertKind(item, "digital")

    def test_kind_and_type_that_disagree_are_refused(self):
        Product = self.env["product.product"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Mask.*kind Service.*type Goods"):
            Product.create({"name": "Mask", "clinic_kind": "service", "type": "consu"})
        item = Product.create({"name": "Filler", "clinic_kind": "physical"})
        with self.assertRaisesRegex(ValidationError, "Filler.*kind Physical"):
            item.write({"clinic_kind": "physical", "type": "service"})
        self.assertKind(item, "physical")

    def test_import_of_variants_with_a_kind(self):
        result = (
            self.env["product.product"]
            .with_user(self.manager)
            .load(
                ["name", "clinic_kind", "list_price"],
                [
                    ["Imported consultation", "service", "90"],
                    ["Imported serum", "physical", "45"],
                    ["Imported membership", "digital", "300"],
                ],
            )
        )
        self.assertFalse(result["messages"])
        items = self.env["product.product"].browse(result["ids"])
        self.assertKind(items[0], "service")
        self.assertKind(items[1], "physical")
        self.assertKind(items[2], "digital")

    def test_import_of_items_with_a_kind(self):
        result = (
            self.env["product.template"]
            .with_user(self.manager)
            .load(
                ["name", "clinic_kind"],
                [["Imported peel", "service"], ["Imported gel", "physical"]],
            )
        )
        self.assertFalse(result["messages"])
        service, physical = self.env["product.template"].browse(result["ids"])
        self.assertKind(service, "service")
        self.assertKind(physical, "physical")

    def test_kind_chosen_on_the_item_screen(self):
        form = Form(self.env["product.template"].with_user(self.manager))
        form.name = "LED mask session"
        form.clinic_kind = "service"
        self.assertEqual(form.type, "service")
        self.assertKind(form.save(), "service")
        form = Form(self.env["product.template"].with_user(self.manager))
        form.name = "Vitamin C serum"
        form.clinic_kind = "physical"
        self.assertTrue(form.is_storable)
        self.assertKind(form.save(), "physical")

    def test_product_type_shown_only_where_the_kind_leaves_a_choice(self):
        form = Form(self.env["product.template"].with_user(self.manager))
        form.name = "Peel session"
        for kind in ("service", "physical"):
            form.clinic_kind = kind
            # The kind decides: no product type to contradict it.
            with self.assertRaisesRegex(AssertionError, "invisible field 'type'"):
                form.type = "combo"
        # A digital item is a service or a combo (a package).
        form.clinic_kind = "digital"
        form.type = "combo"
        self.assertEqual(form.type, "combo")

    def test_kind_chosen_on_the_variant_screen(self):
        form = Form(self.env["product.product"].with_user(self.manager))
        form.name = "Consultation by the hour"
        form.clinic_kind = "service"
        self.assertEqual(form.type, "service")
        self.assertKind(form.save(), "service")
        form = Form(self.env["product.product"].with_user(self.manager))
        form.name = "Cleansing gel"
        form.clinic_kind = "physical"
        self.assertTrue(form.is_storable)
        gel = form.save()
        self.assertKind(gel, "physical")
        with Form(gel.with_user(self.manager)) as form:
            form.clinic_kind = "digital"
            self.assertEqual(form.type, "service")
        self.assertKind(gel, "digital")

    def test_demo_items_kind_matches_their_type(self):
        # A database installed with demo data has the items already; one
        # without gets them loaded here (loading twice would rewrite quants).
        if not self.env.ref(
            "clinic_dispensary.product_consultation_hourly", raise_if_not_found=False
        ):
            for filename in ("demo/clinic_demo.xml", "demo/clinic_pricing_demo.xml"):
                convert_file(
                    self.env,
                    "clinic_dispensary",
                    filename,
                    {},
                    mode="init",
                    kind="demo",
                )
        for xmlid, kind in (
            ("product_consultation_hourly", "service"),
            ("product_addon_led_mask", "service"),
            ("product_addon_extra_time", "service"),
            ("product_botox_vial", "physical"),
            ("product_sheet_mask", "physical"),
        ):
            item = self.env.ref(f"clinic_dispensary.{xmlid}")
            self.assertEqual(item.clinic_kind, kind, xmlid)
            self.assertEqual(item.type, EXPECTED[kind]["type"], xmlid)
            self.assertEqual(item.is_storable, EXPECTED[kind]["is_storable"], xmlid)
        self.assertFalse(
            self.env["product.template"]
            .with_context(active_test=False)
            .search(
                [("clinic_kind", "in", ("service", "digital")), ("type", "=", "consu")]
            ),
            "no item of a service kind is kept as goods",
        )
