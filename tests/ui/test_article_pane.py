"""Article text: highlight colours, overlapping claims, emphasis, hover text and clicks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCharFormat

from ui.article_text import ArticleText
from ui.highlights import FormatCache, Mark, pieces
from ui.resources import highlight_colours

TEXT = "The minister said talks would continue. Officials denied it the next day.\nA second paragraph here."


def formats(view: ArticleText) -> list[tuple[int, int, str, QTextCharFormat.UnderlineStyle, str]]:
    """(start, length, background, underline style, underline colour) of each highlight on the first block."""
    return [
        (r.start, r.length, r.format.background().color().name(), r.format.underlineStyle(),
         r.format.underlineColor().name())
        for r in view.document().firstBlock().layout().formats()
    ]


def test_overlapping_claims_are_cut_into_pieces_innermost_last() -> None:
    outer = Mark(0, 38, 1, 10, "#aaaaaa")
    inner = Mark(4, 12, 2, 20, "#d7301f")
    cut = pieces([outer, inner])
    assert [(p.start, p.end, [m.claim_id for m in p.marks]) for p in cut] == [
        (0, 4, [1]), (4, 12, [1, 2]), (12, 38, [1]),
    ]


def test_highlights_are_tints_of_the_rating_colour_underlined_in_it(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    unrated = highlight_colours()["unrated"]
    view.show_text(TEXT, [Mark(0, 38, 1, 10, unrated, rated=False), Mark(4, 12, 2, 20, "#d7301f")])
    cache = FormatCache(view.palette())
    plain, both = cache.tint((unrated,)), cache.tint((unrated, "#d7301f"))
    style = QTextCharFormat.UnderlineStyle
    assert formats(view) == [
        (0, 4, plain.background.name(), style.DashUnderline, plain.mark.name()),  # unrated: dashed
        (4, 8, both.background.name(), style.WaveUnderline, both.mark.name()),  # two claims overlap: wavy
        (12, 26, plain.background.name(), style.DashUnderline, plain.mark.name()),
    ]
    assert QColor(plain.background.name()) != QColor(unrated)  # a tint, not the rating colour itself
    view.set_marks([Mark(0, 38, 1, 10, "#d7301f")])
    assert formats(view)[0][3] == style.SingleUnderline  # rated: solid, in the rating's (darkened) colour
    view.set_marks([])
    assert formats(view) == []


def test_each_highlighted_line_gets_a_marker_in_the_margin(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    view.show_text(TEXT, [Mark(79, 97, 3, 30, "#d7301f")])  # in the second paragraph only
    (rect, colour), = view.markers()
    line = view.span_rects(*view.offsets.span_to_utf16(79, 97))[0]
    assert rect.top() >= line.top() - 1 and rect.bottom() <= line.bottom() + 1 and rect.right() < line.left()
    image = view.viewport().grab().toImage()
    pixel = image.pixelColor(int(rect.center().x()), int(rect.center().y()))
    assert pixel.name() == colour.name()


def test_emphasis_outlines_only_the_selected_group(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    view.show_text(TEXT, [Mark(0, 38, 1, 10, "#aaaaaa"), Mark(40, 72, 2, 20, "#d7301f")])
    view.set_emphasis([2])
    assert view.emphasised() == [(40, 72)]
    assert view.span_rects(40, 72)
    image = view.viewport().grab().toImage()
    rect = view.span_rects(40, 72)[0].toRect()
    outline = QColor(highlight_colours()["selected_outline"])
    edge = image.pixelColor(rect.center().x(), rect.top())
    assert abs(edge.blue() - outline.blue()) < 60 and edge.red() < 120


def test_click_on_a_highlight_selects_its_claim_and_hover_names_it(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    view.show_text(TEXT, [Mark(40, 72, 7, 3, "#d7301f")])
    view.tooltip_for = lambda marks: ", ".join(f"group {m.group_id}" for m in marks)
    point = view.span_rects(40, 72)[0].center().toPoint() + QPoint(2, 0)
    with qtbot.waitSignal(view.claimClicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [7]
    assert [m.claim_id for m in view.marks_at(view.char_at(point))] == [7]
    assert view.tooltip_for(view.marks_at(view.char_at(point))) == "group 3"
    outside = view.span_rects(0, 10)[0].center().toPoint()
    assert view.click_at(outside) is None
