from . import test_event_type
from . import test_express_checkout
from . import test_checkout_security
from . import test_checkout_concurrency
from . import test_checkout_performance
from . import test_tours
