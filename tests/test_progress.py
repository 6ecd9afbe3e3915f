"""What a long build shows: a bar on a terminal, a status line now and then in a log."""

from __future__ import annotations

import io

from kg.errors import InputError
from kg.progress import BuildProgress, ProgressDisplay, bar_line, status_line


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


HALF = BuildProgress(
    read=500, stored=480, unchanged=10, duplicates=5, failed=7, facts=900,
    elapsed=50.0, bytes_done=5_000, bytes_total=10_000, extract_failed=5,
)  # fmt: skip


def test_status_line_says_rate_share_and_time_left() -> None:
    assert status_line(HALF) == (
        "kg build: 500 articles (50% of the input), 10.0 articles/s, about 50 s left; "
        "480 stored, 10 unchanged, 5 duplicates, 7 failed, 900 facts"
    )


def test_bar_fits_the_width_and_shows_eta() -> None:
    line = bar_line(HALF, 80)
    assert len(line) <= 80
    assert line.startswith("[###") and "50%" in line and "10.0/s" in line and "ETA 50 s" in line
    assert bar_line(BuildProgress(read=3, stored=3, elapsed=1.0), 80) == "3 articles 3.0/s"


def test_a_log_gets_a_line_every_period_and_each_failure_at_once() -> None:
    clock, out = Clock(), io.StringIO()
    display = ProgressDisplay(out, bar=False, every=30.0, clock=clock)
    for second in range(0, 95, 5):
        clock.now = float(second)
        display.update(HALF)
    display.failed(InputError("corpus.jsonl:7", "not a JSON object"))
    display.close()
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["kg build"] * 3 + ["kg"]
    assert lines[-1] == "kg: skipped corpus.jsonl:7: not a JSON object"


def test_a_terminal_gets_a_bar_redrawn_in_place_and_cleared_at_the_end() -> None:
    clock, out = Clock(), io.StringIO()
    display = ProgressDisplay(out, bar=True, clock=clock)
    clock.now = 1.0
    display.update(HALF)
    display.failed(InputError("bad.txt", "empty file, no article text"))
    display.close()
    text = out.getvalue()
    assert text.count("\r\x1b[K[") == 2  # drawn, then drawn again below the failure
    assert "\r\x1b[Kkg: skipped bad.txt: empty file, no article text\n" in text
    assert text.endswith("\r\x1b[K")
