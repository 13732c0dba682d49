"""The memory-mapped segment and the live index over it (engine/segment.py, engine/live.py):
what a process searches at a million needs must rank as an index built from scratch would."""

from collections import Counter

import numpy as np
import pytest

from synergie.matching.engine import fusion, live
from synergie.matching.engine.chargrams import gram_counts, gram_feature, gram_occurrences
from synergie.matching.engine.lexical import Bm25Index, char_ngrams
from synergie.matching.engine.live import LiveIndex
from synergie.matching.engine.segment import Segment, SegmentWriter

DIMENSION = 24
TOPICS = [
    ("Logiciel de calcul des salaires et de gestion du personnel communal",
     "Remplacement du logiciel de paie des agents et des traitements",
     "Software voor de loonberekening en het personeelsbeheer van de gemeente"),
    ("Caméras corporelles pour les policiers d'intervention",
     "Achat de bodycams pour la zone de police",
     "Bodycams voor de interventieploegen van de politiezone"),
    ("Nettoyage des bâtiments communaux et des écoles",
     "Entretien et nettoyage des locaux de l'administration",
     "Schoonmaak van de gemeentelijke gebouwen en scholen"),
    ("Fourniture de carburants pour les véhicules de service",
     "Achat de gasoil et d'essence pour la flotte communale",
     "Levering van brandstof voor de dienstvoertuigen"),
    ("Plateforme de réservation des salles de sport en ligne",
     "Réservation en ligne des infrastructures sportives",
     "Online reservatieplatform voor sportzalen"),
    ("Éclairage public LED et télégestion des luminaires",
     "Remplacement des lampadaires par des LED",
     "Openbare LED-verlichting met beheer op afstand"),
    ("Collecte des déchets ménagers et conteneurs enterrés",
     "Gestion des conteneurs à déchets enterrés",
     "Inzameling van huishoudelijk afval en ondergrondse containers"),
    ("Archivage électronique des actes de l'état civil",
     "Numérisation et archivage des registres d'état civil",
     "Elektronische archivering van de akten van de burgerlijke stand"),
]


def corpus(seed: int = 0):
    """Three texts per topic (two French, one Dutch), embeddings near their topic's direction,
    each language a little apart (as e5's are), and the languages' background means."""
    rng = np.random.default_rng(seed)
    offsets = {"fr": rng.normal(size=DIMENSION), "nl": rng.normal(size=DIMENSION)}
    keys, texts, languages, vectors = [], [], [], []
    for number, topic in enumerate(TOPICS):
        direction = rng.normal(size=DIMENSION)
        for variant, text in enumerate(topic):
            language = "nl" if variant == 2 else "fr"
            keys.append(1000 - 7 * (3 * number + variant))  # neither sorted nor contiguous
            texts.append(text)
            languages.append(language)
            vectors.append(2 * offsets[language] + direction
                           + 0.3 * rng.normal(size=DIMENSION))
    vectors = np.asarray(vectors, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    priors = {lang: (2 * offset / np.linalg.norm(2 * offset)).astype(np.float32)
              for lang, offset in offsets.items()}
    return np.array(keys, dtype=np.int64), texts, languages, vectors, priors


def build(directory, keys, texts, languages, vectors, priors, chunk: int = 10) -> Segment:
    writer = SegmentWriter(directory, DIMENSION, priors, None)
    for start in range(0, len(keys), chunk):
        stop = start + chunk
        writer.add(keys[start:stop], texts[start:stop], languages[start:stop],
                   vectors[start:stop])
    writer.finish()
    return Segment.open(directory)


def ranking(index: LiveIndex, text: str, language: str, vector, k: int = 24, exclude=()):
    return [(match.key, round(match.score, 4))
            for match in index.search(text, language, vector, k=k, exclude=exclude)]


@pytest.mark.parametrize("text", [
    "Caméras corporelles, policiers d'intervention!",
    "a ab  abc\tabcd\n\nabcde  x-y-z 12 2027",
    "Straße ÉCOLE œuvre Ångström naïve",
    "",
    "   ",
])
def test_the_numpy_hasher_cuts_the_ngrams_scikit_learn_cuts(text):
    rows, features = gram_occurrences([text, "autre texte"])
    assert Counter(features[rows == 0].tolist()) == Counter(
        gram_feature(gram) for gram in char_ngrams(text))
    counts = gram_counts([text])
    assert counts.sum() == len(char_ngrams(text))


def test_a_segment_round_trip_searches_like_a_live_index_built_in_memory(tmp_path):
    keys, texts, languages, vectors, priors = corpus()
    segment = build(tmp_path / "segment", keys, texts, languages, vectors, priors)
    assert len(segment) == len(keys) and segment.file_bytes() > 0
    assert list(segment.positions([keys[5], 123456, keys[0]])) == [5, -1, 0]
    fresh = LiveIndex(None, DIMENSION, prior_means=segment.language_means)
    fresh.upsert(keys, texts, languages, vectors)
    exact = LiveIndex(segment, DIMENSION)
    graph = LiveIndex(segment, DIMENSION, exact_threshold=0)  # the HNSW path
    for row in range(len(keys)):
        query = (texts[row], languages[row], vectors[row])
        expected = ranking(fresh, *query)
        assert ranking(exact, *query) == expected
        assert ranking(graph, *query) == expected
    assert ranking(exact, *query)[0][0] == keys[row]  # a text finds itself first


def test_twins_are_found_across_languages(tmp_path):
    keys, texts, languages, vectors, priors = corpus()
    index = LiveIndex(build(tmp_path / "segment", keys, texts, languages, vectors, priors),
                      DIMENSION)
    for topic in range(len(TOPICS)):
        dutch = 3 * topic + 2
        found = index.search(texts[dutch], "nl", vectors[dutch], k=3, exclude=[keys[dutch]])
        assert {match.key for match in found[:2]} == {keys[3 * topic], keys[3 * topic + 1]}


def test_changes_through_the_delta_rank_as_a_rebuilt_segment(tmp_path):
    keys, texts, languages, vectors, priors = corpus()
    index = LiveIndex(build(tmp_path / "first", keys, texts, languages, vectors, priors),
                      DIMENSION)
    texts, vectors = list(texts), vectors.copy()
    # A French payroll need is rewritten as a street-lighting need, a cleaning need is removed
    # and a new payroll need arrives.
    lighting = vectors[15] + vectors[16]
    texts[1], vectors[1] = "Maintenance de l'éclairage public LED", lighting / np.linalg.norm(
        lighting)
    index.upsert(keys[1:2], texts[1:2], languages[1:2], vectors[1:2])
    index.remove(keys[6:7])
    new_key, new_text = 5000, "Nouveau logiciel de paie du personnel communal"
    index.upsert([new_key], [new_text], ["fr"], vectors[0:1])
    kept = [row for row in range(len(keys)) if row != 6]
    rebuilt = LiveIndex(build(tmp_path / "rebuilt", np.append(keys[kept], new_key),
                              [texts[row] for row in kept] + [new_text],
                              [languages[row] for row in kept] + ["fr"],
                              np.vstack([vectors[kept], vectors[0:1]]), priors), DIMENSION)
    assert len(index) == len(rebuilt) == len(keys)
    for row in kept:
        query = (texts[row], languages[row], vectors[row])
        assert [key for key, _ in ranking(index, *query, k=3)] == [
            key for key, _ in ranking(rebuilt, *query, k=3)]
    found = index.search(TOPICS[0][0], "fr", vectors[0], k=2, exclude=[keys[0]])
    assert found[0].key == new_key
    lighting = [match.key for match in index.search(texts[15], "fr", vectors[15], k=3)]
    assert keys[1] in lighting


@pytest.mark.parametrize("exact_threshold", [10_000, 0])
def test_removed_changed_and_excluded_documents_are_never_returned(tmp_path, exact_threshold):
    keys, texts, languages, vectors, priors = corpus()
    segment = build(tmp_path / "segment", keys, texts, languages, vectors, priors)
    index = LiveIndex(segment, DIMENSION, exact_threshold=exact_threshold)
    index.remove(keys[:4])
    index.upsert(keys[4:6], texts[4:6], languages[4:6], vectors[4:6])  # saved again
    index.upsert([7, 8], ["Logiciel de paie", "Logiciel des salaires"], ["fr", "fr"],
                 vectors[:2])
    index.remove([8])
    assert keys[0] not in index and keys[4] in index and 7 in index and 8 not in index
    assert len(index) == len(keys) - 4 + 1
    for row in range(len(keys)):
        found = [match.key for match in index.search(texts[row], languages[row], vectors[row],
                                                     k=100, exclude=[keys[5], 7])]
        assert len(found) == len(set(found)) == len(index) - 2
        assert not set(found) & {*keys[:4].tolist(), 8, keys[5], 7}


def test_candidates_in_another_language_are_ranked_by_the_shared_fusion(tmp_path, monkeypatch):
    keys, texts, languages, vectors, priors = corpus()
    index = LiveIndex(build(tmp_path / "segment", keys, texts, languages, vectors, priors),
                      DIMENSION)
    index.upsert([1], ["Logiciel de gestion des salaires"], ["fr"], vectors[:1])
    calls = []
    shared = fusion.fuse_candidates
    monkeypatch.setattr(fusion, "fuse_candidates",
                        lambda signals, same: calls.append(same) or shared(signals, same))
    found = index.search(texts[2], "nl", vectors[2], k=100)
    (same_language,) = calls
    assert same_language.sum() == len(TOPICS) and (~same_language).sum() == 2 * len(TOPICS) + 1
    language = dict(zip(keys.tolist(), languages)) | {1: "fr"}
    signals = {name: np.array([match.signals[name] for match in found])
               for name in ("bm25", "char", "embedding")}
    same = np.array([language[match.key] == "nl" for match in found])
    np.testing.assert_allclose(shared(signals, same), [match.score for match in found],
                               rtol=1e-5, atol=1e-5)


def test_a_large_delta_is_searched_through_its_nearest_and_best_lexical(tmp_path, monkeypatch):
    monkeypatch.setattr(live, "DELTA_ALL", 4)
    monkeypatch.setattr(live, "GRAPH_CANDIDATES", 3)
    monkeypatch.setattr(live, "LEXICAL_CANDIDATES", 3)
    keys, texts, languages, vectors, priors = corpus()
    index = LiveIndex(None, DIMENSION, prior_means=priors)
    index.upsert(keys, texts, languages, vectors)
    found = index.search(texts[0], "fr", vectors[0], k=10, exclude=[keys[0]])
    assert len(found) <= 6 and found[0].key == keys[1]


def test_similarity_and_document_frequency_match_an_index_built_in_memory(tmp_path):
    keys, texts, languages, vectors, priors = corpus()
    segment = build(tmp_path / "segment", keys, texts, languages, vectors, priors)
    index = LiveIndex(segment, DIMENSION)
    fresh = LiveIndex(None, DIMENSION, prior_means=segment.language_means)
    fresh.upsert(keys, texts, languages, vectors)
    query = (texts[0], "fr", vectors[0])
    for exclude in ((), (keys[0],)):
        expected = fresh.similarity(*query, keys[:3], exclude=exclude)
        found = index.similarity(*query, keys[:3], exclude=exclude)
        np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-6)
    values, standing = index.similarity(*query, keys[[0, 1, 2, 3]])
    assert values[0] == pytest.approx(1.0, abs=1e-3)
    assert min(standing[:3]) > 1 > standing[3]  # the twins stand out, another topic does not
    assert (index.similarity(*query, keys[:3], exclude=(keys[0],))[1][0]
            != index.similarity(*query, keys[:3])[1][0])
    bm25 = Bm25Index()
    bm25.add(texts, languages)
    stems = ["logiciel", "personnel", "bodycam", "nimporte"]
    assert index.document_frequency(stems) == bm25.document_frequency(stems)
    index.upsert([1], ["Logiciel pour le personnel"], ["fr"], vectors[:1])
    assert index.document_frequency(stems)[:2] == [count + 1 for count in
                                                    bm25.document_frequency(stems)[:2]]
    index.remove([1])
    assert index.document_frequency(stems) == bm25.document_frequency(stems)


def test_the_writer_refuses_duplicate_keys_and_an_existing_segment(tmp_path):
    keys, texts, languages, vectors, priors = corpus()
    writer = SegmentWriter(tmp_path / "segment", DIMENSION, priors, None)
    writer.add(keys[:2], texts[:2], languages[:2], vectors[:2])
    writer.add(keys[1:3], texts[1:3], languages[1:3], vectors[1:3])
    with pytest.raises(ValueError):
        writer.finish()
    build(tmp_path / "other", keys, texts, languages, vectors, priors)
    with pytest.raises(FileExistsError):
        SegmentWriter(tmp_path / "other", DIMENSION, priors, None)


def test_an_empty_index_finds_nothing(tmp_path):
    segment = build(tmp_path / "segment", np.zeros(0, dtype=np.int64), [], [],
                    np.zeros((0, DIMENSION), dtype=np.float32), None)
    index = LiveIndex(segment, DIMENSION)
    assert len(index) == 0 and 3 not in index
    assert index.search("logiciel", "fr", np.ones(DIMENSION)) == []
    assert index.document_frequency(["logiciel"]) == [0]
