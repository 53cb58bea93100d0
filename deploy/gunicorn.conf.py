"""gunicorn settings for e-Mrejesho (Procfile and deploy/systemd/mrejesho-web.service use it:
gunicorn -c deploy/gunicorn.conf.py wsgi:app). Command-line flags override what is here.

Metrics: every worker process writes its Prometheus figures into PROMETHEUS_MULTIPROC_DIR
(a folder of this server's own, emptied when the server starts, the files of a worker that
exits marked dead), and /metrics on any worker adds up all of them. The variable is set
here, before any worker imports prometheus_client, which reads it at import.

Logs: gunicorn's own (errors, and the access log with the request id the app returns) go
through the app's formatter (LOG_FORMAT json or text) and phone-masking filter.
"""
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5  # behind nginx's keep-alive upstream connections
graceful_timeout = 30  # SIGTERM: finish requests in flight (a deploy never cuts one off)
timeout = 60
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'

# Metrics of all workers in one folder, a new one per server unless the unit names one.
_OWN_FOLDER = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
MULTIPROC = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="mrejesho-prometheus-"))

_production = os.environ.get("MREJESHO_ENV") == "production"
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("json" if _production else "text")
_handler = {"class": "logging.StreamHandler", "formatter": "mrejesho",
            "filters": ["request_id", "mask_phones"], "stream": "ext://sys.stderr"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"mrejesho": {"()": "mrejesho.ops.logs.formatter", "kind": LOG_FORMAT}},
    "filters": {"request_id": {"()": "mrejesho.ops.logs.RequestId"},
                "mask_phones": {"()": "mrejesho.ops.logs.MaskPhones"}},
    "handlers": {"error_console": _handler, "console": dict(_handler, stream="ext://sys.stdout")},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}


def on_starting(server):
    """Start with an empty metrics folder: figures of a previous server are not ours."""
    os.makedirs(MULTIPROC, exist_ok=True)
    for name in os.listdir(MULTIPROC):
        path = os.path.join(MULTIPROC, name)
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def child_exit(server, worker):
    """A worker that exits (killed, or replaced) leaves its counters; its live gauges go."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics folder this configuration made up for itself."""
    if _OWN_FOLDER:
        shutil.rmtree(MULTIPROC, ignore_errors=True)
