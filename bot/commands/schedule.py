"""``digestbot run`` (the scheduler, in the foreground) and ``digestbot status``."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime
from types import FrameType

import typer

from bot import clock
from bot.commands.common import state
from bot.pipeline.status import status as read_status


def run(ctx: typer.Context) -> None:
    """Run the scheduler in the foreground: collect every source at start, then each at its
    interval; publish weekly (making up a publish missed while stopped). SIGTERM or Ctrl-C
    stops it after the jobs under way have finished."""
    from bot.scheduler import build_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app_state = state(ctx)
    scheduler = build_scheduler(app_state.engine, app_state.settings, blocking=False)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        print(f"received {signal.Signals(signum).name}: stopping after the jobs under way", flush=True)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.start()
        for job in scheduler.get_jobs():
            print(f"scheduled: {job.name}", flush=True)
        while not stop.wait(1.0):
            pass
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", flush=True)


def _when(value: datetime | None, zone: object) -> str:
    return "-" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def status(ctx: typer.Context) -> None:
    """Each scheduled job's next run and last result, and any week whose publish was missed."""
    app_state = state(ctx)
    settings = app_state.settings
    now = clock.now()
    result = read_status(app_state.engine, settings, now)
    print(f"jobs (times in {settings.timezone}):")
    for job in result.jobs:
        upcoming = (
            _when(job.next_run, settings.zone) if job.next_run else "at the next start of `digestbot run`"
        )
        print(f"  {job.name}")
        print(f"    next: {upcoming}")
        print(f"    last: {_when(job.last_run, settings.zone)}: {job.last_result}")
    if result.missed_week is not None:
        print(
            f"the week of {result.missed_week} is due but was not published: "
            "`digestbot run` publishes it at start (or run `digestbot publish`)"
        )
