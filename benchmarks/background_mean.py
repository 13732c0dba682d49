"""Compute the background mean embedding shipped with the matching index.

e5 embeddings share one strong common direction; matching centres them on the index's mean,
shrunk towards this background mean while the index is small. The background of each language
is the mean over the 9,454 CPV labels in that language (a broad public-procurement corpus).

    python benchmarks/background_mean.py [--model e5]
"""

import argparse

import numpy as np
from _common import ROOT, embed_cached, read_csv

from synergie.matching.engine.background import background_path
from synergie.matching.engine.embedders import get_embedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="e5")
    args = parser.parse_args()
    rows = read_csv(ROOT / "synergie/reference/data/cpv_2008_labels_en_fr_nl_de.csv")
    means = {
        lang: embed_cached(args.model, [row[f"label_{lang}"] for row in rows]).mean(axis=0)
        .astype(np.float32)
        for lang in ("fr", "nl", "en")
    }
    path = background_path(get_embedder(args.model).name)
    path.parent.mkdir(exist_ok=True)
    np.savez(path, **means)
    print(f"{len(rows)} labels x {len(means)} languages; means written to "
          f"{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
