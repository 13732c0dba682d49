"""Build the CPV reference embeddings shipped with Synergie (synergie/matching/data/).

The need form suggests CPV codes from the nearest CPV labels; embedding the 28,362 labels
(French, Dutch, English) takes minutes, so it is done once here and the vectors ship, int8-
quantised (one scale per vector), next to the labels' licence (CC BY 4.0, EU Publications Office).

    python scripts/build_cpv_reference.py [--model e5]
"""

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from _common import embed_cached, read_csv  # noqa: E402

from synergie.matching.engine.cpv import reference_path  # noqa: E402
from synergie.matching.engine.embedders import get_embedder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="e5")
    args = parser.parse_args()
    rows = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    vectors = np.vstack([embed_cached(args.model, [row[f"label_{lang}"] for row in rows])
                         for lang in ("fr", "nl", "en")]).astype(np.float32)
    scale = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    quantised = np.round(vectors / scale).astype(np.int8)
    path = reference_path(get_embedder(args.model).name)
    np.savez_compressed(path, vectors=quantised, scale=scale.astype(np.float32),
                        codes=np.array([row["code"] for row in rows]))
    error = np.abs(quantised * scale - vectors).max()
    print(f"{len(vectors)} label vectors written to {path.relative_to(ROOT)} "
          f"({path.stat().st_size / 2**20:.1f} MB, max quantisation error {error:.4f})")


if __name__ == "__main__":
    main()
