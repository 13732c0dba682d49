"""`synergie demo`: migrate, collect the static files, load the demo data into an empty
database, index it, print the logins, and serve with a background-task worker beside the web
server."""

import logging
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from synergie.institutions.models import Institution


class Command(BaseCommand):
    help = "Migrate, load the demo data when the database is empty, print the demo logins, serve."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database and stop (no server)."
        )

    def handle(self, *args, host, port, no_serve, **options):
        from synergie.demo.load import ADMIN_USERNAME, DEMO_PASSWORD, FEATURED_LOGINS, load_demo

        if "SYNERGIE_LOG_LEVEL" not in os.environ:
            # The demo's console is for its logins and address: the log line of every change
            # and task (docs/operations.md) stays off unless asked for; errors still show.
            os.environ["SYNERGIE_LOG_LEVEL"] = "WARNING"  # the worker inherits it
            for name in settings.LOGGING["loggers"]:
                logging.getLogger(name).setLevel(logging.WARNING)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if Institution.objects.exists():
            self.stdout.write("The database already holds data: the demo data is not loaded again.")
        else:
            self.stdout.write("Loading the demo data...")
            counts = load_demo()
            self.stdout.write(
                f"Loaded {counts['institutions']} institutions and {counts['needs']} needs."
            )
        self.stdout.write("Indexing the needs for matching...")
        from synergie.matching.adapters import reindex
        from synergie.matching.management.commands.reindex import progress_bar

        reindex(progress=progress_bar(self.stdout))
        from synergie.matching.related import reindex_related

        reindex_related()
        # The synergy map reads clusters the worker computes a minute after a change: the
        # demo's are computed now, so the map is filled on the first visit.
        from synergie.matching.synergies import recompute_clusters

        recompute_clusters()
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in FEATURED_LOGINS:
            institution = Institution.objects.filter(code=login.institution).first()
            where = f" — {institution.name_fr} / {institution.name_nl}" if institution else ""
            self.stdout.write(f"  {login.username:<20} {login.role}{where}")
        self.stdout.write(f"  {ADMIN_USERNAME:<20} administrator (Django admin at /admin/)")
        self.stdout.write(
            "  Every other institution with a need has a contributor login named after its "
            "code, e.g. cpas-21004.\n"
        )
        if no_serve:
            return
        self._serve(host, port)

    def _serve(self, host: str, port: int) -> None:
        from waitress import serve

        from synergie.wsgi import application

        # Indexing after an edit, optimisation runs and the maintenance are queued in the
        # database; this worker (`synergie worker`, as in production) runs them while the demo
        # is up.
        worker = subprocess.Popen([sys.executable, "-m", "synergie", "worker"])
        # Stopped by SIGTERM (a service manager, a test) as by Ctrl+C: the worker stops too.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            self._serve_web(application, serve, host, port)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _serve_web(self, application, serve, host: str, port: int) -> None:
        if host not in settings.ALLOWED_HOSTS and host not in ("0.0.0.0", "::"):
            settings.ALLOWED_HOSTS.append(host)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self.stdout.write(f"Synergie is running at http://{shown}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=8, ident="synergie")
