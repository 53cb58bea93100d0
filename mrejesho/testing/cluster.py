"""A private PostgreSQL cluster (initdb into a temporary folder, a free port of 127.0.0.1,
trust authentication) for tests and the soak that stop, restart or kill the database: never
the shared server on 5432 that CI and parallel test runs use."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# PostgreSQL refuses to run as root; as root we run its programs as this account.
SERVICE_USER = "postgres"
SUPERUSER = "postgres"


def binaries() -> Path:
    """The folder of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL's initdb not found (install postgresql or set PG_BIN)")


def available() -> bool:
    """Whether a private cluster can be made here (initdb exists, a non-root user to run it)."""
    try:
        binaries()
    except RuntimeError:
        return False
    return os.geteuid() != 0 or shutil.which("runuser") is not None and _user_exists()


def _user_exists() -> bool:
    import pwd
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        return False
    return True


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One private PostgreSQL server: start(), stop(), restart(), url; a context manager
    that creates it on entry and deletes its folder on exit."""

    def __init__(self, port: int | None = None, database: str = "postgres"):
        self.port = port or free_port()
        self.database = database
        self.bin = binaries()
        self.folder: Path | None = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL (psycopg 3) of the cluster's database."""
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL of another database on this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True,
                              cwd=self.folder)

    def create(self) -> Cluster:
        """initdb into a fresh temporary folder and write the server's settings."""
        self.folder = Path(tempfile.mkdtemp(prefix="mrejesho-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, SERVICE_USER, SERVICE_USER)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")
        settings = {
            "port": self.port, "listen_addresses": "'127.0.0.1'",
            # Its own socket folder: never the system's /var/run/postgresql.
            "unix_socket_directories": f"'{self.folder}'",
            # A test cluster is thrown away; the soak kills processes, not the machine, so
            # what reached the kernel survives and fsync only slows a shared 2-core host.
            "fsync": "off", "full_page_writes": "off", "max_connections": 200,
            "shared_buffers": "'64MB'",
        }
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        return self

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (mode fast, smart or immediate: a crash, recovery on next start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start again on the same port and data."""
        self.stop(mode)
        self.start()

    def running(self) -> bool:
        """Whether the server is up (pg_ctl status)."""
        return self.folder is not None and self._run(
            "pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def create_database(self, name: str) -> str:
        """CREATE DATABASE name; its URL."""
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER,
                  "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                  "-c", f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def destroy(self) -> None:
        """Stop the server if it runs and delete its folder."""
        if self.folder is None:
            return
        if self.running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop",
                      check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self) -> Cluster:
        self.create()
        try:
            self.start()
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()
