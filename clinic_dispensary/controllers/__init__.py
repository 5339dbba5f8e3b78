from . import portal
from . import supplier_portal
