"""Benchmarks: `python -m bench` (or `make bench`) starts the bare Flask ceiling and the real
app under the same gunicorn settings, drives them with wrk and the Lua scripts in bench/lua,
and prints one table (see docs/benchmark.md). Not part of the test suite.

__main__.py runs the scenarios, wrk.py runs wrk and parses what its Lua done() printed,
report.py makes the table, checks.py counts in the database that every answered request
did its work exactly once, servers.py starts gunicorn on fresh databases, staff.py fills
the database and signs an officer in, bare.py is the ceiling, bulk.py a bulk loader.
"""
