"""W3C Web Annotation JSON-LD: every claim as an annotation on its article, with its verdict as body.

The document is an ``AnnotationCollection`` whose first ``AnnotationPage`` holds:

- one annotation per claim (``urn:claim-workbench:<library>:claim:<id>``), targeting its article
  with a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end in
  Unicode code points of the article's stored text, as the model requires). The source is the
  article's URL, or, for an article without one, ``urn:claim-workbench:text:sha256:<hash of its
  text>`` (stable across libraries). The body is the group's verdict: the rating label (purpose
  ``assessing``) and the rationale (``commenting``); a claim without a verdict is ``highlighting``.
- one ``linking`` annotation per claim group holding two or more claims: its targets are the
  claims' annotations, its body the group's canonical wording (purpose ``identifying``): the claims
  are one claim, found in several articles.

On a live web page the quote selector re-anchors; the positions refer to the text Claim Workbench
stored for the article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workbench.export.jsonld import ITEMS, iso_datetime, write_document
from workbench.export.scope import ExportScope
from workbench.export.tables import BATCH, Rating
from workbench.model import Article, Claim, ClaimGroup, Verdict

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


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


def _body(label: str | None, rationale: str | None) -> list[dict[str, Any]]:
    body = []
    if label:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": label, "format": "text/plain"})
    if rationale:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": rationale, "format": "text/plain"})
    return body


def claim_annotations(
    session: Session, scope: ExportScope, ratings: dict[str, Rating], base: str
) -> Iterator[dict[str, Any]]:
    """The annotations, claim by claim in group order, each group's linking annotation after it."""
    query = _scoped(
        select(
            Claim.id, Claim.group_id, Claim.start, Claim.end, Claim.quote, Claim.prefix, Claim.suffix,
            Claim.created_by, Claim.created_at, Article.url, Article.content_hash, ClaimGroup.canonical,
            Verdict.rating_key, Verdict.rationale, Verdict.reviewer, Verdict.updated_at,
        )
        .join(Article, Article.id == Claim.article_id)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .outerjoin(Verdict, Verdict.group_id == Claim.group_id)
        .order_by(Claim.group_id, Claim.id),
        scope,
    )
    group: tuple[int, str] | None = None
    members: list[str] = []
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        if group is not None and row.group_id != group[0]:
            yield from _link(base, group, members)
            members = []
        group = (row.group_id, row.canonical)
        ident = f"{base}:claim:{row.id}"
        members.append(ident)
        yield _claim_annotation(row, ident, ratings)
    if group is not None:
        yield from _link(base, group, members)


def _claim_annotation(row: Any, ident: str, ratings: dict[str, Rating]) -> dict[str, Any]:
    rating = ratings.get(row.rating_key) if row.rating_key else None
    body = _body(rating.label if rating else row.rating_key, row.rationale)
    note: dict[str, Any] = {
        "id": ident, "type": "Annotation", "motivation": "assessing" if body else "highlighting",
        "created": iso_datetime(row.created_at),
    }
    if row.created_by:
        note["creator"] = {"type": "Person", "nickname": row.created_by}
    if row.updated_at is not None:
        note["modified"] = iso_datetime(row.updated_at)
    if body:
        note["body"] = body if len(body) > 1 else body[0]
    note["target"] = {
        "source": row.url or text_urn(row.content_hash),
        "selector": [
            {"type": "TextQuoteSelector", "exact": row.quote, "prefix": row.prefix, "suffix": row.suffix},
            {"type": "TextPositionSelector", "start": row.start, "end": row.end},
        ],
    }
    return note


def _link(base: str, group: tuple[int, str], members: list[str]) -> Iterator[dict[str, Any]]:
    if len(members) < 2:
        return
    gid, canonical = group
    yield {
        "id": f"{base}:group:{gid}", "type": "Annotation", "motivation": "linking",
        "body": {"type": "TextualBody", "purpose": "identifying", "value": canonical, "format": "text/plain"},
        "target": members,
    }


def write_annotations(handle: IO[str], items: Iterator[dict[str, Any]], *, base: str, total: int,
                      label: str, tick: Callable[[], None]) -> int:
    """Write the annotations as one AnnotationCollection; returns how many."""
    document = {
        "@context": CONTEXT, "id": f"{base}:collection", "type": "AnnotationCollection", "label": label,
        "total": total, "first": {"type": "AnnotationPage", "startIndex": 0, "items": ITEMS},
    }
    return write_document(handle, document, items, tick)
