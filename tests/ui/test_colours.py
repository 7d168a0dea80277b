"""Highlights people can read: text on every rating's tint keeps WCAG AA contrast in light and dark palettes."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ui.article_text import ArticleText
from ui.colours import MARK_CONTRAST, TEXT_CONTRAST, contrast_ratio, dark_palette, relative_luminance, tint_for
from ui.highlights import FormatCache, Mark
from ui.resources import highlight_colours
from workbench.service import Workbench

TEXT = "The minister said talks would continue. Officials denied it the next day.\nA second paragraph here."


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


PALETTES = {"light": light_palette, "dark": dark_palette}


def rating_colours(wb: Workbench) -> list[str]:
    """Every colour a highlight can have: the library's scale, the bundled defaults, unrated."""
    return sorted({r.colour for r in wb.rating_scale()} | {c for k, c in highlight_colours().items()
                                                           if k != "selected_outline"})


def test_the_wcag_formula_gives_the_known_ratios() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert relative_luminance(QColor("#ffffff")) == pytest.approx(1.0)


@pytest.mark.parametrize("name", PALETTES)
def test_every_rating_tint_keeps_the_text_readable_and_its_mark_visible(name: str, wb: Workbench) -> None:
    palette = PALETTES[name]()
    text = palette.color(QPalette.ColorRole.Text)
    cache = FormatCache(palette)
    colours = rating_colours(wb)
    assert len(colours) >= 7
    for combo in [(c,) for c in colours] + list(combinations(colours, 2)):  # overlapping claims blend
        tint = cache.tint(combo)
        assert contrast_ratio(text, tint.background) >= TEXT_CONTRAST, (name, combo, tint.background.name())
        assert contrast_ratio(tint.mark, tint.background) >= MARK_CONTRAST, (name, combo, tint.mark.name())
        assert tint.background != palette.color(QPalette.ColorRole.Base)  # still a visible highlight


def test_the_false_rating_is_no_longer_a_dark_red_fill_under_black_text() -> None:
    old = contrast_ratio(QColor("#1b1b1b"), QColor("#d7301f"))  # how it was drawn before
    tint = tint_for("#d7301f", "#000000", "#ffffff")
    assert old < TEXT_CONTRAST <= contrast_ratio(QColor("#000000"), tint.background)


def background_of(image: QImage, left: int, top: int, right: int, bottom: int) -> QColor:
    """The most common colour of a region (behind the glyphs)."""
    counts = Counter(image.pixelColor(x, y).name() for x in range(left, right) for y in range(top, bottom))
    return QColor(counts.most_common(1)[0][0])


@pytest.mark.parametrize("name", PALETTES)
def test_the_drawn_highlight_has_the_contrast_in_both_palettes(qtbot, name: str, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = ArticleText()
    qtbot.addWidget(view)
    view.setPalette(PALETTES[name]())
    view.resize(520, 200)
    view.show()
    qtbot.waitExposed(view)
    view.show_text(TEXT, [Mark(4, 38, 1, 10, "#d7301f"), Mark(40, 72, 2, 20, "#31a354")])
    image = view.viewport().grab().toImage()
    image.save(str(tmp_path / f"highlight-{name}.png"))
    text = view.palette().color(QPalette.ColorRole.Text)
    for start, end in ((4, 38), (40, 72)):
        rect = view.span_rects(*view.offsets.span_to_utf16(start, end))[0].toRect()
        fill = background_of(image, rect.left() + 2, rect.top() + 1, rect.right() - 2, rect.bottom() - 3)
        assert contrast_ratio(text, fill) >= TEXT_CONTRAST, (name, fill.name())
        assert fill != view.palette().color(QPalette.ColorRole.Base)
