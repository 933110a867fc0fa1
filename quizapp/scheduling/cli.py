"""`flask scheduling`: fit FSRS parameters to the school's answers, outside any request."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.scheduling import services
from quizapp.web.common import now

scheduling_cli = AppGroup("scheduling", help="Fit the scheduler to the school's answers.")


def _own_from() -> int:
    return int(current_app.config["SCHEDULING_OWN_ANSWERS"])


def _report(done: services.FitRun) -> None:
    click.echo(
        f"{done.tried} fits tried, {done.in_use} passed their checks; "
        f"{done.students_tuned} students scheduled with fitted parameters."
    )


@scheduling_cli.command("fit")
def fit() -> None:
    """Fit the school, each class and each student with enough answers (for cron)."""
    _report(services.run_fits(now(), _own_from()))


@scheduling_cli.command("work")
def work() -> None:
    """Run the fit an admin queued, if any (for cron, every few minutes)."""
    done = services.work(now(), _own_from())
    if done is None:
        click.echo("No fit was asked for.")
    else:
        _report(done)
