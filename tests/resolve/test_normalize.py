import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.resolve.normalize import match_key, name_key, nfc, unify_tone_marks


@pytest.mark.parametrize(
    ("written", "unified"),
    [
        ("Tỉnh uỷ Lào Cai", "Tỉnh ủy Lào Cai"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("HOÀ", "HÒA"),
        ("quý", "quý"),  # the u of "qu" is a consonant: the tone stays on y
        ("Quý", "Quý"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: unchanged
        ("khuya", "khuya"),
        ("Thanh Hóa", "Thanh Hóa"),
    ],
)
def test_tone_marks_are_unified(written: str, unified: str) -> None:
    assert unify_tone_marks(written) == unified


def test_match_key_folds_case_dashes_and_spaces_without_moving_offsets() -> None:
    text = "Lào Cai – Thái Bình\u00a0ký"
    key = match_key(text)
    assert key == "lào cai - thái bình ký"
    assert len(key) == len(text)


def test_nfd_and_nfc_spellings_give_one_key() -> None:
    assert match_key(nfc(unicodedata.normalize("NFD", "Tỉnh uỷ"))) == match_key("Tỉnh ủy")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bô-ly-khăm-xay", "Bô Ly Khăm Xay"),
        ("Pạc Xăn", "pac xan"),
        ("Thanh Hoá", "THANH HÓA"),
    ],
)
def test_name_key_ignores_diacritics_hyphens_and_case(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@given(st.text())
def test_match_key_keeps_length(text: str) -> None:
    text = nfc(text)
    assert len(match_key(text)) == len(text)


@given(st.text(alphabet=st.sampled_from("aăâeêioôơuưyAÊOUYqQhHk \u0300\u0301\u0303\u0309\u0323")))
def test_unify_is_idempotent(text: str) -> None:
    once = unify_tone_marks(nfc(text))
    assert unify_tone_marks(once) == once
