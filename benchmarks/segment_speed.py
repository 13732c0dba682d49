"""Speed and size of the memory-mapped matching segment (engine/segment.py) and the live index
over it (engine/live.py): build, open, file size, search, one change.

Documents are made, not embedded (embedding a million texts takes hours): each picks a real
multilingual-e5-small embedding of a CPV label (French or Dutch, shipped with the code) or of a
demo need, adds Gaussian noise (sigma 0.025 per dimension, about 0.9 cosine to its source, as
benchmarks/matching_speed.py does) and renormalises; its text is that label followed by sentences
of demo needs in the same language, cut near 450 characters. Hubness penalties are computed once
per source vector and passed along, as the service passes the ones stored with each need.

The search and change figures are measured in a fresh process that only opens the segment, so
its private and shared memory are those of a web process.

    python benchmarks/segment_speed.py [--docs 100000] [--threads 2] [--json]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT

from synergie.matching.engine import limit_blas_threads
from synergie.matching.engine.background import background_means
from synergie.matching.engine.cpv import label_reference, labels_hubness
from synergie.matching.engine.live import LiveIndex
from synergie.matching.engine.segment import Segment, SegmentWriter

MODEL = "multilingual-e5-small/query"
NOISE = 0.025
CHUNK = 5000
TEXT_CHARS = 450


class Sources:
    """Real texts and embeddings the synthetic documents are made from."""

    def __init__(self):
        from synergie.matching.engine.embedders import get_embedder

        texts, _, languages, vectors = label_reference(MODEL)
        languages = np.asarray(languages)
        wanted = np.flatnonzero(languages != "en")
        needs = json.loads((ROOT / "synergie/demo/data/needs.json").read_text())
        need_texts = [f"{need['title']}. {need['description']}" for need in needs]
        need_vectors = get_embedder("e5").encode_documents(need_texts)
        self.texts = [texts[i] for i in wanted] + [need["title"] for need in needs]
        self.languages = list(languages[wanted]) + [need["language"] for need in needs]
        self.vectors = np.vstack([vectors[wanted], need_vectors]).astype(np.float32)
        self.sentences: dict[str, list[str]] = {}
        for need, text in zip(needs, need_texts):
            self.sentences.setdefault(need["language"], []).extend(
                part for part in re.split(r"(?<=[.!?])\s+", text) if len(part) > 20)
        hubness = labels_hubness(MODEL)
        penalties = hubness.penalties(self.vectors, self.languages)
        self.penalties = [{lang: float(values[row]) for lang, values in penalties.items()}
                          for row in range(len(self.vectors))]
        self.hubness = hubness

    def documents(self, rng, n: int):
        """(texts, languages, vectors, hubness penalties) of n made-up documents."""
        picks = rng.integers(0, len(self.texts), n)
        texts, languages, penalties = [], [], []
        for pick in picks:
            language = self.languages[pick]
            pool = self.sentences.get(language) or self.sentences["fr"]
            text = self.texts[pick]
            while len(text) < TEXT_CHARS:
                text += " " + pool[rng.integers(len(pool))]
            texts.append(text[:TEXT_CHARS + 60])
            languages.append(language)
            penalties.append(self.penalties[pick])
        vectors = self.vectors[picks] + rng.normal(0, NOISE, (n, self.vectors.shape[1]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return texts, languages, vectors.astype(np.float32), penalties


def build(directory: Path, docs: int, threads: int, log) -> dict:
    sources = Sources()
    rng = np.random.default_rng(0)
    writer = SegmentWriter(directory, sources.vectors.shape[1], background_means(MODEL),
                           sources.hubness)
    started = time.perf_counter()
    made = 0.0
    for start in range(0, docs, CHUNK):
        size = min(CHUNK, docs - start)
        before = time.perf_counter()
        texts, languages, vectors, penalties = sources.documents(rng, size)
        made += time.perf_counter() - before
        writer.add(np.arange(start, start + size) * 2 + 1, texts, languages, vectors, penalties)
        if (start // CHUNK) % 10 == 9:
            log(f"  {start + size:,} documents added")
    added = time.perf_counter()
    writer.finish(threads=threads)
    finished = time.perf_counter()
    return {"build_s": finished - started - made, "build_add_s": added - started - made,
            "build_finish_s": finished - added}


def private_and_shared_mb() -> tuple[float, float]:
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name] = int(value.split()[0]) / 1024
    return (fields["Private_Clean"] + fields["Private_Dirty"],
            fields["Shared_Clean"] + fields["Shared_Dirty"] + fields.get("Rss", 0) * 0)


def measure(directory: Path, queries: int) -> dict:
    """Run in a fresh process: open the segment, search, change."""
    limit_blas_threads()
    sources = Sources()
    rng = np.random.default_rng(1)
    texts, languages, vectors, penalties = sources.documents(rng, queries)
    private_before, _ = private_and_shared_mb()
    started = time.perf_counter()
    segment = Segment.open(directory)
    index = LiveIndex(segment, segment.meta["dimension"], hubness=sources.hubness)
    open_s = time.perf_counter() - started
    for row in range(min(20, queries)):  # warm-up: the pages the searches touch
        index.search(texts[row], languages[row], vectors[row], k=10)
    times = []
    for row in range(queries):
        started = time.perf_counter()
        index.search(texts[row], languages[row], vectors[row], k=10)
        times.append((time.perf_counter() - started) * 1000)
    similarity = []
    for row in range(min(50, queries)):
        keys = [int(match.key) for match in index.search(texts[row], languages[row],
                                                          vectors[row], k=10)]
        started = time.perf_counter()
        index.similarity(texts[row], languages[row], vectors[row], keys)
        similarity.append((time.perf_counter() - started) * 1000)
    changes = []
    n = len(segment)
    for row in range(queries):
        key = int(rng.integers(0, n)) * 2 + 1  # an existing need, edited
        started = time.perf_counter()
        index.upsert([key], texts[row:row + 1], languages[row:row + 1], vectors[row:row + 1],
                     penalties[row:row + 1])
        changes.append((time.perf_counter() - started) * 1000)
    removes = []
    for _ in range(100):
        key = int(rng.integers(0, n)) * 2 + 1
        started = time.perf_counter()
        index.remove([key])
        removes.append((time.perf_counter() - started) * 1000)
    after = []
    for row in range(queries):
        started = time.perf_counter()
        index.search(texts[row], languages[row], vectors[row], k=10)
        after.append((time.perf_counter() - started) * 1000)
    private_after, shared = private_and_shared_mb()
    return {
        "open_s": open_s,
        "search_p50_ms": float(np.percentile(times, 50)),
        "search_p95_ms": float(np.percentile(times, 95)),
        "search_with_delta_p95_ms": float(np.percentile(after, 95)),
        "similarity_p95_ms": float(np.percentile(similarity, 95)),
        "upsert_p50_ms": float(np.percentile(changes, 50)),
        "upsert_p95_ms": float(np.percentile(changes, 95)),
        "remove_p95_ms": float(np.percentile(removes, 95)),
        "index_private_mb": index.private_bytes() / 2**20,
        "process_private_mb_over_sources": private_after - private_before,
        "process_shared_mb": shared,
    }


def file_sizes(directory: Path, n: int) -> dict:
    sizes = {path.name: path.stat().st_size for path in directory.iterdir()}
    return {"file_mb": sum(sizes.values()) / 2**20,
            "bytes_per_doc": {name: round(size / max(n, 1), 1) for name, size in
                              sorted(sizes.items(), key=lambda item: -item[1])}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build here and keep the segment")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.queries)))
        return
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    work = Path(tempfile.mkdtemp(prefix="segment-speed-"))
    directory = args.keep or work / "segment"
    try:
        result = {"docs": args.docs, **build(directory, args.docs, args.threads, log)}
        result.update(file_sizes(directory, args.docs))
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(directory), "--queries",
             str(args.queries)], capture_output=True, text=True, check=True)
        result.update(json.loads(child.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
        return
    for name, value in result.items():
        if isinstance(value, dict):
            print(f"{name}:")
            for part, size in value.items():
                print(f"  {part:<22} {size}")
        else:
            print(f"{name:<34} {value:.2f}" if isinstance(value, float)
                  else f"{name:<34} {value}")


if __name__ == "__main__":
    main()
