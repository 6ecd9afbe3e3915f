#!/usr/bin/env python3
"""Build ``kg/data/places.tsv``, the shipped gazetteer (development-time; not imported by ``kg``).

Inputs
------
1. ``vietnam-provinces==0.6.0`` (PyPI; data version 2025-01-04): the 63 provinces and 696
   district-level units as they were before 1 July 2025. It must NOT be installed into the
   project venv; it lives in a throwaway venv and is read through a subprocess::

       python3 -m venv /tmp/vp06 && /tmp/vp06/bin/pip install vietnam-provinces==0.6.0

2. The 2025 merger, Nghị quyết số 202/2025/QH15 (Quốc hội, 12/6/2025, hiệu lực 1/7/2025),
   63 -> 34 provinces: transcribed by hand into ``MERGER`` below, then cross-checked against
   ``underthesea.convert_address`` (project venv) and, optionally, against
   ``vietnam-provinces==2025.10.1`` in a second throwaway venv (new ward codes reuse old ward
   codes, so each old province's wards are traced to the new province that holds them)::

       python3 -m venv /tmp/vp25 && /tmp/vp25/bin/pip install vietnam-provinces==2025.10.1

3. ``scripts/foreign_places.tsv``: hand-written foreign rows (countries, provinces, districts)
   with Vietnamese news spellings, checked for completeness against ISO 3166-2 via ``pycountry``
   (dev-only, LGPL; ``/work/venv/bin/pip install pycountry==26.2.16``).

Regenerate
----------
::

    /work/venv/bin/python scripts/build_gazetteer.py \\
        --vp06-python /tmp/vp06/bin/python --vp25-python /tmp/vp25/bin/python

``--check`` only validates the existing ``kg/data/places.tsv``. Disagreements between the
merger table and the cross-check sources are printed (they do not stop the build).
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.metadata
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data" / "places.tsv"
FOREIGN = ROOT / "scripts" / "foreign_places.tsv"

COLUMNS = [
    "id",
    "name",
    "kind",
    "country",
    "parent",
    "aliases",
    "valid_until",
    "successor",
    "source",
]
KINDS = (
    "country",
    "province",
    "municipality",
    "provincial_city",
    "town",
    "urban_district",
    "rural_district",
    "foreign_province",
    "foreign_district",
)
VP06 = "vietnam-provinces==0.6.0"
NQ202 = "NQ202/2025/QH15"
HAND = "hand (vi news usage)"
DISTRICT_END = "2025-06-30"  # district level abolished on 1 July 2025
PROVINCE_END = "2025-06-30"  # NQ 202/2025/QH15 takes effect on 1 July 2025
FOREIGN_COUNTRIES_COMPLETE = ("LA", "KH", "CN", "KR", "JP", "TH")

# Nghị quyết 202/2025/QH15, Điều 1: old province slug -> slug of the province it joined.
# The 34 surviving units keep their pre-2025 id; only merged-away provinces appear here.
# The new unit keeps the NAME of the province listed here as target (e.g. new Lào Cai, whose
# seat and province code are Yên Bái's, is still ``vn/lao-cai``).
MERGER: dict[str, str] = {
    "ha-giang": "tuyen-quang",
    "yen-bai": "lao-cai",
    "bac-kan": "thai-nguyen",
    "vinh-phuc": "phu-tho",
    "hoa-binh": "phu-tho",
    "bac-giang": "bac-ninh",
    "thai-binh": "hung-yen",
    "hai-duong": "hai-phong",
    "ha-nam": "ninh-binh",
    "nam-dinh": "ninh-binh",
    "quang-binh": "quang-tri",
    "quang-nam": "da-nang",
    "kon-tum": "quang-ngai",
    "binh-dinh": "gia-lai",
    "ninh-thuan": "khanh-hoa",
    "dak-nong": "lam-dong",
    "binh-thuan": "lam-dong",
    "phu-yen": "dak-lak",
    "binh-duong": "ho-chi-minh",
    "ba-ria-vung-tau": "ho-chi-minh",
    "binh-phuoc": "dong-nai",
    "long-an": "tay-ninh",
    "soc-trang": "can-tho",
    "hau-giang": "can-tho",
    "ben-tre": "vinh-long",
    "tra-vinh": "vinh-long",
    "tien-giang": "dong-thap",
    "bac-lieu": "ca-mau",
    "kien-giang": "an-giang",
}

# Province name overrides (package name -> name used by the news / this gazetteer).
# Huế: the package (data 2025-01-04) calls it "Thành phố Huế" (municipality since 1/1/2025).
# We keep ONE province-level row, kind municipality, under the name most partnership news
# uses ("Thừa Thiên Huế"), with "Huế" as alias; see SOURCES.md.
PROVINCE_NAME = {"Huế": "Thừa Thiên Huế"}

PROVINCE_ALIASES: dict[str, list[str]] = {
    "vn/ha-noi": ["Thủ đô Hà Nội"],
    "vn/ho-chi-minh": ["TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "Sài Gòn"],
    "vn/ba-ria-vung-tau": ["Bà Rịa-Vũng Tàu", "BR-VT", "BRVT"],
    "vn/thua-thien-hue": ["Thừa Thiên - Huế", "Huế", "TT-Huế"],
    "vn/bac-kan": ["Bắc Cạn"],
    "vn/kon-tum": ["Kontum"],
}

DISTRICT_ALIASES: dict[str, list[str]] = {
    "vn/ninh-thuan/tp-phan-rang-thap-cham": ["Phan Rang-Tháp Chàm", "Phan Rang"],
    "vn/dak-lak/tp-buon-ma-thuot": ["Ban Mê Thuột", "Buôn Mê Thuột"],
    "vn/lao-cai/tx-sa-pa": ["Sapa"],
}

# Units missing from the 2025-01-04 snapshot that partnership news still names.
EXTRA_VN_ROWS = [
    # The provincial city of Huế, dissolved on 1/1/2025 into quận Thuận Hóa and quận Phú Xuân
    # when Thừa Thiên Huế became the municipality of Huế.
    {
        "id": "vn/thua-thien-hue/tp-hue",
        "name": "Huế",
        "kind": "provincial_city",
        "valid_until": "2024-12-31",
        "source": HAND,
    },
]

# District-level units abolished before the 2025-01-04 snapshot, found by diffing the district
# lists of earlier vietnam-provinces releases (0.2, 0.3.0, 0.4.3, 0.5.8) with 0.6.0: a unit
# whose code is gone, or whose code the merged unit reused under another name (Quảng Uyên,
# Đạ Tẻh, Đất Đỏ, Quận 2, huyện Hoa Lư, Tĩnh Gia). The successor is the 0.6.0 district that
# holds most of its ward codes (ward codes survive district mergers). Left out: the old
# huyện Đạ Huoai, whose name and kind its successor (the former Đạ Tẻh) took, so that a
# mention of "huyện Đạ Huoai" stays unambiguous. The dates are the day before each
# Standing Committee resolution took effect, as best known, not checked against the texts:
# the snapshots only bracket them (see kg/data/SOURCES.md).
# (province, district id, name, valid_until, successor in the same province, last release
# that has it); the kind follows the id's prefix, as in PREFIXES.
ABOLISHED_VN_DISTRICTS = [
    ("cao-bang", "h-thong-nong", "Thông Nông", "2020-02-29", "h-ha-quang", "0.2"),
    ("cao-bang", "h-tra-linh", "Trà Lĩnh", "2020-02-29", "h-trung-khanh", "0.2"),
    ("cao-bang", "h-phuc-hoa", "Phục Hòa", "2020-02-29", "h-quang-hoa", "0.2"),
    ("cao-bang", "h-quang-uyen", "Quảng Uyên", "2020-02-29", "h-quang-hoa", "0.2"),
    ("quang-ngai", "h-tay-tra", "Tây Trà", "2020-01-31", "h-tra-bong", "0.2"),
    ("thanh-hoa", "h-tinh-gia", "Tĩnh Gia", "2020-04-30", "tx-nghi-son", "0.2"),
    ("ho-chi-minh", "q-2", "Quận 2", "2020-12-31", "tp-thu-duc", "0.2"),
    ("ho-chi-minh", "q-9", "Quận 9", "2020-12-31", "tp-thu-duc", "0.2"),
    ("ho-chi-minh", "q-thu-duc", "Thủ Đức", "2020-12-31", "tp-thu-duc", "0.2"),
    ("bac-giang", "h-yen-dung", "Yên Dũng", "2024-12-31", "tp-bac-giang", "0.4.3"),
    ("nam-dinh", "h-my-loc", "Mỹ Lộc", "2024-12-31", "tp-nam-dinh", "0.4.3"),
    ("ninh-binh", "tp-ninh-binh", "Ninh Bình", "2024-12-31", "tp-hoa-lu", "0.4.3"),
    ("ninh-binh", "h-hoa-lu", "Hoa Lư", "2024-12-31", "tp-hoa-lu", "0.4.3"),
    ("thanh-hoa", "h-dong-son", "Đông Sơn", "2024-12-31", "tp-thanh-hoa", "0.4.3"),
    ("nghe-an", "tx-cua-lo", "Cửa Lò", "2024-12-31", "tp-vinh", "0.4.3"),
    ("ha-tinh", "h-loc-ha", "Lộc Hà", "2024-12-31", "h-thach-ha", "0.4.3"),
    ("thua-thien-hue", "h-nam-dong", "Nam Đông", "2024-12-31", "h-phu-loc", "0.4.3"),
    ("quang-nam", "h-nong-son", "Nông Sơn", "2024-12-31", "h-que-son", "0.4.3"),
    ("lam-dong", "h-da-teh", "Đạ Tẻh", "2024-12-31", "h-da-huoai", "0.4.3"),
    ("lam-dong", "h-cat-tien", "Cát Tiên", "2024-12-31", "h-da-huoai", "0.4.3"),
    ("ba-ria-vung-tau", "h-long-dien", "Long Điền", "2024-12-31", "h-long-dat", "0.4.3"),
    ("ba-ria-vung-tau", "h-dat-do", "Đất Đỏ", "2024-12-31", "h-long-dat", "0.4.3"),
]

PREFIXES = [  # (word in the package name, kind, id prefix)
    ("thành phố", "provincial_city", "tp"),
    ("thị xã", "town", "tx"),
    ("quận", "urban_district", "q"),
    ("huyện", "rural_district", "h"),
]

EXTRACT = r"""
import json, vietnam_provinces as v
from importlib.metadata import version
d = json.load(open(v.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8"))
out = {"version": version("vietnam-provinces"),
       "data_version": getattr(v, "__data_version__", None), "provinces": []}
for p in d:
    row = {"name": p["name"], "code": p["code"]}
    if "districts" in p:
        row["districts"] = [{"name": x["name"], "code": x["code"],
                             "wards": [w["code"] for w in x.get("wards", [])]}
                            for x in p["districts"]]
    else:
        row["wards"] = [w["code"] for w in p.get("wards", [])]
    out["provinces"].append(row)
print(json.dumps(out, ensure_ascii=False))
"""

# ---------------------------------------------------------------- text helpers

TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_MOVE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{TONES}])(?!\w)")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def tone_old_style(s: str) -> str:
    """Put the tone of open 'oa/oe/uy' syllables on the first vowel, as most news does.

    >>> tone_old_style("Tuy Hoà"), tone_old_style("Thuỷ Nguyên"), tone_old_style("Quý Hoàng")
    ('Tuy Hòa', 'Thủy Nguyên', 'Quý Hoàng')
    """
    d = unicodedata.normalize("NFD", s)
    return nfc(_TONE_MOVE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d))


def fold(s: str) -> str:
    """The matcher's own equivalence (NFC, tone placement, case): used to drop redundant aliases."""
    return tone_old_style(nfc(s)).casefold()


def slug(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def dak_variants(name: str) -> list[str]:
    """Central Highlands names are written both Đắk/Lắk and Đăk/Lăk (different letters).

    >>> dak_variants("Đắk Lắk"), dak_variants("Đăk Hà"), dak_variants("Lâm Đồng")
    (['Đăk Lăk'], ['Đắk Hà'], [])
    """
    pairs = (("Đắk", "Đăk"), ("Lắk", "Lăk"))
    fwd = name
    for a, b in pairs:
        fwd = fwd.replace(a, b)
    if fwd != name:
        return [fwd]
    back = name
    for a, b in pairs:
        back = back.replace(b, a)
    return [back] if back != name else []


# ---------------------------------------------------------------- Vietnam


def run_json(python: str, code: str) -> dict:
    res = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def split_admin(full: str) -> tuple[str, str]:
    """'Thành Phố Thủ Đức' -> ('thành phố', 'Thủ Đức')."""
    low = full.lower()
    for word in ("thành phố", "thị xã", "quận", "huyện", "tỉnh"):
        if low.startswith(word + " "):
            return word, full[len(word) + 1 :].strip()
    raise ValueError(f"no administrative word in {full!r}")


def vn_rows(vp06: dict) -> tuple[list[dict], dict[str, str]]:
    rows: list[dict] = []
    old_names: dict[str, str] = {}  # province id -> full name in the package (for cross-checks)
    for p in vp06["provinces"]:
        word, name = split_admin(p["name"])
        name = tone_old_style(PROVINCE_NAME.get(name, name))
        pid = "vn/" + slug(name)
        old_names[pid] = p["name"]
        kind = "municipality" if word == "thành phố" else "province"
        succ = MERGER.get(slug(name))
        aliases = PROVINCE_ALIASES.get(pid, []) + dak_variants(name)
        rows.append(
            {
                "id": pid,
                "name": name,
                "kind": kind,
                "country": "VN",
                "parent": "",
                "aliases": aliases,
                "valid_until": PROVINCE_END if succ else "",
                "successor": "vn/" + succ if succ else "",
                "source": NQ202 if succ else VP06,
            }
        )
        for x in p["districts"]:
            dword, dname = split_admin(x["name"])
            kind, prefix = next((k, pr) for w, k, pr in PREFIXES if w == dword)
            dname = tone_old_style(dname)
            if dname.isdigit():  # "Quận 1": the number alone is no name; keep the admin word
                dname = f"{dword.capitalize()} {dname}"
                did = f"{pid}/{prefix}-{slug(dname.split()[-1])}"
            else:
                did = f"{pid}/{prefix}-{slug(dname)}"
            if "-" in dname and " - " not in dname:  # Phan Rang-Tháp Chàm -> Phan Rang - Tháp Chàm
                dname = re.sub(r"\s*-\s*", " - ", dname)
            rows.append(
                {
                    "id": did,
                    "name": dname,
                    "kind": kind,
                    "country": "VN",
                    "parent": pid,
                    "aliases": DISTRICT_ALIASES.get(did, []) + dak_variants(dname),
                    "valid_until": DISTRICT_END,
                    "successor": "",
                    "source": VP06,
                }
            )
    kind_of_prefix = {prefix: kind for _, kind, prefix in PREFIXES}
    for province, did, dname, until, successor, release in ABOLISHED_VN_DISTRICTS:
        rows.append(
            {
                "id": f"vn/{province}/{did}",
                "name": dname,
                "kind": kind_of_prefix[did.split("-", 1)[0]],
                "country": "VN",
                "parent": f"vn/{province}",
                "aliases": dak_variants(dname),
                "valid_until": until,
                "successor": f"vn/{province}/{successor}",
                "source": f"vietnam-provinces=={release}",
            }
        )
    for extra in EXTRA_VN_ROWS:
        r = {
            "country": "VN",
            "parent": extra["id"].rsplit("/", 1)[0],
            "aliases": [],
            "successor": "",
            **extra,
        }
        rows.append(r)
    return rows, old_names


def crosscheck(old_names: dict[str, str], vp06: dict, vp25_python: str | None) -> list[str]:
    """Compare MERGER with underthesea.convert_address and (optionally) vietnam-provinces 2025."""
    problems: list[str] = []
    agree: collections.Counter[str] = collections.Counter()
    expected = {pid: "vn/" + MERGER.get(pid[3:], pid[3:]) for pid in old_names}
    if len(set(expected.values())) != 34:
        problems.append(f"MERGER yields {len(set(expected.values()))} provinces, not 34")

    from underthesea import convert_address  # project venv

    for pid, full in old_names.items():
        word, name = split_admin(full)
        got = convert_address(f"{word} {name}").converted
        got_id = "vn/" + slug(split_admin(got)[1]) if got else ""
        if got_id == "vn/hue":
            got_id = "vn/thua-thien-hue"
        if got_id != expected[pid]:
            problems.append(
                f"underthesea: {word} {name} -> {got!r}; NQ202 table says {expected[pid]}"
            )
        else:
            agree["underthesea"] += 1
    for pid, full in old_names.items():  # the pre-2025 names news uses, where they differ
        name = tone_old_style(PROVINCE_NAME.get(split_admin(full)[1], ""))
        if name and not convert_address(f"tỉnh {name}").converted:
            problems.append(
                f"underthesea: does not know 'tỉnh {name}' (the pre-2025 name of {pid})"
            )

    if vp25_python:
        vp25 = run_json(vp25_python, EXTRACT)
        ward_old = {
            w: pid
            for p in vp06["provinces"]
            for pid in [
                "vn/"
                + slug(PROVINCE_NAME.get(split_admin(p["name"])[1], split_admin(p["name"])[1]))
            ]
            for x in p["districts"]
            for w in x["wards"]
        }
        votes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for p in vp25["provinces"]:
            name = p["name"].removeprefix("Thành phố ").strip()
            new_id = "vn/" + slug(PROVINCE_NAME.get(name, name))
            for w in p["wards"]:
                if w in ward_old:
                    votes[ward_old[w]][new_id] += 1
        for pid in old_names:
            if not votes[pid]:
                problems.append(f"vietnam-provinces {vp25['version']}: no ward of {pid} found")
                continue
            ((best, n),) = votes[pid].most_common(1)
            if best != expected[pid] or len(votes[pid]) > 1:
                problems.append(
                    f"vietnam-provinces {vp25['version']}: wards of {pid} -> "
                    f"{dict(votes[pid])}; NQ202 table says {expected[pid]}"
                )
            else:
                agree[f"vietnam-provinces {vp25['version']} (ward codes)"] += 1
    for src, n in agree.items():
        print(
            f"cross-check: {src} agrees with the NQ202 table on {n}/63 provinces", file=sys.stderr
        )
    return problems


# ---------------------------------------------------------------- foreign


def foreign_rows() -> list[dict]:
    import pycountry

    src2 = f"ISO3166-2 (pycountry {importlib.metadata.version('pycountry')}) + vi exonyms"
    src1 = f"ISO3166-1 (pycountry {importlib.metadata.version('pycountry')}) + vi exonyms"
    lines = [
        ln
        for ln in FOREIGN.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows, seen_iso = [], set()
    for r in reader:
        pid, iso = r["id"], r["iso"]
        parts = pid.split("/")
        kind = (
            ("country", "foreign_province")[len(parts) - 1]
            if len(parts) <= 2
            else "foreign_district"
        )
        if iso:
            if len(parts) == 1:
                c = pycountry.countries.get(alpha_2=iso)
                assert c and iso.lower() == pid, (pid, iso)
            else:
                s = pycountry.subdivisions.get(code=iso)
                assert s and s.country_code.lower() == parts[0], (pid, iso)
            assert iso not in seen_iso, iso
            seen_iso.add(iso)
        rows.append(
            {
                "id": pid,
                "name": nfc(r["name"]),
                "kind": kind,
                "country": parts[0].upper(),
                "parent": "/".join(parts[:-1]),
                "aliases": [nfc(a) for a in r["aliases"].split("|") if a.strip()],
                "valid_until": "",
                "successor": "",
                "source": {"country": src1, "foreign_province": src2}.get(kind, HAND),
            }
        )
    for cc in FOREIGN_COUNTRIES_COMPLETE:
        missing = [
            s.code for s in pycountry.subdivisions.get(country_code=cc) if s.code not in seen_iso
        ]
        assert not missing, f"ISO 3166-2 subdivisions without a row: {missing}"
    return rows


# ---------------------------------------------------------------- output and checks


def finish(rows: list[dict]) -> list[dict]:
    for r in rows:
        name = r["name"] = nfc(r["name"].strip())
        out, keys = [], {fold(name)}
        for a in r["aliases"]:
            a = nfc(a.strip())
            if a and fold(a) not in keys:
                keys.add(fold(a))
                out.append(a)
        r["aliases"] = "|".join(out)
    return sorted(rows, key=lambda r: r["id"])


def write(rows: list[dict]) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")


def check(path: Path = OUT) -> tuple[list[str], list[str]]:
    """Sanity checks on the written file: (errors, human-readable report)."""
    text = path.read_text(encoding="utf-8")
    errors: list[str] = []
    if text != nfc(text):
        errors.append("file is not NFC")
    lines = text.rstrip("\n").split("\n")
    if lines[0].split("\t") != COLUMNS:
        errors.append("bad header")
    rows = [dict(zip(COLUMNS, ln.split("\t"), strict=True)) for ln in lines[1:]]
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        errors.append(f"duplicate ids: {[i for i, n in collections.Counter(ids).items() if n > 1]}")
    if ids != sorted(ids):
        errors.append("not sorted by id")
    byid = {r["id"]: r for r in rows}
    for r in rows:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*", r["id"]):
            errors.append(f"bad id {r['id']}")
        if r["kind"] not in KINDS:
            errors.append(f"bad kind {r['id']} {r['kind']}")
        for col in ("parent", "successor"):
            if r[col] and r[col] not in byid:
                errors.append(f"{r['id']}: {col} {r[col]} does not exist")
        if r["parent"] and not r["id"].startswith(r["parent"] + "/"):
            errors.append(f"{r['id']}: id does not extend parent {r['parent']}")
        if r["successor"] and byid.get(r["successor"], {}).get("successor"):
            errors.append(f"{r['id']}: successor {r['successor']} itself has a successor")
        if r["country"] != r["id"].split("/")[0].upper():
            errors.append(f"{r['id']}: country {r['country']}")
    vn_prov = [r for r in rows if r["kind"] in ("province", "municipality")]
    survivors = [r for r in vn_prov if not r["successor"]]
    if len(vn_prov) != 63 or len(survivors) != 34:
        errors.append(f"{len(vn_prov)} VN provinces, {len(survivors)} without successor")
    if byid.get("vn/thai-binh", {}).get("successor") != "vn/hung-yen":
        errors.append("vn/thai-binh does not go to vn/hung-yen")
    report = [f"{len(rows)} rows"]
    by = collections.Counter((r["country"], r["kind"]) for r in rows)
    for (cc, kind), n in sorted(by.items()):
        report.append(f"  {cc} {kind}: {n}")
    names = collections.Counter(fold(r["name"]) for r in rows)
    shared = {k: n for k, n in names.items() if n > 1}
    report.append(f"names shared by several rows: {len(shared)} names, {sum(shared.values())} rows")
    keys: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows:
        for a in filter(None, r["aliases"].split("|")):
            keys[fold(a)].add(r["id"])
        keys[fold(r["name"])].add(r["id"])
    clash = {k: v for k, v in keys.items() if len(v) > 1}
    report.append(f"surface forms (name or alias) pointing to several rows: {len(clash)}")
    return errors, report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--vp06-python",
        default="/tmp/vp06/bin/python",
        help="python of a venv with vietnam-provinces==0.6.0",
    )
    ap.add_argument(
        "--vp25-python",
        default=None,
        help="python of a venv with vietnam-provinces==2025.10.1 (optional cross-check)",
    )
    ap.add_argument("--check", action="store_true", help="only check the existing places.tsv")
    args = ap.parse_args()
    if not args.check:
        vp06 = run_json(args.vp06_python, EXTRACT)
        assert vp06["version"] == "0.6.0", vp06["version"]
        vrows, old_names = vn_rows(vp06)
        for line in crosscheck(old_names, vp06, args.vp25_python):
            print("CROSS-CHECK ISSUE:", line, file=sys.stderr)
        write(finish(vrows + foreign_rows()))
    errors, report = check()
    print("\n".join(report))
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    if not errors:
        print(
            "checks passed: ids unique and sorted, parents/successors exist, NFC, "
            "63 VN provinces of which 34 without successor, vn/thai-binh -> vn/hung-yen"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
