"""Reading data that is stored in the three interface languages (institution names, domains)."""

from django.utils.translation import get_language

FALLBACK_ORDER = ("fr", "nl", "en")


def current_language() -> str:
    return (get_language() or "fr")[:2]


def pick_translation(values: dict[str, str], language: str | None = None) -> str:
    """Return the value in the active language, else the first non-empty one (FR, NL, EN)."""
    language = language or current_language()
    if values.get(language):
        return values[language]
    return next((values[code] for code in FALLBACK_ORDER if values.get(code)), "")


class TranslatedNameMixin:
    """For models with name_fr, name_nl and name_en columns: `.name` follows the interface."""

    @property
    def name(self) -> str:
        return pick_translation(
            {"fr": self.name_fr, "nl": self.name_nl, "en": getattr(self, "name_en", "")}
        )

    def __str__(self) -> str:
        return self.name
