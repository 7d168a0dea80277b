"""Checked before? Import fact-checkers' files, find the claims checked before that match a claim, embed.

- ``import_factchecks``: CSV and ClaimReview JSON-LD files (``workbench.factchecks``), one transaction
  per file; rows already in the library (same claim and url) are counted as duplicates.
- ``checked``: for a claim (or any text), the matching fact-checks and verdicted library claims.
- ``embed_pending`` / ``embedding_status``: the background job that gives every passage, fact-check
  and claim its sentence vector (progress, cancel; resumes where it stopped).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workbench.db import chunks
from workbench.errors import InvalidValue, WorkbenchError
from workbench.factchecks import FactCheckFileError, FactCheckRecord, format_for
from workbench.matching.passages import ANALYZER, factcheck_texts, query_terms
from workbench.matching.summary import EmbeddingStatus, EmbeddingSummary
from workbench.model import Article, Claim, ClaimGroup, FactCheck, RatingScale, Setting, Verdict, utcnow
from workbench.service.matching import MatchingActions

if TYPE_CHECKING:
    from workbench.matching.checked import ReferenceHit

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
DEFAULT_CHECKED_TOP = 10
MAX_FACTCHECK_FILE = 200 * 1024 * 1024
FACTCHECK_SUFFIXES = (".csv", ".json", ".jsonld")


@dataclass(frozen=True)
class FactCheckImportReport:
    """What importing one fact-check file did."""

    path: str
    imported: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)  # "line N: why" per row left out, or the file's problem
    format: str | None = None


@dataclass(frozen=True)
class CheckedResult:
    """A claim checked before that matches: an imported fact-check or a verdicted claim of the library."""

    reference_id: str  # "factcheck-ID" or "claim-ID"
    kind: str  # "factcheck" or "claim"
    claim: str
    rating: str | None
    url: str | None
    organization: str | None
    date: dt.date | None
    title: str | None
    score: float  # 0-100
    semantic: float | None = None  # cosine of the sentence vectors (None: not embedded yet)
    lexical: float = 0.0  # BM25 relative to the query's own, 0-1
    group_id: int | None = None  # the verdicted claim's group
    claim_id: int | None = None


def factcheck_hash(claim: str, url: str | None) -> str:
    """Same claim (case and spacing aside) and same url: the same fact-check."""
    key = " ".join(claim.casefold().split()) + "\x1f" + (url or "").strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def factcheck_terms(claim: str, title: str | None) -> str:
    """The stored terms of a fact-check, one line per passage: all its words on the claim's line.

    The claim and the title each get a vector, but their words form one lexical unit (BM25 over the
    whole fact-check ranks better than over its claim and title apart).
    """
    texts = factcheck_texts(claim, title)
    words = " ".join(" ".join(query_terms(text)) for text in texts)
    return "\n".join([words, *[""] * (len(texts) - 1)])


class ReferenceActions(MatchingActions):
    """Fact-checks checked before, the search over them, and the embedding job."""

    # -- import ---------------------------------------------------------------------------------------

    def import_factchecks(
        self, paths: Iterable[Path | str], *, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
    ) -> list[FactCheckImportReport]:
        """Import fact-check files (folders: every .csv, .json, .jsonld inside), each in its own transaction."""
        files = _expand(Path(p) for p in paths)
        reports: list[FactCheckImportReport] = []
        for done, path in enumerate(files):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(done, len(files), str(path))
            reports.append(self._import_factcheck_file(path))
        if progress is not None:
            progress(len(reports), len(files), "done")
        return reports

    def _import_factcheck_file(self, path: Path) -> FactCheckImportReport:
        try:
            fmt = format_for(path)
            if not path.is_file():
                raise FactCheckFileError(f"{path}: no such file")
            if path.stat().st_size > MAX_FACTCHECK_FILE:
                raise FactCheckFileError(f"{path}: larger than {MAX_FACTCHECK_FILE // (1024 * 1024)} MB")
            data = path.read_bytes()
            result = fmt.reader(data, str(path))
        except FactCheckFileError as exc:
            return FactCheckImportReport(str(path), errors=[str(exc)])
        except OSError as exc:
            return FactCheckImportReport(str(path), errors=[f"{path}: cannot be read ({exc.strerror or exc})"])
        errors = [str(e) for e in result.errors]
        keyed: dict[str, FactCheckRecord] = {}
        duplicates = 0
        for record in result.records:
            key = factcheck_hash(record.claim, record.url)
            if key in keyed:
                duplicates += 1
            else:
                keyed[key] = record
        try:
            with self.db.write() as session:
                known: set[str] = set()
                keys = list(keyed)
                for chunk in chunks(keys):
                    known.update(session.scalars(select(FactCheck.content_hash).where(FactCheck.content_hash.in_(chunk))))
                rows = [
                    {"claim": r.claim, "rating": r.rating, "url": r.url, "organization": r.organization,
                     "published": r.date, "title": r.title, "content_hash": key, "file_name": path.name[:1000],
                     "imported_at": utcnow(), "analyzer": ANALYZER, "terms": factcheck_terms(r.claim, r.title)}
                    for key, r in keyed.items() if key not in known
                ]
                if rows:
                    session.execute(insert(FactCheck), rows)
        except WorkbenchError as exc:
            return FactCheckImportReport(str(path), errors=[*errors, f"{path}: {exc}"], format=fmt.key)
        return FactCheckImportReport(str(path), len(rows), duplicates + len(known), errors, fmt.key)

    # -- checked before ----------------------------------------------------------------------------------

    def checked(
        self, claim_id: int | None = None, *, text: str | None = None, top: int = DEFAULT_CHECKED_TOP,
        min_score: float = 0.0,
    ) -> list[CheckedResult]:
        """The claims checked before that match a claim of the library (or a text), best first.

        Searches the imported fact-checks and the library's claims whose group has a verdict (the
        claim's own group left out); at most top results scored min_score or more. Fact-checks and
        claims not embedded yet are found by their words.
        """
        from workbench.matching import checked as search

        if (claim_id is None) == (text is None):
            raise InvalidValue("give either a claim id or a text to check")
        if top < 1:
            raise InvalidValue("top must be 1 or more")
        if not 0 <= min_score <= 100:
            raise InvalidValue("the minimum score must be between 0 and 100")
        engine = self.matching_engine()
        exclude_group: int | None = None
        if claim_id is not None:
            with self.db.read() as session:
                claim = self._get(session, Claim, claim_id, "claim")
                query_text, exclude_group = claim.quote, claim.group_id
            vector = engine.claim_vectors([claim_id]).get(claim_id)
        else:
            assert text is not None
            query_text = text
            if not query_text.strip():
                raise InvalidValue("the text to check is empty")
            from workbench.matching.passages import matching_text

            vector = engine.encoder().encode([matching_text(query_text)])[0]
        terms = query_terms(query_text)
        with engine.lock, self.db.read() as session:
            engine.factchecks.sync(session)
            engine.verdicted.sync(session)
            own = set()
            if exclude_group is not None:
                own = set(session.scalars(select(Claim.id).where(Claim.group_id == exclude_group)))
            hits = search.search("factcheck", engine.factchecks, terms, vector, limit=top)
            hits += search.search("claim", engine.verdicted, terms, vector, limit=top, exclude=own)
            hits = [h for h in hits if h.score >= min_score]
            hits.sort(key=lambda h: (-h.score, h.kind != "factcheck", h.doc_id))
            return self._checked_results(session, hits[:top])

    @staticmethod
    def _checked_results(session: Session, hits: Sequence[ReferenceHit]) -> list[CheckedResult]:
        checks = {f.id: f for f in session.scalars(
            select(FactCheck).where(FactCheck.id.in_([h.doc_id for h in hits if h.kind == "factcheck"])))}
        claim_rows = {
            c.id: (c, a, v, r)
            for c, a, v, r in session.execute(
                select(Claim, Article, Verdict, RatingScale)
                .join(Article, Article.id == Claim.article_id)
                .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
                .join(Verdict, Verdict.group_id == ClaimGroup.id)
                .outerjoin(RatingScale, RatingScale.key == Verdict.rating_key)
                .where(Claim.id.in_([h.doc_id for h in hits if h.kind == "claim"]))
            )
        }
        organisation = session.scalar(select(Setting.value).where(Setting.key == "organisation"))
        results: list[CheckedResult] = []
        for h in hits:
            semantic = None if h.semantic is None else round(h.semantic, 3)
            if h.kind == "factcheck" and h.doc_id in checks:
                f = checks[h.doc_id]
                results.append(CheckedResult(
                    reference_id=f"factcheck-{f.id}", kind="factcheck", claim=f.claim, rating=f.rating, url=f.url,
                    organization=f.organization, date=f.published, title=f.title, score=h.score,
                    semantic=semantic, lexical=round(h.lexical, 3),
                ))
            elif h.kind == "claim" and h.doc_id in claim_rows:
                c, a, v, r = claim_rows[h.doc_id]
                results.append(CheckedResult(
                    reference_id=f"claim-{c.id}", kind="claim", claim=c.quote,
                    rating=r.label if r is not None else v.rating_key, url=a.url, organization=organisation,
                    date=v.updated_at.date(), title=a.title, score=h.score, semantic=semantic,
                    lexical=round(h.lexical, 3), group_id=c.group_id, claim_id=c.id,
                ))
        return results

    # -- embedding -------------------------------------------------------------------------------------

    def embedding_status(self) -> EmbeddingStatus:
        """How many passages, fact-checks and claims have a vector of the current model.

        Cheap when the passages are current (the window asks on every opening): SQL counts only, without the
        matching engine, numpy or the encoder.
        """
        from workbench.matching.embedding import embedding_status
        from workbench.matching.encoder import model_info
        from workbench.matching.index import stale_articles

        with self.db.read() as session:
            stale = bool(stale_articles(session, 1))
        if stale:
            self.matching_engine().refresh_passages()
        with self.db.read() as session:
            return embedding_status(session, model_info().key)

    def embed_pending(
        self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
    ) -> EmbeddingSummary:
        """Embed everything that lacks a vector of the current model (the background job; resumable)."""
        from workbench.matching.embedding import embed_pending

        engine = self.matching_engine()
        return embed_pending(self.db, engine.encoder(), progress=progress, cancelled=cancelled)


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the fact-check files inside folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FACTCHECK_SUFFIXES))
        else:
            found.append(path)
    return found
