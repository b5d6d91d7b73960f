"""A card split by its Markdown headings, code blocks and tables kept whole."""

from __future__ import annotations

from hf_crawler.entities.card_sections import MAX_SECTION_CHARS, split_sections

CARD = """---
license: mit
---
Intro before any heading.

# My model

Overview.

## Training

We trained it.

```python
# not a heading
print("x")
```

| metric | value |
|---|---|
| acc | 0.9 |

### Hyperparameters

lr 3e-4

## Limitations
# Citation
"""


def test_sections_follow_the_headings_with_their_path() -> None:
    found = [(s.n, s.heading_path, s.text) for s in split_sections(CARD)]
    assert [(n, path) for n, path, _ in found] == [
        (1, ()),
        (2, ("My model",)),
        (3, ("My model", "Training")),
        (4, ("My model", "Training", "Hyperparameters")),
        (5, ("My model", "Limitations")),
        (6, ("Citation",)),
    ]
    assert found[0][2] == "Intro before any heading."
    training = found[2][2]
    assert "# not a heading" in training and "| acc | 0.9 |" in training
    assert found[4][2] == ""  # a heading with nothing under it is kept for its heading


def test_a_card_without_headings_is_one_section_and_an_empty_one_none() -> None:
    assert [s.heading_path for s in split_sections("Just text.")] == [()]
    assert split_sections("") == []
    assert split_sections("---\nlicense: mit\n---\n") == []


def test_closing_hashes_and_tilde_fences() -> None:
    sections = split_sections("## Usage ##\n~~~\n# inside\n~~~\ntext")
    assert [(s.heading_path, s.text) for s in sections] == [
        (("Usage",), "~~~\n# inside\n~~~\ntext")
    ]


def test_a_long_section_is_split_in_parts_that_keep_every_word() -> None:
    # A shape of real cards: a training log pasted whole under one heading (here 4,000
    # lines, about 110,000 characters), the last of its words far past one part's length.
    log = "\n".join(
        f"| {step} | {2.5 / step:.6f} | {0.5 + step / 10_000:.4f} |" for step in range(1, 4001)
    )
    card = (
        f"# Model\n\nIntro.\n\n## Training log\n\n| step | loss | accuracy |\n{log}\n\nzebrafinch\n"
    )
    sections = split_sections(card)
    logged = [s for s in sections if s.heading_path == ("Model", "Training log")]
    assert len(logged) > 1 and all(len(s.text) <= MAX_SECTION_CHARS for s in logged)
    assert [s.n for s in sections] == list(range(1, len(sections) + 1))
    body = card.split("## Training log\n\n", 1)[1]
    assert " ".join(s.text for s in logged).split() == body.split()
    assert logged[-1].text.endswith("zebrafinch")


def test_a_word_longer_than_half_a_part_is_cut_only_at_the_limit() -> None:
    text = "x" * (MAX_SECTION_CHARS * 2 + 10)
    parts = [s.text for s in split_sections(f"# Blob\n{text}")]
    assert [len(p) for p in parts] == [MAX_SECTION_CHARS, MAX_SECTION_CHARS, 10]
