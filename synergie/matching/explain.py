"""Matches as a reader sees them: the need, its score and why, or only an anonymous hint when
the reader may not see the matched need."""

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
from django.utils.translation import gettext as _

from synergie.matching.adapters import embedder, need_text, vector_from_bytes
from synergie.matching.engine.cpv import labels_lexicon
from synergie.matching.engine.explain import explain
from synergie.matching.engine.matcher import Match
from synergie.matching.models import DocumentKind, IndexedDocument
from synergie.matching.service import Query, matching_index
from synergie.needs.models import Need
from synergie.needs.permissions import visible_needs


@dataclass
class MatchResult:
    score: float
    need: Need | None = None
    institution_kind: str = ""
    reasons: list[str] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return self.need is not None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def as_dict(self) -> dict:
        if self.need is None:
            return {"score": round(self.score, 3), "visible": False,
                    "institution_kind": self.institution_kind}
        return {
            "score": round(self.score, 3), "visible": True, "need_id": self.need.pk,
            "title": self.need.title, "institution": self.need.institution.name,
            "status": self.need.status, "language": self.need.language,
            "reasons": self.reasons, "signals": {k: round(v, 4) for k, v in self.signals.items()},
        }


def _reasons(query: Query, need: Need) -> list[str]:
    text = f"{need.title}\n{need.description}"
    found = explain(query.text, query.language, text, need.language,
                    matching_index.document_frequency, labels_lexicon())
    reasons = []
    if found.shared_terms:
        reasons.append(_("shared terms: %(terms)s") % {"terms": ", ".join(found.shared_terms)})
    if found.translated_terms:
        reasons.append(_("same subject in another language: %(pairs)s") % {
            "pairs": ", ".join(f"{own} ↔ {other}" for own, other in found.translated_terms)
        })
    elif found.cross_language:
        reasons.append(_("same subject in another language"))
    if query.domain_id and need.domain_id == query.domain_id:
        reasons.append(_("same domain: %(domain)s") % {"domain": need.domain.name})
    if query.cpv_code and need.cpv_code_id == query.cpv_code:
        reasons.append(_("same CPV code: %(code)s") % {"code": need.cpv_code_id})
    return reasons


def describe_matches(query: Query, matches: list[Match], user=None) -> list[MatchResult]:
    """`user` None is the installation itself (CLI): it sees every need."""
    need_ids = [match.key[1] for match in matches if match.key[0] == DocumentKind.NEED]
    needs = Need.objects.select_related("institution", "domain").in_bulk(need_ids)
    visible = set(needs) if user is None else set(
        visible_needs(user, Need.objects.filter(pk__in=need_ids)).values_list("pk", flat=True)
    )
    results = []
    for match in matches:
        need = needs.get(match.key[1]) if match.key[0] == DocumentKind.NEED else None
        if need is None:
            continue
        if need.pk in visible:
            results.append(MatchResult(score=match.score, need=need,
                                       reasons=_reasons(query, need), signals=match.signals))
        else:
            results.append(MatchResult(score=match.score,
                                       institution_kind=need.institution.get_kind_display()))
    return results


def need_query(need: Need) -> Query:
    """What a need is matched with: its text, language, domain and code."""
    stored = IndexedDocument.objects.filter(kind=DocumentKind.NEED, object_id=need.pk).first()
    text = need_text(need)
    return Query(
        text=text, language=need.language, domain_id=need.domain_id, cpv_code=need.cpv_code_id,
        # The stored embedding saves a model run when the text has not changed since indexing.
        vector=vector_from_bytes(stored.vector)
        if stored and stored.text == text and stored.model == embedder().name else None,
    )


def similar_needs(need: Need, user, k: int = 5) -> list[MatchResult]:
    """The needs of other institutions that look like `need` (needs_like_query)."""
    return needs_like_query(need_query(need), need.institution_id, user, k)


# A need's "this looks like" shows a need of another institution when their similarity (the
# synergy map's measure, engine/clustering.py) reaches SIMILAR_NEED_THRESHOLD, or when it stands
# out from the other needs by STANDS_OUT (z-score of the similarity): a text still being
# written is short, and a short text is little similar to anything, its twin included.
# Measured on the demo's 12 twin groups, each need's list of at most 5
# (benchmarks/similar_needs_on_demo.py --sweep):
# - whole needs: the search's 5 nearest showed 3.98 unrelated needs per need; now 0.55, and all
#   33 twin needs still show a twin (54 of 60 twins). 0.37 has the best F1 over twin pairs and
#   is the threshold most often picked with each group held out (0.38 loses a twin need, 0.36
#   shows 0.71 unrelated per need);
# - a need's title alone (the form, early on): 4.07 unrelated per need before, 0.16 now, 22 of
#   33 twin needs showing a twin (31 before; 5 with the threshold alone). 2.75 has the best F1
#   summed over both (2.5 shows 0.31 unrelated per title, 3.0 finds 18 twins).
SIMILAR_NEED_THRESHOLD = 0.37
STANDS_OUT = 2.75
# How many of the search's best are measured: on the demo every twin is among its 20 best.
SIMILAR_CANDIDATES = 20
# The search asks for this many times more and drops the institution's own needs after:
# leaving all of them out up front meant reading all their ids at every look-up (15,000 ids,
# 0.1–0.2 s at 1,000,000 needs).
OWN_NEEDS_MARGIN = 3


def needs_like_query(query: Query, institution_id: int | None, user,
                     k: int = 5) -> list[MatchResult]:
    """The needs of institutions other than `institution_id` that look like a text, also one
    still being written (nothing of it is stored): at most `k`, only those similar enough or
    standing out enough (SIMILAR_NEED_THRESHOLD, STANDS_OUT), most similar first, each scored
    by its similarity. None may pass: a list of the nearest whatever they are would offer
    unrelated needs."""
    def own(keys) -> set:
        """Those of `keys` that are needs of the institution: asked about the few found, not
        about all its needs (a hundred thousand in a large region)."""
        ids = [object_id for kind, object_id in keys if kind == DocumentKind.NEED]
        return {(DocumentKind.NEED, pk) for pk in Need.objects.filter(
            pk__in=ids, institution_id=institution_id).values_list("pk", flat=True)}

    query = replace(query, vector=matching_index.vector_for(query))  # embedded once for both
    wanted = SIMILAR_CANDIDATES * OWN_NEEDS_MARGIN
    found = matching_index.search(query, k=wanted)
    mine = own([match.key for match in found])
    matches = [match for match in found if match.key not in mine][:SIMILAR_CANDIDATES]
    if len(matches) < SIMILAR_CANDIDATES and len(found) == wanted:
        # The institution's own needs crowd the top: leave them all out of the search.
        own_keys = [(DocumentKind.NEED, pk) for pk in Need.objects.filter(
            institution_id=institution_id).values_list("pk", flat=True)]
        matches = matching_index.search(query, k=SIMILAR_CANDIDATES, exclude=own_keys)
    measured = matching_index.similarity(query, [match.key for match in matches],
                                         exclude_institution=institution_id, sync=False)
    similarity = {key: value for key, (value, standing) in measured.items()
                  if value >= SIMILAR_NEED_THRESHOLD or standing >= STANDS_OUT}
    return describe_matches(query, _rescored(matches, similarity)[:k], user)


def _rescored(matches: list[Match], similarity: dict) -> list[Match]:
    """The matches that have a similarity, scored by it, most similar first."""
    return sorted(
        (Match(match.key, similarity[match.key], match.signals) for match in matches
         if match.key in similarity),
        key=lambda match: match.score, reverse=True,
    )


# A need is offered for a group when its mean similarity to the group's needs (the synergy map's
# measure, engine/clustering.py) reaches this. Measured on the demo's twin groups, each need
# held out of its group in turn: 27 of 33 held-out twins reach it, and 5 of some 1,900
# unrelated needs (the map's own cut, 0.35, let 11 through).
GROUP_SIMILARITY_THRESHOLD = 0.38
GROUP_CANDIDATES = 40


def needs_like_group(members: list[Need], candidates, user,
                     k: int = 8) -> list[MatchResult]:
    """Needs among `candidates` (a queryset, e.g. those an opportunity may still take) that look
    like a group of needs, most similar first, each scored by its mean similarity to the
    members; only those reaching GROUP_SIMILARITY_THRESHOLD."""
    if not members:
        return []
    language = Counter(need.language for need in members).most_common(1)[0][0]
    stored = IndexedDocument.objects.filter(
        kind=DocumentKind.NEED, object_id__in=[need.pk for need in members],
        model=embedder().name,
    ).values_list("vector", flat=True)
    vectors = [vector_from_bytes(data) for data in stored]
    mean = np.mean(vectors, axis=0) if vectors else None
    query = Query(
        text="\n".join(need.title for need in members), language=language,
        vector=mean / np.linalg.norm(mean) if mean is not None else None,
    )
    exclude = [(DocumentKind.NEED, need.pk) for need in members]
    matches = matching_index.search(query, k=GROUP_CANDIDATES, exclude=exclude)
    allowed = set(candidates.filter(pk__in=[match.key[1] for match in matches])
                  .values_list("pk", flat=True))
    matches = [match for match in matches if match.key[1] in allowed]
    similarity = {key: value for key, value in
                  _mean_similarity_to(exclude, [match.key for match in matches]).items()
                  if value >= GROUP_SIMILARITY_THRESHOLD}
    return describe_matches(query, _rescored(matches, similarity)[:k], user)


def _mean_similarity_to(member_keys, candidate_keys) -> dict:
    """Each candidate's mean similarity to the members that are indexed (each member's stored
    text and embedding taken as a query)."""
    members = IndexedDocument.objects.filter(
        kind=DocumentKind.NEED, object_id__in=[object_id for _, object_id in member_keys],
        model=embedder().name,
    ).values_list("text", "language", "vector")
    totals: dict = {}
    for text, language, vector in members:
        query = Query(text=text, language=language, vector=vector_from_bytes(vector))
        for key, (value, _) in matching_index.similarity(query, candidate_keys).items():
            totals.setdefault(key, []).append(value)
    return {key: float(np.mean(values)) for key, values in totals.items()}
