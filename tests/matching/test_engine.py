"""The pure matching engine, without Django: lexical signals, embeddings, fusion, updates."""

import ast
from pathlib import Path

import numpy as np
import pytest

from synergie.matching.engine.fusion import fuse, zscores
from synergie.matching.engine.lexical import Bm25Index, CharTfidfIndex
from synergie.matching.engine.matcher import EmbeddingSet, HybridMatcher
from synergie.matching.engine.text import normalised, words

TEXTS = [
    "Logiciel de calcul des salaires et de gestion du personnel",
    "Caméras corporelles pour les policiers d'intervention",
    "Nettoyage des bâtiments communaux",
    "Fourniture de carburants pour les véhicules",
    "Remplacement du logiciel de paie des agents",
]


def test_the_engine_imports_no_django():
    engine = Path(__file__).resolve().parents[2] / "synergie" / "matching" / "engine"
    for path in engine.glob("*.py"):
        tree = ast.parse(path.read_text())
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names}
        modules |= {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not any(m.startswith("django") for m in modules), path.name


def test_words_are_folded_stemmed_and_without_stop_words():
    assert words("Les caméras corporelles des policiers", "fr") == ["cam", "corporel", "polici"]
    assert words("De bodycams voor de politiezone", "nl") == ["bodycam", "politiezone"]
    assert normalised("  Caméras, corporelles! ") == "cameras corporelles"


def test_bm25_prefers_the_text_with_the_rare_shared_word():
    index = Bm25Index()
    index.add(TEXTS)
    scores = index.scores("logiciel de paie")
    assert int(np.argmax(scores)) == 4
    assert scores[2] == 0


def test_char_tfidf_ignores_accents_and_inflection():
    index = CharTfidfIndex()
    index.add(TEXTS)
    scores = index.scores("camera corporelle policier")
    assert int(np.argmax(scores)) == 1
    assert 0 < scores[1] <= 1.0001


@pytest.mark.parametrize("index_class", [Bm25Index, CharTfidfIndex])
def test_adding_and_removing_gives_the_scores_of_a_rebuild(index_class):
    incremental = index_class()
    incremental.add(TEXTS[:2])
    incremental.add(TEXTS[2:])
    incremental.remove([3])
    rebuilt = index_class()
    rebuilt.add([text for i, text in enumerate(TEXTS) if i != 3])
    for query in ("logiciel salaires", "caméras", "carburants"):
        kept = np.delete(incremental.scores(query), 3)
        np.testing.assert_allclose(kept, rebuilt.scores(query), rtol=1e-5, atol=1e-6)
        assert incremental.scores(query)[3] == 0


def test_zscores_and_fusion():
    z = zscores(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(z, [-1.2247449, 0, 1.2247449], rtol=1e-5)
    assert (zscores(np.array([2.0, 2.0])) == 0).all()
    fused = fuse({"a": np.array([0.0, 1.0]), "b": np.array([10.0, 0.0])}, {"a": 2, "b": 1})
    assert fused[1] > fused[0]


def test_centring_spreads_squeezed_cosines():
    rng = np.random.default_rng(0)
    common = rng.normal(size=16)
    vectors = common + 0.2 * rng.normal(size=(50, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    embeddings = EmbeddingSet(16)
    embeddings.add(vectors, ["fr"] * 50)
    raw = vectors @ vectors[0]
    centred = embeddings.scores(vectors[0], "fr")
    assert raw[1:].min() > 0.8  # squeezed, as e5's are
    assert centred[1:].min() < 0.2 and centred[0] == pytest.approx(1.0)
    embeddings.remove([0])
    np.testing.assert_allclose(embeddings.mean("fr"), vectors[1:].mean(axis=0), rtol=1e-4,
                               atol=1e-6)


def test_each_language_is_centred_on_its_own_mean_shrunk_to_the_background():
    rng = np.random.default_rng(2)
    french, dutch = rng.normal(size=8), rng.normal(size=8)
    embeddings = EmbeddingSet(8, prior_means={"fr": french, "nl": dutch}, prior_weight=3)
    embeddings.add(np.tile(french + 1, (3, 1)), ["fr"] * 3)
    np.testing.assert_allclose(embeddings.mean("fr"), french + 0.5, rtol=1e-5)
    np.testing.assert_allclose(embeddings.mean("nl"), dutch, rtol=1e-5)


def test_the_matcher_finds_twins_and_forgets_removed_texts():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(TEXTS), 8)).astype(np.float32)
    vectors[4] = vectors[0] + 0.05 * rng.normal(size=8)  # the two payroll texts mean the same
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    matcher = HybridMatcher(dimension=8)
    matcher.add(["a", "b", "c", "d", "e"], TEXTS, ["fr"] * 5, vectors)
    found = matcher.search(TEXTS[0], "fr", vectors[0], k=2, exclude=["a"])
    assert found[0].key == "e"
    assert set(found[0].signals) == {"bm25", "char", "embedding"}
    matcher.remove(["e"])
    assert "e" not in matcher
    assert all(match.key != "e" for match in matcher.search(TEXTS[0], "fr", vectors[0], k=5))
    matcher.add(["e"], [TEXTS[4]], ["fr"], vectors[4:5])  # re-added after an edit
    assert matcher.search(TEXTS[0], "fr", vectors[0], k=1, exclude=["a"])[0].key == "e"
    assert len(matcher) == 5


def test_beyond_the_threshold_a_graph_finds_what_the_exact_scan_finds():
    """Large indexes switch to an HNSW graph for the embedding's candidates; the answers must
    stay those of the exact scan."""
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(40, 32))
    vectors = centres[rng.integers(0, 40, 3000)] + 0.3 * rng.normal(size=(3000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    words_pool = ["paie", "salaires", "caméras", "parking", "archives", "déchets", "voirie"]
    texts = [" ".join(rng.choice(words_pool, 3)) for _ in range(3000)]
    exact = HybridMatcher(32, exact_threshold=10**9)
    graph = HybridMatcher(32, exact_threshold=1000)
    for matcher in (exact, graph):
        matcher.add(list(range(3000)), texts, ["fr"] * 3000, vectors)
    assert graph.neighbours.uses_graph and not exact.neighbours.uses_graph
    overlaps = []
    for query in range(0, 3000, 150):
        found_exact = {m.key for m in exact.search(texts[query], "fr", vectors[query], k=10)}
        found_graph = {m.key for m in graph.search(texts[query], "fr", vectors[query], k=10)}
        overlaps.append(len(found_exact & found_graph) / 10)
    assert np.mean(overlaps) >= 0.8
    graph.remove([5])
    assert all(m.key != 5 for m in graph.search(texts[5], "fr", vectors[5], k=20))
