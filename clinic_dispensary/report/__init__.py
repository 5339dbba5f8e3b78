from . import clinic_waste_report
