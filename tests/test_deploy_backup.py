"""Backups and the restore drill (flask backup, flask restore-drill): the database and the
uploads folder restored into a fresh database and folder and checked against the backup's
manifest, on a private PostgreSQL cluster and on SQLite; a backup missing a file fails."""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from mrejesho import create_app
from mrejesho.extensions import db
from mrejesho.public import attachments
from mrejesho.seed import load_institutions
from tests.factories import make_feedback
from tests.test_ops_live import cluster  # noqa: F401  (the private cluster fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _live_app(url: str, uploads: Path):
    """An app on url with two feedback, one with an attachment, and a stray upload."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "WEBHOOK_TOKEN": "x", "MREJESHO_ENV": "testing",
                      "UPLOAD_DIR": str(uploads)})
    with app.app_context():
        upgrade()
        load_institutions()
        item = make_feedback()
        stored = attachments.store(PNG, "image/png", "mita.png")
        item.attachment_path, item.attachment_name = stored["path"], stored["name"]
        item.attachment_mime = stored["mime"]
        make_feedback(body="Maji hayatoki Ilala tangu Jumatatu.")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    (uploads / "sub").mkdir()
    (uploads / "sub" / "old.pdf").write_bytes(b"%PDF-1.4 old")
    return app, stored["path"]


def _backup(app, into: Path) -> Path:
    result = app.test_cli_runner().invoke(args=["backup", "--into", str(into)])
    assert result.exit_code == 0, result.output
    return Path(result.output.strip())


def _drill(app, backup: Path, server: str, folder: Path):
    return app.test_cli_runner().invoke(args=[
        "restore-drill", str(backup), "--server", server, "--uploads-into", str(folder)])


def test_restore_drill_on_postgresql_restores_counts_and_files(cluster, tmp_path):  # noqa: F811
    app, attachment = _live_app(cluster.create_database("live"), tmp_path / "uploads")
    backup = _backup(app, tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["rows"]["feedback"] == 2 and manifest["rows"]["institution"] > 10
    assert set(manifest["files"]) == {attachment, "sub/old.pdf"}

    result = _drill(app, backup, cluster.url, tmp_path / "restored")
    assert result.exit_code == 0, result.output
    assert "restore drill passed" in result.output
    assert (tmp_path / "restored" / attachment).read_bytes() == PNG
    admin = sa.create_engine(cluster.url)
    with admin.connect() as connection:  # the drill's database was dropped afterwards
        names = connection.scalars(sa.text("SELECT datname FROM pg_database")).all()
    admin.dispose()
    assert not [name for name in names if name.startswith("mrejesho_drill_")]

    # A backup whose archive lost the attachment: the drill says so and fails.
    archive = backup / "uploads.tar"
    with tarfile.open(archive) as old:
        members = [(m, old.extractfile(m).read()) for m in old.getmembers()
                   if m.name != attachment]
    with tarfile.open(archive, "w") as new:
        for member, content in members:
            new.addfile(member, io.BytesIO(content))
    result = _drill(app, backup, cluster.url, tmp_path / "restored-again")
    assert result.exit_code == 1
    assert f"upload {attachment}: missing" in result.output
    assert f"feedback attachment {attachment}: not among the restored uploads" in result.output


def test_restore_drill_on_sqlite(tmp_path):
    app, attachment = _live_app(f"sqlite:///{tmp_path / 'live.db'}", tmp_path / "uploads")
    backup = _backup(app, tmp_path / "backups")
    copy = f"sqlite:///{tmp_path / 'restored.db'}"
    result = _drill(app, backup, copy, tmp_path / "restored")
    assert result.exit_code == 0, result.output
    engine = sa.create_engine(copy)
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM feedback")) == 2
    engine.dispose()
    # More rows than the manifest is fine (written during the dump); fewer is not.
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["rows"]["feedback"] = 3
    (backup / "manifest.json").write_text(json.dumps(manifest))
    result = _drill(app, backup, f"sqlite:///{tmp_path / 'again.db'}", tmp_path / "again")
    assert result.exit_code == 1 and "table feedback: 2 rows, the backup counted 3" in result.output
