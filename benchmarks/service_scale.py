"""The matching service inside the product at N needs: the host's index files, what each web
process holds beside them, cold start, "this looks like" end to end, how soon a saved need is
found by other processes, and the synergy map.

    python benchmarks/service_scale.py --needs 100000 [--json]
    SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergie_scale \\
        python benchmarks/service_scale.py --needs 1000000 --json

The database is the configured one (PostgreSQL when SYNERGIE_DATABASE_URL is set; otherwise an
SQLite file under benchmarks/.cache/service-scale/); needs already there are reused, so a second
run only measures.

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

What is measured, in fresh processes like web processes (they map the host's index files):
- index_shared_mb: the size of the host's segment files (one copy per machine);
- rss_private_mb_per_process: anonymous memory of a web process after cold start and 200
  look-ups, above the same process before (Django, the embedding model loaded);
- cold_start_s: a new process's first sync with a segment on disk;
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
    from django.db import transaction
    from django.utils import timezone

    from synergie.demo.load import load_demo
    from synergie.institutions.models import Institution
    from synergie.matching.adapters import (
        document_text, embedder, hubness_penalties, text_hash, vector_bytes,
    )
    from synergie.matching.models import DocumentKind, IndexedDocument
    from synergie.needs.models import Confidentiality, Need, NeedStatus
    from synergie.reference.models import BusinessDomain

    if not Institution.objects.exists():
        log("loading the demo data")
        load_demo()
    existing = Need.objects.filter(title__startswith=MARKER).count()
    if existing >= total:
        return
    model = embedder()
    bases = base_texts()
    vectors = embed_cached(os.environ.get("SYNERGIE_EMBEDDING_MODEL") or "e5",
                           [text for _, text in bases], log=log)
    languages = [language for language, _ in bases]
    penalties = hubness_penalties(vectors, languages, model.name)
    by_language, long_texts = {}, {}
    for row, language in enumerate(languages):
        by_language.setdefault(language, []).append(row)
    # Real needs run to some 900 characters (the demo's): the short contract and label texts
    # are lengthened by a real need's description in the same language.
    for need in json.loads((ROOT / "synergie/demo/data/needs.json").read_text()):
        long_texts.setdefault(need["language"], []).append(need["description"])
    institutions = list(Institution.objects.values_list("pk", flat=True))
    domains = list(BusinessDomain.objects.values_list("pk", flat=True))
    author = get_user_model().objects.filter(is_superuser=False).order_by("pk").first()
    rng = np.random.default_rng(existing)
    now = timezone.now()
    made = existing
    started = time.monotonic()
    while made < total:
        size = min(BATCH, total - made)
        language_draw = rng.choice(["fr", "nl", "en"], size=size, p=[0.7, 0.25, 0.05])
        needs, documents = [], []
        for offset, language in enumerate(language_draw):
            first, second = rng.choice(by_language[language], size=2)
            title = f"{MARKER} {bases[first][1]}"[:200]
            lengthening = long_texts[language][int(rng.integers(len(long_texts[language])))]
            description = f"{bases[second][1]}\n{lengthening}"
            index = made + offset
            needs.append(Need(
                institution_id=institutions[index % len(institutions)], title=title,
                description=description, language=language,
                domain_id=domains[index % len(domains)],
                confidentiality=(Confidentiality.INSTITUTION if index % 10 == 0
                                 else Confidentiality.REGIONAL),
                status=NeedStatus.SUBMITTED if index < OPEN_NEEDS else NeedStatus.APPROVED,
                created_by=author, submitted_at=now,
            ))
            mixed = 0.7 * vectors[first] + 0.3 * vectors[second]
            mixed = mixed + rng.normal(0, 0.02, mixed.shape)
            mixed = (mixed / np.linalg.norm(mixed)).astype(np.float32)
            hubness = None
            if penalties[first] is not None:
                hubness = {lang: round(0.7 * penalties[first][lang]
                                       + 0.3 * penalties[second][lang], 5)
                           for lang in penalties[first]}
            documents.append((mixed, hubness))
        with transaction.atomic():
            created = Need.objects.bulk_create(needs)
            rows = []
            for need, (vector, hubness) in zip(created, documents):
                text = document_text(need.title, need.description)
                rows.append(IndexedDocument(
                    kind=DocumentKind.NEED, object_id=need.pk, institution_id=need.institution_id,
                    language=need.language, text=text, text_hash=text_hash(text, model.name),
                    model=model.name, vector=vector_bytes(vector), hubness=hubness,
                ))
            IndexedDocument.objects.bulk_create(rows)
        made += size
        rate = (made - existing) / (time.monotonic() - started)
        log(f"  {made}/{total} needs ({rate:.0f}/s)")


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


def percentile(values, q) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lookups", type=int, default=LOOKUPS,
                        help=f"look-ups per web process (default {LOOKUPS})")
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
        log(f"  cold start {report['cold_start_s']} s; {args.lookups} look-ups per web process")
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
        worker.terminate()
        worker.wait(timeout=60)
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
