"""Library actions: importing articles, listing and reading them, updating their text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench import bundled_path
from workbench.derived import note_written
from workbench.errors import ImportFailed, InvalidValue, TransientError, WorkbenchError
from workbench.ingest.metadata import masthead_line
from workbench.matching.index import index_article
from workbench.matching.index_version import SEARCH_INDEX
from workbench.model import Article, Claim, MastheadOutlet, Source
from workbench.service.base import ServiceBase
from workbench.service.dto import ArticleDetail, ArticleInfo, ImportResult, OutletChange, ReanchorReport
from workbench.textspan import ANCHORED, FUZZY, MOVED, NEEDS_REVIEW, Anchor, make_anchor, reanchor

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

def storable(text: str) -> str:
    """Article text as stored: U+0000 (which no database server stores) becomes U+FFFD, one for one,
    so offsets are unchanged and a library moves between SQLite and PostgreSQL whole."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _clip(value: str | None, size: int) -> str | None:
    """A metadata value cut to its column's size (a server enforces it; a page may say anything)."""
    return storable(value[:size]) if value else value


def content_hash(text: str) -> str:
    """The SHA-256 of an article's stored text: equal texts are the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seeds_dir() -> Path:
    """The bundled sample corpus (five articles about one event)."""
    return bundled_path("seeds")


class LibraryActions(ServiceBase):
    """Import, list, read and edit articles."""

    max_import_bytes: int | None = None

    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
    ) -> list[ImportResult]:
        """Import files and folders (recursively), each file in its own transaction."""
        from workbench.ingest import iter_import_files

        items = list(iter_import_files(Path(p) for p in paths))
        results: list[ImportResult] = []
        for done, item in enumerate(items):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(done, len(items), str(item.path if isinstance(item, ImportFailed) else item))
            if isinstance(item, ImportFailed):
                results.append(ImportResult(path=str(item.path), status="error", message=str(item)))
                continue
            results.append(self.import_file(item))
        if progress is not None:
            progress(len(results), len(items), "done")
        return results

    def import_file(self, path: Path) -> ImportResult:
        """Import one file: a new article, a duplicate, or an updated version of a known article."""
        from workbench.ingest import DEFAULT_MAX_BYTES, read_document

        try:
            doc = read_document(path, max_bytes=self.max_import_bytes or DEFAULT_MAX_BYTES)
        except ImportFailed as exc:
            return ImportResult(path=str(path), status="error", message=str(exc))
        title = storable((doc.title or path.stem).strip()[:1000])
        text = storable(doc.text)
        digest = content_hash(text)
        try:
            with self.db.write() as session:
                existing = session.scalar(select(Article).where(Article.content_hash == digest))
                if existing is not None:
                    return ImportResult(
                        path=str(path), status="duplicate", article_id=existing.id, title=existing.title,
                        message=f"same text as article {existing.id} ({existing.title})",
                    )
                source = self._source(session, doc.outlet or self._remembered_outlet(session, doc.text))
                previous = self._same_article(session, source, title)
                if previous is not None:
                    report = self._replace_text(session, previous, text)
                    return ImportResult(
                        path=str(path), status="updated", article_id=previous.id, title=previous.title,
                        message=_describe_reanchor(report),
                    )
                article = Article(
                    source=source, title=title, url=_clip(doc.url, 2000), published=doc.published,
                    author=_clip(doc.author, 500), language=_clip(doc.language, 20), file_name=_clip(path.name, 1000),
                    file_format=doc.format, text=text, length=len(text), content_hash=digest,
                )
                session.add(article)
                session.flush()
                index_article(session, article, new=True)
                note_written(session, SEARCH_INDEX)
                return ImportResult(path=str(path), status="imported", article_id=article.id, title=title)
        except TransientError:
            raise  # not this file's fault: run again (retryable) or stop the batch with the reason
        except WorkbenchError as exc:
            return ImportResult(path=str(path), status="error", message=f"{path}: {exc}")

    def import_seeds(self, **kwargs: object) -> list[ImportResult]:
        """Import the bundled sample articles (idempotent: known ones are reported as duplicates)."""
        return self.import_paths([seeds_dir()], **kwargs)  # type: ignore[arg-type]

    def list_articles(self) -> list[ArticleInfo]:
        """Every article with its outlet and claim count, by outlet then date then title."""
        claim_counts = (
            select(Claim.article_id, func.count(Claim.id).label("n")).group_by(Claim.article_id).subquery()
        )
        query = (
            select(Article, Source.name, func.coalesce(claim_counts.c.n, 0))
            .outerjoin(Source, Article.source_id == Source.id)
            .outerjoin(claim_counts, claim_counts.c.article_id == Article.id)
            # NULLs first, as SQLite sorts them (PostgreSQL puts them last unless told)
            .order_by(Source.name.asc().nulls_first(), Article.published.asc().nulls_first(), Article.title, Article.id)
        )
        with self.db.read() as session:
            return [
                ArticleInfo(id=a.id, title=a.title, source=name, url=a.url, published=a.published, length=a.length,
                            file_format=a.file_format, claim_count=n)
                for a, name, n in session.execute(query)
            ]

    def get_article(self, article_id: int) -> ArticleDetail:
        """One article with its full text; raises NotFound."""
        with self.db.read() as session:
            a = self._get(session, Article, article_id, "article")
            return ArticleDetail(
                id=a.id, title=a.title, source=a.source.name if a.source else None, url=a.url,
                published=a.published, author=a.author, language=a.language, file_name=a.file_name,
                file_format=a.file_format, text=a.text, imported_at=a.imported_at,
            )

    def update_article(self, article_id: int, **fields: object) -> ArticleDetail:
        """Edit an article's metadata (title, source, url, published, author, language)."""
        allowed = {"title", "source", "url", "published", "author", "language"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))}")
        with self.db.write() as session:
            article = self._get(session, Article, article_id, "article")
            for name, value in fields.items():
                if name == "source":
                    article.source = self._source(session, value if isinstance(value, str) else None)
                else:
                    setattr(article, name, value)
        return self.get_article(article_id)

    def update_article_text(self, article_id: int, text: str) -> ReanchorReport:
        """Replace an article's text and re-anchor its claims (never moving one to a wrong place)."""
        if not text.strip():
            raise InvalidValue("the new text is empty")
        text = storable(text)
        with self.db.write() as session:
            article = self._get(session, Article, article_id, "article", lock=True)
            return self._replace_text(session, article, text)

    def set_article_outlet(self, article_id: int, outlet: str | None, *, remember: bool = True) -> OutletChange:
        """Name an article's outlet; when remember, also for the line it opens with (its masthead): later imports
        opening with that line get it, and so do articles of the library with that masthead and no outlet yet."""
        name = " ".join((outlet or "").split())[:200] or None
        with self.db.write() as session:
            article = self._get(session, Article, article_id, "article")
            masthead = masthead_line(article.text) if remember and name else None
            targets = [article]
            previous_mapping = None
            if masthead is not None and name is not None:
                row = session.get(MastheadOutlet, masthead)
                previous_mapping = row.outlet if row else None
                if row is None:
                    session.add(MastheadOutlet(masthead=masthead, outlet=name))
                else:
                    row.outlet = name
                unnamed = session.scalars(select(Article).where(Article.source_id.is_(None), Article.id != article_id))
                targets += [a for a in unnamed if masthead_line(a.text) == masthead]
            previous = {a.id: a.source.name if a.source else None for a in targets}
            source = self._source(session, name)
            for target in targets:
                target.source = source
            return OutletChange(outlet=name, previous=previous, masthead=masthead, previous_mapping=previous_mapping)

    def undo_outlet(self, change: OutletChange) -> None:
        """Put back the outlets (and the remembered masthead) as they were before set_article_outlet."""
        with self.db.write() as session:
            for article_id, name in change.previous.items():
                article = session.get(Article, article_id)
                if article is not None:
                    article.source = self._source(session, name)
            if change.masthead is not None:
                row = session.get(MastheadOutlet, change.masthead)
                if change.previous_mapping is None and row is not None:
                    session.delete(row)
                elif change.previous_mapping is not None:
                    if row is None:
                        session.add(MastheadOutlet(masthead=change.masthead, outlet=change.previous_mapping))
                    else:
                        row.outlet = change.previous_mapping

    def delete_article(self, article_id: int) -> None:
        """Remove an article with its claims and suggestions."""
        with self.db.write() as session:
            session.delete(self._get(session, Article, article_id, "article"))

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _source(session: Session, name: str | None) -> Source | None:
        if not name or not name.strip():
            return None
        name = name.strip()[:200]
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            source = Source(name=name)
            session.add(source)
        return source

    @staticmethod
    def _remembered_outlet(session: Session, text: str) -> str | None:
        """The outlet a reviewer named for articles opening with this text's masthead line."""
        masthead = masthead_line(text)
        row = session.get(MastheadOutlet, masthead) if masthead else None
        return row.outlet if row else None

    @staticmethod
    def _same_article(session: Session, source: Source | None, title: str) -> Article | None:
        """A stored article with the same outlet and title (a re-import of an edited file)."""
        if source is None or source.id is None:
            return None
        return session.scalar(  # locked: two imports of a new version of it wait for each other
            select(Article).where(Article.source_id == source.id, Article.title == title).limit(1)
            .with_for_update().execution_options(populate_existing=True)
        )

    @staticmethod
    def _replace_text(session: Session, article: Article, text: str) -> ReanchorReport:
        counts = {ANCHORED: 0, MOVED: 0, FUZZY: 0, NEEDS_REVIEW: 0}
        for claim in article.claims:
            placement = reanchor(
                text, Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
            )
            counts[placement.state] += 1
            claim.anchor_state = placement.state
            if placement.state != NEEDS_REVIEW:
                claim.start, claim.end = placement.start, placement.end
                claim.quote = text[placement.start : placement.end]
                anchor = make_anchor(text, placement.start, placement.end)
                claim.prefix, claim.suffix = anchor.prefix, anchor.suffix
        article.text = text
        article.length = len(text)
        article.content_hash = content_hash(text)
        session.flush()
        index_article(session, article)
        note_written(session, SEARCH_INDEX)
        return ReanchorReport(
            article_id=article.id, anchored=counts[ANCHORED], moved=counts[MOVED], fuzzy=counts[FUZZY],
            needs_review=counts[NEEDS_REVIEW],
        )


def _describe_reanchor(report: ReanchorReport) -> str:
    """A one-line account of what re-anchoring did."""
    parts = [f"{report.anchored} in place", f"{report.moved} moved", f"{report.fuzzy} fuzzy"]
    if report.needs_review:
        parts.append(f"{report.needs_review} need review")
    return "text updated; claims: " + ", ".join(parts)
