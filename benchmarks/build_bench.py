"""Build throughput, peak memory and quality on synthetic corpora of growing size.

    python benchmarks/build_bench.py [--sizes 1000 10000] [--jobs 1 2] [--budget 600]

For each size N a corpus of N synthetic articles (``corpus_gen.py``, a .jsonl.gz stream;
``--source real``: the repository's real articles, repeated) is built into a fresh store
with 1 and 2 extraction processes, each run in its own Python process. Printed per run:
articles per second (wall clock), CPU milliseconds per article in the writer process and in
all processes (figures that do not depend on what else the machine is doing), the peak
resident memory of the writer process (``resource.getrusage``) and of the whole process
tree (the writer plus its workers, sampled every 0.2 s with psutil when it is installed).
Memory flat in the corpus size means the peaks for 1,000 and 10,000 articles are close.
From the CPU figures, the speed-up 2 jobs would reach on 2 otherwise idle cores: the serial
CPU per article over the larger of the writer's CPU and half of all the CPU.
Then the quality of the extractor on the generated gold (``kg evaluate``), and underthesea's
bare CRF NER rate on sentences of the same corpus against the whole pipeline's.
Runs expected to overrun ``--budget`` seconds in total are skipped (the rate measured so far
predicts their time). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _tree_sampler(stop: threading.Event, peak: dict[str, float]) -> None:
    """Peak resident memory of this process and its descendants, and their CPU seconds
    (workers of a fork server are not our children, so getrusage misses them)."""
    try:
        import psutil
    except ImportError:
        return
    me = psutil.Process()
    cpu: dict[int, float] = {}
    while not stop.wait(0.2):
        total = 0
        try:
            processes = me.children(recursive=True)
        except psutil.Error:
            continue
        for process in [me, *processes]:
            try:
                total += process.memory_info().rss
                if process.pid != me.pid:
                    times = process.cpu_times()
                    cpu[process.pid] = times.user + times.system
            except psutil.Error:
                continue
        peak["tree"] = max(peak.get("tree", 0), total)
        peak["descendants_cpu"] = sum(cpu.values())


def one_run(corpus: Path, jobs: int, store_dir: Path) -> dict[str, Any]:
    """Build ``corpus`` into a new store with ``jobs`` processes (in this process)."""
    from kg.parallel import make_executor
    from kg.pipeline import build
    from kg.store.backend import Store

    stop, peak = threading.Event(), dict[str, float]()
    sampler = threading.Thread(target=_tree_sampler, args=(stop, peak), daemon=True)
    sampler.start()
    cpu_before = os.times()
    with Store.open(store_dir) as store:
        executor = make_executor("local", jobs)
        try:
            report = build([corpus], store, executor=executor)
        finally:
            executor.close()
    cpu = os.times()
    stop.set()
    sampler.join()
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    writer_cpu = (cpu.user - cpu_before.user) + (cpu.system - cpu_before.system)
    cpu_seconds = writer_cpu + peak.get("descendants_cpu", 0.0)
    return {
        "articles": report.read,
        "stored": report.stored,
        "failed": len(report.failed),
        "facts": report.facts,
        "seconds": report.seconds,
        "cpu_seconds": cpu_seconds,
        "writer_cpu_seconds": writer_cpu,
        "writer_peak_mb": self_usage.ru_maxrss / 1024,
        "tree_peak_mb": peak.get("tree", 0) / 2**20,
    }


def _child(corpus: Path, jobs: int, workdir: Path) -> dict[str, Any]:
    store = Path(tempfile.mkdtemp(dir=workdir, prefix=f"store-{jobs}-"))
    command = [sys.executable, __file__, "--one", str(corpus), "--jobs", str(jobs)]
    done = subprocess.run(
        [*command, "--store", str(store / "s")], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"run failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def write_real_corpus(out: Path, n: int) -> None:
    """``n`` real articles (the seeds, dev and held-out sets, repeated), each made distinct by
    a last line with its number so that none is a duplicate of another."""
    import gzip

    root = HERE.parent
    paths = sorted(root.glob("seeds/*.txt")) + sorted(root.glob("tests/data/*/articles/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for number in range(n):
            text = f"{texts[number % len(texts)]}\n(Bản tin số {number})\n"
            handle.write(json.dumps({"id": f"real-{number}", "text": text}, ensure_ascii=False))
            handle.write("\n")


def _quality(corpus: Path, gold: Path) -> str:
    from kg.evaluate import evaluate_paths, format_scores

    return format_scores(evaluate_paths(gold, [corpus])["kg"])


def _ner_rates(corpus: Path, sample: int) -> tuple[float, float]:
    """Sentences per second: underthesea's NER alone, and sentences per article."""
    from kg.extract.nlp import location_entities
    from kg.ingest.read import iter_articles
    from kg.ingest.segment import segment
    from kg.model import Article

    sentences: list[str] = []
    articles = 0
    for item in iter_articles([corpus]):
        if isinstance(item, Article):
            articles += 1
            sentences += [s.text for s in segment(item)]
        if len(sentences) >= sample:
            break
    location_entities(sentences[0])  # load the model
    started = time.perf_counter()
    for sentence in sentences[:sample]:
        location_entities(sentence)
    return min(sample, len(sentences)) / (time.perf_counter() - started), len(sentences) / articles


def _flush_every() -> int:
    from kg.build import FLUSH_EVERY

    return FLUSH_EVERY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for all builds")
    parser.add_argument("--ner-sample", type=int, default=300)
    parser.add_argument(
        "--source",
        choices=["synthetic", "real"],
        default="synthetic",
        help="synthetic: corpus_gen.py, with gold; real: the repository's articles, repeated",
    )

    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one, args.jobs[0], args.store)))
        return

    sys.path.insert(0, str(HERE))
    from corpus_gen import write_corpus

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load:.1f} at start"
    )
    from kg.store.backend import Store

    flush = "yes" if hasattr(Store, "flush") else "no (the store has no flush())"
    print(f"store flushed every {_flush_every()} articles: {flush}")
    spent = 0.0
    rates: dict[int, float] = {}
    cpu: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        workdir = Path(tmp)
        corpora: dict[int, tuple[Path, Path]] = {}
        header = (
            f"{'articles':>8} {'jobs':>4} {'art/s':>7} {'writer cpu':>10} {'all cpu':>8} "
            f"{'writer MB':>9} {'tree MB':>8} {'seconds':>8}   (cpu: ms per article)"
        )
        print(header)
        for size in args.sizes:
            corpus, gold = workdir / f"syn-{size}.jsonl.gz", workdir / f"syn-{size}-gold.jsonl"
            if args.source == "real":
                write_real_corpus(corpus, size)
            else:
                write_corpus(corpus, gold, size, fmt="jsonl")
            corpora[size] = (corpus, gold)
            for jobs in args.jobs:
                expected = size / rates[jobs] if jobs in rates else 0.0
                if spent + expected > args.budget:
                    print(f"{size:>8} {jobs:>4}  skipped: about {expected:.0f} s, over budget")
                    continue
                run = _child(corpus, jobs, workdir)
                spent += run["seconds"]
                rate = run["articles"] / run["seconds"]
                rates[jobs] = rate
                writer_ms = 1000 * run["writer_cpu_seconds"] / run["articles"]
                all_ms = 1000 * run["cpu_seconds"] / run["articles"]
                cpu[jobs] = (writer_ms, all_ms)
                print(
                    f"{size:>8} {jobs:>4} {rate:7.1f} {writer_ms:10.2f} {all_ms:8.2f} "
                    f"{run['writer_peak_mb']:9.0f} {run['tree_peak_mb']:8.0f} "
                    f"{run['seconds']:8.1f}",
                    flush=True,
                )
        if 1 in rates and 2 in rates:
            print(
                f"speed-up with 2 jobs (last size measured with both): {rates[2] / rates[1]:.2f}x"
            )
            writer_ms, all_ms = cpu[2]
            ideal = cpu[1][1] / max(writer_ms, all_ms / 2)
            print(f"speed-up with 2 jobs on 2 idle cores, from the CPU figures: {ideal:.2f}x")

        smallest = min(corpora)
        if args.source == "synthetic":
            print(f"\nquality on the generated gold ({smallest} articles):")
            print(_quality(*corpora[smallest]))

        ner_rate, per_article = _ner_rates(corpora[smallest][0], args.ner_sample)
        if 1 in rates:
            pipeline = rates[1] * per_article
            print(
                f"\nunderthesea NER alone: {ner_rate:.1f} sentences/s; whole pipeline with 1 job: "
                f"{pipeline:.1f} sentences/s ({pipeline / ner_rate:.1f}x the NER rate)"
            )


if __name__ == "__main__":
    main()
