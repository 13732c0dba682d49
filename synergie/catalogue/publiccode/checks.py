"""The value checks of the reference parser: URLs, dates, e-mail, MIME types, BCP 47 language
tags, countries, categories, scopes, aliases, SPDX licence expressions, images."""

import datetime
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from license_expression import get_spdx_licensing

SUPPORTED_VERSIONS = ["0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0",
                      "0.5.0", "0.5", "0.7.0", "0.7"]
LATEST_VERSION = "0.7"
DEVELOPMENT_STATUSES = ["concept", "development", "beta", "stable", "obsolete"]
SOFTWARE_TYPES = ["standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
                  "standalone/backend", "standalone/other", "addon", "library",
                  "configurationFiles"]
MAINTENANCE_TYPES = ["internal", "contract", "community", "none"]
IT_EXTENSION_VERSIONS = ["0.2", "1.0"]
LOGO_EXTENSIONS = (".svg", ".svgz", ".png")
SCREENSHOT_EXTENSIONS = (".svg", ".svgz", ".png", ".jpg", ".jpeg", ".gif")


@cache
def vocabulary(name: str) -> frozenset:
    path = Path(__file__).with_name("vocabularies.json")
    return frozenset(json.loads(path.read_text(encoding="utf-8"))[name])


def is_url(value: str) -> bool:
    """go-playground's `url`: a scheme and something after it."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc or parts.path or parts.query)


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_uri(value: str) -> bool:
    """An absolute URL or a URN (`urn:nid:nss`)."""
    if re.fullmatch(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+", value, re.IGNORECASE):
        return True
    return is_url(value) and "://" in value


def is_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_email(value: str) -> bool:
    return bool(re.fullmatch(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
                             r"(?:\.[A-Za-z0-9-]+)*", value))


_TOKEN = r"[0-9A-Za-z!#$%&'*+.^_`|~-]+"
_MIME = re.compile(
    rf"(?:application|audio|font|example|image|message|model|multipart|text|video|x-{_TOKEN})"
    rf"/{_TOKEN}(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|\"(?:[^\"\\]|\\.)*\"))*")


def is_mime_type(value: str) -> bool:
    return bool(_MIME.fullmatch(value))


def is_bcp47(tag: str) -> bool:
    """A well-formed BCP 47 tag whose language, script and region are registered (ISO 639,
    15924, 3166-1); `en_GB` (POSIX) is not one."""
    parts = tag.split("-")
    if not parts[0] or not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return False
    if parts[0].lower() not in vocabulary("languages"):
        return False
    index = 1
    while index < len(parts) and re.fullmatch(r"[A-Za-z]{3}", parts[index]) and index <= 3:
        index += 1  # extended language subtags
    if index < len(parts) and re.fullmatch(r"[A-Za-z]{4}", parts[index]):
        if parts[index].title() not in vocabulary("scripts"):
            return False
        index += 1
    if index < len(parts) and re.fullmatch(r"[A-Za-z]{2}|[0-9]{3}", parts[index]):
        if parts[index].isalpha() and parts[index].upper() not in vocabulary("countries"):
            return False
        index += 1
    while index < len(parts) and re.fullmatch(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}",
                                              parts[index]):
        index += 1  # variants
    if index < len(parts) and re.fullmatch(r"[0-9A-WY-Za-wy-z]", parts[index]):
        index += 1  # extensions
        while index < len(parts) and re.fullmatch(r"[A-Za-z0-9]{2,8}", parts[index]):
            index += 1
    if index < len(parts) and parts[index].lower() == "x":
        return all(re.fullmatch(r"[A-Za-z0-9]{1,8}", part) for part in parts[index + 1:]) \
            and index + 1 < len(parts)
    return index == len(parts)


def is_country(code: str) -> bool:
    return (code.isupper() or code.islower()) and code.upper() in vocabulary("countries")


def is_category(value: str) -> bool:
    return value in vocabulary("categories")


def is_scope(value: str) -> bool:
    return value in vocabulary("scopes")


def is_alias(value: str) -> bool:
    return value in vocabulary("aliases")


@cache
def _licensing():
    return get_spdx_licensing()


def is_spdx_expression(value: str) -> bool:
    try:
        return not _licensing().validate(value, strict=True).errors
    except Exception:  # the library raises several kinds of parse errors
        return False


def is_ipa_code_format(value: str) -> bool:
    """The form of an iPA code, used when the caller has not the Italian vocabulary at hand
    (Synergie does not ship it): at most 8 letters, digits or underscores, as are the codes of
    the vocabulary the reference parser embeds."""
    return bool(re.fullmatch(r"[A-Za-z0-9_]{1,8}", value))


_CONTINUING = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def grapheme_length(text: str) -> int:
    """User-perceived characters (close to Unicode grapheme clusters): combining marks, joiners,
    variation selectors and skin tones stay with the character before them."""
    count, after_joiner, pending_flag = 0, False, False
    for char in text:
        if unicodedata.combining(char) or _CONTINUING.match(char) or after_joiner:
            after_joiner = char == "\u200d"
            continue
        if "\U0001f1e6" <= char <= "\U0001f1ff":
            if pending_flag:
                pending_flag = False
                continue
            pending_flag = True
        else:
            pending_flag = False
        count += 1
    return count


def image_problem(data: bytes, name: str) -> str | None:
    """What Go's image.DecodeConfig would say of a PNG, JPEG or GIF file (SVG is not decoded)."""
    lower = name.lower()
    if lower.endswith((".svg", ".svgz")):
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff") \
            or data[:6] in (b"GIF87a", b"GIF89a"):
        return None
    return "image: unknown format"


_VIDEO_PROVIDERS = re.compile(
    r"https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch|embed/|shorts/|playlist)|youtu\.be/"
    r"|(?:www\.|player\.)?vimeo\.com/|(?:www\.)?dailymotion\.com/video/|dai\.ly/"
    r"|(?:www\.)?loom\.com/share/|[^/]+\.wistia\.com/medias/|[^/]+/videos/watch/"
    r"|[^/]+/w/[0-9A-Za-z]+)", re.IGNORECASE)


def is_oembed_video(value: str) -> bool:
    """Whether an oEmbed provider the reference parser knows serves this video link (the
    well-known video hosts and PeerTube instances)."""
    return bool(_VIDEO_PROVIDERS.match(value))


def is_code_repository(value: str) -> bool:
    """go-vcsurl's idea of a repository URL: a forge's owner/name, or a path ending in .git."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if not parts.hostname:
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.path.endswith(".git"):
        return True
    forge = any(name in parts.hostname for name in ("github", "gitlab", "bitbucket", "codeberg",
                                                    "gitea", "forgejo", "sourcehut", "git."))
    return forge and len(segments) >= 2
