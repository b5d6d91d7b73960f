"""A card split by its Markdown headings, code blocks and tables kept whole."""

from __future__ import annotations

from hf_crawler.entities.card_sections import split_sections

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
