"""Words that name a partnership event, one pattern per relation (over match keys).

Kept apart from the logic that uses them so that they read as data and are easy to extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOU = re.compile(r"(?:biên bản|bản|văn bản|thỏa thuận) ghi nhớ|\bmou\b|ghi nhớ hợp tác")
SIGN = re.compile(r"(?<!\w)(?:ký|kí)(?: kết)?(?!\w)")
AGREEMENT = re.compile(
    r"chương trình (?:hợp tác|phối hợp|hành động|công tác|liên kết|làm việc)|"
    r"thỏa thuận(?: hợp tác| phối hợp| liên kết)?|kế hoạch (?:hợp tác|phối hợp|liên kết)|"
    r"quy chế (?:phối hợp|hợp tác|làm việc)|hiệp định|hợp đồng hợp tác|"
    r"biên bản (?:hợp tác|hội đàm|làm việc|thỏa thuận|thống nhất|ký kết|hội nghị)|"
    r"(?:ký|kí) kết hợp tác|cam kết hợp tác|văn bản (?:hợp tác|thỏa thuận|thiết lập|ký kết)"
)
TWIN = re.compile(r"kết nghĩa")
TALKS = re.compile(
    r"hội đàm|hội nghị (?:hợp tác|trao đổi|giao ban|liên kết|xúc tiến|song phương)|"
    r"buổi làm việc|làm việc với|thăm và làm việc|thăm, làm việc|tiếp (?:xã giao )?đoàn|"
    r"đón (?:tiếp )?đoàn|hội nghị thường niên|giao lưu hữu nghị|(?:đã|cùng) làm việc|"
    r"hội nghị lần thứ|hội nghị giao ban|nhóm công tác liên hợp|tiếp xã giao|"
    r"(?:hai bên|lãnh đạo hai \w+(?: \w+)?) (?:đã )?(?:thảo luận|làm việc)"
)
REVIEW = re.compile(
    r"(?:đánh giá(?! cao)|sơ kết|tổng kết|kiểm điểm|nhìn lại)(?:\s+\S+){0,8}?\s+"
    r"(?:kết quả |việc thực hiện |thực hiện )?(?:hợp tác|bản ghi nhớ|biên bản ghi nhớ|"
    r"chương trình|thỏa thuận|kết nghĩa|phối hợp|quan hệ|ghi nhớ)"
)
# "Tại hội đàm, ...", "Dự buổi làm việc có ...", "Sau hội đàm, ...": the meeting is the setting
# of what the sentence tells, told already where the meeting itself was reported.
SETTING = re.compile(
    r"(?:tại|dự|tham dự|sau|trước|kết thúc|trong|phát biểu tại|bế mạc)\s+(?:các\s+)?"
    r"(?:buổi|cuộc|lễ|phiên)?\s*$"
)
# "sẽ nghiên cứu, tiến tới ký kết": a plan, not an event.
INTENT = re.compile(
    r"(?:sẽ|tiến tới|dự kiến|chuẩn bị|hướng tới|xem xét|nghiên cứu|mong muốn|đề nghị|đề xuất)"
    r"\b[^.;]{0,25}$"
)
NEGATION = re.compile(r"(?:chưa|không|chẳng|chưa từng|không thể)\b[^.;,]{0,25}$")


@dataclass(frozen=True)
class Trigger:
    relation: str
    start: int  # offset within the sentence key
    end: int


def _affirmed(key: str, match: re.Match[str]) -> bool:
    before = key[max(0, match.start() - 30) : match.start()]
    return not NEGATION.search(before) and not INTENT.search(before)


def find_triggers(key: str) -> list[Trigger]:
    """The relations a sentence (as a match key) names, with where each word is.

    >>> [t.relation for t in find_triggers("đã ký kết biên bản ghi nhớ hợp tác toàn diện")]
    ['signed_mou']
    >>> [t.relation for t in find_triggers("hội nghị đánh giá kết quả hợp tác giữa 2 địa phương")]
    ['reviewed_cooperation']
    >>> find_triggers("hai địa phương chưa tổ chức được hội đàm thường niên")
    []
    """
    found: list[Trigger] = []
    reviews = [m for m in REVIEW.finditer(key) if _affirmed(key, m)]
    for review in reviews:
        found.append(Trigger("reviewed_cooperation", review.start(), review.end()))

    def reviewed_object(match: re.Match[str]) -> bool:
        return any(r.start() <= match.start() <= r.end() + 12 for r in reviews)

    signed = SIGN.search(key) is not None
    for mou in MOU.finditer(key):
        if _affirmed(key, mou) and not reviewed_object(mou):
            found.append(Trigger("signed_mou", mou.start(), mou.end()))
            break
    if signed:
        for agreement in AGREEMENT.finditer(key):
            inside_mou = any(m.start() <= agreement.start() < m.end() for m in MOU.finditer(key))
            if not inside_mou and _affirmed(key, agreement) and not reviewed_object(agreement):
                found.append(Trigger("signed_agreement", agreement.start(), agreement.end()))
                break
    agreements = [(m.start(), m.end()) for m in AGREEMENT.finditer(key)]
    for pattern, relation in ((TWIN, "twinned"), (TALKS, "held_talks")):
        for match in pattern.finditer(key):
            # "biên bản hội đàm" names a signed document, not a meeting.
            part_of_agreement = any(s <= match.start() < e for s, e in agreements)
            setting = relation == "held_talks" and SETTING.search(key[: match.start()][-30:])
            if _affirmed(key, match) and not part_of_agreement and not setting:
                found.append(Trigger(relation, match.start(), match.end()))
                break
    return found
