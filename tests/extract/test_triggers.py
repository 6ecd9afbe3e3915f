import pytest

from kg.extract.triggers import find_triggers
from kg.resolve.normalize import match_key


@pytest.mark.parametrize(
    ("sentence", "relations"),
    [
        ("lãnh đạo hai tỉnh đã ký kết Biên bản ghi nhớ hợp tác toàn diện", {"signed_mou"}),
        ("Hai bên ký Bản ghi nhớ (MoU) về hợp tác", {"signed_mou"}),
        ("đã ký Chương trình phối hợp công tác giai đoạn 2024-2025", {"signed_agreement"}),
        ("lễ ký kết thỏa thuận hợp tác giữa hai tỉnh", {"signed_agreement"}),
        ("biên bản hội đàm đã ký giữa 2 địa phương từ năm 2018", {"signed_agreement"}),
        ("Lãnh đạo hai Văn phòng Tỉnh ủy ký kết hợp tác.", {"signed_agreement"}),
        ("buổi lễ kết nghĩa diễn ra giữa hai tỉnh", {"twinned"}),
        ("Hội nghị đánh giá kết quả hợp tác giữa 2 địa phương", {"reviewed_cooperation"}),
        ("Hội nghị sơ kết 5 năm thực hiện thỏa thuận hợp tác", {"reviewed_cooperation"}),
        ("tổ chức Hội nghị đánh giá 01 năm Bản ghi nhớ hợp tác", {"reviewed_cooperation"}),
        (
            "buổi hội đàm đánh giá kết quả hợp tác, kết nghĩa giữa hai bên",
            {"held_talks", "reviewed_cooperation", "twinned"},
        ),
        ("Đoàn công tác tỉnh thăm và làm việc với tỉnh bạn", {"held_talks"}),
        ("hai địa phương chưa tổ chức được hội đàm thường niên", set()),
        ("Hai tỉnh tăng cường hợp tác toàn diện và đi vào chiều sâu", set()),
        ("các đại biểu tặng quà lưu niệm", set()),
    ],
)
def test_relations_named_by_a_sentence(sentence: str, relations: set[str]) -> None:
    assert {t.relation for t in find_triggers(match_key(sentence))} == relations
