"""A model's lineage from its tags: `base_model:<id>` and `base_model:<relation>:<id>`."""

from __future__ import annotations

from hf_crawler.store.lineage import edges_from_tags


def test_a_stated_relation_wins_over_the_plain_tag_of_the_same_base() -> None:
    tags = ["transformers", "base_model:google/gemma-2b", "base_model:finetune:google/gemma-2b"]
    assert edges_from_tags(tags) == {("google/gemma-2b", "finetune")}


def test_a_base_tagged_without_a_relation_is_unspecified() -> None:
    assert edges_from_tags(["base_model:org/base"]) == {("org/base", "unspecified")}


def test_a_merge_names_each_of_its_bases() -> None:
    tags = [
        "base_model:a/one",
        "base_model:merge:a/one",
        "base_model:b/two",
        "base_model:merge:b/two",
    ]
    assert edges_from_tags(tags) == {("a/one", "merge"), ("b/two", "merge")}


def test_other_tags_and_malformed_base_tags_give_no_edge() -> None:
    tags = ["base_model:", "base_model:finetune:", "base_model:odd:org/x", "license:mit"]
    assert edges_from_tags(tags) == set()
