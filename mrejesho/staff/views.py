"""The staff blueprint `bp` with all its routes. Each module below registers its views when
imported; they are listed one by one, so none is left out silently."""
from .. import outhooks_staff as webhooks
from ..api import staff_keys as api_keys
from . import auth, words
from .admin import audit_log, institutions, routing, users
from .blueprint import bp
from .case import actions, canned, page, printed, priority
from .dashboard import views as dashboard
from .intake import views as intake
from .queue import export
from .queue import views as queue

# Imported for the routes and context processors they register on bp.
REGISTERED = (auth, words, institutions, routing, users, actions, canned, page, dashboard,
              export, queue, intake, printed, priority)
REGISTERED += (api_keys,)  # the manager's API keys page (mrejesho.api.staff_keys)
REGISTERED += (webhooks,)  # the manager's webhooks page (mrejesho.outhooks_staff)
REGISTERED += (audit_log,)  # the admin's audit log (issue 15)

__all__ = ["bp"]
