"""`synergie serve`: the web process alone, with Waitress (as `synergie demo` serves, without
loading anything or starting a worker). Production runs it, or any WSGI server on
`synergie.wsgi`, beside `synergie worker` (docs/operations.md)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Synergie with Waitress (no migration, no demo data, no worker)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--threads", type=int, default=8, help="Requests served at once.")

    def handle(self, *args, host: str, port: int, threads: int, **options):
        from waitress import serve

        from synergie.wsgi import application

        self.stdout.write(f"Synergie is serving on http://{host}:{port}/")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="synergie")
