"""The matching index a process searches: a memory-mapped segment shared by the processes of a
machine (engine/segment.py), plus an in-memory delta of the documents added or changed since it
was built, plus tombstones over the segment's documents removed or changed since.

A change costs in proportion to itself: appending to the delta's arrays (amortised growth) and
marking a tombstone. Document frequencies count the segment's documents as built, tombstoned or
not, until the next segment (as Lucene counts deleted documents until a merge); the delta's
documents count exactly.

A search scores candidates only: the nearest embeddings (HNSW graph, or exact below the
threshold), the best BM25 texts, and the delta's documents; the three raw signals of each
candidate go to fusion.fuse_candidates. Not thread-safe: the caller holds a lock.
"""

from collections.abc import Callable, Hashable, Sequence

import numpy as np

from synergie.matching.engine import fusion
from synergie.matching.engine.chargrams import (
    N_FEATURES, char_idf, gram_counts, heaviest, pack, sublinear, unpack,
)
from synergie.matching.engine.clustering import combined_similarity
from synergie.matching.engine.delta import Grow, Rows, gather
from synergie.matching.engine.hubness import HubnessCorrection, unit
from synergie.matching.engine.matcher import (
    GRAPH_CANDIDATES, LEXICAL_CANDIDATES, STATISTICS_SAMPLE, Match,
)
from synergie.matching.engine.segment import (
    CHAR_KEEP, Segment, frozen_means, hubness_columns, penalty_matrix, stem_feature,
    term_counts,
)
from synergie.matching.engine.text import matched_part
from synergie.matching.engine.vectors import EXACT_THRESHOLD

# A long query's BM25 reads only the posting lists of its rarest stems.
MAX_QUERY_TERMS = 32
# Up to this many delta documents are all candidates; beyond, the nearest and the best BM25.
DELTA_ALL = 1000
K1, B = 1.2, 0.75


class LiveIndex:
    """A segment (or None) + an in-memory delta of documents added or changed since + tombstones.
    Keys are int64."""

    def __init__(self, segment: Segment | None, dimension: int,
                 prior_means: dict[str, np.ndarray] | None = None,
                 hubness: HubnessCorrection | None = None, prior_weight: int = 50,
                 exact_threshold: int = EXACT_THRESHOLD, char_keep: int = CHAR_KEEP):
        self.segment = segment
        self.dimension = dimension
        self.hubness = hubness
        self.exact_threshold = exact_threshold
        self.char_keep = segment.meta["char_keep"] if segment is not None else char_keep
        if segment is not None:
            self.means, self.fallback = segment.language_means, segment.fallback_mean
            self.hubness_languages = list(segment.hubness_languages)
            self.languages = list(segment.languages)
        else:
            priors = prior_means if prior_means is not None else (
                hubness.means if hubness is not None else None)
            self.means, self.fallback = frozen_means({}, {}, priors, prior_weight, dimension)
            self.hubness_languages = hubness_columns(hubness)
            self.languages = []
        self._n_segment = len(segment) if segment is not None else 0
        self._dead = np.zeros(self._n_segment, dtype=bool)
        self._n_dead = 0
        self._slots: dict[int, int] = {}
        self._d_keys = Grow(np.int64)
        self._d_codes = Grow(np.uint8)
        self._d_alive = Grow(bool)
        self._d_vectors = Grow(np.float32, dimension)
        self._d_penalties = Grow(np.float32, len(self.hubness_languages))
        self._d_lengths = Grow(np.float32)
        self._d_terms = Rows()
        self._d_chars = Rows()
        self._d_all_chars = Rows()
        self._bm25_df = np.zeros(N_FEATURES, dtype=np.int32)
        self._char_df = np.zeros(N_FEATURES, dtype=np.int32)
        self._delta_length = 0.0
        self._scratch = np.zeros(N_FEATURES, dtype=np.float32)
        self._sample: tuple | None = None

    # -- bookkeeping -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._n_segment - self._n_dead + len(self._slots)

    def __contains__(self, key: Hashable) -> bool:
        try:
            key = int(key)
        except (TypeError, ValueError):
            return False
        return key in self._slots or self._segment_position(key) >= 0

    def _segment_position(self, key: int) -> int:
        if not self._n_segment:
            return -1
        position = int(self.segment.positions([key])[0])
        return position if position >= 0 and not self._dead[position] else -1

    @property
    def _n_docs(self) -> int:
        """What the idfs count: the segment as built and the delta's live documents."""
        return self._n_segment + len(self._slots)

    def _code(self, language: str) -> int:
        if language not in self.languages:
            self.languages.append(language)
        return self.languages.index(language)

    def mean(self, language: str) -> np.ndarray:
        return self.means.get(language, self.fallback)

    def private_bytes(self) -> int:
        parts = [self._dead, self._bm25_df, self._char_df, self._scratch]
        if self._sample is not None:
            parts += [*self._sample[:4], *self._sample[4]]
        grown = [self._d_keys, self._d_codes, self._d_alive, self._d_vectors,
                 self._d_penalties, self._d_lengths, self._d_terms, self._d_chars,
                 self._d_all_chars]
        return (sum(part.nbytes for part in parts if part is not None)
                + sum(part.nbytes for part in grown) + 100 * len(self._slots))

    # -- changes -----------------------------------------------------------------------------

    def upsert(self, keys, texts: Sequence[str], languages: Sequence[str],
               vectors: np.ndarray,
               hubness: Sequence[dict[str, float] | None] | None = None) -> None:
        keys = np.asarray(keys, dtype=np.int64).ravel()
        if not len(keys):
            return
        if len(np.unique(keys)) != len(keys):
            raise ValueError("keys must be unique")
        self.remove(keys)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.dimension)
        texts = [matched_part(text) for text in texts]
        codes = np.array([self._code(language) for language in languages], dtype=np.uint8)
        centres = np.vstack([self.mean(language) for language in languages])
        # Rounded as the segment stores them (f16), so a document scores alike in both.
        self._d_vectors.append(unit(vectors - centres).astype(np.float16))
        self._d_penalties.append(penalty_matrix(self.hubness, self.hubness_languages, vectors,
                                                languages, hubness).astype(np.float16))
        for text, language in zip(texts, languages):
            terms, counts = term_counts(text, language)
            self._d_terms.append(pack(terms, counts))
            self._bm25_df[terms] += 1
            self._d_lengths.append([counts.sum()])
            self._delta_length += float(counts.sum())
        grams = gram_counts(texts)
        np.add.at(self._char_df, grams.indices, 1)
        start = self._d_keys.size
        self._d_keys.append(keys)
        self._d_codes.append(codes)
        self._d_alive.append(np.ones(len(keys), dtype=bool))
        for offset, key in enumerate(keys):
            self._slots[int(key)] = start + offset
        idf = char_idf(self._n_docs, self._segment_char_df(np.arange(N_FEATURES))
                       + self._char_df) if len(keys) > 1 else None
        for row in range(len(keys)):
            features = grams.indices[grams.indptr[row]:grams.indptr[row + 1]]
            self._d_all_chars.append(features.astype(np.uint32))
            one = grams[row]
            weights = idf if idf is not None else self._char_idf_full(one.indices)
            _, packed = heaviest(one, weights, self.char_keep)
            self._d_chars.append(packed)
        self._changed()

    def _char_idf_full(self, features: np.ndarray) -> np.ndarray:
        """An idf array indexed by feature, filled for `features` only (one document)."""
        idf = np.zeros(N_FEATURES, dtype=np.float32)
        idf[features] = char_idf(self._n_docs, self._segment_char_df(features)
                                 + self._char_df[features])
        return idf

    def remove(self, keys) -> None:
        for key in np.asarray(keys, dtype=np.int64).ravel().tolist():
            slot = self._slots.pop(key, None)
            if slot is not None:
                self._d_alive.view[slot] = False
                terms, _ = unpack(self._d_terms.row(slot))
                self._bm25_df[terms] -= 1
                self._char_df[self._d_all_chars.row(slot).astype(np.int64)] -= 1
                self._delta_length -= float(self._d_lengths.view[slot])
            position = self._segment_position(key)
            if position >= 0:
                self._dead[position] = True
                self._n_dead += 1
        self._changed()

    def _changed(self) -> None:
        self._sample = None

    # -- signals -----------------------------------------------------------------------------

    def _segment_char_df(self, features: np.ndarray) -> np.ndarray:
        if self.segment is None:
            return np.zeros(len(features), dtype=np.int32)
        return np.asarray(self.segment.char_df[features])

    def _query_terms(self, text: str, language: str) -> tuple[np.ndarray, np.ndarray]:
        """The query's stems (the MAX_QUERY_TERMS rarest) and their BM25 idf."""
        terms, _ = term_counts(text, language)
        df = self._bm25_df[terms].astype(np.float64)
        if self.segment is not None:
            df += self.segment.bm25_df(terms)
        n = self._n_docs
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        if len(terms) > MAX_QUERY_TERMS:
            keep = np.argsort(-idf, kind="stable")[:MAX_QUERY_TERMS]
            terms, idf = terms[keep], idf[keep]
        return terms, idf

    def _average_length(self) -> float:
        total = (self.segment.total_length if self.segment is not None else 0.0)
        return (total + self._delta_length) / max(self._n_docs, 1) or 1.0

    def _segment_bm25(self, terms: np.ndarray, idf: np.ndarray) -> np.ndarray:
        """BM25 of every segment document (0 for those without a query stem)."""
        segment = self.segment
        owner, at = gather(segment.bm25_indptr, terms)
        docs, tf = segment.bm25_docs[at], segment.bm25_tf[at]
        return self._bm25(docs, tf.astype(np.float64), idf[owner],
                          np.asarray(segment.lengths[docs]), self._n_segment)

    def _bm25(self, docs, tf, idf, lengths, size) -> np.ndarray:
        norm = K1 * (1.0 - B + B * lengths / self._average_length())
        contribution = idf * tf * (K1 + 1.0) / (tf + norm)
        return np.bincount(docs, weights=contribution, minlength=size).astype(np.float32)

    def _delta_bm25(self, slots: np.ndarray, terms: np.ndarray, idf: np.ndarray) -> np.ndarray:
        owner, packed = self._d_terms.gather(slots)
        features, tf = unpack(packed)
        self._scratch[terms] = idf
        weight = self._scratch[features]
        self._scratch[terms] = 0
        hit = weight > 0
        return self._bm25(owner[hit], tf[hit].astype(np.float64), weight[hit],
                          self._d_lengths.view[slots][owner[hit]], len(slots))

    def _query_chars(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(features, unit TF-IDF weights) of the query's n-grams."""
        counts = gram_counts([text])
        features = counts.indices.astype(np.int64)
        weights = sublinear(counts.data) * self._idf(features)
        norm = float(np.sqrt((weights.astype(np.float64) ** 2).sum()))
        return features, (weights / norm if norm else weights)

    def _idf(self, features: np.ndarray) -> np.ndarray:
        return char_idf(self._n_docs, self._segment_char_df(features) + self._char_df[features])

    def _char_rows(self, owner: np.ndarray, packed: np.ndarray, size: int):
        """(owner, features, TF-IDF weights, row norms) of stored n-gram rows."""
        features, counts = unpack(packed)
        weights = sublinear(counts) * self._idf(features)
        norms = np.sqrt(np.bincount(owner, weights=weights.astype(np.float64) ** 2,
                                    minlength=size))
        norms[norms == 0] = 1.0
        return owner, features, weights, norms

    def _char_cosines(self, query: tuple[np.ndarray, np.ndarray], owner: np.ndarray,
                      packed: np.ndarray, size: int, rows=None) -> np.ndarray:
        owner, features, weights, norms = rows or self._char_rows(owner, packed, size)
        query_features, query_weights = query
        self._scratch[query_features] = query_weights
        dot = np.bincount(owner, weights=weights * self._scratch[features], minlength=size)
        self._scratch[query_features] = 0
        return (dot / norms).astype(np.float32)

    def _segment_chars(self, query, positions: np.ndarray) -> np.ndarray:
        owner, at = gather(self.segment.char_indptr, positions)
        packed = self.segment.char_grams[at]
        return self._char_cosines(query, owner, packed, len(positions))

    def _delta_chars(self, query, slots: np.ndarray) -> np.ndarray:
        owner, packed = self._d_chars.gather(slots)
        return self._char_cosines(query, owner, packed, len(slots))

    def _penalty(self, penalties: np.ndarray, language: str) -> np.ndarray | float:
        if language not in self.hubness_languages:
            return 0.0
        return np.asarray(penalties[:, self.hubness_languages.index(language)],
                          dtype=np.float32)

    # -- search ------------------------------------------------------------------------------

    def _excluded(self, exclude) -> tuple[set[int], set[int]]:
        """(segment positions, delta slots) of the excluded keys: thousands when a look-up
        leaves out an institution's own documents, so looked up at once."""
        keys = np.fromiter((int(key) for key in exclude), dtype=np.int64)
        slots = {self._slots[key] for key in keys.tolist() if key in self._slots}
        positions: set[int] = set()
        if len(keys) and self._n_segment:
            found = self.segment.positions(keys)
            found = found[found >= 0]
            positions = set(found[~self._dead[found]].tolist())
        return positions, slots

    def _segment_candidates(self, query_vector, bm25: np.ndarray,
                            excluded: set[int]) -> np.ndarray:
        segment = self.segment
        wanted = GRAPH_CANDIDATES + min(self._n_dead + len(excluded), GRAPH_CANDIDATES)
        found = segment.vectors.search(query_vector, min(wanted, self._n_segment),
                                       exact=self._n_segment <= self.exact_threshold)
        near = found.keys.astype(np.int64)
        lexical = bm25.copy()
        lexical[self._dead] = 0
        if excluded:
            lexical[list(excluded)] = 0
        touched = np.flatnonzero(lexical > 0)
        if len(touched) > LEXICAL_CANDIDATES:
            touched = touched[np.argpartition(-lexical[touched], LEXICAL_CANDIDATES)
                              [:LEXICAL_CANDIDATES]]
        candidates = np.unique(np.concatenate([near, touched]))
        keep = ~self._dead[candidates]
        if excluded:
            keep &= ~np.isin(candidates, list(excluded))
        return candidates[keep]

    def _delta_candidates(self, query_vector, terms, idf, excluded: set[int]) -> np.ndarray:
        alive = self._d_alive.view.copy()
        if excluded:
            alive[list(excluded)] = False
        slots = np.flatnonzero(alive)
        if len(slots) <= DELTA_ALL:
            return slots
        cosines = self._d_vectors.view[slots] @ query_vector
        near = np.argpartition(-cosines, GRAPH_CANDIDATES)[:GRAPH_CANDIDATES]
        bm25 = self._delta_bm25(slots, terms, idf)
        best = np.argpartition(-bm25, LEXICAL_CANDIDATES)[:LEXICAL_CANDIDATES]
        best = best[bm25[best] > 0]
        return slots[np.unique(np.concatenate([near, best]))]

    def search(self, text: str, language: str, vector: np.ndarray, k: int = 10,
               exclude: Sequence = ()) -> list[Match]:
        if not len(self):
            return []
        text = matched_part(text)
        query_vector = unit(np.asarray(vector, dtype=np.float32) - self.mean(language))
        terms, idf = self._query_terms(text, language)
        chars = self._query_chars(text)
        excluded_positions, excluded_slots = self._excluded(exclude)
        parts = []
        if self._n_segment - self._n_dead > 0:
            bm25 = self._segment_bm25(terms, idf)
            positions = self._segment_candidates(query_vector, bm25, excluded_positions)
            segment = self.segment
            parts.append((
                segment.keys[positions], segment.language_codes[positions], bm25[positions],
                segment.embeddings(positions) @ query_vector
                - self._penalty(segment.penalties[positions], language),
                self._segment_chars(chars, positions)))
        if self._slots:
            slots = self._delta_candidates(query_vector, terms, idf, excluded_slots)
            parts.append((
                self._d_keys.view[slots], self._d_codes.view[slots],
                self._delta_bm25(slots, terms, idf),
                self._d_vectors.view[slots] @ query_vector
                - self._penalty(self._d_penalties.view[slots], language),
                self._delta_chars(chars, slots)))
        keys, codes, bm25, embedding, char = (np.concatenate(column) for column in zip(*parts))
        if not len(keys):
            return []
        signals = {"bm25": bm25.astype(np.float32), "char": char,
                   "embedding": embedding.astype(np.float32)}
        same_language = self._same_language(codes, language)
        fused = np.asarray(fusion.fuse_candidates(signals, same_language), dtype=np.float32)
        k = min(k, len(keys))
        top = np.argpartition(-fused, k - 1)[:k]
        top = top[np.lexsort((keys[top], -fused[top]))]
        return [Match(int(keys[i]), float(fused[i]),
                      {name: float(values[i]) for name, values in signals.items()})
                for i in top]

    # -- the synergy map's measure -----------------------------------------------------------

    def _locate(self, keys) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(in segment?, segment position or delta slot) of each key, which must be present."""
        in_segment, where = [], []
        for key in keys:
            key = int(key)
            if key in self._slots:
                in_segment.append(False)
                where.append(self._slots[key])
            else:
                position = self._segment_position(key)
                if position < 0:
                    raise KeyError(key)
                in_segment.append(True)
                where.append(position)
        return np.array(in_segment, dtype=bool), np.array(where, dtype=np.int64)

    def _similarity_at(self, language, query_vector, chars, in_segment, where) -> np.ndarray:
        values = np.zeros(len(where), dtype=np.float32)
        for from_segment in (True, False):
            rows = np.flatnonzero(in_segment == from_segment)
            if not len(rows):
                continue
            at = where[rows]
            if from_segment:
                embedded = self.segment.embeddings(at)
                char = self._segment_chars(chars, at)
                codes = self.segment.language_codes[at]
            else:
                embedded = self._d_vectors.view[at]
                char = self._delta_chars(chars, at)
                codes = self._d_codes.view[at]
            values[rows] = combined_similarity(embedded @ query_vector, char,
                                               self._same_language(codes, language))
        return values

    def _with_exact_chars(self, language, query_vector, chars, in_segment, where,
                          texts: Sequence[str]) -> np.ndarray:
        counts = gram_counts([matched_part(text) for text in texts])
        owner = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        char = self._char_cosines(chars, owner, pack(counts.indices, counts.data), len(texts))
        embedded = np.zeros((len(where), self.dimension), dtype=np.float32)
        codes = np.zeros(len(where), dtype=np.uint8)
        if in_segment.any():
            embedded[in_segment] = self.segment.embeddings(where[in_segment])
            codes[in_segment] = self.segment.language_codes[where[in_segment]]
        if (~in_segment).any():
            embedded[~in_segment] = self._d_vectors.view[where[~in_segment]]
            codes[~in_segment] = self._d_codes.view[where[~in_segment]]
        return combined_similarity(embedded @ query_vector, char,
                                   self._same_language(codes, language)).astype(np.float32)

    def _same_language(self, codes: np.ndarray, language: str) -> np.ndarray:
        if language not in self.languages:
            return np.zeros(len(codes), dtype=bool)
        return codes == self.languages.index(language)

    def _statistics_sample(self):
        """A fixed sample of the live documents and what scoring them needs that does not
        depend on the query, kept until the next change: (in segment?, segment position or
        delta slot, centred embeddings, language codes, n-gram rows, keys)."""
        if self._sample is None:
            live = np.flatnonzero(~self._dead)
            slots = np.array(sorted(self._slots.values()), dtype=np.int64)
            total = len(live) + len(slots)
            rng = np.random.default_rng(0)
            if total > STATISTICS_SAMPLE:
                share = STATISTICS_SAMPLE / total
                live = np.sort(rng.choice(live, int(round(len(live) * share)), replace=False))
                slots = np.sort(rng.choice(slots, int(round(len(slots) * share)),
                                           replace=False))
            parts = [(live, self._d_vectors.view[:0], np.zeros(0, dtype=np.uint8),
                      (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32)))]
            if self.segment is not None:
                owner, at = gather(self.segment.char_indptr, live)
                parts[0] = (live, self.segment.embeddings(live),
                            np.asarray(self.segment.language_codes[live]),
                            (owner, self.segment.char_grams[at]))
            owner, packed = self._d_chars.gather(slots)
            parts.append((slots, self._d_vectors.view[slots], self._d_codes.view[slots],
                          (owner + len(live), packed)))
            owner = np.concatenate([part[3][0] for part in parts]).astype(np.int32)
            packed = np.concatenate([part[3][1] for part in parts])
            size = len(live) + len(slots)
            keys = np.concatenate([self.segment.keys[live] if self.segment is not None
                                   else np.zeros(0, dtype=np.int64),
                                   self._d_keys.view[slots]]).astype(np.int64)
            self._sample = (np.arange(size) < len(live),
                            np.concatenate([live, slots]),
                            np.vstack([part[1] for part in parts]),
                            np.concatenate([part[2] for part in parts]),
                            self._char_rows(owner, packed, size), keys)
        return self._sample

    def similarity(self, text: str, language: str, vector: np.ndarray, keys,
                   exclude=(), texts: Sequence[str] | None = None,
                   exclude_where: Callable[[np.ndarray], np.ndarray] | None = None,
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Same contract as HybridMatcher.similarity: combined_similarity of the query to the
        documents of `keys` (all present), and each one's z-score among a sample of the live
        documents not in `exclude` and not picked by `exclude_where` (given the sample's keys,
        the same array until the next change, a mask: the caller asks only about the few
        sampled documents, not about all of its own, which may be a hundred thousand).

        `texts`, the documents' whole texts, make the similarities returned exact instead of
        read from the heaviest n-grams kept (what a threshold is set on deserves it, and the
        few documents measured cost little to cut again); the z-scores compare the kept
        n-grams' similarity with the sample's, like with like."""
        if not len(keys):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        text = matched_part(text)
        query_vector = unit(np.asarray(vector, dtype=np.float32) - self.mean(language))
        chars = self._query_chars(text)
        in_segment, where = self._locate(keys)
        values = self._similarity_at(language, query_vector, chars, in_segment, where)
        # How far a document stands out is measured like with like: its similarity on the kept
        # n-grams among the sample's on theirs.
        exact = values if texts is None else self._with_exact_chars(
            language, query_vector, chars, in_segment, where, texts)
        sample_in, sample_where, vectors, codes, rows, sample_keys = self._statistics_sample()
        spread = combined_similarity(
            vectors @ query_vector,
            self._char_cosines(chars, None, None, len(sample_where), rows),
            self._same_language(codes, language))
        excluded_positions, excluded_slots = self._excluded(exclude)
        dropped = np.zeros(len(sample_where), dtype=bool)
        if excluded_positions or excluded_slots:
            dropped |= ((sample_in & np.isin(sample_where, list(excluded_positions)))
                        | (~sample_in & np.isin(sample_where, list(excluded_slots))))
        if exclude_where is not None and len(sample_where):
            # The same array while the sample lasts: the caller may keep what it learnt of it.
            dropped |= np.asarray(exclude_where(sample_keys), dtype=bool)
        spread = spread[~dropped]
        if not len(spread):
            return exact, np.zeros(len(values), dtype=np.float32)
        return exact, fusion.zscores(values, float(spread.mean()), float(spread.std()))

    def document_frequency(self, stems: Sequence[str]) -> list[int]:
        """In how many stored texts each stem occurs (hash collisions aside)."""
        if not stems:
            return []
        features = np.array([stem_feature(stem) for stem in stems], dtype=np.int64)
        df = self._bm25_df[features].astype(np.int64)
        if self.segment is not None:
            df += self.segment.bm25_df(features)
        return [int(value) for value in df]

    def embeddings(self, keys) -> np.ndarray:
        """The centred unit embeddings of the documents of `keys` (all present)."""
        in_segment, where = self._locate(keys)
        result = np.zeros((len(where), self.dimension), dtype=np.float32)
        if in_segment.any():
            result[in_segment] = self.segment.embeddings(where[in_segment])
        result[~in_segment] = self._d_vectors.view[where[~in_segment]]
        return result
