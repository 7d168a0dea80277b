"""each article's content terms in reading order, for a cheap first look when matching

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00

Matching a claim looks at up to a hundred candidate articles; reading their stored term sequences
tells which hold a dense window of the claim's terms without normalising and tokenising them.
Existing articles get their sequence here, computed with a frozen copy (below) of the tokenizer new
imports used when this migration was written: a later change to the live tokenizer never changes what
this migration does (the search index records its version; `claim-workbench reindex` rebuilds it).
"""

from __future__ import annotations

import html.entities
import re

import snowballstemmer
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 200


def upgrade() -> None:
    op.create_table(
        "article_term_sequences",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_term_sequences_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_term_sequences")),
    )
    connection = op.get_bind()
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    sequences = sa.table("article_term_sequences", sa.column("article_id", sa.Integer), sa.column("terms", sa.Text))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.text).where(articles.c.id > last).order_by(articles.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(sa.insert(sequences), [
            {"article_id": aid, "terms": " ".join(_content_terms(_normalized_text(text)))} for aid, text in rows
        ])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("article_term_sequences")


# -- frozen copy of the text normaliser and tokenizer of November 2026 -------------------------------
# (workbench/normalize.py and workbench/matching/tokens.py as they were when this migration was written;
# only the normalised text is needed here, not its offset map)

_DOUBLE_QUOTES = "\"“”„‟«»″〝〞＂"
_SINGLE_QUOTES = "'‘’‚‛′`‹›"
_QUOTES = _DOUBLE_QUOTES + _SINGLE_QUOTES
_DASHES = "‐‑‒–—―−"
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LINE_END = r"[ \t]*(?:\r\n|\r|\n)[ \t]*"

# The leading look-ahead lets the scan skip ordinary characters quickly.
_UNIT = re.compile(
    rf"(?=[\s&\-{_QUOTES}{_DASHES}{_IGNORABLE}…])(?:"
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    # a word hyphenated across a line end: "nego-\ntiations" -> "negotiations"
    rf"|(?P<split>[-\u00ad](?<=[^\W\d_][-\u00ad]){_LINE_END}(?=[^\W\d_]))"
    # a compound hyphenated across a line end keeps its hyphen: "NATO-\nRussia" -> "nato-russia"
    rf"|(?P<wrap>-(?<!--){_LINE_END}(?=[^\W\d_]))"
    r"|(?P<space>[^\S ]\s*| \s+)"
    rf"|(?P<quote>[{_QUOTES}]+)"
    rf"|(?P<dash>-{{2,}}|[{_DASHES}]+)"
    rf"|(?P<ignorable>[{_IGNORABLE}]+)"
    r"|(?P<ellipsis>…))"
)

def _decode_entity(entity: str) -> str | None:
    """The text of an HTML entity like '&amp;' or '&#8217;', or None when it is unknown."""
    body = entity[1:-1]
    if body.startswith("#"):
        try:
            code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else None
        except ValueError:
            return None
    return html.entities.html5.get(body + ";")


def _fold_char(ch: str) -> str:
    """The matching form of one decoded character (quotes, dashes, spaces, case)."""
    if ch.isspace():
        return " "
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch in _IGNORABLE:
        return ""
    if ch == "…":
        return "..."
    return ch.casefold()


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "space":
        return " "
    if kind == "quote":
        run = match.group()
        if len(run) > 1:
            return '"'
        return '"' if run in _DOUBLE_QUOTES else "'"
    if kind in ("dash", "wrap"):
        return "-"
    if kind in ("split", "ignorable"):
        return ""
    if kind == "ellipsis":
        return "..."
    decoded = _decode_entity(match.group())
    if decoded is None:
        return match.group().casefold()
    return "".join(_fold_char(c) for c in decoded)



def _normalized_text(text: str) -> str:
    """The matching view of text (quotes, dashes, spaces, line wraps, case and entities folded)."""
    out: list[str] = []
    pos = 0
    last_space = False
    for match in _UNIT.finditer(text):
        at = match.start()
        if at > pos:
            last_space = _plain(text, pos, at, last_space, out)
        end = match.end()
        kind = match.lastgroup
        if kind == "space":
            repl = " "
        elif kind == "split":
            repl = "" if text[end].islower() else "-"
        else:
            repl = _replacement(match)
        if last_space and repl[:1] == " ":
            repl = repl[1:]
        if repl:
            out.append(repl)
            last_space = repl[-1] == " "
        pos = end
    if pos < len(text):
        _plain(text, pos, len(text), last_space, out)
    return "".join(out)


def _plain(text: str, pos: int, stop: int, last_space: bool, out: list[str]) -> bool:
    """Append the case-folded plain run text[pos:stop]; return whether the output now ends with a space."""
    if last_space and text[pos] == " ":
        pos += 1
        if pos >= stop:
            return last_space
    out.append(text[pos:stop].casefold())
    return bool(out) and out[-1][-1:] == " "


STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves i'm i've i'll i'd you're you've
    you'll you'd he's he'll he'd she's she'll she'd it's it'll we're we've we'll we'd they're
    they've they'll they'd that's there's here's what's who's let's isn't aren't wasn't weren't
    hasn't haven't hadn't doesn't don't didn't won't wouldn't can't cannot couldn't shouldn't
    mustn't shan't may might must shall ago yet still even however thus
    """.split()  # noqa: SIM905 - a word list reads better as text
)


_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:'[^\W_]+)*")

_stemmer = snowballstemmer.stemmer("english")
_stems: dict[str, str] = {}


def _content_terms(normalized: str) -> list[str]:
    """The stemmed content terms of a normalised text, in order."""
    terms: list[str] = []
    for word in _WORD.findall(normalized):
        if "." in word:
            word = word.replace(".", "")
        elif word in STOP_WORDS or len(word) < 2:
            continue
        stem = _stems.get(word)
        if stem is None:
            stem = _stems[word] = _stemmer.stemWord(word)[:100]
        terms.append(stem)
    return terms
