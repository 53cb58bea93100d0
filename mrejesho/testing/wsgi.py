"""WSGI entry for tests: the app of wsgi.py, built with the settings the test's own app got
(JSON in MREJESHO_TEST_SETTINGS), so gunicorn serves what the test then inspects. The
environment alone cannot say everything a test sets (CSRF off, a fast password hash)."""
import json
import os

from mrejesho import create_app

from .servers import SETTINGS_VARIABLE

app = create_app(json.loads(os.environ[SETTINGS_VARIABLE]))
