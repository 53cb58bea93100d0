"""`flask retention run [--dry-run]`: anonymise the personal data that is past its period."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from . import job

group = AppGroup("retention", help="Retention of personal data (docs/privacy.md).")


@group.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what would change; change nothing.")
def run_command(dry_run):
    """Anonymise the personal data of feedback finished longer ago than its period, and
    sweep old SMS, USSD sessions, phone preferences and codes; prints counts per table."""
    counts = job.run(dry_run=dry_run)
    click.echo(("Would change (dry run): " if dry_run else "Changed: ")
               + " ".join(f"{table}={count}" for table, count in counts.items()))
