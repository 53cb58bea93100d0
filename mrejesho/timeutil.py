"""Clock helpers: the database stores naive UTC; people see East Africa Time."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Africa/Dar_es_Salaam")


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """Convert a stored naive-UTC time to East Africa Time."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def from_local(moment: datetime) -> datetime:
    """Convert an aware local time back to stored naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)
