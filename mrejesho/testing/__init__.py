"""What the tests and the benchmark share (as indico.testing does for Indico): a private
PostgreSQL database, the real app under gunicorn, a clock tests can stop and move, and
factories that make data through the core as a citizen or an officer would.

The application never imports this package; it needs the dev requirements (pytest).
"""
