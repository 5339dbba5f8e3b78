from . import clinic_waste_report
from . import clinic_supplier_report_mixin
from . import clinic_supplier_scorecard
from . import clinic_supplier_comparison
from . import clinic_package_liability_report
from . import clinic_usage_report
from . import clinic_sales_report
