"""The yardstick: a bare Flask app answering a USSD-shaped POST without any work."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/ussd")
def ussd():
    """Read the form as the real endpoint does and answer a fixed screen."""
    return f"CON hello {request.form.get('sessionId', '')}", 200, {"Content-Type": "text/plain"}


@app.get("/")
def ready():
    """Answer the readiness probe."""
    return "ok"
