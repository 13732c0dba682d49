"""`synergie map recompute`: compute the synergy map's clusters now (the worker does it a minute
after needs change); `synergie map status`: when they were computed and whether needs changed
since."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "The synergy map's stored clusters: 'recompute' computes them now, 'status' tells."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["recompute", "status"])

    def handle(self, *args, action: str, **options):
        from synergie.matching.synergies import is_stale, last_run, recompute_clusters

        if action == "recompute":
            report = recompute_clusters()
            self.stdout.write(
                "Synergy map computed: {needs} open needs, {clusters} clusters of "
                "{clustered_needs} needs, in {seconds:.1f} s.".format(**report))
            return
        run = last_run()
        if run is None:
            self.stdout.write("The synergy map was never computed.")
            return
        self.stdout.write(
            f"Synergy map computed at {run.computed_at:%Y-%m-%d %H:%M:%S %Z} "
            f"({run.needs} open needs, {run.clusters} clusters, {run.seconds:.1f} s); "
            + ("needs changed since." if is_stale(run) else "nothing changed since."))
