"""`flask backup` and `flask restore-drill` (docs/deployment.md, deploy/systemd)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import backup as backups
from . import drill as drills


def register(app: Flask) -> None:
    """Add the backup commands to the app's CLI."""
    app.cli.add_command(backup_command)
    app.cli.add_command(drill_command)


@click.command("backup")
@with_appcontext
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder that receives a new mrejesho-<time> folder.")
def backup_command(into: Path):
    """Back up the database and the uploads folder, with a manifest of what they hold."""
    folder = backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"],
                            Path(current_app.config["UPLOAD_DIR"]), into)
    click.echo(str(folder))


@click.command("restore-drill")
@with_appcontext
@click.argument("backup", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--server", "server_url", required=True,
              help="PostgreSQL server (any database URL on it) to restore a fresh database "
                   "onto; for a SQLite backup, the sqlite:/// file to restore to.")
@click.option("--uploads-into", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="A new, empty folder for the restored uploads.")
@click.option("--keep", is_flag=True, help="Keep the restored database (default: dropped).")
def drill_command(backup: Path, server_url: str, uploads_into: Path, keep: bool):
    """Restore a backup into a fresh database and folder and check counts and files."""
    url, problems, manifest = drills.drill(backup, server_url, uploads_into)
    click.echo(f"restored {sum(manifest['rows'].values())} rows in {len(manifest['rows'])} "
               f"tables and {len(manifest['files'])} uploaded files from {backup.name}")
    for problem in problems:
        click.echo(f"PROBLEM: {problem}", err=True)
    if not keep:
        drills.drop(url)
    if problems:
        sys.exit(1)
    click.echo("restore drill passed: every table and every file is there")
