"""The Prometheus file says exactly what the run did: counts as whole numbers, however
large, and timestamps to the second or better, as a Prometheus text parser reads it."""

from __future__ import annotations

import time

from prometheus_client.parser import text_string_to_metric_families

from hf_crawler.crawl.metrics import render
from hf_crawler.stats import RunStats


def samples(text: str) -> dict[str, float]:
    return {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}


def test_large_counts_and_timestamps_read_back_exactly() -> None:
    stats = RunStats()
    stats.models, stats.mappings, stats.requests = 1_988_091, 40_000_123, 2_000_003
    stats.datasets, stats.dataset_mappings, stats.dataset_tasks_failed = 391_117, 47_000, 2
    last_success = 1_796_430_047.25  # a timestamp in 2026, to the quarter second
    before = time.time()
    found = samples(render("hf", "succeeded", stats, 143.5, last_success))
    assert found["hf_crawler_last_run_models"] == 1_988_091
    assert found["hf_crawler_last_run_mappings"] == 40_000_123
    assert found["hf_crawler_last_run_requests"] == 2_000_003
    assert found["hf_crawler_last_run_datasets"] == 391_117
    assert found["hf_crawler_last_run_dataset_mappings"] == 47_000
    assert found["hf_crawler_last_run_failed_dataset_tasks"] == 2
    assert found["hf_crawler_last_success_timestamp_seconds"] == last_success
    assert found["hf_crawler_last_run_duration_seconds"] == 143.5
    assert before <= found["hf_crawler_last_run_timestamp_seconds"] <= time.time()
    assert found["hf_crawler_last_run_success"] == 1


def test_a_failed_run_is_zero_and_no_success_yet_leaves_the_gauge_out() -> None:
    found = samples(render("hf", "failed", RunStats(), 1.0, None))
    assert found["hf_crawler_last_run_success"] == 0
    assert "hf_crawler_last_success_timestamp_seconds" not in found
