"""The shared gate: cooldowns hold every caller; an exhausted window closes it."""

from __future__ import annotations

import pytest
import structlog.testing

from hf_crawler.hub.limiter import RateLimiter, token_bucket
from hf_crawler.hub.rate_headers import Quota
from tests.conftest import FakeTime


def gate(fake_time: FakeTime) -> RateLimiter:
    return RateLimiter(
        1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.5, rand=lambda: 1.0
    )


async def test_jitter_is_at_most_a_tenth_of_the_pause(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.pause(2)
    assert g.cooldown_s == pytest.approx(2.2)


async def test_an_open_gate_does_not_sleep(fake_time: FakeTime) -> None:
    await gate(fake_time).acquire()
    assert fake_time.sleeps == []


async def test_a_pause_holds_the_next_acquire_for_its_length_plus_jitter(
    fake_time: FakeTime,
) -> None:
    g = gate(fake_time)
    g.pause(10)
    await g.acquire()
    assert fake_time.sleeps == [pytest.approx(10.5)]
    await g.acquire()  # the cooldown is over
    assert len(fake_time.sleeps) == 1


async def test_pauses_never_shorten_an_existing_cooldown(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.pause(10)
    g.pause(1)
    assert g.cooldown_s == pytest.approx(10.5)


async def test_an_exhausted_window_closes_the_gate_until_reset(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 5, 100, 500, 300))
    assert g.cooldown_s == 0
    g.observe(Quota("api", 0, 42, 500, 300))
    assert g.cooldown_s == pytest.approx(43.5)  # t + 1 (t is rounded), plus the jitter
    assert g.last_quota == Quota("api", 0, 42, 500, 300)


async def test_a_tight_window_spreads_what_is_left_over_the_time_left(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 11, 30, 500, 300))  # 10 spendable requests in 30 s
    assert g.spacing_s == pytest.approx(3.0)
    for _ in range(4):
        await g.acquire()
    assert fake_time.sleeps == [pytest.approx(3.0)] * 3  # the first goes at once


async def test_the_first_half_of_a_window_goes_at_full_speed(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 499, 299, 500, 300))  # a short crawl must not be slowed
    assert g.spacing_s == 0
    g.observe(Quota("api", 249, 200, 500, 300))  # past half: spread the rest
    assert g.spacing_s == pytest.approx(200 / 248)


async def test_a_run_whose_requests_fit_in_what_is_left_goes_at_rps(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.expect(48)  # five runs before spent 240 of the 500: 260 left, 48 needed
    g.observe(Quota("api", 260, 250, 500, 300))
    assert g.spacing_s == 0
    for _ in range(48):
        await g.acquire()
        g.observe(Quota("api", 259, 250, 500, 300))
    assert fake_time.sleeps == []  # not one request held back


async def test_a_run_needing_more_than_is_left_is_spread_over_the_window(
    fake_time: FakeTime,
) -> None:
    g = gate(fake_time)
    g.expect(48)
    g.observe(Quota("api", 48, 250, 500, 300))  # 48 left, one kept in reserve: not enough
    assert g.spacing_s == pytest.approx(250 / 47)
    g.expect(46)
    g.observe(Quota("api", 48, 250, 500, 300))  # 46 needed of 47 spendable: they fit
    assert g.spacing_s == 0


async def test_each_request_sent_counts_off_what_the_run_needs(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.expect(12)
    g.observe(Quota("api", 11, 250, 500, 300))  # 12 needed, 10 spendable
    assert g.spacing_s > 0
    g.observe(Quota("api", 1000, 1, 1000, 300))  # a new window: send two at once
    await g.acquire()
    await g.acquire()
    g.observe(Quota("api", 11, 250, 500, 300))  # 10 needed now, 10 spendable: they fit
    assert g.spacing_s == 0


async def test_a_window_looser_than_rps_leaves_pacing_to_the_bucket(fake_time: FakeTime) -> None:
    g = RateLimiter(2, sleep=fake_time.sleep, clock=fake_time.clock)
    g.observe(Quota("api", 220, 100, 500, 300))  # 2.2 a second left; --rps 2 is tighter
    assert g.spacing_s == 0
    g.observe(Quota("api", 50, 100, 500, 300))  # now the window is tighter than --rps
    assert g.spacing_s == pytest.approx(100 / 49)


async def test_without_header_pacing_only_a_429_pauses(fake_time: FakeTime) -> None:
    g = RateLimiter(
        1000, header_pacing=False, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0
    )
    g.observe(Quota("api", 0, 42, 500, 300))
    g.observe(Quota("api", 2, 42, 500, 300))
    assert (g.cooldown_s, g.spacing_s) == (0, 0)
    assert g.last_quota == Quota("api", 2, 42, 500, 300)  # still known, e.g. to `plan`


async def test_header_less_429s_wait_longer_each_time_up_to_the_window(
    fake_time: FakeTime,
) -> None:
    g = RateLimiter(100, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    waits = []
    for _ in range(6):
        waits.append(g.spent_window(10, first_s=1))
        await g.acquire()  # waits the pause out
    assert waits == [1, 2, 4, 8, 10, 10]
    g.answered()
    assert g.spent_window(10, first_s=1) == 1  # a request got through: afresh


async def test_429s_of_one_burst_do_not_double_the_wait(fake_time: FakeTime) -> None:
    g = RateLimiter(100, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    assert [g.spent_window(300, first_s=4) for _ in range(4)] == [4, 4, 4, 4]


@pytest.mark.parametrize(
    ("pause_s", "waited_s"),
    [
        (60.0, 3 + 60.5),  # the slot, then the pause and its jitter
        (0.4, 6.0),  # a short pause: it ends before the next slot, which the caller then takes
    ],
)
async def test_a_pause_that_begins_while_a_caller_waits_for_its_slot_holds_it_too(
    fake_time: FakeTime, pause_s: float, waited_s: float
) -> None:
    async def sleep_meeting_a_429(seconds: float) -> None:
        await fake_time.sleep(seconds)
        if len(fake_time.sleeps) == 1:
            g.pause(pause_s)  # another fetcher's 429 arrives while this one waits

    g = RateLimiter(
        1000, sleep=sleep_meeting_a_429, clock=fake_time.clock, jitter_s=0.5, rand=lambda: 1.0
    )
    g.observe(Quota("api", 11, 30, 500, 300))  # header pacing: a request every 3 s
    await g.acquire()  # goes at once
    start = fake_time.now
    await g.acquire()  # waits for its slot; the pause begins meanwhile
    assert fake_time.now == pytest.approx(start + waited_s)
    assert g.cooldown_s == 0


async def test_it_says_once_when_the_quota_holds_the_crawl_below_rps(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    with structlog.testing.capture_logs() as events:
        g.observe(Quota("api", 400, 200, 500, 300))  # most of the window left: full speed
        await g.acquire()
        g.observe(Quota("api", 11, 30, 500, 300))  # 10 requests in 30 s: 0.33 a second
        assert events == []  # said when a request waits for it, not before
        await g.acquire()
        await g.acquire()
        g.observe(Quota("api", 6, 20, 500, 300))
        await g.acquire()
    (held,) = [e for e in events if e["event"] == "rate_held_by_quota"]
    assert held["rps"] == 1000 and held["rps_now"] == pytest.approx(1 / 3, abs=0.001)
    assert (held["remaining"], held["reset_s"], held["bucket"]) == (11, 30, "api")


async def test_a_spent_window_says_at_once_that_the_quota_holds_the_crawl_at_nothing(
    fake_time: FakeTime,
) -> None:
    with structlog.testing.capture_logs() as events:
        gate(fake_time).observe(Quota("api", 0, 42, 500, 300))
    (held,) = [e for e in events if e["event"] == "rate_held_by_quota"]
    assert held["rps_now"] == 0.0 and held["remaining"] == 0


async def test_learning_what_the_run_needs_lifts_a_pace_set_before(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 44, 3000, 100, 3600))  # the task listing's answer: past half
    assert g.spacing_s > 0
    g.expect(6)  # then the run knows its 6 pages: they fit in the 43 spendable
    assert g.spacing_s == 0


@pytest.mark.parametrize(
    ("reset_s", "spacing_s"),
    [
        (1.0, 0.0),  # 4 requests over 1 s: exactly --rps 4, which the bucket keeps anyway
        (1.5, 0.375),  # 4 over 1.5 s: tighter than --rps, so the window sets the pace
    ],
)
async def test_the_window_paces_only_where_it_is_tighter_than_rps(
    fake_time: FakeTime, reset_s: float, spacing_s: float
) -> None:
    g = RateLimiter(4, sleep=fake_time.sleep, clock=fake_time.clock)
    g.observe(Quota("api", 5, reset_s, 500, 300))  # 4 spendable, one kept in reserve
    assert g.spacing_s == pytest.approx(spacing_s)


async def test_each_request_counts_one_off_what_the_run_needs_down_to_none(
    fake_time: FakeTime,
) -> None:
    g = gate(fake_time)
    g.expect(3)
    await g.acquire()  # 2 still needed
    g.observe(Quota("api", 2, 250, 500, 300))  # 1 spendable: 2 do not fit
    assert g.spacing_s > 0
    for _ in range(3):  # past what it said it needed: nothing is owed any more
        await g.acquire()
    g.observe(Quota("api", 1, 250, 500, 300))  # none spendable, none needed: they fit
    assert g.spacing_s == 0


@pytest.mark.parametrize(("rps", "burst", "period_s"), [(0.5, 1.0, 2.0), (4.0, 4.0, 1.0)])
def test_the_bucket_bursts_at_most_a_second_of_requests_and_at_least_one(
    rps: float, burst: float, period_s: float
) -> None:
    limiter = token_bucket(rps)
    assert (limiter.max_rate, limiter.time_period) == (burst, period_s)


async def test_a_pause_adds_at_most_a_second_of_jitter_by_default(fake_time: FakeTime) -> None:
    g = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, rand=lambda: 1.0)
    g.pause(20)
    assert g.cooldown_s == pytest.approx(21.0)  # a tenth of 20 s would be 2 s: capped at 1


async def test_learning_what_the_run_needs_leaves_a_spent_windows_pause_where_it_was(
    fake_time: FakeTime,
) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 0, 100, 500, 300))  # spent: every fetcher waits 101 s (+ jitter)
    ends = fake_time.now + g.cooldown_s
    fake_time.now += 30  # the task list is read, the run learns what it needs
    g.expect(48)
    assert fake_time.now + g.cooldown_s == pytest.approx(ends)


async def test_learning_what_the_run_needs_leaves_a_spent_window_s_pause_and_its_rps(
    fake_time: FakeTime,
) -> None:
    g = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    g.observe(Quota("api", 0, 30, 500, 300))  # the window is spent: a pause to its reset
    g.expect(10)
    await g.acquire()
    await g.acquire()
    assert fake_time.sleeps[0] == 31.0 and g.spacing_s == 0.0  # then on at --rps
    assert sum(fake_time.sleeps[1:]) < 0.01


async def test_a_run_needing_nothing_more_is_not_spaced_by_the_last_request_left(
    fake_time: FakeTime,
) -> None:
    g = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    g.observe(Quota("api", 1, 30, 500, 300))  # one request left: 30 s to the next
    assert g.spacing_s == 30.0
    g.expect(0)
    assert g.spacing_s == 0.0
