"""The factories of mrejesho.testing, where the tests have always imported them from."""
from mrejesho.testing.factories import (
    CITIZEN_PHONE,
    STAFF_PASSWORD,
    assign_to,
    citizen_form,
    follow_up,
    make_feedback,
    make_staff,
    move_to,
    rate,
    reply_to,
    submission,
    transfer_to,
)

__all__ = ["CITIZEN_PHONE", "STAFF_PASSWORD", "assign_to", "citizen_form", "follow_up",
           "make_feedback", "make_staff", "move_to", "rate", "reply_to", "submission",
           "transfer_to"]
