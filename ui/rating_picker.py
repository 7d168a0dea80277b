"""The rating choices: one checkable button per rating of the scale, plus "Unrated", wrapping to the width."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QPushButton, QSizePolicy, QWidget

from ui.colours import text_colour_on
from ui.flow_layout import FlowLayout
from workbench.service import RatingInfo

UNRATED = "Unrated"


def _swatch(colour: QColor | None, *, checked: bool, size: int, ratio: float, outline: QColor) -> QPixmap:
    """A round colour swatch (hollow for 'unrated'), with a check mark when chosen."""
    pixmap = QPixmap(QSize(size, size) * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRect(1, 1, size - 2, size - 2)
    if colour is None:
        painter.setPen(QPen(outline, 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QPen(colour.darker(150), 1))
        painter.setBrush(colour)
    painter.drawEllipse(box)
    if checked:
        mark = outline if colour is None else text_colour_on(colour)
        painter.setPen(QPen(mark, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        s = size
        painter.drawPolyline([QPoint(int(s * 0.28), int(s * 0.52)), QPoint(int(s * 0.44), int(s * 0.68)),
                              QPoint(int(s * 0.73), int(s * 0.34))])
    painter.end()
    return pixmap


class RatingPicker(QWidget):
    """A row of checkable buttons, one per rating in the scale plus 'Unrated'; wraps to the width."""

    picked = Signal(object)  # the rating key, or None for 'unrated'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingPicker")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.buttonClicked.connect(self._clicked)
        self._layout = FlowLayout(self)
        self._keys: dict[QAbstractButton, str | None] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_scale(self, ratings: Sequence[RatingInfo]) -> None:
        """Show one button per rating (in scale order), then 'Unrated'."""
        for button in list(self._keys):
            self._group.removeButton(button)
            self._layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._keys.clear()
        choices: list[tuple[str | None, str, QColor | None, str]] = [
            (r.key, r.label, QColor(r.colour), _rating_tooltip(r)) for r in ratings
        ]
        choices.append((None, UNRATED, None, "No rating yet: the claim is shown in the neutral colour"))
        ratio = self.devicePixelRatioF() or 1.0
        outline = self.palette().color(QPalette.ColorRole.WindowText)
        for key, label, colour, tip in choices:
            button = QPushButton(label, self)
            button.setObjectName(f"rating_{key or 'unrated'}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.setAccessibleName(f"Rating: {label}")
            icon = QIcon()
            icon.addPixmap(_swatch(colour, checked=False, size=14, ratio=ratio, outline=outline), QIcon.Mode.Normal,
                           QIcon.State.Off)
            icon.addPixmap(_swatch(colour, checked=True, size=14, ratio=ratio, outline=outline), QIcon.Mode.Normal,
                           QIcon.State.On)
            button.setIcon(icon)
            if colour is not None:
                text = text_colour_on(colour).name()
                button.setStyleSheet(
                    f"QPushButton:checked {{ background-color: {colour.name()}; color: {text};"
                    f" border: 2px solid {colour.darker(160).name()}; border-radius: 4px;"
                    " padding: 3px 8px; font-weight: bold; }"
                )
            else:
                button.setStyleSheet(
                    "QPushButton:checked { border: 2px solid palette(window-text); border-radius: 4px;"
                    " padding: 3px 8px; font-weight: bold; }"
                )
            self._group.addButton(button)
            self._layout.addWidget(button)
            self._keys[button] = key
        bold = QFont(self.font())
        bold.setBold(True)
        wider = QFontMetrics(bold)  # a checked button's label is bold: room for it, or "Mostly false" is cut
        width = max((b.sizeHint().width() + wider.horizontalAdvance(b.text()) - b.fontMetrics().horizontalAdvance(
            b.text()) for b in self._keys), default=0) + 8
        for button in self._keys:
            button.setMinimumWidth(width)
        self.updateGeometry()

    def set_rating(self, key: str | None) -> None:
        """Check the button of a rating key (None: 'Unrated')."""
        for button, button_key in self._keys.items():
            if button_key == key:
                button.setChecked(True)
                return

    def rating(self) -> str | None:
        """The checked rating key, None for 'Unrated'."""
        button = self._group.checkedButton()
        return self._keys.get(button) if button is not None else None

    def button(self, key: str | None) -> QPushButton:
        """The button of a rating key (None: 'Unrated')."""
        for button, button_key in self._keys.items():
            if button_key == key:
                assert isinstance(button, QPushButton)
                return button
        raise KeyError(key)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.heightForWidth(width)

    def _clicked(self, button: QAbstractButton) -> None:
        self.picked.emit(self._keys.get(button))


def _rating_tooltip(rating: RatingInfo) -> str:
    place = f" (score {rating.value} of the scale)" if rating.value is not None else " (outside the scale)"
    return f"Rate this claim “{rating.label}”{place}"
