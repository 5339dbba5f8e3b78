# Copyright 2026 Clinic Dispensary Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_purchase import PurchaseCommon


@tagged("post_install", "-at_install")
class TestSuppliers(PurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.supplier.write({"is_company": True, "supplier_rank": 1})
        cls.rep = Partner.create(
            {"name": "Dana Rep", "parent_id": cls.supplier.id, "type": "contact"}
        )
        cls.medline = Partner.create(
            {"name": "Medline", "is_company": True, "supplier_rank": 1}
        )
        cls.terms = cls.env.ref("account.account_payment_term_30days")
        cls.supplier.property_supplier_payment_term_id = cls.terms
        Info = cls.env["product.supplierinfo"]
        # Allergan first for the filler (through its rep), Medline first for
        # the mask; Medline also sells the filler.
        Info.create(
            [
                {
                    "partner_id": cls.rep.id,
                    "product_tmpl_id": cls.filler.product_tmpl_id.id,
                    "price": 90.0,
                    "delay": 4,
                    "sequence": 1,
                },
                {
                    "partner_id": cls.medline.id,
                    "product_tmpl_id": cls.filler.product_tmpl_id.id,
                    "price": 95.0,
                    "delay": 10,
                    "sequence": 2,
                },
                {
                    "partner_id": cls.medline.id,
                    "product_tmpl_id": cls.mask.product_tmpl_id.id,
                    "price": 1.0,
                    "delay": 2,
                    "sequence": 1,
                },
                {
                    "partner_id": cls.supplier.id,
                    "product_tmpl_id": cls.mask.product_tmpl_id.id,
                    "price": 1.2,
                    "delay": 8,
                    "sequence": 2,
                },
            ]
        )

    def _vendor_list(self, template):
        """The vendor lines as Odoo orders them, read from the database."""
        return self.env["product.supplierinfo"].search(
            [("product_tmpl_id", "=", template.id)]
        )

    def test_suppliers_menu_lists_odoo_vendors_with_terms_lead_time_and_contacts(self):
        action = self.env.ref("clinic_dispensary.action_clinic_suppliers")
        menu = self.env.ref("clinic_dispensary.menu_clinic_suppliers")
        self.assertEqual(menu.action, action)
        self.assertEqual(
            menu.parent_id, self.env.ref("clinic_dispensary.menu_clinic_purchasing")
        )
        Partner = self.env["res.partner"].with_user(self.user_manager)
        domain = [("supplier_rank", ">", 0)]
        self.assertEqual(action.domain, str(domain))
        suppliers = Partner.search(domain)
        self.assertIn(self.supplier, suppliers)
        self.assertIn(self.medline, suppliers)
        self.assertNotIn(self.client_emma, suppliers)
        # A supplier created from the menu stays in it.
        context = safe_eval(action.context)
        # (Creating partners takes Odoo's Contact Creation right.)
        new = Form(
            self.env["res.partner"].with_context(**context),
            view="base.view_partner_form",
        )
        new.name = "Henry Schein"
        self.assertIn(new.save(), Partner.search(domain))
        list_view = self.env.ref("clinic_dispensary.res_partner_view_list_supplier")
        self.assertIn(list_view, action.view_ids.view_id)
        arch = Partner.get_views([(list_view.id, "list")])["views"]["list"]["arch"]
        for fname in (
            "property_supplier_payment_term_id",
            "clinic_supplier_lead_time",
            "clinic_preferred_product_count",
            "child_ids",
        ):
            self.assertIn(f'name="{fname}"', arch)
        supplier = self.supplier.with_user(self.user_manager)
        self.assertEqual(supplier.property_supplier_payment_term_id, self.terms)
        self.assertEqual(supplier.child_ids, self.rep)
        # Vendor lines of 4 and 8 days (one through its rep).
        self.assertEqual(supplier.clinic_supplier_lead_time, 6.0)
        self.assertEqual(self.medline.clinic_supplier_lead_time, 6.0)

    def test_supplier_form_shows_its_preferred_items(self):
        form = Form(
            self.supplier.with_user(self.user_manager), view="base.view_partner_form"
        )
        self.assertEqual(
            form.clinic_preferred_product_ids[:], self.filler.product_tmpl_id
        )
        self.assertEqual(form.clinic_supplier_lead_time, 6.0)
        self.assertEqual(
            self.medline.clinic_preferred_product_ids, self.mask.product_tmpl_id
        )
        self.assertEqual(
            self.rep.clinic_preferred_product_ids, self.filler.product_tmpl_id
        )
        self.assertEqual(self.medline.clinic_preferred_product_count, 1)

    def test_preferred_supplier_is_the_first_vendor_line(self):
        filler = self.filler.product_tmpl_id.with_user(self.user_manager)
        self.assertEqual(filler.clinic_preferred_supplier_id, self.rep)
        # Odoo buys from the first line: the preferred supplier is its choice.
        self.assertEqual(self.filler._select_seller(quantity=1).partner_id, self.rep)
        filler.seller_ids[1].sequence = 0
        self.assertEqual(filler.clinic_preferred_supplier_id, self.medline)

    def test_setting_the_preferred_supplier_resequences_the_vendor_list(self):
        form = Form(
            self.filler.product_tmpl_id.with_user(self.user_manager),
            view="product.product_template_form_view",
        )
        self.assertEqual(form.clinic_preferred_supplier_id, self.rep)
        form.clinic_preferred_supplier_id = self.medline
        filler = form.save()
        sellers = self._vendor_list(filler)
        self.assertEqual(sellers.partner_id.ids, [self.medline.id, self.rep.id])
        self.assertEqual(sellers.mapped("sequence"), [1, 2])
        self.assertEqual(filler.clinic_preferred_supplier_id, self.medline)
        self.assertEqual(
            self.filler._select_seller(quantity=1).partner_id, self.medline
        )
        # No second record of the preference: the vendor list only.
        self.assertEqual(len(filler.seller_ids), 2)
        self.assertEqual(self.medline.clinic_preferred_product_count, 2)

    def test_a_new_preferred_supplier_gets_a_vendor_line_at_the_item_cost(self):
        serum = self.serum.product_tmpl_id.with_user(self.user_manager)
        self.assertFalse(serum.seller_ids)
        serum.clinic_preferred_supplier_id = self.medline
        self.assertEqual(serum.seller_ids.partner_id, self.medline)
        self.assertEqual(serum.seller_ids.price, serum.standard_price)
        mask = self.mask.product_tmpl_id.with_user(self.user_manager)
        mask.clinic_preferred_supplier_id = self.env["res.partner"].create(
            {"name": "Newcomer", "supplier_rank": 1}
        )
        sellers = self._vendor_list(mask)
        self.assertEqual(
            sellers.partner_id.mapped("name"),
            ["Newcomer", "Medline", "Allergan Supply"],
        )
        self.assertEqual(sellers.mapped("sequence"), [0, 1, 2])
        self.assertEqual(
            self.mask._select_seller(quantity=1).partner_id.name, "Newcomer"
        )

    def test_reception_sees_no_supplier_terms(self):
        self.assertNotIn(
            "clinic_preferred_supplier_id",
            self.filler.product_tmpl_id.with_user(self.user_reception).fields_get(),
        )
        self.assertNotIn(
            "clinic_preferred_product_ids",
            self.supplier.with_user(self.user_reception).fields_get(),
        )
