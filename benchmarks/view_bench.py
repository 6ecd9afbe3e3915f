"""File size and time to a stable drawing of the HTML view, in headless Chromium.

    python benchmarks/view_bench.py [SIZES...]      (default: 100 1000 5000)

For each size: a synthetic network (benchmarks/network_synthetic.py), rendered with
``kg.export.view.render_view``; then Debian's Chromium (/usr/bin/chromium) opens the file
with every network request refused, and we time from navigation to the page's
``window.kgStable`` (set once vis-network has drawn the settled picture), and check that
nothing was requested and nothing logged an error. Prints one row per size.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from network_synthetic import synthetic_records  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from kg.analyze.measures import degree  # noqa: E402
from kg.analyze.network import build_network  # noqa: E402
from kg.export.view import render_view  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


def measure(browser: object, path: Path) -> tuple[float, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    url = path.resolve().as_uri()
    requests: list[str] = []
    errors: list[str] = []

    def route(r: object) -> None:
        if r.request.url == url:  # type: ignore[attr-defined]
            r.continue_()  # type: ignore[attr-defined]
        else:
            requests.append(r.request.url)  # type: ignore[attr-defined]
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.kgStable === true", timeout=300_000, polling=50)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed, requests, errors


def main(sizes: list[int]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}, "
          f"Python {platform.python_version()}, Chromium headless")  # fmt: skip
    print(f"{'nodes':>6} {'edges':>6} {'physics':>7} {'file KB':>8} {'render s':>8} "
          f"{'stable s':>8}  requests/errors")  # fmt: skip
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in sizes:
            G = build_network(synthetic_records(n))
            t = time.perf_counter()
            path = render_view(G, degree(G), Path(tmp) / f"view-{n}.html", measure="degree")
            rendered = time.perf_counter() - t
            html = path.read_text(encoding="utf-8")
            physics = '"physics": {"enabled": true' in html
            stable, requests, errors = measure(browser, path)
            print(f"{len(G):>6} {G.size():>6} {str(physics):>7} {path.stat().st_size / 1024:>8.0f} "
                  f"{rendered:>8.2f} {stable:>8.2f}  {len(requests)}/{len(errors)}")  # fmt: skip
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
