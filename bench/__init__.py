"""Benchmarks: `python -m bench` (or `make bench`) starts the app with gunicorn, drives it
from a load generator on 127.0.0.1 and prints one table. Not part of the test suite.

servers.py starts and stops gunicorn apps on temporary databases, load.py is the load
generator, bare.py the bare Flask app every figure is compared with, and each scenario
(ussd.py, ...) is listed in SCENARIOS in __main__.py.
"""
