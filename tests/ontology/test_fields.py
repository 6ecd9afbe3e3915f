"""Fields of cooperation named in a sentence."""

from __future__ import annotations

import pytest

from kg.extract.fields import find_fields, load_fields, read_fields
from kg.resolve.normalize import match_key


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("Hai bên hợp tác trong lĩnh vực nông nghiệp, du lịch, y tế.",
         ("agriculture", "tourism", "health")),
        ("Đẩy mạnh hợp tác giáo dục - đào tạo, văn hóa, thể thao",
         ("education", "culture", "sport")),
        ("trao đổi kinh nghiệm công tác xây dựng Đảng", ("party_building",)),
        ("TRAO ĐỔI KINH NGHIỆM CÔNG TÁC XÂY DỰNG ĐẢNG", ("party_building",)),
        ("thúc đẩy thương mại, đầu tư và giao thông kết nối", ("trade", "investment", "transport")),
        ("phối hợp bảo đảm quốc phòng, an ninh trên tuyến biên giới", ("defence_security",)),
        ("hợp tác khoa học - công nghệ và bảo vệ môi trường",
         ("science_technology", "environment")),
        ("hợp tác về lao động, việc làm", ("labour",)),
        ("xuất khẩu lao động sang Lào", ("labour",)),  # the longer phrase wins over trade
        ("văn hoá và du lịch", ("tourism", "culture")),  # old-style tone mark
        ("tỉnh Điện Biên và tỉnh Phông Sa Lỳ hội đàm", ()),
        ("Theo đó, hai bên ký biên bản ghi nhớ", ()),
        ("những người nông dân", ()),  # "nông" alone is no field
    ],
)  # fmt: skip
def test_find_fields(sentence: str, codes: tuple[str, ...]) -> None:
    assert find_fields(match_key(sentence)) == codes


def test_codes_are_unique_snake_case_with_both_labels() -> None:
    fields = load_fields()
    codes = [f.code for f in fields]
    assert len(codes) == len(set(codes))
    for field in fields:
        assert field.code.replace("_", "").isalpha() and field.code.islower()
        assert field.label_en and field.label_vi and field.words


def test_read_fields_skips_comments() -> None:
    text = (
        "# a comment\ncode\tlabel_en\tlabel_vi\twords\n"
        "trade\ttrade\tthương mại\tbuôn bán|thương mại\n"
    )
    (field,) = read_fields(text)
    assert field.words == ("buôn bán", "thương mại")
