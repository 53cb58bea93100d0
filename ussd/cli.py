"""USSD commands: flask purge-sessions."""
from __future__ import annotations

from datetime import timedelta

import click

from . import sessions


def register(app) -> None:
    """Add the USSD commands to the app's CLI."""
    app.cli.add_command(purge_sessions_command)


@click.command("purge-sessions")
@click.option("--older-than", default=600, show_default=True, type=click.IntRange(min=0),
              help="Delete sessions idle for more than this many seconds.")
def purge_sessions_command(older_than):
    """Delete finished or abandoned USSD sessions, printing where abandoned ones stopped."""
    deleted, abandoned = sessions.purge(timedelta(seconds=older_than))
    click.echo(f"Deleted {deleted} USSD sessions idle for more than {older_than} s.")
    for screen, count in abandoned.most_common():
        click.echo(f"  abandoned at {screen}: {count}")
