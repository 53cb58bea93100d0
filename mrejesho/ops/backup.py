"""Backups of what a restore needs: the database (pg_dump's custom format on PostgreSQL,
SQLite's online backup otherwise) and the uploads folder (a tar), with a manifest of the row
count of every table and the size and SHA-256 of every uploaded file, which the restore
drill (drill.py) checks a restored copy against."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

MANIFEST = "manifest.json"
DUMP = "database.dump"
SQLITE_COPY = "database.sqlite"
UPLOADS = "uploads.tar"


def libpq(url: str) -> tuple[str, dict]:
    """A SQLAlchemy URL as a libpq URL for pg_dump/pg_restore, and the environment that
    carries its password (never on the command line, where ps shows it)."""
    parsed = sa.engine.make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def row_counts(engine: sa.Engine) -> dict[str, int]:
    """table -> rows, for every table but Alembic's."""
    names = sorted(set(sa.inspect(engine).get_table_names()) - {"alembic_version"})
    with engine.connect() as connection:
        return {name: connection.scalar(sa.text(f'SELECT count(*) FROM "{name}"'))
                for name in names}


def file_digests(folder: Path) -> dict[str, dict]:
    """relative path -> {size, sha256} of every file under folder."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda s=stream: s.read(1 << 20), b""):
                digest.update(block)
        found[str(path.relative_to(folder))] = {"size": path.stat().st_size,
                                                "sha256": digest.hexdigest()}
    return found


def dump_database(url: str, target: Path) -> str:
    """Write the database into folder target; the name of the file written."""
    if sa.engine.make_url(url).get_backend_name() == "postgresql":
        dsn, env = libpq(url)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-acl",
                        f"--file={target / DUMP}", f"--dbname={dsn}"],
                       check=True, env=env, capture_output=True, text=True)
        return DUMP
    source = sqlite3.connect(sa.engine.make_url(url).database)
    copy = sqlite3.connect(target / SQLITE_COPY)
    with copy:
        source.backup(copy)  # consistent while the app keeps writing
    source.close()
    copy.close()
    return SQLITE_COPY


def backup(url: str, uploads: Path, into: Path) -> Path:
    """A new folder in `into` with the database, the uploads and the manifest; its path.
    The counts are read before the dump, so rows written between the two are extra, never
    missing: the drill accepts more rows than the manifest, not fewer."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = into / f"mrejesho-{stamp}"
    folder.mkdir(parents=True)
    engine = sa.create_engine(url)
    try:
        counts = row_counts(engine)
    finally:
        engine.dispose()
    files = file_digests(uploads)
    database = dump_database(url, folder)
    with tarfile.open(folder / UPLOADS, "w") as archive:
        for name in files:
            archive.add(uploads / name, arcname=name)
    manifest = {"made_at": stamp, "database": database, "uploads": UPLOADS,
                "rows": counts, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder
