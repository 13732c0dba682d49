"""The matching layer's answers to the need pages' questions (needs/matching_port.py)."""

from synergie.matching.explain import needs_like_query, similar_needs
from synergie.matching.related import related_to_need
from synergie.matching.search import needs_in_other_languages
from synergie.matching.service import Query
from synergie.matching.suggestions import suggest_cpv_codes
from synergie.needs.matching_port import MatchingAnswers


def similar_to_draft(text: str, language: str, domain_id: int | None, cpv_code: str | None,
                     institution_id: int | None, user) -> list:
    query = Query(text=text, language=language, domain_id=domain_id, cpv_code=cpv_code)
    return needs_like_query(query, institution_id, user)


ANSWERS = MatchingAnswers(
    similar_needs=similar_needs,
    similar_to_draft=similar_to_draft,
    suggest_cpv_codes=suggest_cpv_codes,
    needs_in_other_languages=needs_in_other_languages,
    related_offers=related_to_need,
)
