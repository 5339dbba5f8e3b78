from . import express_checkout
from . import credit_create
from . import credit_apply
from . import credit_edit
from . import credit_refund
from . import stock_return_picking
