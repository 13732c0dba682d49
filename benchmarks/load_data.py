"""The data of benchmarks/load.py: the demo (institutions, users, domains, opportunities, a
business case, a scenario, meetings and decisions, through the actions layer as `synergie demo`
loads it), then as many needs again as asked, written with COPY.

The extra needs reuse the demo needs' texts (title numbered, description as is) across the
region's institutions, with statuses, confidentiality, dates and costs drawn at random (seeded,
so two runs build the same data). Nothing is embedded (that would take hours at 200,000): the
extra needs have no row in the matching index, the demo's needs keep theirs, so a need page's
"this looks like" runs on the demo needs as in production. Each extra need has its yearly costs
and its "created" audit entry, so the tables a page reads are as large as the needs say."""

import random
from datetime import date, datetime, timedelta
from datetime import timezone as tz
from decimal import Decimal

from django.db import connection, transaction

BATCH = 20_000
# Most needs of a region that has filed 200,000 are history; about one in six is still open.
STATUSES = {"draft": 4, "submitted": 8, "in_analysis": 6, "grouped": 1, "approved": 18,
            "rejected": 9, "deferred": 5, "in_delivery": 10, "delivered": 33, "withdrawn": 6}
CONFIDENTIALITY = {"public": 30, "regional": 60, "institution": 10}
NEED_COLUMNS = ("id", "institution_id", "title", "description", "language", "domain_id",
                "cpv_code_id", "desired_start", "deadline", "deadline_is_legal",
                "data_dependencies", "confidentiality", "status", "created_by_id", "created_at",
                "updated_at", "version", "submitted_at", "total_one_off", "total_recurring",
                "total_cost", "first_year", "last_year", "search_text")


def ensure_demo(log) -> None:
    """The demo, loaded and indexed once (a database that already holds it is reused)."""
    from synergie.institutions.models import Institution

    if Institution.objects.exists():
        return
    from synergie.demo.load import load_demo
    from synergie.matching.adapters import reindex

    log("loading the demo data (institutions, users, needs, opportunities, decisions)...")
    load_demo()
    log("indexing the demo's needs...")
    reindex()


def add_needs(target: int, log, seed: int = 20_000) -> int:
    """Needs written with COPY until the database holds `target`; returns how many were added."""
    from synergie.accounts.models import Membership, User
    from synergie.audit.models import AuditEntry
    from synergie.institutions.models import Institution
    from synergie.kernel.text import fold
    from synergie.needs.models import Need, NeedCost

    have = Need.objects.count()
    if have >= target:
        return 0
    rng = random.Random(seed + have)
    sources = list(Need.objects.order_by("pk").values(
        "title", "description", "language", "domain_id", "cpv_code_id"))
    institutions = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    filers = dict(Membership.objects.filter(institution__isnull=False).values_list(
        "institution_id", "user_id"))
    fallback = User.objects.filter(is_superuser=True).values_list("pk", flat=True).first()
    names = {user.pk: user.get_full_name() or user.username
             for user in User.objects.filter(pk__in=[*filers.values(), fallback])}
    from django.contrib.contenttypes.models import ContentType

    need_type = ContentType.objects.get_for_model(Need).pk
    statuses, status_weights = zip(*STATUSES.items(), strict=True)
    levels, level_weights = zip(*CONFIDENTIALITY.items(), strict=True)
    next_id = (Need.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    added = 0
    while have + added < target:
        size = min(BATCH, target - have - added)
        needs, costs, audits = [], [], []
        for offset in range(size):
            pk = next_id + added + offset
            source = sources[pk % len(sources)]
            institution = rng.choice(institutions)
            status = rng.choices(statuses, status_weights)[0]
            created = datetime(2019, 1, 1, tzinfo=tz.utc) + timedelta(
                seconds=rng.randrange(7 * 365 * 86400))
            updated = created + timedelta(seconds=rng.randrange(400 * 86400))
            start = date(2025 + rng.randrange(6), rng.randrange(1, 13), 1)
            deadline = start + timedelta(days=365 * rng.randrange(1, 4)) if rng.random() < .4 \
                else None
            years = rng.randrange(1, 4)
            one_off = Decimal(rng.randrange(10, 2000) * 1000)
            recurring = Decimal(rng.randrange(0, 200) * 1000)
            title = f"{source['title']} ({pk})"[:200]
            needs.append((
                pk, institution, title, source["description"], source["language"],
                source["domain_id"], source["cpv_code_id"], start, deadline,
                deadline is not None and rng.random() < .3, "",
                rng.choices(levels, level_weights)[0], status,
                filers.get(institution, fallback), created, updated, 1,
                None if status == "draft" else created + timedelta(hours=rng.randrange(1, 200)),
                one_off, recurring * years, one_off + recurring * years, start.year,
                start.year + years - 1, fold(f"{title}\n{source['description']}")))
            costs += [(pk, start.year + k, one_off if k == 0 else Decimal(0), recurring)
                      for k in range(years)]
            filer = filers.get(institution, fallback)
            audits.append((created, filer, names[filer], "created", need_type, str(pk), title,
                           institution, "{}", "", "", "{}"))
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            _copy(raw, Need._meta.db_table, NEED_COLUMNS, needs)
            _copy(raw, NeedCost._meta.db_table, ("need_id", "year", "one_off", "recurring"),
                  costs)
            _copy(raw, AuditEntry._meta.db_table,
                  ("timestamp", "actor_id", "actor_name", "action", "content_type_id",
                   "object_id", "object_repr", "institution_id", "changes", "comment", "event",
                   "event_params"),
                  audits)
        added += size
        log(f"  {have + added:,} needs")
    with connection.cursor() as cursor:
        table = Need._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT max(id) FROM {table}))")
        for model in (Need, NeedCost, AuditEntry):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return added


def _copy(cursor, table: str, columns: tuple, rows: list) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
