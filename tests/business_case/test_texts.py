"""The engine's English texts are all in the translation catalogues' source list."""

from synergie.business_case import texts
from synergie.business_case.engine import DRIVER_LABELS, LABELS, SYMBOLS, compute_business_case
from synergie.business_case.engine.explain import COMPONENTS
from synergie.business_case.engine.xlsx import build_workbook
from tests.business_case.cases import late_joiner


def engine_texts() -> list[str]:
    seen: dict[str, None] = dict.fromkeys([*LABELS.values(), *SYMBOLS.values(),
                                           *DRIVER_LABELS.values(),
                                           *(name for _, _, name in COMPONENTS.values())])

    def record(text: str) -> str:
        seen.setdefault(text)
        return text

    build_workbook(compute_business_case(late_joiner()), record)
    return list(seen)


def test_every_engine_text_is_listed_for_translation():
    missing = [text for text in engine_texts() if text not in texts.TEXTS]
    regenerated = "\n".join(f"    gettext_noop({text!r})," for text in engine_texts())
    assert not missing, (f"add to synergie/business_case/texts.py:\n{missing}\n"
                         f"(the whole list:\n{regenerated})")


def test_the_page_says_everything_the_engine_may_find_missing():
    from synergie.business_case.engine import MISSING_INPUTS
    from synergie.business_case.presentation import MISSING_TEXTS

    assert set(MISSING_TEXTS) == set(MISSING_INPUTS)
