"""The run's ledger: what the parts report adds up into the run's figures, per entity, and
the progress line hears of every task and merge."""

from __future__ import annotations

from hf_crawler.crawl.ledger import Ledger
from hf_crawler.records import Page, Rejection
from hf_crawler.stats import RunStats
from tests.unit.test_writer import model


def test_each_entity_s_tasks_and_rows_add_up_under_its_own_figures() -> None:
    heard: list[RunStats] = []
    ledger = Ledger(on_progress=heard.append)
    ledger.planned("models", 3)
    ledger.planned("datasets", 2)
    ledger.fetched("models")
    ledger.merged("models", 5, {"a": ("m1", "m2"), "b": ("m3",)})
    ledger.failed("models", "c", "503")
    ledger.merged("datasets", 4, {"a": ("d1", "d2", "d3")})
    ledger.failed("datasets", "b", "timeout")
    ledger.distinct("datasets", 3)
    figures = ledger.figures
    assert (figures.tasks_total, figures.tasks_fetched, figures.tasks_ok) == (3, 1, 2)
    assert (figures.tasks_failed, figures.models, figures.mappings) == (1, 5, 3)
    assert (figures.dataset_tasks_ok, figures.dataset_tasks_failed) == (1, 1)
    assert (figures.datasets, figures.dataset_mappings) == (3, 3)
    assert figures.failed_tasks == {"c": "503", "datasets:b": "timeout"}
    assert len(heard) == 5 and heard[-1].dataset_tasks_failed == 1  # each task and merge


def test_a_page_s_odd_items_are_counted_and_a_stop_fails_the_tasks_left() -> None:
    ledger = Ledger()
    odd = (model("org/a"),)
    page = Page("a", 1, 1, odd, (Rejection("no id"),), duplicates=2, private_skipped=1)
    ledger.page(page)
    ledger.page(Page(None, 2, 1, (), next_url="https://n"))
    ledger.planned("models", 4)
    ledger.merged("models", 1, {"a": ("org/a",)})
    ledger.stopped("models")
    ledger.sent(9, 2, 1)
    figures = ledger.figures
    assert (figures.pages, figures.malformed, figures.duplicates) == (2, 1, 2)
    assert (figures.private_skipped, figures.tasks_failed) == (1, 3)
    assert (figures.requests, figures.retries, figures.rate_limited) == (9, 2, 1)


def test_a_walk_reports_its_expected_size_its_end_and_a_failed_listing() -> None:
    ledger = Ledger()
    ledger.walking(10_000)
    ledger.walked(True)
    ledger.derived("models", 3, 300)
    ledger.walk_failed("datasets", 3, "walk incomplete: rankings kept")
    figures = ledger.figures
    assert figures.walking and figures.walk_expected == 10_000 and figures.walk_complete
    assert (figures.tasks_ok, figures.mappings, figures.dataset_tasks_failed) == (3, 300, 3)
    assert figures.failed_tasks == {"datasets listing": "walk incomplete: rankings kept"}
