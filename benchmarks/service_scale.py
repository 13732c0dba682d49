"""The matching service inside the product at N needs: the host's index files, what each web
process holds beside them, cold start, "this looks like" end to end, how soon a saved need is
found by other processes, and the synergy map.

    python benchmarks/service_scale.py --needs 100000 [--json]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergie_scale \\
        python benchmarks/service_scale.py --needs 1000000 --json

The database is the configured one (PostgreSQL when SYNERGIE_DATABASE_URL is set; otherwise an
SQLite file under benchmarks/.cache/service-scale/); needs already there are reused, so a second
run only measures (`--reuse-segment` also skips the segment build when the host's newest is
still current: 16–18 minutes at 1,000,000 on two cores).

How the needs are made. Embedding a million texts here would take hours, so the needs are
recombined from real texts: 2,000 French public contracts (DECP), 2,000 Dutch and 500 English
CPV labels and the demo's 62 needs in three languages, each embedded once by the shipped model
(multilingual-e5-small; cached in benchmarks/.cache). A synthetic need joins two real texts of
one language (the first as title), followed by a demo need's description of that language (real
needs run to some 900 characters); its vector is 0.7 and 0.3 of theirs plus Gaussian noise
(sigma 0.02 per dimension), renormalised, so its cosine to its sources is what reworded twins
show; its hubness penalties are mixed the same way. 70 % are French, 25 % Dutch, 5 % English,
10 % confidential to their institution. The first 100,000 (or all, when fewer) are open, so the
synergy map works on at most 100,000 open needs, as the issue asks; the others are decided.
Each need's index row (its text, the mixed vector and penalties) is written beside it, as the
worker's indexing would have, in batches of 5,000 drawn as arrays: with PostgreSQL's COPY (the
inbox search's trigram index is dropped meanwhile and built once after; the tables are vacuumed
and analysed), or the ORM's bulk_create on SQLite.

What is measured, in fresh processes like web processes (they map the host's index files):
- index_shared_mb: the size of the host's segment files (one copy per machine);
- rss_private_mb_per_process: anonymous memory of a web process after cold start and 200
  look-ups, above the same process before (Django, the embedding model loaded);
- cold_start_s: a new process's first sync with a segment on disk;
- worker_settled_s: how long the worker took to run what it found queued at its start (the
  look-ups wait for it: they measure a running site, not its start-up backlog);
- match_p95_ms: "this looks like" on a need's page (matching/explain.similar_needs: its stored
  embedding, search, fusion, the similarity measured for the threshold, confidentiality filter,
  reasons); match_typed_p95_ms: the same for a text typed in the need form, embedded first
  (query_embedding_p95_ms: the embedding alone, one thread);
- visible_after_save_s: from saving a need (with its indexing task queued durably) until both
  web processes find it, with a real `synergie worker` beside them;
- change_apply_ms: what the sync that applied that one change cost a web process;
- map_recompute_s, map_page_p95_ms: the worker's clustering of the open needs, and the map page.
"""

import argparse
import importlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _common import CACHE, ROOT, SHARED, embed_cached, ensure_database, read_csv

if not os.environ.get("SYNERGIE_DATABASE_URL") and not os.environ.get("SYNERGIE_DATA_DIR"):
    os.environ["SYNERGIE_DATA_DIR"] = str(CACHE / "service-scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
os.environ.setdefault("SYNERGIE_LOG_LEVEL", "WARNING")
os.environ.setdefault("SYNERGIE_INDEX_BUILD_IN_BACKGROUND", "false")

MARKER = "[scale]"
OPEN_NEEDS = 100_000
LOOKUPS = 100
SAVES = 5
BATCH = 5000


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def setup_django():
    import django

    django.setup()


def memory(pid: int | str = "self", under: str | None = None) -> dict:
    """Anonymous (private) memory of a process, and its resident pages of files under `under`
    (shared by every process that maps them)."""
    anonymous = 0
    mapped = 0
    current_is_index = False
    with open(f"/proc/{pid}/smaps") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                current_is_index = bool(under) and len(parts) >= 6 and parts[5].startswith(under)
            elif parts[0] == "Anonymous:":
                anonymous += int(parts[1])
            elif parts[0] == "Rss:" and current_is_index:
                mapped += int(parts[1])
    return {"anonymous_mb": anonymous / 1024, "index_resident_mb": mapped / 1024}


# ---------------------------------------------------------------------------------------------
# The needs


def base_texts() -> list[tuple[str, str]]:
    """(language, text) of the real texts the needs are made of."""
    texts = []
    contracts = read_csv(SHARED / "procurement-decp/decp-fr-contracts.csv")
    texts += [("fr", row["objet"]) for row in contracts[:2000] if row["objet"].strip()]
    labels = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    random.Random(7).shuffle(labels)
    texts += [("nl", row["label_nl"]) for row in labels[:2000]]
    texts += [("en", row["label_en"]) for row in labels[2000:2500]]
    demo = json.loads((ROOT / "synergie/demo/data/needs.json").read_text())
    texts += [(need["language"], f"{need['title']}. {need['description']}") for need in demo]
    return texts


def seed(total: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from synergie.demo.load import load_demo
    from synergie.institutions.models import Institution
    from synergie.matching.adapters import embedder, hubness_penalties
    from synergie.needs.models import Need
    from synergie.reference.models import BusinessDomain

    if not Institution.objects.exists():
        log("loading the demo data")
        load_demo()
    existing = Need.objects.filter(title__startswith=MARKER).count()
    if existing >= total:
        if connection.vendor == "postgresql":
            finish_copy(vacuum=False)  # in case a seeding was interrupted
        return
    model = embedder()
    bases = base_texts()
    vectors = embed_cached(os.environ.get("SYNERGIE_EMBEDDING_MODEL") or "e5",
                           [text for _, text in bases], log=log)
    languages = [language for language, _ in bases]
    # Real needs run to some 900 characters (the demo's): the short contract and label texts
    # are lengthened by a real need's description in the same language.
    long_texts = {}
    for need in json.loads((ROOT / "synergie/demo/data/needs.json").read_text()):
        long_texts.setdefault(need["language"], []).append(need["description"])
    recipe = Recipe(
        texts=[text for _, text in bases], languages=languages, vectors=vectors,
        penalties=hubness_penalties(vectors, languages, model.name), long_texts=long_texts,
        institutions=list(Institution.objects.order_by("pk").values_list("pk", flat=True)),
        domains=list(BusinessDomain.objects.order_by("pk").values_list("pk", flat=True)),
        author=get_user_model().objects.filter(is_superuser=False).order_by("pk").first().pk,
        model=model.name)
    postgres = connection.vendor == "postgresql"
    rng = np.random.default_rng(existing)
    made = existing
    started = time.monotonic()
    if postgres:
        # The inbox search's trigram index costs 85 % of each batch's COPY when kept up row by
        # row: it is dropped meanwhile and built once after (also after a failure).
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {trigram_migration().INDEX}")
    try:
        while made < total:
            size = min(BATCH, total - made)
            batch = recipe.needs(rng, made, size)
            if postgres:
                copy_needs(recipe, batch)
            else:
                create_needs(recipe, batch)
            made += size
            rate = (made - existing) / (time.monotonic() - started)
            log(f"  {made}/{total} needs ({rate:.0f}/s)")
    finally:
        if postgres:
            finish_copy(vacuum=True)
    seconds = time.monotonic() - started
    log(f"  {made - existing} needs written in {seconds:.0f} s ({(made - existing) / seconds:.0f}/s"
        + (", the trigram index and VACUUM ANALYZE included)" if postgres else ")"))


def trigram_migration():
    return importlib.import_module("synergie.needs.migrations.0004_search_trigram_index")


def finish_copy(vacuum: bool) -> None:
    """The inbox search's trigram index as its migration makes it, when missing, then the
    tables vacuumed and analysed (when asked, or when the index was missing: a seeding was
    interrupted). Without the statement timeout: both take minutes at a million needs."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from synergie.matching.models import IndexedDocument
    from synergie.needs.models import Need

    migration = trigram_migration()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        try:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [migration.INDEX])
            if not cursor.fetchone():
                vacuum = True
                started = time.monotonic()
                cursor.execute("SET maintenance_work_mem = '1GB'")
                migration.create_trigram_index(apps, SimpleNamespace(connection=connection))
                cursor.execute("RESET maintenance_work_mem")
                log(f"  the trigram index of the needs' text built in "
                    f"{time.monotonic() - started:.0f} s")
            if vacuum:
                started = time.monotonic()
                for table in (Need._meta.db_table, IndexedDocument._meta.db_table):
                    cursor.execute(f"VACUUM ANALYZE {table}")
                log(f"  VACUUM ANALYZE in {time.monotonic() - started:.0f} s")
        finally:
            cursor.execute("RESET statement_timeout")


LANGUAGES = ("fr", "nl", "en")
LANGUAGE_SHARES = (0.7, 0.25, 0.05)


class Recipe:
    """Draws batches of synthetic needs (see the module's docstring), a batch's random draws
    and vector mixing as arrays."""

    def __init__(self, *, texts, languages, vectors, penalties, long_texts, institutions,
                 domains, author, model):
        from django.utils import timezone

        from synergie.kernel.text import fold

        self.texts, self.long_texts = texts, long_texts
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.by_language = {language: np.array([row for row, other in enumerate(languages)
                                                if other == language])
                            for language in LANGUAGES}
        self.institutions, self.domains, self.author = institutions, domains, author
        self.model, self.now = model, timezone.now()
        self.titles = [f"{MARKER} {text}"[:200] for text in texts]
        # fold() works character by character after NFKD, which a line break does not join
        # across: a need's folded text is its folded parts joined, each folded once here.
        self.folded_titles = [fold(title) for title in self.titles]
        self.folded_texts = [fold(text) for text in texts]
        self.folded_long = {language: [fold(text) for text in descriptions]
                            for language, descriptions in long_texts.items()}
        # The hubness penalties as a matrix (NaN where a text has none: its own language),
        # with the languages each text's penalties name (None: the model ships none).
        self.penalty_keys = None
        if penalties and penalties[0] is not None:
            columns = sorted({language for row in penalties for language in row})
            self.penalty_matrix = np.array(
                [[row.get(language, np.nan) for language in columns] for row in penalties])
            self.penalty_keys = [[(column, language) for column, language in enumerate(columns)
                                  if language in row] for row in penalties]

    def needs(self, rng, start: int, size: int) -> list[dict]:
        """`size` needs numbered from `start` (the n-th need's institution, domain,
        confidentiality and status follow from n), each with its index row's text, vector
        and hubness."""
        from synergie.matching.adapters import document_text, text_hash
        from synergie.needs.models import Confidentiality, NeedStatus

        language_draw = rng.choice(len(LANGUAGES), size=size, p=LANGUAGE_SHARES)
        firsts = np.empty(size, dtype=np.int64)
        seconds = np.empty(size, dtype=np.int64)
        lengthenings = np.empty(size, dtype=np.int64)
        for code, language in enumerate(LANGUAGES):
            rows = np.flatnonzero(language_draw == code)
            pairs = rng.choice(self.by_language[language], size=(len(rows), 2))
            firsts[rows], seconds[rows] = pairs[:, 0], pairs[:, 1]
            lengthenings[rows] = rng.integers(len(self.long_texts[language]), size=len(rows))
        mixed = 0.7 * self.vectors[firsts] + 0.3 * self.vectors[seconds]
        mixed += rng.normal(0, 0.02, mixed.shape)
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        mixed = mixed.astype(np.float32)
        hubness = None
        if self.penalty_keys is not None:
            hubness = np.round(0.7 * self.penalty_matrix[firsts]
                               + 0.3 * self.penalty_matrix[seconds], 5).tolist()
        needs = []
        for offset in range(size):
            index = start + offset
            language = LANGUAGES[language_draw[offset]]
            first, second = int(firsts[offset]), int(seconds[offset])
            lengthening = int(lengthenings[offset])
            title = self.titles[first]
            description = f"{self.texts[second]}\n{self.long_texts[language][lengthening]}"
            text = document_text(title, description)
            needs.append({
                "institution_id": self.institutions[index % len(self.institutions)],
                "title": title, "description": description, "language": language,
                "domain_id": self.domains[index % len(self.domains)],
                "confidentiality": str(Confidentiality.INSTITUTION if index % 10 == 0
                                       else Confidentiality.REGIONAL),
                "status": str(NeedStatus.SUBMITTED if index < OPEN_NEEDS
                              else NeedStatus.APPROVED),
                "search_text": (f"{self.folded_titles[first]}\n{self.folded_texts[second]}\n"
                                f"{self.folded_long[language][lengthening]}"),
                "text": text, "text_hash": text_hash(text, self.model),
                "vector": mixed[offset].tobytes(),
                "hubness": None if hubness is None else {
                    other: hubness[offset][column]
                    for column, other in self.penalty_keys[first]},
            })
        return needs


NEED_FIELDS = ("institution_id", "title", "description", "language", "domain_id",
               "confidentiality", "status", "search_text")


def create_needs(recipe: Recipe, batch: list[dict]) -> None:
    """A batch of needs and their index rows through the ORM (SQLite)."""
    from django.db import transaction

    from synergie.matching.models import DocumentKind, IndexedDocument
    from synergie.needs.models import Need

    with transaction.atomic():
        created = Need.objects.bulk_create([
            Need(**{field: row[field] for field in NEED_FIELDS}, created_by_id=recipe.author,
                 submitted_at=recipe.now) for row in batch])
        IndexedDocument.objects.bulk_create([
            IndexedDocument(kind=DocumentKind.NEED, object_id=need.pk,
                            institution_id=need.institution_id, language=need.language,
                            text=row["text"], text_hash=row["text_hash"], model=recipe.model,
                            vector=row["vector"], hubness=row["hubness"])
            for need, row in zip(created, batch, strict=True)])


def copy_needs(recipe: Recipe, batch: list[dict]) -> None:
    """A batch of needs and their index rows with PostgreSQL's COPY, numbered after the
    newest need (the needs' sequence is moved past them). Every NOT NULL column is written:
    COPY knows nothing of the model's defaults."""
    from django.db import connection, transaction

    from synergie.matching.models import DocumentKind, IndexedDocument
    from synergie.needs.models import Need

    table = Need._meta.db_table
    now = recipe.now
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        first_id = cursor.fetchone()[0] + 1
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} (id, institution_id, title, description, language, "
                      "domain_id, deadline_is_legal, data_dependencies, confidentiality, status, "
                      "created_by_id, created_at, updated_at, version, submitted_at, "
                      "total_one_off, total_recurring, total_cost, search_text) "
                      "FROM STDIN") as copy:
            for pk, row in enumerate(batch, start=first_id):
                copy.write_row((
                    pk, row["institution_id"], row["title"], row["description"],
                    row["language"], row["domain_id"], False, "", row["confidentiality"],
                    row["status"], recipe.author, now, now, 1, now, 0, 0, 0,
                    row["search_text"]))
        with raw.copy(f"COPY {IndexedDocument._meta.db_table} (kind, object_id, "
                      "institution_id, language, text, text_hash, model, vector, hubness, "
                      "updated_at) FROM STDIN") as copy:
            for pk, row in enumerate(batch, start=first_id):
                copy.write_row((
                    DocumentKind.NEED.value, pk, row["institution_id"], row["language"],
                    row["text"], row["text_hash"], recipe.model, row["vector"],
                    None if row["hubness"] is None else json.dumps(row["hubness"]), now))
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"{first_id + len(batch) - 1})")


# ---------------------------------------------------------------------------------------------
# A web process


def child() -> None:
    """A fresh process answering the parent's commands, one JSON line each."""
    setup_django()
    from django.conf import settings

    from synergie.matching.adapters import embedder
    from synergie.matching.explain import needs_like_query, similar_needs
    from synergie.matching.models import DocumentKind
    from synergie.matching.service import Query, matching_index
    from synergie.needs.models import Need

    embedder().encode_query("warm-up")
    Need.objects.exists()
    under = str(Path(settings.SYNERGIE_INDEX_DIR).resolve())
    empty = memory(under=under)
    answer = {"ready": True, **empty}
    print(json.dumps(answer), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "cold_start":
            started = time.perf_counter()
            matching_index.sync()
            answer = {"cold_start_s": time.perf_counter() - started, "documents": len(matching_index)}
        elif command["do"] == "lookups":
            needs = list(Need.objects.filter(pk__in=command["needs"]).select_related("institution"))
            user = _reader()
            page, typed, embedding = [], [], []
            for need in needs:
                # The need page: its stored embedding (the text has not changed since indexing).
                started = time.perf_counter()
                similar_needs(need, user)
                page.append((time.perf_counter() - started) * 1000)
                # A text typed in the form: embedded first.
                query = Query(text=f"{need.title}\n{need.description}", language=need.language)
                started = time.perf_counter()
                needs_like_query(query, need.institution_id, user)
                typed.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                embedder().encode_query(query.text)
                embedding.append((time.perf_counter() - started) * 1000)
            after = memory(under=under)
            answer = {"page_ms": page, "typed_ms": typed, "embedding_ms": embedding,
                      "private_mb": after["anonymous_mb"] - empty["anonymous_mb"],
                      "index_resident_mb": after["index_resident_mb"],
                      "delta_private_mb": matching_index.private_bytes() / 2**20}
        elif command["do"] == "wait_for":
            key = (DocumentKind.NEED, command["need"])
            while True:
                found = matching_index.search(Query(text=command["text"], language="fr"), k=5)
                if any(match.key == key for match in found):
                    break
                time.sleep(0.05)
            answer = {"found_at": time.time(),
                      "change_apply_ms": matching_index.last_sync_seconds * 1000}
        else:
            break
        print(json.dumps(answer), flush=True)


def _reader():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="lucas.martin")  # the region's analyst


class WebProcess:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env=os.environ.copy())
        self.empty = self.read()

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self.read()

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("a web process died")
        return json.loads(line)

    def stop(self):
        self.process.stdin.write(json.dumps({"do": "stop"}) + "\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)


# ---------------------------------------------------------------------------------------------


def reusable_segment() -> dict | None:
    """The host's newest segment when the worker would not build another (few changes since
    it: the processes replay them in their delta): its folder, size and recorded build time."""
    from synergie.matching import segments
    from synergie.matching.maintenance import segment_is_due

    newest = segments.newest_segment(segments.embedder().name, segments.database_identity())
    if newest is None or segment_is_due(newest):
        return None
    about = json.loads((newest.path / "synergie.json").read_text())
    return {"path": str(newest.path), "seconds": about.get("seconds"),
            "megabytes": round(segments.folder_bytes(newest.path) / 2**20, 1)}


def build_segment() -> tuple[float, float, float]:
    """(seconds, size in MB, peak memory MB of the build process)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    output = subprocess.run([sys.executable, "-m", "synergie", "index", "build", "--json"],
                            check=True, capture_output=True, text=True, cwd=ROOT).stdout
    seconds = time.perf_counter() - started
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    report = json.loads(output.strip().splitlines()[-1])
    return seconds, report["megabytes"], peak


def save_and_wait(webs: list[WebProcess], number: int) -> tuple[float, float]:
    from django.db import transaction

    from synergie.matching.tasks import schedule_need_indexing
    from synergie.needs.models import Need, NeedStatus

    template = Need.objects.filter(title__startswith=MARKER, language="fr").first()
    text = f"Plateforme mutualisée de gestion des cimetières numéro {number} zqx{number}"
    started = time.time()
    with transaction.atomic():
        need = Need.objects.create(
            institution_id=template.institution_id, title=text,
            description="Registre des concessions et des emplacements.", language="fr",
            domain_id=template.domain_id, status=NeedStatus.SUBMITTED,
            created_by_id=template.created_by_id)
        schedule_need_indexing(need.pk)
    for web in webs:
        web.process.stdin.write(json.dumps({"do": "wait_for", "need": need.pk,
                                            "text": text}) + "\n")
        web.process.stdin.flush()
    answers = [web.read() for web in webs]
    return (max(answer["found_at"] for answer in answers) - started,
            max(answer["change_apply_ms"] for answer in answers))


def synergy_map(report: dict) -> None:
    """The worker's clustering and the page, when the map reads stored clusters."""
    try:
        from synergie.matching.synergies import recompute_clusters
    except ImportError:
        log("  the synergy map does not read stored clusters yet: not measured")
        return
    from django.test import Client

    started = time.perf_counter()
    recompute_clusters()
    report["map_recompute_s"] = round(time.perf_counter() - started, 1)
    client = Client()
    client.force_login(_reader())
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get("/fr/opportunities/map/", HTTP_HOST="localhost")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    report["map_page_p95_ms"] = round(percentile(timings, 95), 1)
    log(f"  map: recomputed in {report['map_recompute_s']} s, page p95 "
        f"{report['map_page_p95_ms']} ms")


def stop_worker(worker: subprocess.Popen, patience: float = 120) -> None:
    """SIGTERM lets the worker finish its task first; the maintenance it queues at start (a full
    index repair at a million needs) may take longer than we wait: it is then killed (its task
    runs again at the next worker's start)."""
    worker.terminate()
    try:
        worker.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        log(f"  the worker was still busy {patience:.0f} s after SIGTERM: killed")
        worker.kill()
        worker.wait()


def wait_for_idle_worker(limit: float = 1800) -> float:
    """Seconds until the worker has run what it found queued at its start (the demo's indexing,
    a map computation, its first maintenance), so that the look-ups measure a running site
    rather than its start-up backlog; the tasks due later (a debounced map) may still run."""
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < limit:
        if not (DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists()):
            break
        time.sleep(1)
    return time.monotonic() - started


def percentile(values, q) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lookups", type=int, default=LOOKUPS,
                        help=f"look-ups per web process (default {LOOKUPS})")
    parser.add_argument("--reuse-segment", action="store_true",
                        help="measure with the host's newest segment when the worker would not "
                             "build another (its build figures are then those it recorded)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child()
    if os.environ.get("SYNERGIE_DATABASE_URL", "").startswith("postgres"):
        ensure_database(os.environ["SYNERGIE_DATABASE_URL"], log)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the map page links them
    log(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    seed(args.needs)
    from synergie.needs.models import Need

    report = {"needs": Need.objects.filter(title__startswith=MARKER).count()}
    reused = reusable_segment() if args.reuse_segment else None
    if reused:
        log(f"reusing the host's segment {reused['path']}")
        report.update(index_shared_mb=reused["megabytes"], segment_build_s=reused["seconds"],
                      segment_reused=True)
    else:
        log("building this host's index segment")
        seconds, megabytes, peak = build_segment()
        report.update(index_shared_mb=round(megabytes, 1), segment_build_s=round(seconds, 1),
                      segment_build_peak_mb=round(peak))
        log(f"  {seconds:.1f} s, {megabytes:.0f} MB, peak {peak:.0f} MB")
    worker = subprocess.Popen([sys.executable, "-m", "synergie", "worker"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    webs = [WebProcess(), WebProcess()]
    try:
        starts = [web.ask(do="cold_start") for web in webs]
        report["cold_start_s"] = round(max(start["cold_start_s"] for start in starts), 2)
        ids = list(Need.objects.filter(title__startswith=MARKER).order_by("?")
                   .values_list("pk", flat=True)[:args.lookups])
        report["worker_settled_s"] = round(wait_for_idle_worker(), 1)
        log(f"  cold start {report['cold_start_s']} s; worker idle after "
            f"{report['worker_settled_s']} s; {args.lookups} look-ups per web process")
        answers = [web.ask(do="lookups", needs=ids) for web in webs]
        for name, field in (("match", "page_ms"), ("match_typed", "typed_ms"),
                            ("query_embedding", "embedding_ms")):
            timings = [t for answer in answers for t in answer[field]]
            report[f"{name}_p50_ms"] = round(percentile(timings, 50), 1)
            report[f"{name}_p95_ms"] = round(percentile(timings, 95), 1)
        report["rss_private_mb_per_process"] = round(max(a["private_mb"] for a in answers), 1)
        report["index_resident_mb_per_process"] = round(
            max(a["index_resident_mb"] for a in answers), 1)
        visible, applied = [], []
        for number in range(SAVES):
            seconds, change_ms = save_and_wait(webs, number)
            visible.append(seconds)
            applied.append(change_ms)
        report["visible_after_save_s"] = round(max(visible), 2)
        report["change_apply_ms"] = round(max(applied), 1)
        log(f"  so far: {json.dumps(report)}")
    finally:
        for web in webs:
            web.stop()
        stop_worker(worker)
    synergy_map(report)
    report["machine"] = {"cores": os.cpu_count(),
                         "load_1min": round(os.getloadavg()[0], 2)}
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
