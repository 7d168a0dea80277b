"""Word-level differences as rich text: insertions underlined in green, deletions struck through in red.

With ``marked=True`` every change also carries a "+" or "−" sign, so the diff reads without colour
(colour-blind readers, greyscale prints); ``dark=True`` picks colours for a dark palette.
"""

from __future__ import annotations

import html

from workbench.worddiff import DELETE, INSERT, word_diff

INSERT_STYLE = "background:#c7f0c2;color:#14321a;text-decoration:underline"
DELETE_STYLE = "background:#f8cfcf;color:#4a1010;text-decoration:line-through"
INSERT_STYLE_DARK = "background:#1e4a27;color:#d4f7d0;text-decoration:underline"
DELETE_STYLE_DARK = "background:#5a2020;color:#ffd6d6;text-decoration:line-through"
_SIGN_STYLE = "text-decoration:none;font-weight:bold"
_LEANS_LEFT = set(",.;:!?)]}%'\"’”»…")


def _styles(dark: bool) -> tuple[str, str]:
    return (INSERT_STYLE_DARK, DELETE_STYLE_DARK) if dark else (INSERT_STYLE, DELETE_STYLE)


def diff_html(old: str, new: str, *, marked: bool = False, dark: bool = False) -> str:
    """new shown against old: inserted words marked, deleted words struck through, spacing kept readable."""
    parts = word_diff(old, new)
    insert_style, delete_style = _styles(dark)
    out: list[str] = []
    for i, part in enumerate(parts):
        text = html.escape(part.text)
        if part.op == INSERT:
            sign = f"<span style='{_SIGN_STYLE}'>+</span>" if marked else ""
            out.append(f"<span style='{insert_style}'>{sign}{text}</span>")
        elif part.op == DELETE:
            sign = f"<span style='{_SIGN_STYLE}'>−</span>" if marked else ""
            previous = parts[i - 1].text[-1:] if i else ""
            following = parts[i + 1].text[:1] if i + 1 < len(parts) else ""
            before = "" if not out or previous.isspace() or part.text[0] in _LEANS_LEFT else " "
            after = "" if not following or following.isspace() or following in _LEANS_LEFT else " "
            out.append(f"{before}<span style='{delete_style}'>{sign}{text}</span>{after}")
        else:
            out.append(text)
    return "".join(out)


def diff_legend(*, marked: bool = False, dark: bool = False, against: str = "the selected claim") -> str:
    """A short rich-text legend for the diff colours."""
    insert_style, delete_style = _styles(dark)
    plus, minus = ("+", "−") if marked else ("", "")
    return (
        f"<span style='{insert_style}'>{plus}added</span> "
        f"<span style='{delete_style}'>{minus}missing</span> compared with {html.escape(against)}"
    )
