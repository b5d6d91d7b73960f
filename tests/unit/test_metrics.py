"""The Prometheus file says exactly what the run did: counts as whole numbers, however
large, and timestamps to the second or better, as a Prometheus text parser reads it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hf_crawler import errors
from hf_crawler.crawl.metrics import check_writable, render, write
from hf_crawler.stats import RunStats


def samples(text: str) -> dict[str, float]:
    return {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}


def test_large_counts_and_timestamps_read_back_exactly() -> None:
    stats = RunStats()
    stats.models, stats.mappings, stats.requests = 1_988_091, 40_000_123, 2_000_003
    stats.datasets, stats.dataset_mappings, stats.dataset_tasks_failed = 391_117, 47_000, 2
    stats.spaces, stats.collections, stats.collections_failed = 1000, 250, True
    last_success = 1_796_430_047.25  # a timestamp in 2026, to the quarter second
    before = time.time()
    found = samples(render("hf", "succeeded", stats, 143.5, last_success))
    assert found["hf_crawler_last_run_models"] == 1_988_091
    assert found["hf_crawler_last_run_mappings"] == 40_000_123
    assert found["hf_crawler_last_run_requests"] == 2_000_003
    assert found["hf_crawler_last_run_datasets"] == 391_117
    assert found["hf_crawler_last_run_dataset_mappings"] == 47_000
    assert found["hf_crawler_last_run_failed_dataset_tasks"] == 2
    assert found["hf_crawler_last_run_spaces"] == 1000
    assert found["hf_crawler_last_run_spaces_failed"] == 0
    assert found["hf_crawler_last_run_collections"] == 250
    assert found["hf_crawler_last_run_collections_failed"] == 1
    assert found["hf_crawler_last_success_timestamp_seconds"] == last_success
    assert found["hf_crawler_last_run_duration_seconds"] == 143.5
    assert before <= found["hf_crawler_last_run_timestamp_seconds"] <= time.time()
    assert found["hf_crawler_last_run_success"] == 1


def test_a_failed_run_is_zero_and_no_success_yet_leaves_the_gauge_out() -> None:
    found = samples(render("hf", "failed", RunStats(), 1.0, None))
    assert found["hf_crawler_last_run_success"] == 0
    assert "hf_crawler_last_success_timestamp_seconds" not in found


def test_checking_the_path_leaves_the_last_runs_file_as_it_was(tmp_path: Path) -> None:
    last_run = tmp_path / "hf_crawler.prom"
    last_run.write_text("hf_crawler_last_success_timestamp_seconds 1.7e9\n")
    check_writable(last_run)
    assert last_run.read_text() == "hf_crawler_last_success_timestamp_seconds 1.7e9\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hf_crawler.prom"]


def test_checking_a_path_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(errors.OutputFailed, match="cannot write the metrics file"):
        check_writable(tmp_path / "a-file" / "x.prom")
    with pytest.raises(errors.OutputFailed, match="Is a directory"):
        check_writable(tmp_path)


def test_writing_replaces_the_file_whole_and_leaves_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "textfile" / "hf_crawler.prom"
    write(target, "old\n")
    write(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in target.parent.iterdir()] == ["hf_crawler.prom"]
