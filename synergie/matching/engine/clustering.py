"""Groups of similar texts for the synergy map, without fixing the number of groups: average-
linkage agglomerative clustering cut at a similarity threshold."""

import numpy as np
from sklearn.cluster import AgglomerativeClustering

# Chosen on the demo's twin needs so that reworded twins in two languages join and unrelated
# needs of the same domain stay apart (tests/matching/test_clustering.py).
DEFAULT_THRESHOLD = 0.35


def combined_similarity(embedding_cosine: np.ndarray, char_cosine: np.ndarray,
                        same_language: np.ndarray) -> np.ndarray:
    """Cosine of centred unit embeddings (as the index keeps them), averaged with the
    character-n-gram cosine for two texts in the same language (across languages only the
    embedding can tell). Unlike the fused search score it does not depend on the other texts
    of the index, so one threshold means the same in a small index and a large one."""
    similarity = np.where(same_language, (embedding_cosine + char_cosine) / 2, embedding_cosine)
    return np.clip(similarity, -1.0, 1.0)


def pair_similarity(centred: np.ndarray, char_vectors=None, languages=None) -> np.ndarray:
    """combined_similarity of every pair of texts."""
    similarity = centred @ centred.T
    if char_vectors is None or languages is None:
        return np.clip(similarity, -1.0, 1.0)
    char = np.asarray((char_vectors @ char_vectors.T).todense())
    same_language = np.equal.outer(np.asarray(languages), np.asarray(languages))
    return combined_similarity(similarity, char, same_language)


def cluster(similarity: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """A cluster label per text; texts alone in their cluster get their own label."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    distance = 1.0 - similarity
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average",
        distance_threshold=1.0 - threshold,
    )
    return model.fit_predict(np.maximum(distance, 0.0))
