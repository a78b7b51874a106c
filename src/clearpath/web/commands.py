"""`clearpath serve`: the web app with migrations applied, a demo organisation and user, and a task worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearpath.web.settings")
    from clearpath.web.config import ensure_data_dir

    ensure_data_dir()
    import django

    django.setup()


def prepare(demo_password: str | None = None, demo: bool = True) -> str | None:
    """Migrate the database and create the demo organisation; returns a newly set demo password."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not demo:
        return None
    from clearpath.web.core.demo import ensure_demo

    return ensure_demo(demo_password)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option("--no-demo", is_flag=True, help="Do not create the demo organisation and user.")
@click.option("--demo-password", envvar="CLEARPATH_DEMO_PASSWORD", default=None,
              help="Password for a newly created demo user (default: random, printed once).")
@click.option("--no-worker", is_flag=True, help="Do not start the background worker for bulk jobs.")
@click.option("--check", "check_only", is_flag=True, help="Prepare the database and exit (no server).")
def serve(host: str, port: int, threads: int, no_demo: bool, demo_password: str | None, no_worker: bool,
          check_only: bool) -> None:
    """Start the web app: public screener, advocate workspace, bulk jobs and API."""
    if host not in ("0.0.0.0", "::", "127.0.0.1", "localhost") and not os.environ.get("CLEARPATH_ALLOWED_HOSTS"):
        os.environ["CLEARPATH_ALLOWED_HOSTS"] = f"localhost,127.0.0.1,[::1],{host}"
    setup_django()
    from django.conf import settings

    password = prepare(demo_password, demo=not no_demo)
    click.echo(f"clearpath web: data in {settings.DATA_DIR} · database {settings.DATABASES['default']['ENGINE']}")
    if password:
        click.echo(f"demo login: user 'demo', password '{password}' (organisation 'Demo Legal Aid')")
    if check_only:
        return
    worker = None
    if not no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "clearpath.web.manage", "db_worker", "--no-reload",
                                   "--verbosity", "0"], env=os.environ.copy())
    from waitress import serve as waitress_serve

    from clearpath.web.wsgi import application

    click.echo(f"serving on http://{host}:{port}/  (Ctrl+C to stop)")
    if host in ("0.0.0.0", "::") and not os.environ.get("CLEARPATH_ALLOWED_HOSTS"):
        click.echo("note: set CLEARPATH_ALLOWED_HOSTS to the names this server is reached by", err=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        waitress_serve(application, host=host, port=port, threads=threads, ident="clearpath")
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
