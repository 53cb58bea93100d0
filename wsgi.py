"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""
from mrejesho import create_app

app = create_app()
