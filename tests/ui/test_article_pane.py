"""Article text: highlight colours, overlapping claims, emphasis, hover text and clicks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from ui.article_text import ArticleText
from ui.highlights import Mark, blend, pieces
from ui.resources import highlight_colours

TEXT = "The minister said talks would continue. Officials denied it the next day.\nA second paragraph here."


def formats(view: ArticleText) -> list[tuple[int, int, str, bool]]:
    """(start, length, background, dotted underline) of each highlight on the first block."""
    found = []
    for r in view.document().firstBlock().layout().formats():
        dotted = r.format.underlineStyle() != r.format.UnderlineStyle.NoUnderline
        found.append((r.start, r.length, r.format.background().color().name(), dotted))
    return found


def test_overlapping_claims_are_cut_into_pieces_innermost_last() -> None:
    outer = Mark(0, 38, 1, 10, "#aaaaaa")
    inner = Mark(4, 12, 2, 20, "#d7301f")
    cut = pieces([outer, inner])
    assert [(p.start, p.end, [m.claim_id for m in p.marks]) for p in cut] == [
        (0, 4, [1]), (4, 12, [1, 2]), (12, 38, [1]),
    ]


def test_highlights_use_the_rating_colour_and_show_overlaps(qtbot) -> None:
    view = ArticleText()
    qtbot.addWidget(view)
    unrated = highlight_colours()["unrated"]
    view.show_text(TEXT, [Mark(0, 38, 1, 10, unrated), Mark(4, 12, 2, 20, "#d7301f")])
    overlap = blend([unrated, "#d7301f"]).name()
    assert formats(view) == [
        (0, 4, QColor(unrated).name(), False),
        (4, 8, overlap, True),
        (12, 26, QColor(unrated).name(), False),
    ]
    view.set_marks([])
    assert formats(view) == []


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
