from . import express_checkout
