"""Code point <-> UTF-16 conversion, and highlights on text with characters outside the BMP."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.article_text import ArticleText
from ui.highlights import Mark
from ui.offsets import OffsetMap, display_text

ASTRAL_TEXT = "Claim 😀 one. 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 claim two 👍🏽 end."


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_offsets_agree_with_utf16_encoding_on_astral_text() -> None:
    offsets = OffsetMap(ASTRAL_TEXT)
    assert not offsets.identity
    assert offsets.length_u16 == utf16_len(ASTRAL_TEXT)
    for cp in range(len(ASTRAL_TEXT) + 1):
        u16 = offsets.to_utf16(cp)
        assert u16 == utf16_len(ASTRAL_TEXT[:cp])
        assert offsets.to_cp(u16) == cp


def test_a_position_inside_a_surrogate_pair_rounds_to_the_whole_character() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.to_cp(2) == 1  # between the two halves of 😀
    assert offsets.span_to_cp(1, 2) == (1, 2)  # half the emoji selected: the emoji as a whole


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_round_trip_for_any_text(text: str) -> None:
    offsets = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert offsets.to_cp(offsets.to_utf16(cp)) == cp
        assert offsets.to_utf16(cp) == utf16_len(text[:cp])


def test_display_text_keeps_every_position() -> None:
    text = "one\r\ntwo 😀\r\nthree"
    assert utf16_len(display_text(text)) == utf16_len(text)


def test_highlight_after_emoji_covers_exactly_the_claim(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    start = ASTRAL_TEXT.index("claim two")
    end = start + len("claim two")
    view.show_text(ASTRAL_TEXT, [Mark(start, end, 1, 1, "#fc8d59")])
    (fmt_range,) = view.document().firstBlock().layout().formats()
    assert fmt_range.start == utf16_len(ASTRAL_TEXT[:start])
    assert fmt_range.length == utf16_len("claim two")
    view.select_span(start, end)
    assert view.textCursor().selectedText() == "claim two"
    assert view.selected_span() == (start, end)
    assert [m.claim_id for m in view.marks_at(start + 3)] == [1]
    assert view.marks_at(start - 2) == []
