"""The list of blueprints; each channel or area registers itself here."""
from importlib import import_module

# Module path and attribute of each blueprint. A module that is not written yet is skipped,
# so areas can land one at a time.
BLUEPRINTS = (
    ("mrejesho.public.views", "bp"),
    ("mrejesho.staff.views", "bp"),
    ("mrejesho.stats.views", "bp"),
    ("mrejesho.api.views", "bp"),
    ("mrejesho.simulator.views", "bp"),
    ("sms.webhooks", "bp"),
    ("ussd.webhooks", "bp"),
)


def all_blueprints():
    """Yield each blueprint that exists."""
    for module_name, attribute in BLUEPRINTS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        yield getattr(module, attribute)
