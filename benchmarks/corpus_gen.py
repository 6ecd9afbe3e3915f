"""A synthetic corpus of partnership news, with the gold facts of every article.

    python benchmarks/corpus_gen.py -n 1000 --out /tmp/syn.jsonl.gz --gold /tmp/syn-gold.jsonl
    python benchmarks/corpus_gen.py -n 200 --out /tmp/syn/ --format txt

Each article is drawn from templates with a seeded random generator: two localities (a
Vietnamese province or centrally-run city, and either another one or a Lao, Cambodian,
Chinese, Korean, Japanese or Thai province, written with any of its spellings), the bodies
acting for them, one or two relations (memorandum, agreement, twinning, talks, review),
dates in the forms the news uses (full, without a year under a dateline, month, year, none)
and a cooperation period; around them, sentences without any partnership, a venue, a photo
file name, a byline, a visitor counter and a "Tin cùng chuyên mục" block of teasers about
other partnerships (page furniture that must not give facts). ``--duplicates`` repeats a
share of the articles under another id, as a second outlet would.

The gold file has one JSON object per article in the format of ``shared/eval`` (and of
``kg evaluate --gold``): ``{"id", "pub_date", "gold": [{"a", "b", "relation", "year",
"date", "period", "evidence", ...}]}``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from kg.extract.gazetteer import load_gazetteer
from kg.model import Place

COUNTRY_IN_TEXT = {
    "LA": ["Lào", "CHDCND Lào"],
    "KH": ["Campuchia", "Vương quốc Campuchia"],
    "CN": ["Trung Quốc"],
    "KR": ["Hàn Quốc"],
    "JP": ["Nhật Bản"],
    "TH": ["Thái Lan"],
}
FOREIGN_SHARE = 0.6  # of pairs with a foreign partner (most partnership news is cross-border)

# {a} and {b} are the two parties as written (with their body); {when} a time phrase at the
# start of the sentence; {period} an optional " giai đoạn 2023-2025".
TEMPLATES: dict[str, list[str]] = {
    "signed_mou": [
        "{when}{a} và {b} đã ký kết Biên bản ghi nhớ hợp tác{period}.",
        "{when}{a} đã ký Bản ghi nhớ về hợp tác với {b}{period}.",
    ],
    "signed_agreement": [
        "{when}{a} và {b} đã ký kết Thỏa thuận hợp tác{period}.",
        "{when}{a} và {b} ký Chương trình phối hợp công tác{period}.",
    ],
    "twinned": [
        "{when}{a} và {b} đã tổ chức lễ ký kết kết nghĩa.",
        "{when}{a} và {b} chính thức kết nghĩa.",
    ],
    "held_talks": [
        "{when}{a} đã có buổi hội đàm với {b}.",
        "{when}{a} và {b} đã tổ chức hội đàm.",
    ],
    "reviewed_cooperation": [
        "{when}{a} và {b} tổ chức Hội nghị tổng kết hợp tác{period}.",
        "{when}{a} và {b} tổ chức sơ kết việc thực hiện biên bản hợp tác{period}.",
    ],
}
TITLES = {
    "signed_mou": "{a} và {b} ký kết biên bản ghi nhớ hợp tác",
    "signed_agreement": "{a} và {b} ký kết thỏa thuận hợp tác",
    "twinned": "{a} và {b} kết nghĩa",
    "held_talks": "{a} hội đàm với {b}",
    "reviewed_cooperation": "{a} và {b} tổng kết hợp tác",
}
VN_BODIES = ["UBND {adm} {name}", "Tỉnh ủy {name}", "Ban Thường vụ Tỉnh ủy {name}", "{adm} {name}"]
CITY_BODIES = ["UBND thành phố {name}", "Thành ủy {name}", "thành phố {name}"]
FOREIGN_BODIES = ["chính quyền tỉnh {name} ({country})", "tỉnh {name} ({country})"]
FILLERS = [
    "Năm qua, kinh tế của địa phương tiếp tục tăng trưởng khá, thu ngân sách vượt dự toán.",
    "Các đại biểu đã trao đổi nhiều ý kiến tâm huyết, sát với thực tế.",
    "Công tác đảm bảo an ninh trật tự, an toàn giao thông được quan tâm chỉ đạo.",
    "Lãnh đạo các sở, ngành cùng dự buổi làm lễ và tặng hoa chúc mừng.",
    "Nhiều mô hình sản xuất nông nghiệp công nghệ cao đã mang lại hiệu quả rõ rệt.",
    "Đời sống vật chất và tinh thần của nhân dân từng bước được nâng lên.",
    "Kim ngạch xuất nhập khẩu qua các cửa khẩu đạt kết quả tích cực.",
    "Thời tiết những ngày qua có mưa rào và dông rải rác ở nhiều nơi.",
    "Các bên thống nhất tiếp tục đẩy mạnh giao lưu văn hóa, thể thao và du lịch.",
    "Phát biểu tại buổi lễ, đồng chí Bí thư nhấn mạnh ý nghĩa của sự kiện.",
    "Trong thời gian tới, địa phương tập trung tháo gỡ khó khăn cho doanh nghiệp.",
    "Công tác phòng, chống thiên tai được triển khai chủ động, kịp thời.",
]
VENUE = "Buổi lễ diễn ra tại {adm} {name}."
BYLINES = ["NGỌC ANH", "MINH TUẤN", "THU HÀ", "QUANG HUY"]


@dataclass(frozen=True)
class Party:
    place: Place
    written: str  # as the sentence writes it, body and country included
    body: str | None
    spelling: str  # the name as written


def _country_name(code: str, rng: random.Random) -> str:
    return rng.choice(COUNTRY_IN_TEXT[code])


def _party(place: Place, rng: random.Random) -> Party:
    spelling = rng.choice([place.name, place.name, *place.aliases]) if place.aliases else place.name
    if place.country == "VN":
        if place.kind == "municipality":
            template = rng.choice(CITY_BODIES)
            adm = "thành phố"
        else:
            template = rng.choice(VN_BODIES)
            adm = "tỉnh"
        written = template.format(adm=adm, name=spelling)
    else:
        written = rng.choice(FOREIGN_BODIES).format(
            name=spelling, country=_country_name(place.country, rng)
        )
    is_body = not written.startswith(("tỉnh ", "thành phố "))
    return Party(place, written, written if is_body else None, spelling)


def _when(event: date, pub: date, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """A time phrase and what the gold says about it."""
    form = rng.choice(["full", "full", "no_year", "month", "year", "none"])
    if form == "full":
        head = rng.choice(["Ngày", "Sáng", "Chiều"])
        return f"{head} {event.day}/{event.month}/{event.year}, ", {
            "date": event.isoformat(),
            "year": event.year,
        }
    if form == "no_year":
        head = rng.choice(["Sáng", "Chiều", "Ngày"])
        return f"{head} {event.day}/{event.month}, ", {
            "date": event.isoformat(),
            "year": event.year,
        }
    if form == "month":
        return f"Trong tháng {event.month}/{event.year}, ", {
            "date": f"{event.year:04d}-{event.month:02d}",
            "year": event.year,
        }
    if form == "year":
        return f"Năm {event.year}, ", {"date": None, "year": event.year}
    return "", {"date": None, "year": None}


def _pairs(places: dict[str, list[Place]], rng: random.Random) -> tuple[Place, Place]:
    home = rng.choice(places["vn"])
    if rng.random() < FOREIGN_SHARE:
        return home, rng.choice(places["foreign"])
    other = rng.choice(places["vn"])
    while other.id == home.id:
        other = rng.choice(places["vn"])
    return home, other


def _relations(rng: random.Random) -> list[str]:
    first = rng.choice(list(TEMPLATES))
    if first == "reviewed_cooperation" and rng.random() < 0.4:
        return [first, "signed_mou"]  # a review at which a new memorandum is signed
    return [first]


def article(number: int, places: dict[str, list[Place]], seed: int) -> tuple[dict[str, Any], ...]:
    """One article (a JSON Lines record) and its gold record."""
    rng = random.Random(seed * 1_000_003 + number)
    one, two = _pairs(places, rng)
    a, b = _party(one, rng), _party(two, rng)
    event = date(2015, 1, 10) + timedelta(days=rng.randrange(0, 3600))
    event = event if (event.month, event.day) < (12, 20) else event - timedelta(days=30)
    pub = event + timedelta(days=rng.randrange(1, 5))
    start = rng.randrange(2015, 2025)
    period = f" giai đoạn {start}-{start + rng.choice([2, 3, 5])}" if rng.random() < 0.4 else ""

    relations = _relations(rng)
    gold: list[dict[str, Any]] = []
    body: list[str] = []
    fillers = rng.sample(FILLERS, rng.randrange(2, 7))
    for index, relation in enumerate(relations):
        when, time = _when(event, pub, rng) if index == 0 else ("Dịp này, ", {})
        if index and gold:
            time = {k: gold[0][k] for k in ("date", "year")}
        with_period = period if "{period}" in TEMPLATES[relation][0] else ""
        sentence = rng.choice(TEMPLATES[relation]).format(
            when=when, a=a.written, b=b.written, period=with_period
        )
        sentence = sentence[0].upper() + sentence[1:]
        body.append(sentence)
        record = {
            "a": one.name,
            "b": two.name,
            "relation": relation,
            "period": with_period.replace(" giai đoạn ", "") or None,
            "evidence": sentence,
            "a_body": a.body,
            "b_body": b.body,
            **time,
        }
        for side, party in (("a", a), ("b", b)):
            if party.spelling != party.place.name:
                record[f"{side}_aliases"] = [party.spelling]
        gold.append(record)
    paragraphs = fillers[:2] + body + fillers[2:]
    if rng.random() < 0.5:
        venue = rng.choice(places["vn"])
        paragraphs.insert(len(paragraphs) - 1, VENUE.format(adm="tỉnh", name=venue.name))

    title = TITLES[relations[0]].format(a=a.spelling, b=b.spelling)
    dateline = f"({rng.randrange(7, 22):02d}:{rng.randrange(60):02d} {pub:%d/%m/%Y})"
    lines = [title, dateline, *paragraphs]
    if rng.random() < 0.5:
        lines.insert(3, f"IMG_{rng.randrange(1000, 9999)}.jpg")
    lines.append(rng.choice(BYLINES))
    teasers = []
    for _ in range(3):
        x, y = _pairs(places, rng)
        relation = rng.choice(list(TITLES))
        teasers.append(TITLES[relation].format(a=x.name, b=y.name))
    lines += ["Tin cùng chuyên mục:", *teasers, f"Lượt truy cập: {rng.randrange(10**6)}"]
    identifier = f"syn-{number:06d}"
    text = "\n".join(lines) + "\n"
    record = {"id": identifier, "title": title, "date": pub.isoformat(), "text": text}
    return record, {"id": identifier, "pub_date": pub.isoformat(), "gold": gold}


def localities() -> dict[str, list[Place]]:
    gazetteer = load_gazetteer()
    vn = [p for p in gazetteer.places.values() if p.kind in ("province", "municipality")]
    vn = [p for p in vn if p.valid_until is None or p.valid_until >= date(2025, 1, 1)]
    foreign = [
        p
        for p in gazetteer.places.values()
        if p.kind == "foreign_province" and p.country in COUNTRY_IN_TEXT
    ]
    return {"vn": sorted(vn, key=lambda p: p.id), "foreign": sorted(foreign, key=lambda p: p.id)}


def generate(n: int, seed: int = 1, duplicates: float = 0.0) -> Iterator[tuple[dict, dict]]:
    """``n`` articles with their gold records; a ``duplicates`` share repeated under new ids."""
    places = localities()
    rng = random.Random(seed)
    for number in range(n):
        record, gold = article(number, places, seed)
        yield record, gold
        if rng.random() < duplicates:
            copy_id = f"{record['id']}-copy"
            yield {**record, "id": copy_id}, {**gold, "id": copy_id}


def _open(path: Path) -> TextIO:
    if path.name.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")


def write_corpus(
    out: Path, gold_path: Path, n: int, *, fmt: str = "jsonl", seed: int = 1, duplicates: float = 0
) -> int:
    """Write the corpus (a .jsonl[.gz] file, or a folder of .txt) and its gold; the count."""
    count = 0
    if fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
    corpus = None if fmt == "txt" else _open(out)
    with open(gold_path, "w", encoding="utf-8") as gold_file:
        for record, gold in generate(n, seed, duplicates):
            if corpus is None:
                name = f"{record['id']}.txt"
                (out / name).write_text(record["text"], encoding="utf-8")
                gold = {**gold, "id": name}
            else:
                corpus.write(json.dumps(record, ensure_ascii=False) + "\n")
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
            count += 1
    if corpus is not None:
        corpus.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="articles (before duplicates)")
    parser.add_argument("--out", type=Path, required=True, help=".jsonl, .jsonl.gz or a folder")
    parser.add_argument("--gold", type=Path, default=None, help="default: OUT's name + -gold")
    parser.add_argument("--format", choices=["jsonl", "txt"], default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duplicates", type=float, default=0.0, help="share repeated, 0-1")
    args = parser.parse_args()
    fmt = args.format or ("jsonl" if ".jsonl" in args.out.name else "txt")
    gold = args.gold or args.out.with_name(args.out.name.split(".")[0] + "-gold.jsonl")
    count = write_corpus(
        args.out, gold, args.n, fmt=fmt, seed=args.seed, duplicates=args.duplicates
    )
    print(f"wrote {count} articles to {args.out} and their gold to {gold}", file=sys.stderr)


if __name__ == "__main__":
    main()
