"""kg subcommands about the corpus (registered on kg.cli.main)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import click

from kg.cli import _open_store, _paths, main, store_option
from kg.errors import InputError


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def failure_reasons(failed: Sequence[InputError]) -> str:
    """'2 not UTF-8 text, 1 empty file': the reasons, most frequent first, details cut.

    >>> failure_reasons([InputError("a", "empty file, no article text"),
    ...                  InputError("b:3", "not a JSON object (JSONDecodeError)")])
    '1 empty file, no article text, 1 not a JSON object'
    """
    reasons = Counter(error.problem.split(" (")[0] for error in failed)
    return ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes that extract in parallel (0: one per core); one process writes the store.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: --jobs processes on this machine; dask: the workers of a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="The Dask scheduler, e.g. tcp://10.0.0.5:8786 (or $DASK_SCHEDULER_ADDRESS).",
)
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="A progress bar on a terminal, else a status line every --progress-every seconds.",
)
@click.option(
    "--progress-every",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds between status lines when stderr is not a terminal.",
)
@store_option
def build(
    paths: tuple[str, ...],
    jobs: int,
    executor: str,
    scheduler: str | None,
    progress: bool,
    progress_every: float,
    store_path: Path,
) -> None:
    """Read articles, extract their facts and add them to the store.

    PATHS are files or folders of .txt and .html articles and .jsonl / .jsonl.gz corpora
    (one JSON object per line, with a "text" field). Unchanged articles are skipped, so an
    interrupted build, run again, continues where it stopped; a changed article replaces
    its facts; the same text twice (two outlets, two crawls) is extracted once and both
    sources are kept. An input that cannot be read is reported and skipped, and the exit
    code is then 1.

    \b
    Example:
      kg build seeds/ --store kg-store
      kg build crawl-2024.jsonl.gz --jobs 2
      kg build corpus/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.parallel import make_executor
    from kg.pipeline import build as run_build
    from kg.progress import ProgressDisplay

    display = ProgressDisplay(sys.stderr, every=progress_every if progress else float("inf"))
    if not progress:
        display.bar = False
    runner = make_executor(executor, jobs, scheduler)
    with _open_store(store_path) as store, closing(runner):
        try:
            report = run_build(_paths(paths), store, executor=runner, observer=display)
        except KeyboardInterrupt:
            display.close()
            click.echo("kg: interrupted; run the same command again to continue", err=True)
            sys.exit(130)
        finally:
            display.close()
    rate = (report.read - report.unchanged) / report.seconds if report.seconds else 0.0
    click.echo(
        f"{_plural(report.read, 'article')} read, {report.stored} stored, "
        f"{report.unchanged} unchanged, {_plural(report.facts, 'fact')} added, "
        f"{_plural(report.duplicates, 'duplicate')}, {len(report.failed)} failed "
        f"(in {report.seconds:.1f} s, {rate:.1f} articles/s)",
        err=True,
    )
    if report.failed:
        click.echo(f"failed: {failure_reasons(report.failed)}", err=True)
        sys.exit(1)
