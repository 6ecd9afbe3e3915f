"""One small article per rule or past mistake, with the offending sentence inline."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from kg.export.facts import fact_record
from kg.extract.gazetteer import load_gazetteer
from kg.model import Article
from kg.pipeline import extract_article


def facts_of(text: str, pub: date | None = None) -> set[tuple[str, str, str, int | None]]:
    article = Article("t.txt", text, "t.txt", hashlib.sha256(text.encode()).hexdigest(), None, pub)
    gazetteer = load_gazetteer()
    records = [fact_record(f, gazetteer) for f in extract_article(article, gazetteer)]
    return {(*sorted((r["a"], r["b"])), r["relation"], r["year"]) for r in records}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a venue is not a party
            "Ngày 19/9/2018 tại thành phố Thái Bình, lãnh đạo tỉnh Lào Cai và tỉnh Thái Bình "
            "đã ký kết Biên bản ghi nhớ hợp tác toàn diện.",
            {("Lào Cai", "Thái Bình", "signed_mou", 2018)},
        ),
        (  # the province after its district is its address; "16/9" is before a March dateline
            "Chiều 16/9, UBND thành phố Hà Tĩnh tổ chức buổi hội đàm đánh giá kết quả hợp tác, "
            "kết nghĩa giữa thành phố Hà Tĩnh và huyện Pạc Xăn (tỉnh Bolykhămxay, CHDCND Lào).",
            {
                ("Pạc Xăn", "TP Hà Tĩnh", "held_talks", 2023),
                ("Pạc Xăn", "TP Hà Tĩnh", "reviewed_cooperation", 2023),
                ("Pạc Xăn", "TP Hà Tĩnh", "twinned", 2023),
            },
        ),
        (  # "thị xã" is a town, not the commune word "xã"
            "Ngày 5/3/2023, thị xã Sơn Tây (Hà Nội) và huyện Khăm Cợt (tỉnh Bolykhămxay) đã "
            "ký kết biên bản ghi nhớ hợp tác.",
            {("Khăm Cợt", "Sơn Tây", "signed_mou", 2023)},
        ),
        (  # a town named as the venue is not a party
            "Trong 02 ngày (09 và10/12/2023) tại thị xã Cửa Lò tỉnh Nghệ An, lãnh đạo tỉnh Thanh "
            "Hóa và tỉnh Hà Tĩnh đã tổ chức hội nghị đánh giá 01 năm Bản ghi nhớ hợp tác.",
            {("Hà Tĩnh", "Thanh Hóa", "reviewed_cooperation", 2023)},
        ),
        (  # an alias that starts with its admin word, written in lower case
            "Ngày 5/3/2023, lãnh đạo thủ đô Viêng Chăn và thành phố Hà Nội đã hội đàm.",
            {("Hà Nội", "Viêng Chăn", "held_talks", 2023)},
        ),
        (  # "đánh giá cao" praises, it reviews nothing
            "Ông Lê Văn A đánh giá cao kết quả hợp tác giữa tỉnh Hà Giang và châu Văn Sơn.",
            set(),
        ),
        (  # a plan is not an event
            "Hai bên thống nhất sẽ nghiên cứu, tiến tới ký kết bản ghi nhớ hợp tác giữa thành "
            "phố Đà Nẵng và tỉnh Kanagawa.",
            set(),
        ),
        (  # negated
            "Năm 2021, tỉnh Nghệ An và tỉnh Hủa Phăn chưa tổ chức được hội đàm thường niên.",
            set(),
        ),
        (  # a sentence set at the meeting does not report another meeting
            "Tại hội đàm, ông B đề nghị tăng cường kết nối tour qua Điện Biên - Sơn La - Lai Châu.",
            set(),
        ),
        (  # dash pairs listed after "Việt Nam - Lào" describe the relationship, not this event
            "Lễ kết nghĩa góp phần vun đắp quan hệ đặc biệt Việt Nam - Lào, tỉnh Hà Tĩnh - tỉnh "
            "Bolykhămxay, huyện Hương Sơn - huyện Khăm Cợt.",
            set(),
        ),
        (  # a person, not the province
            "Ông Nguyễn Thái Bình và tỉnh Lào Cai đã ký kết biên bản ghi nhớ.",
            set(),
        ),
        (  # three parties, one fact per pair
            "Năm 2022, Hội nghị hợp tác phát triển giữa 3 tỉnh Thanh Hóa - Nghệ An - Hà Tĩnh "
            "lần đầu tiên được tổ chức.",
            {
                ("Hà Tĩnh", "Nghệ An", "held_talks", 2022),
                ("Hà Tĩnh", "Thanh Hóa", "held_talks", 2022),
                ("Nghệ An", "Thanh Hóa", "held_talks", 2022),
            },
        ),
        (  # old-style tone marks and a date without a year anchored to the publication date
            "Sáng 5/3, Tỉnh uỷ Thanh Hoá và Tỉnh uỷ Hoà Bình ký kết chương trình hợp tác.",
            {("Hòa Bình", "Thanh Hóa", "signed_agreement", 2024)},
        ),
        (  # the place a delegation visits is the other party
            "Ngày 15/7/2024, Đoàn công tác tỉnh Mondulkiri (Vương quốc Campuchia) đã đến thăm và "
            "làm việc tại tỉnh Đắk Lắk.",
            {("Mondulkiri", "Đắk Lắk", "held_talks", 2024)},
        ),
        (  # an association named after a city is not the city
            "Chiều 22/9, UBND thành phố Hải Phòng phối hợp với Hiệp hội Doanh nghiệp thành phố "
            "Busan (Hàn Quốc) tổ chức Hội nghị xúc tiến đầu tư.",
            set(),
        ),
        (  # a stretch of the map, not two actors
            "Bộ Nông nghiệp tổ chức hội nghị giao ban với 16 tỉnh từ Thanh Hóa đến Huế.",
            set(),
        ),
        (  # each clause tells its own event
            "Tỉnh Bắc Giang (cũ) đã ký biên bản ghi nhớ với tỉnh Chungcheongbuk vào năm 2019; "
            "tỉnh Bắc Ninh sẽ kế thừa quan hệ này.",
            {("Bắc Giang", "Chungcheongbuk", "signed_mou", 2019)},
        ),
        (  # Huế was a province before it became a centrally-run city
            "Năm 2019, tỉnh Quảng Nam, thành phố Đà Nẵng và tỉnh Thừa Thiên Huế đã ký thỏa thuận "
            "liên kết phát triển du lịch.",
            {
                ("Quảng Nam", "Thừa Thiên Huế", "signed_agreement", 2019),
                ("Quảng Nam", "Đà Nẵng", "signed_agreement", 2019),
                ("Thừa Thiên Huế", "Đà Nẵng", "signed_agreement", 2019),
            },
        ),
    ],
)
def test_sentence(text: str, expected: set[tuple[str, str, str, int | None]]) -> None:
    assert facts_of(text, date(2024, 3, 6)) == expected


def test_hai_tinh_refers_to_the_article_parties() -> None:
    text = (
        "Tỉnh Lào Cai và tỉnh Thái Bình tăng cường hợp tác.\n"
        "Năm 2018, hai tỉnh đã ký kết Biên bản ghi nhớ hợp tác toàn diện.\n"
    )
    assert facts_of(text) == {("Lào Cai", "Thái Bình", "signed_mou", 2018)}


def test_tai_hoi_nghi_takes_the_date_of_the_conference_not_of_the_background() -> None:
    text = (
        "Ngày 4/12/2024, huyện Thạch Hà và huyện Triệu Phong tổ chức Hội nghị giao ban.\n"
        "Hai huyện đã kết nghĩa từ năm 1973.\n"
        "Tại hội nghị, hai bên đã ký kết Chương trình phối hợp giai đoạn 2025 - 2026.\n"
    )
    assert ("Thạch Hà", "Triệu Phong", "signed_agreement", 2024) in facts_of(text)


def test_sau_hoi_dam_takes_the_date_of_the_talks() -> None:
    text = (
        "Ngày 10/10/2023, UBND tỉnh Bắc Ninh hội đàm với chính quyền tỉnh Gyeonggi.\n"
        "Sau hội đàm, UBND tỉnh Bắc Ninh và chính quyền tỉnh Gyeonggi đã ký Thỏa thuận hợp tác.\n"
    )
    assert ("Bắc Ninh", "Gyeonggi", "signed_agreement", 2023) in facts_of(text)
