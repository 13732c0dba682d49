"""The synergy map at scale: recomputing the stored clusters of N open needs, and the page.

Makes N open needs (default 100,000) in a database of its own (SQLite under benchmarks/.cache
unless SYNERGIE_DATABASE_URL is set), with realistic vectors and texts and no model download:
each need belongs to a topic, most topics have one need, some have two to eight from different
institutions (the twins the map is for). A topic's embedding mixes the real e5 embeddings of
three demo texts plus noise, its twins are small perturbations of it; its text is made of word
runs of demo texts, its twins drop and swap a few words. Prints the recomputation's seconds and
peak memory (the worker's task, in a child process) and the page's p95 over 30 requests by a
regional analyst.

    .venv/bin/python benchmarks/synergy_map.py [--needs N] [--json]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
from _common import CACHE, ROOT, embed_cached

MARKER = "[map]"
BATCH = 5000


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def setup(needs: int) -> None:
    if not os.environ.get("SYNERGIE_DATABASE_URL") and not os.environ.get("SYNERGIE_DATA_DIR"):
        os.environ["SYNERGIE_DATA_DIR"] = str(CACHE / f"synergy-map-{needs}")
    os.environ.setdefault("SYNERGIE_STATIC_ROOT", str(CACHE / "synergy-map-static"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
    os.environ.setdefault("SYNERGIE_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def demo_texts() -> list[tuple[str, str]]:
    demo = json.loads((ROOT / "synergie/demo/data/needs.json").read_text())
    return [(need["language"], f"{need['title']}\n{need['description']}") for need in demo]


def seed(total: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from synergie.accounts.models import Membership, Role
    from synergie.institutions.models import Institution
    from synergie.matching.adapters import embedder, text_hash, vector_bytes
    from synergie.matching.models import DocumentKind, IndexedDocument
    from synergie.needs.models import Confidentiality, Need, NeedStatus

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages link hashed names
    if Need.objects.filter(title__startswith=MARKER).count() >= total:
        return
    log(f"making {total} open needs")
    User = get_user_model()
    author, _ = User.objects.get_or_create(username="map-author")
    reader, created = User.objects.get_or_create(username="map-reader")
    if created:
        Membership.objects.create(user=reader, role=Role.objects.get(code="analyst"))
    institutions = [Institution.objects.get_or_create(
        code=f"MAP-{i}", defaults={"kind": "municipality", "name_fr": f"Commune {i}",
                                   "name_nl": f"Gemeente {i}"})[0].pk for i in range(60)]
    bases = demo_texts()
    model_name = embedder().name
    raw = embed_cached("e5", [text for _, text in bases], log=log)
    languages = np.array([language for language, _ in bases])
    means = {language: raw[languages == language].mean(axis=0) for language in set(languages)}
    centred = np.vstack([raw[i] - means[languages[i]] for i in range(len(raw))])
    spread = float(np.linalg.norm(centred, axis=1).mean())
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    words = [text.split() for _, text in bases]
    rng = np.random.default_rng(0)
    now = timezone.now()
    made = 0
    while made < total:
        needs, documents = [], []
        while len(needs) < BATCH and made + len(needs) < total:
            picked = rng.choice(len(bases), 3, replace=False)
            weights = rng.dirichlet([1, 1, 1])
            topic = weights @ centred[picked] + 0.08 * rng.standard_normal(centred.shape[1])
            topic /= np.linalg.norm(topic)
            runs = []
            for base in picked:
                start = rng.integers(0, max(1, len(words[base]) - 40))
                runs += words[base][start:start + 40]
            size = 1 if rng.random() < 0.75 else int(rng.integers(2, 9))
            for _twin in range(min(size, total - made - len(needs))):
                language = str(rng.choice(["fr", "nl", "en"], p=[0.65, 0.3, 0.05]))
                member = topic + 0.03 * rng.standard_normal(len(topic))
                member /= np.linalg.norm(member)
                vector = means[language if language in means else "fr"] + spread * member
                vector = (vector / np.linalg.norm(vector)).astype(np.float32)
                text = [w for w in runs if rng.random() > 0.1]
                title = f"{MARKER} {' '.join(text[:8])}"[:200]
                needs.append(Need(
                    institution_id=institutions[int(rng.integers(len(institutions)))],
                    title=title, description=" ".join(text[8:]), language=language,
                    confidentiality=(Confidentiality.INSTITUTION if rng.random() < 0.1
                                     else Confidentiality.REGIONAL),
                    status=NeedStatus.SUBMITTED, created_by=author, submitted_at=now,
                    total_cost=int(rng.integers(10, 2000)) * 1000,
                ))
                documents.append(vector)
        with transaction.atomic():
            created = Need.objects.bulk_create(needs)
            IndexedDocument.objects.bulk_create([
                IndexedDocument(
                    kind=DocumentKind.NEED, object_id=need.pk,
                    institution_id=need.institution_id, language=need.language,
                    text=f"{need.title}\n{need.description}",
                    text_hash=text_hash(f"{need.title}\n{need.description}", model_name),
                    model=model_name, vector=vector_bytes(vector))
                for need, vector in zip(created, documents)])
        made += len(needs)
        log(f"  {made}/{total}")


def recompute_in_child(needs: int) -> dict:
    """The worker's task in a process of its own, so that its peak memory is its own."""
    code = ("import sys, json, resource; sys.path.insert(0, 'benchmarks');"
            "import synergy_map as b; b.setup(%d);"
            "from synergie.matching.synergies import recompute_clusters;"
            "r = recompute_clusters();"
            "r['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
            "print(json.dumps(r))") % needs
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                            capture_output=True, text=True, env=os.environ).stdout
    report = json.loads(output.strip().splitlines()[-1])
    report["wall_s"] = round(time.perf_counter() - started, 1)
    return report


def page_timings(requests: int = 30) -> list[float]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="map-reader"))
    timings = []
    for number in range(requests + 1):
        started = time.perf_counter()
        response = client.get("/fr/opportunities/map/", {"page": str(1 + number % 3)},
                              HTTP_HOST="127.0.0.1")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if number:  # the first request warms the process
            timings.append(elapsed)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup(args.needs)
    seed(args.needs)
    recompute = recompute_in_child(args.needs)
    log(f"  recomputed: {recompute}")
    timings = page_timings()
    from synergie.matching.synergies import map_page
    from synergie.needs.models import Need

    page = map_page(Need.objects.all())
    report = {
        "open_needs": recompute["needs"], "clusters": recompute["clusters"],
        "clustered_needs": recompute["clustered_needs"],
        "recompute_s": recompute["seconds"], "recompute_peak_mb": round(recompute["peak_mb"]),
        "page_p50_ms": round(float(np.percentile(timings, 50)), 1),
        "page_p95_ms": round(float(np.percentile(timings, 95)), 1),
        "largest_cluster": max((len(c.needs) for c in page.clusters), default=0),
        "bench_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
