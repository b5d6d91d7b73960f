"""A model card split by its Markdown headings: each section with the path of headings above
it, the text under it kept whole (code blocks and tables included). The front matter is not
a section; text before the first heading is a section without a heading. A section longer
than MAX_SECTION_CHARS is split into consecutive parts under the same headings, at a
paragraph, line or word boundary, so every word of a card is kept and searchable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hf_crawler.entities.card_meta import FRONT_MATTER

# An ATX heading (CommonMark: up to three spaces, 1 to 6 `#`, a space or the line's end).
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
MAX_SECTION_CHARS = 20_000  # a longer section is split in parts (a card can be megabytes)


@dataclass(frozen=True, slots=True)
class Section:
    """One section: its place in the card, the headings above it (outermost first, its own
    last) and its text."""

    n: int
    heading_path: tuple[str, ...]
    text: str


def split_sections(card: str) -> list[Section]:
    """The card's sections in order; empty ones (a heading straight under another) are
    kept only for their heading."""
    match = FRONT_MATTER.search(card)
    body = card[match.end() :] if match else card
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    lines: list[str] = []
    fence: str | None = None

    def close() -> None:
        text = "\n".join(lines).strip()
        if text or path:
            heading_path = tuple(title for _, title in path)
            for part in _parts(text):
                sections.append(Section(len(sections) + 1, heading_path, part))

    for line in body.splitlines():
        fence = _fence_after(line, fence)
        heading = HEADING.match(line) if fence is None and not FENCE.match(line) else None
        if heading is None:
            lines.append(line)
            continue
        close()
        level, title = len(heading.group(1)), (heading.group(2) or "").strip()
        path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
        lines = []
    close()
    return sections


def _fence_after(line: str, fence: str | None) -> str | None:
    """The code fence open after `line` (None: outside any)."""
    opened = FENCE.match(line)
    if opened is None:
        return fence
    mark = opened.group(1)
    if fence is None:
        return mark
    return None if mark[0] == fence[0] and len(mark) >= len(fence) else fence


def _parts(text: str) -> list[str]:
    """`text` in parts of at most MAX_SECTION_CHARS, each cut at the last paragraph break,
    else line break, else space in its second half (a word is cut only when it is longer
    than half a part); only the whitespace at a cut is left out."""
    parts: list[str] = []
    while len(text) > MAX_SECTION_CHARS:
        head = text[:MAX_SECTION_CHARS]
        cut = next(
            (at for sep in ("\n\n", "\n", " ") if (at := head.rfind(sep)) > MAX_SECTION_CHARS // 2),
            MAX_SECTION_CHARS,
        )
        parts.append(head[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text]
