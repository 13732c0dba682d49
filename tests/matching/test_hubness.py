"""Hubness across languages: a text close to everything in the other language pays for it;
cosines within a language are untouched."""

import numpy as np

from synergie.matching.engine.hubness import HubnessCorrection
from synergie.matching.engine.matcher import EmbeddingSet

DIMENSION = 32
CROWD = 60


def corpus(n=400, seed=0):
    """French and Dutch 'embeddings' of the same meanings, each language shifted by its own
    direction, with noise. Meanings 0 to 59 are one crowded topic (many near-identical texts);
    a text at the heart of that topic is a hub."""
    rng = np.random.default_rng(seed)
    meanings = rng.normal(size=(n, DIMENSION))
    meanings[:CROWD] = meanings[0] + rng.normal(size=(CROWD, DIMENSION)) * 0.6
    french = meanings + rng.normal(size=DIMENSION) + rng.normal(size=meanings.shape) * 0.5
    dutch = meanings + rng.normal(size=DIMENSION) + rng.normal(size=meanings.shape) * 0.5
    return french.astype(np.float32), dutch.astype(np.float32)


def found_twins(embeddings: EmbeddingSet, queries: np.ndarray, language: str) -> int:
    return sum(int(embeddings.scores(q, language).argmax() == i) for i, q in enumerate(queries))


def test_a_hub_stops_stealing_twins_across_languages():
    french, dutch = corpus()
    references = {"fr": french[CROWD // 2:], "nl": dutch[CROWD // 2:]}
    correction = HubnessCorrection.fit(references)
    # Queries from the crowded topic; their Dutch twins, the other Dutch texts and, last, a hub
    # at the heart of the topic, near every query in plain cosine.
    queries, twins = french[:CROWD // 2], dutch[:CROWD // 2]
    hub = dutch[:CROWD].mean(axis=0, keepdims=True)
    plain = EmbeddingSet(DIMENSION, prior_means=correction.means)
    corrected = EmbeddingSet(DIMENSION, hubness=correction)
    for embeddings in (plain, corrected):
        embeddings.add(twins, ["nl"] * len(twins))
        embeddings.add(dutch[CROWD:], ["nl"] * (len(dutch) - CROWD))
        embeddings.add(hub, ["nl"])

    def hub_wins(embeddings):
        return sum(int(embeddings.scores(q, "fr").argmax() == len(dutch) - CROWD // 2)
                   for q in queries)

    assert hub_wins(plain) >= 3
    assert hub_wins(corrected) <= 1
    assert found_twins(corrected, queries, "fr") >= found_twins(plain, queries, "fr") + 3


def test_a_text_of_a_crowded_topic_pays_for_its_crowd():
    french, dutch = corpus()
    correction = HubnessCorrection.fit({"fr": french, "nl": dutch})
    penalties = correction.penalties(dutch, ["nl"] * len(dutch))
    assert penalties["fr"][:CROWD].mean() > penalties["fr"][CROWD:].max() / 2
    assert penalties["fr"][:CROWD].mean() > 0 > penalties["fr"][CROWD:].mean()
    assert not penalties["nl"].any()  # nothing is penalised against its own language


def test_cosines_within_a_language_are_unchanged():
    french, dutch = corpus()
    correction = HubnessCorrection.fit({"fr": french[:300], "nl": dutch[:300]})
    plain = EmbeddingSet(DIMENSION, prior_means=correction.means)
    corrected = EmbeddingSet(DIMENSION, hubness=correction)
    for embeddings in (plain, corrected):
        embeddings.add(french[300:], ["fr"] * 100)
        embeddings.add(dutch[300:], ["nl"] * 100)
    for query in french[:5]:
        plain_scores, corrected_scores = plain.scores(query, "fr"), corrected.scores(query, "fr")
        assert np.allclose(plain_scores[:100], corrected_scores[:100])
        assert not np.allclose(plain_scores[100:], corrected_scores[100:])


def test_languages_without_references_are_left_alone():
    french, dutch = corpus()
    correction = HubnessCorrection.fit({"fr": french[:300], "nl": dutch[:300]})
    embeddings = EmbeddingSet(DIMENSION, hubness=correction)
    embeddings.add(dutch[300:310], ["de"] * 10)
    penalties = correction.penalties(dutch[300:310], ["de"] * 10)
    assert not any(p.any() for p in penalties.values())
    assert np.isfinite(embeddings.scores(french[0], "fr")).all()
