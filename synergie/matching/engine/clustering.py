"""The similarity two needs must share to be grouped on the synergy map, and how it combines the
embedding with the character n-grams (graph_clustering.py groups them; its tests compare it with
the dense average linkage it replaced)."""

import numpy as np

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
