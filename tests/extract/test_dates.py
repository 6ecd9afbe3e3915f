from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import When, find_when
from kg.resolve.normalize import match_key

PUB = date(2024, 7, 19)


@pytest.mark.parametrize(
    ("sentence", "pub", "expected"),
    [
        ("ngày 19/9/2018 tại thành phố Thái Bình", None, When("2018-09-19", 2018, None)),
        ("Sáng 5-6-2024, hai bên ký kết", None, When("2024-06-05", 2024, None)),
        ("ngày 20 tháng 10 năm 2022, tỉnh", None, When("2022-10-20", 2022, None)),
        ("Trong 02 ngày (09 và10/12/2023)tại thị xã", None, When("2023-12-09", 2023, None)),
        ("Chiều 8/3, tại thành phố Lào Cai", None, When()),  # no year, no publication date
        ("Chiều 18/7, hai bên ký", PUB, When("2024-07-18", 2024, None)),
        ("Chiều ngày 12.6, tại TP.Thanh Hóa", PUB, When("2024-06-12", 2024, None)),
        ("Sáng 28/12, hai tỉnh", date(2025, 1, 3), When("2024-12-28", 2024, None)),
        ("trong tháng 10/2022", None, When("2022-10", 2022, None)),
        ("đã ký giữa 2 địa phương từ năm 2018", None, When(None, 2018, None)),
        ("giai đoạn 2018 - 2023 và phương hướng", None, When(None, None, "2018-2023")),
        ("Chương trình phối hợp giai đoạn 2024-2025", PUB, When(None, None, "2024-2025")),
        ("kết nghĩa cách đây 54 năm", None, When()),  # never a guessed year
        ("kết nghĩa cách đây 54 năm", PUB, When(None, 1970, None)),
        ("tăng trưởng 8,1% so với cùng kỳ", PUB, When()),
    ],
)
def test_time_expressions(sentence: str, pub: date | None, expected: When) -> None:
    assert find_when(match_key(sentence), pub) == expected


@given(st.text(max_size=200), st.none() | st.dates())
def test_any_text_gives_a_valid_answer(text: str, pub: date | None) -> None:
    when = find_when(match_key(text), pub)
    if when.date:
        assert when.year is not None and when.date.startswith(f"{when.year:04d}")
