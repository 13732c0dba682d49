"""The shipped fusion of a query's candidates (engine/fusion.py): reciprocal ranks, the same on a
candidate set as on the whole index, fair between languages, on the scale callers expect."""

import numpy as np

from synergie.matching.engine.fusion import RRF_DEPTH, fuse_candidates, zscores
from synergie.matching.engine.matcher import HybridMatcher


def random_signals(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    meaning = rng.normal(size=n)
    return {
        # Most texts share no word with the query: BM25 is zero for them, large for a few.
        "bm25": np.where(rng.random(n) < 0.2, np.exp(meaning + rng.normal(size=n)), 0.0),
        "char": np.clip(0.2 + 0.1 * meaning + 0.05 * rng.normal(size=n), 0, 1),
        "embedding": 0.85 + 0.03 * meaning + 0.02 * rng.normal(size=n),
    }


def test_the_best_candidates_rank_alike_on_the_whole_index_and_on_a_candidate_set():
    """A large index fuses only the union of each signal's best texts: its order must be the
    one a fusion over every text gives (z-scores over such a biased sample are not)."""
    for seed in range(3):
        signals = random_signals(5000, seed)
        same = np.ones(5000, dtype=bool)
        whole = fuse_candidates(signals, same)
        union = np.unique(np.concatenate([np.argsort(-values)[:RRF_DEPTH]
                                          for values in signals.values()]))
        subset = fuse_candidates({name: values[union] for name, values in signals.items()},
                                 same[union])
        assert list(np.argsort(-whole)[:20]) == list(union[np.argsort(-subset)[:20]])


def test_a_signal_s_spread_does_not_change_the_order():
    signals = random_signals(300, seed=1)
    same = np.ones(300, dtype=bool)
    stretched = {**signals, "bm25": signals["bm25"] ** 3 * 100}
    assert (np.argsort(-fuse_candidates(signals, same))
            == np.argsort(-fuse_candidates(stretched, same))).all()


def test_a_twin_in_another_language_beats_a_text_that_only_shares_words_with_the_query():
    """The old z-score fusion ranked first a text of the query's language sharing a rare word
    (BM25 z-score of 10) over the twin in another language the embedding puts first."""
    signals = random_signals(200, seed=2)
    same = np.ones(200, dtype=bool)
    same[150:] = False
    for values in signals.values():
        values[150:] = np.minimum(values[150:], np.median(values))
    shares_words, twin = 3, 160
    signals["bm25"][shares_words] = signals["bm25"].max() * 5
    signals["char"][shares_words] = signals["char"].max() + 0.1
    signals["embedding"][shares_words] = np.sort(signals["embedding"])[-5]
    signals["embedding"][twin] = signals["embedding"].max() + 0.01
    signals["bm25"][twin] = 0.0
    fused = fuse_candidates(signals, same)
    assert int(np.argmax(fused)) == twin
    assert fused[shares_words] > np.median(fused)  # still high: it does share the words


def test_scores_are_the_z_scores_of_the_candidates_handed_out_in_the_fused_order():
    """Thresholds elsewhere (the inbox search, the CPV vote) read the score as a z-score."""
    signals = random_signals(500, seed=3)
    same = np.ones(500, dtype=bool)
    fused = fuse_candidates(signals, same)
    expected = zscores(sum(zscores(values) for values in signals.values()))
    np.testing.assert_allclose(np.sort(fused), np.sort(expected), atol=1e-5)
    assert fused.max() > 2.5


def test_edge_cases():
    assert fuse_candidates({"bm25": np.zeros(0), "char": np.zeros(0),
                            "embedding": np.zeros(0)}, np.zeros(0, dtype=bool)).shape == (0,)
    flat = fuse_candidates({name: np.ones(4) for name in ("bm25", "char", "embedding")},
                           np.ones(4, dtype=bool))
    assert np.isfinite(flat).all() and np.ptp(flat) == 0


def test_the_matcher_ranks_with_the_shipped_fusion_on_both_paths():
    """The exact path (every text) and the graph path (candidates) of HybridMatcher give the
    fusion's order: the benchmarks measure what ships."""
    rng = np.random.default_rng(4)
    words = [f"mot{i}" for i in range(40)]
    texts = [" ".join(rng.choice(words, 6)) for _ in range(300)]
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = HybridMatcher(16)
    graph = HybridMatcher(16, exact_threshold=10)
    for matcher in (exact, graph):
        matcher.add(list(range(300)), texts, ["fr"] * 300, vectors)
    query, vector = texts[7], vectors[7]
    signals = exact.signals(query, "fr", vector)
    expected = fuse_candidates({n: np.delete(v, 7) for n, v in signals.items()},
                               np.ones(299, dtype=bool))
    expected_top = [k if k < 7 else k + 1 for k in np.argsort(-expected)[:5]]
    assert [m.key for m in exact.search(query, "fr", vector, k=5, exclude=[7])] == expected_top
    assert graph.neighbours.uses_graph
    assert [m.key for m in graph.search(query, "fr", vector, k=3, exclude=[7])] == \
        expected_top[:3]
