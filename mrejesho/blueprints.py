"""Every blueprint of the app: the citizen web, the staff workspace, the channels."""
from flask import Blueprint


def all_blueprints() -> list[Blueprint]:
    """The blueprints to register, imported here so create_app stays short."""
    from mrejesho.open311.views import bp as open311
    from mrejesho.public.data import bp as data
    from mrejesho.public.views import bp as public
    from mrejesho.simulator.views import bp as simulator
    from mrejesho.staff.views import bp as staff
    from mrejesho.stats.views import bp as stats
    from sms.webhooks import bp as sms
    from ussd.webhooks import bp as ussd

    return [public, staff, stats, simulator, sms, ussd, open311, data]
