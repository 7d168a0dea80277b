"""Issue 15's new views: chart rendering (PNG, SVG, widget), the Overview dock, the Conflicts view, drift marks.

Pictures are checked where it matters: size, the page colour, each rating's colour where its bar,
cell or dot is drawn. ``CLAIM_WORKBENCH_SHOTS=folder`` keeps the screenshots for a look.
"""

from __future__ import annotations

import html
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from tests.ui.insight_demo import build_drift_demo, build_insight_demo
from ui.chart_painters import DARK, LIGHT
from ui.charts import ChartWidget, natural_size, render_file, render_image
from ui.conflicts_view import ConflictsView, load_conflicts_snapshot
from ui.drift_marks import KIND_COLOURS, drift_badges, drift_html
from ui.overview_dock import OverviewDock
from ui.workers import JobRunner
from workbench.scales import contrast_ratio
from workbench.service import ChartData, DriftInfo, Workbench


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("insight") / "demo.sqlite3"
    build_insight_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Workbench]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    wb = Workbench.open(copy, user="tester")
    yield wb
    wb.close()


def keep(image: QImage, name: str) -> None:
    """Save a screenshot where CLAIM_WORKBENCH_SHOTS points (to look at it)."""
    folder = os.environ.get("CLAIM_WORKBENCH_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"{name}.png"))


def colours(image: QImage) -> Counter[str]:
    """How many pixels of each colour (every second pixel; enough for solid areas)."""
    found: Counter[str] = Counter()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            found[image.pixelColor(x, y).name()] += 1
    return found


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("kind", ["outlet-verdicts", "spread", "timeline"])
def test_each_chart_draws_every_rating_it_shows_on_the_themes_page(demo: Workbench, kind: str, theme: object) -> None:
    chart = demo.chart_data(kind)
    image = render_image(chart, theme=theme)  # type: ignore[arg-type]
    keep(image, f"chart-{kind}-{theme.name}")  # type: ignore[attr-defined]
    assert (image.width(), image.height()) == natural_size(chart)
    assert image.pixelColor(3, 3).name() == theme.background  # type: ignore[attr-defined]
    found = colours(image)
    shown = {g.rating for g in chart.groups} | {r.rating for r in chart.rows} | {r.key for r in chart.ratings if
                                                                                  chart.counts}
    for rating in chart.ratings:
        if rating.key in shown:
            assert found[QColor(rating.colour).name()] >= 20, (rating.key, rating.colour)


def test_bars_are_as_long_as_their_counts(demo: Workbench) -> None:
    chart = demo.chart_data("outlet-verdicts")
    image = render_image(chart, (1000, 400))
    true = QColor(next(r.colour for r in chart.ratings if r.key == "true")).name()
    rows = {}
    for y in range(image.height()):
        run = sum(1 for x in range(image.width()) if image.pixelColor(x, y).name() == true)
        if run:
            rows[y] = run
    assert rows, "no bar in the colour of True"
    widest = max(rows.values())
    per_group = widest / max(row[[r.key for r in chart.ratings].index("true")] for row in chart.counts)
    assert per_group > 50  # one claim group is a visible length of bar at 1000 px


def test_an_empty_library_gets_a_message_not_an_empty_frame(wb: Workbench) -> None:
    chart = wb.chart_data("spread")
    assert chart.empty
    image = render_image(chart, (600, 300))
    assert len(colours(image)) > 2  # title and message were drawn


def test_svg_and_png_files(demo: Workbench, tmp_path: Path) -> None:
    chart = demo.chart_data("timeline")
    svg = tmp_path / "timeline.svg"
    assert render_file(chart, svg, theme="dark", size=(900, 420)) == (900, 420)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and 'viewBox="0 0 900 420"' in text and "First appearance" in text
    png = tmp_path / "timeline.png"
    render_file(chart, png)
    assert QImage(str(png)).size().toTuple() == natural_size(chart)
    with pytest.raises(OSError):
        render_file(chart, tmp_path / "missing" / "folder" / "x.png")


def test_the_chart_widget_follows_a_dark_palette(qtbot: object, demo: Workbench) -> None:
    widget = ChartWidget()
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    palette = QApplication.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    widget.setPalette(palette)
    widget.resize(900, 400)
    widget.set_chart(demo.chart_data("spread"))
    image = widget.grab().toImage()
    assert image.pixelColor(5, 5).name() == DARK.background


def test_the_overview_dock_charts_on_a_worker_and_exports(qtbot: object, demo: Workbench, tmp_path: Path) -> None:
    runner = JobRunner()
    dock = OverviewDock(runner)
    qtbot.addWidget(dock)  # type: ignore[attr-defined]
    dock.resize(900, 520)
    dock.show()
    dock.set_workbench(demo)
    qtbot.waitUntil(lambda: dock.chart.chart is not None and not runner.busy())  # type: ignore[attr-defined]
    assert isinstance(dock.chart.chart, ChartData) and dock.chart.chart.kind == "outlet-verdicts"
    dock.set_kind("spread")
    qtbot.waitUntil(lambda: dock.chart.chart is not None and dock.chart.chart.kind == "spread")  # type: ignore[attr-defined]
    keep(dock.grab().toImage(), "overview-dock")
    dock.set_groups([6])
    qtbot.waitUntil(lambda: dock.chart.chart.groups and [g.id for g in dock.chart.chart.groups] == [6])  # type: ignore[attr-defined,union-attr]
    out = tmp_path / "spread.svg"
    with qtbot.waitSignal(dock.exported):  # type: ignore[attr-defined]
        dock.export_to(out)
    assert "<svg" in out.read_text(encoding="utf-8")
    dock.set_workbench(None)
    assert dock.chart.chart is None


def test_the_conflicts_view_shows_both_verdicts_and_emits_merge_and_keep_apart(qtbot: object, demo: Workbench) -> None:
    view = ConflictsView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1000, 460)
    view.show()
    snapshot = load_conflicts_snapshot(demo)
    view.set_snapshot(snapshot)
    (conflict,) = snapshot.conflicts
    a, b = conflict.group_ids
    assert view.pages.currentIndex() == 1
    assert "Mostly false" in view.left.rating.text() and "True" in view.right.rating.text()
    assert "B. Checker" in view.right.details.text() and "A. Reviewer" in view.left.details.text()
    keep(view.grab().toImage(), "conflicts-view")
    with qtbot.waitSignal(view.merge_requested) as merge:  # type: ignore[attr-defined]
        view.right.keep.click()
    assert merge.args == [a, b, b]
    assert not view.keep_apart.isEnabled()
    view.reason.setText("The second one is about the State Department")
    with qtbot.waitSignal(view.keep_apart_requested) as apart:  # type: ignore[attr-defined]
        view.keep_apart.click()
    assert apart.args == [a, b, "The second one is about the State Department"]

    demo.merge_conflict(a, b, keep_verdict_of=b)  # what the window's command does with the intent
    view.set_snapshot(load_conflicts_snapshot(demo))
    assert view.pages.currentIndex() == 0 and view.empty.isVisibleTo(view)


def test_drift_marks_highlight_the_flagged_words_readably(demo: Workbench) -> None:
    flags = demo.drift(6)
    claim = demo.get_claim(flags[0].claim_id)
    mine = [f for f in flags if f.claim_id == claim.id]
    marked = drift_html(claim.text, mine)
    assert "title=\"quote to paraphrase: the quoted words differ\"" in marked
    assert "<span" in marked and "currently" in marked
    assert "paraphrase" in drift_badges(mine)
    for light_bg, light_fg, dark_bg, dark_fg in KIND_COLOURS.values():
        assert contrast_ratio(light_bg, light_fg) >= 4.5 and contrast_ratio(dark_bg, dark_fg) >= 4.5


def test_drift_marks_escape_text_and_ignore_spans_outside_it() -> None:
    flag = DriftInfo(1, 1, "number", "30", "40 <b>", "30 → 40", variant_spans=[(0, 6), (50, 60)])
    assert drift_html("40 <b> people", [flag]).count("<span") == 1
    assert "&lt;b&gt;" in drift_html("40 <b> people", [flag])


def drift_sheet(wb: Workbench, gid: int) -> QWidget:
    """Each outlet's wording under the canonical one with its drift marked, as the Compare view will show it."""
    group = wb.get_group(gid)
    flags = wb.drift(gid)
    sheet = QWidget()
    layout = QVBoxLayout(sheet)
    insight = wb.group_insights([gid])[gid]
    layout.addWidget(QLabel(f"<b>Canonical wording</b> · group {gid} · {insight.origin_label}"))
    canonical = QLabel(html.escape(group.canonical))
    canonical.setWordWrap(True)
    layout.addWidget(canonical)
    for claim in group.claims:
        mine = [f for f in flags if f.claim_id == claim.id]
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        badges = drift_badges(mine) or "same meaning"
        layout.addWidget(QLabel(f"<b>{html.escape(claim.source or '')}</b> &nbsp; {badges}"))
        body = QLabel(drift_html(claim.text, mine))
        body.setWordWrap(True)
        layout.addWidget(body)
        if mine:
            layout.addWidget(QLabel("<span style='color:#555'>" + "<br>".join(
                html.escape(f"{f.kind}: {f.detail}") for f in mine) + "</span>"))
    return sheet


def test_drift_marks_in_a_compare_layout(qtbot: object, tmp_path: Path) -> None:
    wb, gid = build_drift_demo(tmp_path / "drift.sqlite3", tmp_path)
    try:
        kinds = {(f.source, f.kind) for f in wb.drift(gid)}
        courier = {("Evening Courier", k) for k in ("attribution", "paraphrase", "negation", "hedge", "number")}
        herald = {("Weekly Herald", k) for k in ("paraphrase", "negation", "hedge", "number")}
        assert kinds == courier | herald
        assert wb.origins(gid).independent == 3  # the wire story and its reprint are one origin
        sheet = drift_sheet(wb, gid)
    finally:
        wb.close()
    qtbot.addWidget(sheet)  # type: ignore[attr-defined]
    sheet.resize(820, 10)
    sheet.show()
    sheet.resize(820, sheet.sizeHint().height())
    image = sheet.grab().toImage()
    keep(image, "drift-marks")
    found = colours(image)
    for kind in ("number", "negation", "hedge", "attribution", "paraphrase"):
        assert found[QColor(KIND_COLOURS[kind][0]).name()] > 10, kind


def test_the_scale_dialog_asks_where_unmatched_ratings_go(qtbot: object, demo: Workbench) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.scale_dialog import ScaleDialog

    dialog = ScaleDialog(demo)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # the scale in use is selected
    dialog.list.setCurrentRow(1)  # PolitiFact
    assert set(dialog.targets) == {"true", "mostly-true", "mixed", "mostly-false"}
    assert dialog.targets["mixed"].currentData() == "half-true" and ok.isEnabled()
    dialog.list.setCurrentRow(3)  # AFP-style: Mostly true and Mixed have no counterpart
    assert not ok.isEnabled() and "Say where" in dialog.status.text()
    dialog.targets["mostly-true"].setCurrentIndex(dialog.targets["mostly-true"].findData("true"))
    dialog.targets["mixed"].setCurrentIndex(dialog.targets["mixed"].findData("missing-context"))
    dialog.targets["mostly-false"].setCurrentIndex(dialog.targets["mostly-false"].findData("misleading"))
    assert ok.isEnabled()
    dialog.show()
    keep(dialog.grab().toImage(), "scale-dialog")
    scale, mapping = dialog.chosen()
    assert scale == "afp" and mapping["mixed"] == "missing-context"
    before = {g.id: g.rating for g in demo.list_groups()}
    switch = demo.use_scale(scale, mapping)
    assert {g.rating for g in demo.list_groups()} <= {"true", "missing-context", "misleading", None}
    demo.undo_scale_switch(switch)
    assert {g.id: g.rating for g in demo.list_groups()} == before

    dialog.list.setCurrentRow(dialog.list.count() - 1)  # a custom scale, starting from the one in use
    assert dialog.add_row.isVisible() and dialog.custom is not None
    dialog.table.item(0, 0).setText("#202020")
    assert dialog.custom is None and "too dark" in dialog.status.text() and not ok.isEnabled()
