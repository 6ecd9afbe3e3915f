import pytest

from kg.ingest.clean import body_spans, is_furniture, is_tail_marker


@pytest.mark.parametrize(
    "line",
    ["1.JPG", "Anh-tin-bai", "fbytzltw", "892", "Họ tên:(*)", "Hôm nay:", "KIỀU OANH", "  "],
)
def test_page_furniture_is_dropped(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Quang cảnh hội nghị.",
        "Lãnh đạo Đảng ủy Khối 3 tỉnh Ký kết bản ghi nhớ giai đoạn 2023-2025",
        "Lãnh đạo hai Văn phòng Tỉnh ủy ký kết hợp tác. |",
    ],
)
def test_captions_and_story_lines_are_kept(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Có thể bạn quan tâm",
        "Tin cùng chuyên mục",
        "Các tin khác",
        "Đọc thêm",
        "Truy cập",
        "Các bài đã đăng :",
        "Viết bình luận",
        "Chủ đề 60 năm thiết lập quan hệ ngoại giao",
    ],
)
def test_related_news_and_forms_end_the_story(line: str) -> None:
    assert is_tail_marker(line)


def test_spans_point_into_the_original_text_and_drop_repeated_headlines() -> None:
    text = "Tiêu đề\n\nCâu một.\n1.JPG\nTiêu đề\nCâu hai.\nĐọc thêm\nTin khác ký kết."
    spans = body_spans(text, "Tiêu đề")
    assert [text[s:e] for s, e in spans] == ["Tiêu đề", "Câu một.", "Câu hai."]
