"""Plain factory functions for tests."""
from __future__ import annotations

from mrejesho.models import StaffUser
from mrejesho.seed import create_staff

STAFF_PASSWORD = "correct horse battery staple"


def make_staff(code: str = "TANESCO", role: str = "officer", email: str | None = None,
               name: str | None = None) -> StaffUser:
    """Create a staff account of an institution (password STAFF_PASSWORD)."""
    email = email or f"{role}.{code.lower()}@example.go.tz"
    return create_staff(email, name or f"{role.title()} {code}", role, code, STAFF_PASSWORD)


def submission(**overrides) -> dict:
    """A valid submission dict as mrejesho.schemas.load_submission returns it."""
    data = {"kind": "complaint", "institution": "TANESCO", "subject": None,
            "body": "Umeme umekatika tangu jana mtaa wa Sinza.", "name": "Amina Juma",
            "phone": "+255712345678", "email": None, "anonymous": False, "language": "sw"}
    data.update(overrides)
    return data
