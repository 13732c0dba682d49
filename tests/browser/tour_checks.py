"""What the tour looks for on a page: what a person would notice, found by a program.

Each check returns a list of problems, as sentences naming what was seen and where.
"""

import re
import functools
from functools import lru_cache
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "synergie" / "locale"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Program text that must never reach a reader.
PYTHON_TEXT = re.compile(
    r"Formula\(|object at 0x|\{'|'\}|\bNone\b|\bnan\b|\bNaN\b|\binf\b|Decimal\("
    r"|<bound method|datetime\.|%\(\w+\)s|\{\w+\}"
)
# Words of English that French and Dutch do not use: two of them in one short text on a French
# or Dutch page mean an English sentence, unless that text is marked with its own language.
ENGLISH_WORDS = {
    "the", "and", "of", "with", "for", "this", "that", "these", "your", "you", "which", "from",
    "are", "not", "have", "has", "been", "should", "must", "will", "there", "their", "when",
    "where", "what", "into", "only", "each", "every", "yet", "is", "another", "same", "than",
    "also", "other", "about", "between", "after", "before", "without", "because", "could",
    "would", "its", "it", "they", "them", "our",
}
ALSO_DUTCH = {"is"}

# Runs in the page: visible text outside elements marked with another language, the links, and
# links or buttons whose text would be unreadable against their background.
PAGE_FACTS_JS = """
() => {
  const pageLang = document.documentElement.lang;
  const visible = el => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, template, .visually-hidden')) continue;
    if (!visible(parent)) continue;
    const marked = parent.closest('[lang]');
    texts.push({text, lang: marked ? marked.lang : pageLang});
  }
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const luminance = rgb => {
    const [r, g, b] = rgb.slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = colour => (colour.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const rgba = parse(getComputedStyle(node).backgroundColor);
      if (rgba.length === 3 || (rgba.length === 4 && rgba[3] > 0.5)) return rgba;
    }
    return [255, 255, 255];
  };
  const unreadable = [];
  for (const el of document.querySelectorAll('a, button, .button, input[type=submit]')) {
    const label = (el.innerText || el.value || '').trim();
    if (!label || !visible(el)) continue;
    const fg = luminance(parse(getComputedStyle(el).color));
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) unreadable.push(`${label.slice(0, 40)} (contrast ${ratio.toFixed(2)}:1)`);
  }
  const width = window.innerWidth;
  const overflowing = [];
  if (document.documentElement.scrollWidth > width + 1) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && visible(el) && !el.closest('.table-scroll')) {
        const parent = el.parentElement;
        if (parent && parent.getBoundingClientRect().right > width + 1) continue;
        overflowing.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`
                         + ` (${Math.round(box.right)} px)`);
      }
    }
  }
  const fingerprint = document.documentElement.outerHTML
    .replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, '')
    .replace(/class="user-name">[^<]*</g, '');
  return {
    pageLang, texts, links, unreadable, fingerprint,
    scrollWidth: document.documentElement.scrollWidth, width, overflowing: overflowing.slice(0, 5),
    bodyText: document.body.innerText,
  };
}
"""


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@lru_cache(maxsize=2)
def english_messages(language: str) -> re.Pattern:
    """The catalogue's English sentences (two words or more) whose translation differs, as one
    pattern with their placeholders open: found in a page's text, they leaked untranslated."""
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    sentences = []
    for entry in catalogue:
        # A plural's translation is in msgstr_plural: "%(counter)s solution" reads the same in
        # French, and is no leak there.
        translation = entry.msgstr or entry.msgstr_plural.get(0, "")
        if entry.obsolete or translation == entry.msgid or len(entry.msgid.split()) < 2:
            continue
        parts = [part.strip() for part in PLACEHOLDER.split(entry.msgid.strip()) if part.strip()]
        # Whole words only: "of … institutions" is no leak in "offre à ses institutions".
        fixed = [(r"\b" if part[0].isalnum() else "") + re.escape(part)
                 + (r"\b" if part[-1].isalnum() else "") for part in parts]
        # What is left around the placeholders must be a phrase: one word alone ("solution")
        # is as often French or Dutch.
        if fixed and max(len(part) for part in parts) >= 8 and len(" ".join(parts).split()) >= 2:
            sentences.append(r"\s*.+?\s*".join(fixed))
    sentences.sort(key=len, reverse=True)
    return re.compile("|".join(sentences))


def program_text(facts: dict) -> list[str]:
    problems = []
    for match in PYTHON_TEXT.finditer(facts["bodyText"]):
        start = max(0, match.start() - 40)
        context = facts["bodyText"][start:match.end() + 40].replace("\n", " ")
        problems.append(f"program text {match.group(0)!r} in “…{context}…”")
    return problems[:5]


def english_text(facts: dict) -> list[str]:
    language = facts["pageLang"]
    if language == "en":
        return []
    messages = english_messages(language)
    words_of_english = ENGLISH_WORDS - (ALSO_DUTCH if language == "nl" else set())
    problems = []
    for item in facts["texts"]:
        if item["lang"] != language:
            continue
        text = item["text"]
        leaked = messages.search(text)
        if leaked:
            problems.append(f"untranslated “{leaked.group(0)[:80]}”")
            continue
        words = re.findall(r"[a-z]+", text.lower())
        english = [word for word in words if word in words_of_english]
        if len(words) >= 4 and len(set(english)) >= 2:
            problems.append(f"English text “{text[:80]}”")
    return problems[:5]


def overflow(facts: dict) -> list[str]:
    if facts["scrollWidth"] <= facts["width"] + 1:
        return []
    return [f"the page is {facts['scrollWidth']} px wide in a {facts['width']} px window: "
            + ", ".join(facts["overflowing"])]


def unreadable_controls(facts: dict) -> list[str]:
    return [f"unreadable link or button: {item}" for item in facts["unreadable"]]


def accessibility(page, axe_js: str) -> list[str]:
    # axe measures contrast only on screen: a line cut by the window's bottom edge would be
    # "undecided". Make the window as tall as the page while axe looks, then put it back.
    window = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": window["width"], "height": max(window["height"], height)})
    try:
        return _axe(page, axe_js)
    finally:
        page.set_viewport_size(window)


def inject_axe(page, axe_js: str) -> None:
    """Put axe-core into the page. Not as a <script> tag: the site's Content-Security-Policy
    refuses inline scripts, and it must stay on while the pages are checked. Playwright's own
    evaluation is not subject to the page's policy."""
    page.evaluate(_axe_source(axe_js))


@functools.cache
def _axe_source(axe_js: str) -> str:
    # A trailing expression, so that Playwright evaluates the script instead of calling it.
    return Path(axe_js).read_text(encoding="utf-8") + "\n;0"


def _axe(page, axe_js: str) -> list[str]:
    inject_axe(page, axe_js)
    # Only violations and undecided results are read: asking axe not to detail its passes
    # halves its time on long pages.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations', 'incomplete']})", WCAG_TAGS
    )
    problems = [
        f"axe {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
    ]
    # axe reports contrast it could not decide as "incomplete": that is where an unreadable
    # button once hid, so an undecided contrast fails too.
    problems += [
        f"axe could not check the contrast of {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["incomplete"] if v["id"] == "color-contrast"
    ]
    return problems
