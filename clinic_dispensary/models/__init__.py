from . import calendar_event_type
from . import calendar_event
from . import product_product
from . import product_template
from . import account_move
from . import account_move_line
from . import account_analytic_distribution_model
