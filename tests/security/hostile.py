"""A hostile corpus, and the ``kg`` command run as a user would, for the security tests.

Each article reads like provincial news (so the extractor finds a partnership in it) but
carries an attack in its title, its evidence sentence, its file name, its id or its URL:
HTML and script tags, event handlers, quotes that close a JavaScript string,
``javascript:`` links, ``../`` ids, NUL, lone surrogates, ANSI escapes and bidi overrides.
``conftest.built`` runs ``kg build`` over it into a fresh store; the tests then view,
query, export and serve that store.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

#: Set by any script from the data that runs in a browser; it must stay undefined.
PWNED = "pwned"

XSS_TITLE = (
    'Lào Cai <script>pwned=1</script> ký kết <img src=x onerror="pwned=2;alert(2)"> '
    "với Thái Bình ';pwned=3;// \"</script><svg onload=alert(4)>"
)
XSS_EVIDENCE = (
    "Chiều 8/3/2024, UBND tỉnh Lào Cai và UBND tỉnh Thái Bình ký biên bản ghi nhớ hợp tác "
    '<img src=x onerror=pwned=5> <a href="javascript:pwned=6">xem</a> \\"\'</script>'
    "<script>pwned=7</script> giai đoạn 2023-2025."
)
#: A file name is an article id and a source: it reaches the page and the terminal too.
EVIL_FILE = "002_<img src=x onerror=pwned=8>'\".txt"
TALKS = (
    "Ngày 2/5/2023, UBND tỉnh Hà Giang và UBND tỉnh Cao Bằng tổ chức hội đàm về hợp tác "
    "phát triển kinh tế biên giới."
)
ANSI_TITLE = "Sơn La \u202e\x1b[2J\x1b[31mđỏ\x1b[0m ký kết với Điện Biên \x1b]0;pwned\x07"
ANSI_EVIDENCE = (
    "Ngày 4/6/2022, UBND tỉnh Sơn La và UBND tỉnh Điện Biên \x1b[31mký\x1b[0m biên bản "
    "ghi nhớ \x08\x08\u202ehợp tác\u202c về du lịch \x9b2J."
)
JS_URL = "javascript:pwned=9"
GOOD_URL = "https://example.org/tin?a=1&b=2"
RECORDS = [
    {
        "id": "../../../kg-escape-probe",
        "url": JS_URL,
        "title": "Nghệ An <script>pwned=10</script> ký với Hà Tĩnh",
        "text": "Ngày 1/4/2021, UBND tỉnh Nghệ An và UBND tỉnh Hà Tĩnh ký biên bản ghi nhớ "
        "hợp tác về giáo dục và y tế.",
    },
    {
        "id": "ok-link",
        "url": GOOD_URL,
        "title": "Quảng Ninh <b>đậm</b> ký với Hải Phòng",
        "text": "Ngày 5/9/2020, UBND tỉnh Quảng Ninh và UBND thành phố Hải Phòng ký biên bản "
        "ghi nhớ hợp tác về cảng biển và logistics.",
    },
    {
        "id": "/etc/CON\x00.txt",
        "url": "data:text/html,<script>pwned=11</script>",
        "title": "Bắc Giang \ud800 ký với Lạng Sơn",
        "text": "Ngày 7/7/2019, UBND tỉnh Bắc Giang và UBND tỉnh Lạng Sơn ký biên bản ghi nhớ "
        "hợp tác về nông nghiệp \udfff và thương mại.",
    },
]
#: Articles in the store after the build, and the localities they link.
ARTICLES = 6
PAIRS = {
    ("Lào Cai", "Thái Bình"),
    ("Cao Bằng", "Hà Giang"),
    ("Điện Biên", "Sơn La"),
    ("Hà Tĩnh", "Nghệ An"),
    ("Hải Phòng", "Quảng Ninh"),
    ("Bắc Giang", "Lạng Sơn"),
}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def kg(*args: str, input: str | None = None) -> Result:  # noqa: A002 - click's name
    """Run the ``kg`` command as a user would (stdout and stderr kept apart)."""
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "001_xss.txt").write_text(f"{XSS_TITLE}\n\n{XSS_EVIDENCE}\n", encoding="utf-8")
    (folder / EVIL_FILE).write_text(f"Hà Giang hội đàm với Cao Bằng\n\n{TALKS}\n", "utf-8")
    (folder / "003_ansi.txt").write_text(f"{ANSI_TITLE}\n\n{ANSI_EVIDENCE}\n", encoding="utf-8")
    lines = [json.dumps(record) for record in RECORDS]  # ASCII JSON: \ud800 stays an escape
    (folder / "004_corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Built:
    root: Path  # holds only the corpus and the store
    corpus: Path
    store: Path
    build: Result

    def copy(self, target: Path) -> Path:
        """A private copy of the store, for tests that try to change it."""
        shutil.copytree(self.store, target)
        return target


class _Markup(HTMLParser):
    """The tags, attributes and script bodies a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def live_markup(page: str) -> list[str]:
    """What in ``page`` would run or load: tags, handlers, links and scripts from the data."""
    parser = _Markup()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("img", "svg", "iframe", "object", "embed"):
            found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html")
            ):
                found.append(f"{tag} {name}={value}")
    found += [s for s in parser.scripts if s.strip().startswith(PWNED)]
    return found
