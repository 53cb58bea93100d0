"""The restore drill: restore a backup (backup.py) into a fresh database and a fresh folder,
then check them against the backup's manifest: every table has at least the rows counted,
every uploaded file is there with its size and SHA-256, and every attachment a feedback
names is among the restored files. What a real restore would do, proved on a copy."""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import sqlalchemy as sa

from .backup import DUMP, MANIFEST, file_digests, libpq, row_counts


def restore_database(backup: Path, manifest: dict, server_url: str) -> str:
    """A new database holding the backup's; its SQLAlchemy URL. server_url names the
    PostgreSQL server to create it on (any database of it), or, for a SQLite backup, the
    sqlite:/// file to copy the backup to."""
    server = sa.engine.make_url(server_url)
    if manifest["database"] != DUMP:
        shutil.copyfile(backup / manifest["database"], server.database)
        return server_url
    name = f"mrejesho_drill_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    dsn, env = libpq(url)
    subprocess.run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
                    f"--dbname={dsn}", str(backup / DUMP)],
                   check=True, env=env, capture_output=True, text=True)
    return url


def restore_uploads(backup: Path, manifest: dict, folder: Path) -> None:
    """Unpack the uploads into folder, which must be new or empty."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise ValueError(f"{folder} is not empty: the drill restores into a fresh folder")
    with tarfile.open(backup / manifest["uploads"]) as archive:
        archive.extractall(folder, filter="data")  # no absolute paths, no links out


def check(url: str, folder: Path, manifest: dict) -> list[str]:
    """What the restored copy lacks compared with the manifest; empty when all is there."""
    problems = []
    engine = sa.create_engine(url)
    try:
        counts = row_counts(engine)
        with engine.connect() as connection:
            named = [row[0] for row in connection.execute(sa.text(
                "SELECT attachment_path FROM feedback WHERE attachment_path IS NOT NULL"))]
    finally:
        engine.dispose()
    for table, rows in manifest["rows"].items():
        if counts.get(table, -1) < rows:
            problems.append(f"table {table}: {counts.get(table, 'missing')} rows, "
                            f"the backup counted {rows}")
    restored = file_digests(folder)
    for name, facts in manifest["files"].items():
        if restored.get(name) != facts:
            problems.append(f"upload {name}: " + ("missing" if name not in restored
                                                   else "differs from the backup"))
    problems += [f"feedback attachment {name}: not among the restored uploads"
                 for name in named if name not in restored]
    return problems


def drill(backup: Path, server_url: str, uploads_into: Path) -> tuple[str, list[str], dict]:
    """Restore backup into a fresh database and folder and check it: (the new database's
    URL, the problems found, the manifest)."""
    manifest = json.loads((backup / MANIFEST).read_text())
    url = restore_database(backup, manifest, server_url)
    restore_uploads(backup, manifest, uploads_into)
    return url, check(url, uploads_into, manifest), manifest


def drop(url: str) -> None:
    """Drop a drill's PostgreSQL database (a SQLite copy is a file the caller removes)."""
    target = sa.engine.make_url(url)
    if target.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()
