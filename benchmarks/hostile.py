"""Hostile text within the limits: each input of a generated corpus goes through
`eventatlas extract` in a subprocess of its own, timed, with its peak memory.

    .venv/bin/python benchmarks/hostile.py [--only NAME ...] [--markdown]

Each must finish within 60 s and 1.5 GB RSS (model loading included) with a result or a clean
one-line error, a time-budget error included; a traceback, an "unexpected" error, a crash or a
run past the limits fails. The corpus is generated here, nothing big is kept in git.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_SECONDS = 60.0
MAX_RSS_MB = 1536.0
HARD_KILL_S = 150.0  # a run is stopped here and reported as a failure
PROSE = ("Rebels shelled the town of Saraqib on Monday and two civilians were killed, "
         "activists said. ")
WORDS = ["the", "army", "shelled", "village", "on", "Monday", "killing", "five", "people",
         "rebels", "said", "Aleppo", "displaced", "families", "fled", "towards", "Hasakah"]


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    make: Callable[[], bytes]
    suffix: str = ".txt"
    jsonl: bool = False


def _repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _words(size: int, sep: Callable[[random.Random], str]) -> str:
    rng = random.Random(17)
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS) + sep(rng)
        parts.append(word)
        length += len(word)
    return "".join(parts)


def _crlf(rng: random.Random) -> str:
    return rng.choice([" ", " ", " ", " ", "\r\n", "\r", "\n", "\n\r", " \r\n\r\n"])


def _truncated_utf8() -> bytes:
    return ("Des réfugiés ont fui Raqqa – 12 familles. " * 40 + PROSE + "…").encode()[:-1]


def _jsonl_batch() -> bytes:
    hostile = {"id": "hostile", "text": "Two were killed. " * 50_000}
    normal = {"id": "normal", "text": PROSE * 3, "published": "2017-02-06"}
    lines = [json.dumps(hostile), "", json.dumps(normal)]
    return "\n".join(lines).encode() + b"\n"


CASES = [
    Case("captcha-like line 50k", lambda: (PROSE + "\n" + "x" * 50_000 + "\n").encode()),
    Case("single line 1 MB", lambda: _repeat_to(PROSE, 1_000_000).encode()),
    Case("single line 10 MB", lambda: _repeat_to("x", 10 * 1024 * 1024 - 1).encode()),
    Case("10 MB of words, no newline", lambda: _words(10 * 1024 * 1024 - 64, lambda r: " ")
         .encode()),
    Case("many short lines (50,000)", lambda: ("Two were killed.\n" * 50_000).encode()),
    Case("CR/LF mixes 1 MB", lambda: _words(1_000_000, _crlf).encode()),
    Case("CR between words 140 KB", lambda: _repeat_to(PROSE.replace(" ", "\r"), 140_000)
         .encode()),
    Case("50,000 x 'Two were killed.'", lambda: ("Two were killed. " * 50_000).encode()),
    Case("300-digit numbers", lambda: (PROSE + ("9" * 300 + " people were killed. ") * 200)
         .encode()),
    Case("Arabic only 500 KB", lambda: _repeat_to("قتل خمسة مدنيين في قصف على حلب. ", 250_000)
         .encode()),
    Case("emoji only 1 MB", lambda: _repeat_to("💥🔥😢 ", 250_000).encode()),
    Case("nested HTML 100,000 deep", lambda: ("<html><body>" + "<div>" * 100_000 + f"<p>{PROSE}"
                                              "</p>" + "</div>" * 100_000 + "</body></html>")
         .encode(), suffix=".html"),
    Case("truncated UTF-8", _truncated_utf8),
    Case("UTF-8 BOM + 'one one one...'", lambda: codecs.BOM_UTF8 + (PROSE + "one " * 200_000)
         .encode()),
    Case("jsonl: 50,000 sentences, blank, article", _jsonl_batch, suffix=".jsonl", jsonl=True),
]


@dataclass(slots=True)
class Outcome:
    name: str
    size: int
    seconds: float
    rss_mb: float
    code: int | None
    message: str
    ok: bool


def run_case(case: Case, folder: Path) -> Outcome:
    data = case.make()
    path = folder / f"input{case.suffix}"
    path.write_bytes(data)
    args = ["extract", "--jsonl", str(path)] if case.jsonl else ["extract", str(path)]
    command = [sys.executable, "-m", "eventatlas.cli", *args]
    started = time.perf_counter()
    with open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        timer = threading.Timer(HARD_KILL_S, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = (folder / "err").read_text(errors="replace").strip()
    message = _summary(case, folder, stderr, process.returncode)
    rss_mb = usage.ru_maxrss / 1024
    clean = (process.returncode in (0, 1, 2) and "Traceback" not in stderr
             and "unexpected" not in stderr)
    ok = clean and seconds <= MAX_SECONDS and rss_mb <= MAX_RSS_MB
    return Outcome(case.name, len(data), seconds, rss_mb, process.returncode, message, ok)


def _summary(case: Case, folder: Path, stderr: str, code: int) -> str:
    if case.jsonl:
        items = [json.loads(line) for line in (folder / "out").read_text().splitlines()]
        return "; ".join(
            f"{n}: " + (item["error"]["message"][:60] if "error" in item
                        else f"{len(item['events'])} events")
            for n, item in enumerate(items, start=1))
    if code == 0:
        events = json.loads((folder / "out").read_text())["events"]
        return f"{len(events)} events"
    last = stderr.splitlines()[-1] if stderr else f"exit {code}"
    last = last.removeprefix("eventatlas: error: ").replace(str(folder), "")
    return last.split("; it was stopped")[0][:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run the cases whose name contains these")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    options = parser.parse_args()
    cases = [case for case in CASES
             if not options.only or any(word in case.name for word in options.only)]
    outcomes = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            outcome = run_case(case, Path(folder))
            outcomes.append(outcome)
            print(f"{'ok ' if outcome.ok else 'FAIL'} {outcome.name:42} "
                  f"{outcome.size / 1e6:7.2f} MB {outcome.seconds:6.1f} s "
                  f"{outcome.rss_mb:6.0f} MB exit {outcome.code}"
                  f"  {outcome.message}", flush=True)
    if options.markdown:
        print("\n| input | size | wall | peak RSS | exit | outcome |\n|---|---|---|---|---|---|")
        for o in outcomes:
            print(f"| {o.name} | {o.size / 1e6:.2f} MB | {o.seconds:.1f} s | {o.rss_mb:.0f} MB "
                  f"| {o.code} | {o.message} |")
    failed = [o.name for o in outcomes if not o.ok]
    print(f"{len(outcomes) - len(failed)}/{len(outcomes)} within {MAX_SECONDS:g} s and "
          f"{MAX_RSS_MB:g} MB" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
