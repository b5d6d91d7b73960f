"""A model card split by its Markdown headings: each section with the path of headings above
it, the text under it kept whole (code blocks and tables included). The front matter is not
a section; text before the first heading is a section without a heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hf_crawler.entities.card_meta import FRONT_MATTER

# An ATX heading (CommonMark: up to three spaces, 1 to 6 `#`, a space or the line's end).
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
MAX_SECTION_CHARS = 20_000  # a section's text beyond this is cut (a card can be megabytes)


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
            sections.append(Section(len(sections) + 1, heading_path, text[:MAX_SECTION_CHARS]))

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
