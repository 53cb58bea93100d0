"""The staff blueprint `bp` with all its routes: importing each module registers its views."""
from . import (  # noqa: F401  (imported for the routes they register)
    actions,
    admin,
    auth,
    canned,
    case,
    dashboard,
    export,
    queue,
    users,
    words,
)
from .blueprint import bp

__all__ = ["bp"]
