"""How pytest-xdist shares the suite between its workers (`make test` runs `pytest -n auto`).

A work unit is one test module on one database backend: its tests run together on one
worker, so a module-scoped fixture (the 100,000-row queue database) is built once per
backend, not once per worker; and units go out in collection order (every SQLite unit,
then every PostgreSQL one), so a worker builds each session database once instead of
switching back and forth. (--dist loadgroup would say this with marks, but pytest 9.2's
structured node ids make xdist 3.8 ignore them: pytest-xdist issue 1386.)
"""
from __future__ import annotations

import re

import pytest
from xdist.scheduler import LoadScopeScheduling

BACKEND = re.compile(r"[\[-](sqlite|postgresql)[\]-]")


class ModuleAndBackendScheduling(LoadScopeScheduling):
    """LoadScopeScheduling whose scope is "module[backend]"."""

    def _split_scope(self, nodeid: str) -> str:
        module, _, test = nodeid.partition("::")
        found = BACKEND.search(test[test.find("["):]) if "[" in test else None
        return f"{module}[{found.group(1)}]" if found else module


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """Use ModuleAndBackendScheduling for -n (whose default is --dist load); any other
    --dist given on the command line is obeyed."""
    if config.getvalue("dist") != "load":
        return None
    config.option.loadscopereorder = False  # keep the collection order: backend by backend
    return ModuleAndBackendScheduling(config, log)
