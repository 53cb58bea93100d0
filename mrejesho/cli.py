"""Command-line tasks: flask seed, create-staff, escalate, and each channel's own commands."""
from __future__ import annotations

import click
from flask import current_app

from . import generate, routing_eval, seed
from .models import ROLES
from .retention import cli as retention_cli
from .router import learning


def register(app) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(create_staff_command)
    app.cli.add_command(escalate_command)
    app.cli.add_command(generate.command)  # generate-feedback N, for benchmarks and demos
    app.cli.add_command(routing_eval.command)  # routing-eval FILE: the router on a corpus
    app.cli.add_command(learning.command)  # routing-learn: aliases from the desk
    app.cli.add_command(retention_cli.group)  # retention run [--dry-run]
    # Each channel adds its own commands (sms-worker, purge-sessions, ...).
    import sms.cli
    import ussd.cli

    sms.cli.register(app)
    ussd.cli.register(app)


@click.command("seed")
@click.option("--demo/--no-demo", default=None,
              help="Also create demo staff (default: only outside production).")
@click.option("--sample", is_flag=True,
              help=f"Also add {seed.SAMPLE_COUNT} sample feedback items of the last "
                   f"{seed.SAMPLE_DAYS} days, once (make run does; never in production).")
def seed_command(demo, sample):
    """Load places, sectors and institutions with their coverage; in development also demo
    staff accounts; with --sample, sample feedback."""
    if sample and current_app.config["MREJESHO_ENV"] == "production":
        raise click.ClickException("No sample feedback in production: it would mix with "
                                   "citizens' own.")
    places = seed.load_places()
    click.echo(f"Loaded {places['regions']} regions, {places['districts']} districts and "
               f"{places['wards']} wards.")
    counts = seed.load_institutions()
    regional = seed.load_jurisdictions()
    click.echo(f"Loaded {counts['institutions']} institutions in {counts['sectors']} sectors, "
               f"and {regional['institutions']} councils, regional secretariats and water "
               "authorities.")
    if demo is None:
        demo = current_app.config["MREJESHO_ENV"] != "production"
    if demo:
        click.echo(f"Demo staff (password: {seed.DEMO_PASSWORD}):")
        for email, role, code in seed.seed_demo_staff():
            click.echo(f"  {email:28} {role:8} {code}")
    if sample:
        config = current_app.config
        added = seed.load_sample_feedback(dispute_days=config["DISPUTE_DAYS"],
                                          grace_days=config["ESCALATION_GRACE_DAYS"])
        if added:
            click.echo(f"Added {added} sample feedback items of the last {seed.SAMPLE_DAYS} "
                       "days.")
        else:
            click.echo(f"Sample feedback already there ({seed.sample_count()} items).")


@click.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="officer")
@click.option("--institution", "institution_code", required=True, help="Institution code")
@click.password_option()
def create_staff_command(email, name, role, institution_code, password):
    """Create a staff account."""
    try:
        user = seed.create_staff(email, name, role, institution_code, password)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.email} ({user.role}, {user.institution.code})")


@click.command("escalate")
def escalate_command():
    """Flag overdue feedback, escalate it past the grace period, close undisputed items."""
    from .escalation import escalate_overdue

    counts = escalate_overdue()
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()))
