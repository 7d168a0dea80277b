"""W3C Web Annotation JSON-LD: every claim as an annotation on its article, with its verdict as body.

The document is an ``AnnotationCollection`` whose one ``AnnotationPage`` (with its own ``id`` and
``partOf`` the collection, as the model requires of a page) holds:

- one annotation per claim (``urn:claim-workbench:<library>:claim:<id>``), targeting its article
  through a ``SpecificResource`` with a TextQuoteSelector (exact, prefix, suffix) and a
  TextPositionSelector (start, end in Unicode code points of the article's stored text, as the
  model requires). The source is the article's URL, or, for an article without one,
  ``urn:claim-workbench:text:sha256:<hash of its text>`` (stable across libraries). The body is the
  group's verdict: the rating label (purpose ``assessing``) and the rationale (``commenting``),
  and who made the claim (``describing``: "Claimant: …"); a claim with none of these is
  ``highlighting``.
- one ``linking`` annotation per claim group holding two or more claims: its targets are the
  claims' annotations, its body the group's canonical wording (purpose ``identifying``): the claims
  are one claim, found in several articles. It was ``created`` when its newest claim was marked.

A body in a right-to-left script carries ``textDirection: "rtl"``; a body quoting the articles
(the canonical wording) carries their ``language`` when the library knows it.

On a live web page the quote selector re-anchors; the positions refer to the text Claim Workbench
stored for the article.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import IO, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workbench.claimant import Claimant
from workbench.export.jsonld import ITEMS, iso_datetime, write_document
from workbench.export.scope import ExportScope
from workbench.export.tables import BATCH, Rating
from workbench.model import Article, Claim, ClaimGroup, Verdict

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur",
                           "yi"})


def _scoped(query: Select, scope: ExportScope) -> Select:
    groups = scope.groups()
    return query if groups is None else query.where(Claim.group_id.in_(groups))


def count_annotations(session: Session, scope: ExportScope) -> int:
    """Claims plus groups of two or more claims: the number of annotations written."""
    claims = session.scalar(_scoped(select(func.count(Claim.id)), scope)) or 0
    linked = _scoped(select(Claim.group_id).group_by(Claim.group_id).having(func.count(Claim.id) > 1), scope)
    groups = session.scalar(select(func.count()).select_from(linked.subquery())) or 0
    return claims + groups


def text_urn(content_hash: str) -> str:
    """The URN naming an article's stored text when it has no URL."""
    return f"urn:claim-workbench:text:sha256:{content_hash}"


def direction(text: str) -> str | None:
    """ "rtl" or "ltr" from the first strongly directional character of text (None: none)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def textual_body(purpose: str, value: str, language: str | None = None) -> dict[str, Any]:
    """A TextualBody, with its language (when known) and its direction when right-to-left."""
    body: dict[str, Any] = {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}
    if language:
        body["language"] = language
    if direction(value) == "rtl" or (language and language.lower() in RTL_LANGUAGES
                                     and direction(value) != "ltr"):
        body["textDirection"] = "rtl"
    return body


def _language(tag: str | None) -> str | None:
    """A BCP 47 tag from an article's stored language ("en", "ar-EG"), or None."""
    clean = (tag or "").strip().replace("_", "-")
    return clean if clean and all(part.isalnum() for part in clean.split("-")) else None


def _body(label: str | None, rationale: str | None, claimant: Claimant | None) -> list[dict[str, Any]]:
    body = []
    if label:
        body.append(textual_body("assessing", label))
    if rationale:
        body.append(textual_body("commenting", rationale))
    if claimant is not None:
        body.append(textual_body("describing", f"Claimant: {claimant.display()}"))
    return body


def claim_annotations(
    session: Session, scope: ExportScope, ratings: dict[str, Rating], base: str
) -> Iterator[dict[str, Any]]:
    """The annotations, claim by claim in group order, each group's linking annotation after it."""
    query = _scoped(
        select(
            Claim.id, Claim.group_id, Claim.start, Claim.end, Claim.quote, Claim.prefix, Claim.suffix,
            Claim.created_by, Claim.created_at, Article.url, Article.content_hash, Article.language,
            ClaimGroup.canonical, ClaimGroup.claimant_name, ClaimGroup.claimant_role, ClaimGroup.claimant_type,
            ClaimGroup.updated_at.label("group_updated_at"), Verdict.rating_key, Verdict.rationale,
            Verdict.reviewer, Verdict.updated_at,
        )
        .join(Article, Article.id == Claim.article_id)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .outerjoin(Verdict, Verdict.group_id == Claim.group_id)
        .order_by(Claim.group_id, Claim.id),
        scope,
    )
    group: _Group | None = None
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        if group is not None and row.group_id != group.id:
            yield from group.link(base)
            group = None
        if group is None:
            group = _Group(row.group_id, row.canonical, row.group_updated_at)
        ident = f"{base}:claim:{row.id}"
        group.add(ident, row)
        yield _claim_annotation(row, ident, ratings)
    if group is not None:
        yield from group.link(base)


def _claim_annotation(row: Any, ident: str, ratings: dict[str, Rating]) -> dict[str, Any]:
    rating = ratings.get(row.rating_key) if row.rating_key else None
    claimant = Claimant(row.claimant_name, row.claimant_role, row.claimant_type or "Person") \
        if row.claimant_name else None
    body = _body(rating.label if rating else row.rating_key, row.rationale, claimant)
    motivation = "assessing" if rating or row.rationale else "describing" if body else "highlighting"
    note: dict[str, Any] = {
        "id": ident, "type": "Annotation", "motivation": motivation, "created": iso_datetime(row.created_at),
    }
    if row.created_by:
        note["creator"] = {"type": "Person", "nickname": row.created_by}
    if row.updated_at is not None:
        note["modified"] = iso_datetime(row.updated_at)
    if body:
        note["body"] = body if len(body) > 1 else body[0]
    note["target"] = {
        "type": "SpecificResource",
        "source": row.url or text_urn(row.content_hash),
        "selector": [
            {"type": "TextQuoteSelector", "exact": row.quote, "prefix": row.prefix, "suffix": row.suffix},
            {"type": "TextPositionSelector", "start": row.start, "end": row.end},
        ],
    }
    return note


class _Group:
    """A claim group's annotations so far, for its linking annotation."""

    def __init__(self, gid: int, canonical: str, updated_at: Any) -> None:
        self.id, self.canonical, self.updated_at = gid, canonical, updated_at
        self.members: list[str] = []
        self.newest: Any = None
        self.languages: list[str] = []

    def add(self, ident: str, row: Any) -> None:
        self.members.append(ident)
        self.newest = row.created_at if self.newest is None else max(self.newest, row.created_at)
        language = _language(row.language)
        if language and language not in self.languages:
            self.languages.append(language)

    def link(self, base: str) -> Iterator[dict[str, Any]]:
        if len(self.members) < 2:
            return
        language = self.languages[0] if len(self.languages) == 1 else None  # the articles' one language
        note: dict[str, Any] = {
            "id": f"{base}:group:{self.id}", "type": "Annotation", "motivation": "linking",
            "created": iso_datetime(self.newest),
        }
        if self.updated_at is not None and self.updated_at > self.newest:
            note["modified"] = iso_datetime(self.updated_at)
        note["body"] = textual_body("identifying", self.canonical, language)
        note["target"] = self.members
        yield note


def write_annotations(handle: IO[str], items: Iterator[dict[str, Any]], *, base: str, total: int,
                      label: str, tick: Callable[[], None]) -> int:
    """Write the annotations as one AnnotationCollection; returns how many."""
    collection, page = f"{base}:collection", f"{base}:collection:page:1"
    document = {
        "@context": CONTEXT, "id": collection, "type": "AnnotationCollection", "label": label,
        "total": total, "first": {"id": page, "type": "AnnotationPage", "partOf": collection, "startIndex": 0,
                                  "items": ITEMS},
        "last": page,
    }
    return write_document(handle, document, items, tick)
