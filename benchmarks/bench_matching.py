"""Claim matching at scale: passages with BM25 and sentence vectors, beside FTS5 BM25 alone, the naive
rapidfuzz scan and the matcher before (same libraries, same run).

Builds libraries of 1,000 and 10,000 articles: distractor prose made from a synthetic vocabulary (seeded
RNG, no downloads) sprinkled with the seeds' own words, among which the labelled seed claims are planted,
each variant in several articles with small perturbations (hard wraps, quote and dash styles). Stages,
each in its own process so that its peak memory is its own:

1. build: the library through the service's indexing (passages), then every passage embedded (the
   background job; its throughput is recorded);
2. ours: a fresh process opens the library as a user would and times ``Workbench.suggest`` for the
   labelled claims and random sentences (the first query, which loads the index, apart), then
   ``match_all`` over one claim per article; beside it, in the same process, FTS5 BM25 alone over the
   same passages (SQLite's own full-text index, ``bm25()``) and the naive scan (rapidfuzz
   ``partial_ratio_alignment`` of the claim against every article's text, texts already in memory);
3. before: the matcher as it was before passages and vectors (commit LEGACY, extracted with
   ``git archive``) runs its own benchmark on the same library recipe.

Usage: python benchmarks/bench_matching.py [--quick] [--write] [--keep DIR] [--sizes N,N]
  --quick  only the 1,000-article library, fewer claims
  --write  put the table into benchmarks/RESULTS.md (section "## Matching")
  --keep   keep (and reuse) the built libraries in DIR: building and embedding 10,000 articles takes a while
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "workbench" / "matching"))
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from seed_labels import GROUPS, SEED_FILES, SINGLE  # noqa: E402
from sqlalchemy import select  # noqa: E402

from benchmarks.results import replace_section  # noqa: E402
from workbench.matching.index import decode_spans, index_article  # noqa: E402
from workbench.matching.passages import query_terms  # noqa: E402
from workbench.matching.scoring import THRESHOLDS, Tier  # noqa: E402
from workbench.model import Article, ArticlePassages, Claim, ClaimGroup  # noqa: E402
from workbench.service import Workbench  # noqa: E402
from workbench.textspan import make_anchor  # noqa: E402

LEGACY = "ac95346"  # the last commit with the matcher before passages and vectors
FUNCTION_WORDS = (  # noqa: SIM905
    "the of and to a in that is was he for it with as his on be at by had are but from or have an "
    "they which one were all we when there can been has more if no out so said what up its about than into them only"
).split()


# -- library ----------------------------------------------------------------------------------


class Prose:
    """Deterministic distractor prose: Zipf-distributed synthetic words, function words, seed words."""

    def __init__(self, rng: random.Random, vocabulary: int = 40_000) -> None:
        self.rng = rng
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
        words: set[str] = set()
        while len(words) < vocabulary:
            words.add("".join(rng.choices(syllables, k=rng.choice((2, 2, 3, 3, 4)))))
        synthetic = sorted(words)
        rng.shuffle(synthetic)
        seed_words = sorted({w for f in SEED_FILES.values() for w in (ROOT / "seeds" / f).read_text().split()
                             if w.isalpha() and len(w) > 3})
        self.words = FUNCTION_WORDS + seed_words + synthetic
        weights = [0.45 / len(FUNCTION_WORDS)] * len(FUNCTION_WORDS)
        weights += [0.08 / len(seed_words)] * len(seed_words)
        zipf = [1 / (rank + 10) ** 1.05 for rank in range(len(synthetic))]
        scale = 0.47 / sum(zipf)
        weights += [z * scale for z in zipf]
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def sentence(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(8, 26))
        if self.rng.random() < 0.3:
            words[self.rng.randrange(1, len(words))] += ","
        return " ".join(words).capitalize() + "."

    def paragraphs(self, n_words: int) -> list[str]:
        out: list[str] = []
        count = 0
        while count < n_words:
            para = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
            count += len(para.split())
            out.append(para)
        return out


def perturb(rng: random.Random, quote: str) -> str:
    """A small-edit copy of a quote: other quote marks or dashes, or a PDF-style hard wrap."""
    kind = rng.choice(("same", "quotes", "wrap", "dashes"))
    if kind == "quotes":
        return quote.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    if kind == "dashes":
        return quote.replace(" -- ", " \u2014 ").replace(" \u2014 ", " -- ")
    if kind == "wrap" and " " in quote[20:]:
        at = quote.index(" ", 20)
        return quote[:at] + "\n" + quote[at + 1 :]
    return quote


def build(db_path: Path, n_articles: int, copies: int, rng: random.Random) -> dict:
    """Create the library; return planted spans, query claims and the index build time."""
    wb = Workbench.open(db_path, user="bench")
    prose = Prose(rng)
    plants: list[tuple[str, str, bool]] = []  # (group name, quote, is the group's query variant)
    for group in GROUPS:
        variants = [v for v in group.variants if not v.loose]
        for i, v in enumerate(variants):
            for c in range(copies):
                plants.append((group.name, v.quote if c == 0 else perturb(rng, v.quote), i == 0 and c == 0))
    for v in SINGLE:
        plants.append(("single", v.quote, True))
    slots = rng.sample(range(n_articles), len(plants))
    planted_at = dict(zip(slots, plants, strict=True))
    planted: dict[str, list[tuple[int, int, int]]] = {}
    queries: list[tuple[str, int, int, int]] = []  # (group, article, start, end)
    sentences: list[tuple[int, int, int]] = []  # a random sentence per article: claims for the batch run
    index_seconds = 0.0
    for chunk in range(0, n_articles, 100):  # a short transaction per 100 articles, as imports do
        with wb.db.write() as session:
            for n in range(chunk, min(chunk + 100, n_articles)):
                paras = prose.paragraphs(rng.randint(350, 650))
                plant = planted_at.get(n)
                if plant is not None:
                    paras.insert(rng.randrange(len(paras) + 1), plant[1])
                text = "\n\n".join(paras)
                article = Article(title=f"Article {n}", file_format="text", text=text, length=len(text),
                                  content_hash=hashlib.sha256(text.encode()).hexdigest())
                session.add(article)
                session.flush()
                started = time.perf_counter()
                index_article(session, article, new=True)
                index_seconds += time.perf_counter() - started
                if plant is not None:
                    start = text.index(plant[1])
                    planted.setdefault(plant[0], []).append((article.id, start, start + len(plant[1])))
                    if plant[2]:
                        queries.append((plant[0], article.id, start, start + len(plant[1])))
                first = paras[0]
                sentences.append((article.id, 0, first.find(". ") + 1 or len(first)))
    wb.close()
    return {"planted": planted, "queries": queries, "sentences": sentences, "index_seconds": index_seconds}


def add_claim(wb: Workbench, article_id: int, start: int, end: int) -> int:
    with wb.db.write() as session:
        article = session.get(Article, article_id)
        anchor = make_anchor(article.text, start, end)
        claim = Claim(article=article, group=ClaimGroup(canonical=anchor.quote), start=start, end=end,
                      quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix)
        session.add(claim)
        session.flush()
        return claim.id


# -- measuring --------------------------------------------------------------------------------


def right(start: int, end: int, label: tuple[int, int], query_length: int) -> bool:
    shared = max(0, min(end, label[1]) - max(start, label[0]))
    return shared >= 0.5 * (end - start) and shared >= min(0.25 * (label[1] - label[0]), 0.5 * query_length)


def quality(found: dict[str, list[tuple[int, int, int, float]]], planted: dict, queries: list,
            threshold: float) -> tuple[float, float, int]:
    """(recall on planted variants, precision, suggestions) of per-article top spans above threshold."""
    expected = hit = suggested = correct = 0
    for group, home, start, end in queries:
        labels = {aid: (s, e) for aid, s, e in planted.get(group, []) if aid != home} if group != "single" else {}
        expected += len(labels)
        for aid, s, e, score, *_ in found.get(f"{group}:{home}", []):
            if score < threshold:
                continue
            suggested += 1
            ok = aid in labels and right(s, e, labels[aid], end - start)
            correct += ok
            hit += ok
    return hit / max(expected, 1), correct / max(suggested, 1), suggested


def naive_scan(texts: list[tuple[int, str]], claim: str, home: int) -> list[tuple[int, int, int, float]]:
    """The baseline: partial_ratio_alignment of the claim against every other article's full text."""
    q = claim.lower()
    out = []
    for aid, text in texts:
        if aid == home:
            continue
        a = fuzz.partial_ratio_alignment(q, text)
        out.append((aid, a.dest_start, a.dest_end, a.score))
    return out


def best_naive(found: dict, planted: dict, queries: list, lowest: int = 50) -> tuple[float, float, float]:
    """A baseline's best recall at a threshold keeping its precision >= 0.9 (generous to it); when no
    threshold reaches that precision, its best F1 point."""
    best = (0.0, 0.0, 100.0)
    best_f1 = (0.0, 0.0, 100.0, 0.0)
    for threshold in range(lowest, 101):
        recall, precision, _ = quality(found, planted, queries, threshold)
        if precision >= 0.9 and recall > best[0]:
            best = (recall, precision, float(threshold))
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        if f1 > best_f1[3]:
            best_f1 = (recall, precision, float(threshold), f1)
    return best if best[0] > 0 else best_f1[:3]


def build_stage(db_path: Path, n_articles: int, quick: bool) -> dict:
    """Build and embed one library; the plan (planted spans, queries, sentences) is returned."""
    rng = random.Random(20260123 + n_articles)
    started = time.perf_counter()
    built = build(db_path, n_articles, copies=2 if quick else 3, rng=rng)
    built["build_s"] = round(time.perf_counter() - started, 1)
    wb = Workbench.open(db_path, user="bench")
    try:
        status = wb.embedding_status()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        summary = wb.embed_pending()
        built["embed_s"] = round(time.perf_counter() - wall0, 1)
        built["embed_cpu_s"] = round(time.process_time() - cpu0, 1)
        built["passages"] = status.passages
        built["embedded"] = summary.passages
    finally:
        wb.close()
    built["load_during_embedding"] = round(os.getloadavg()[0], 1)
    return built


def ours_stage(db_path: Path, plan: dict, quick: bool) -> dict:
    """Open the built library in this fresh process; measure suggest, match_all, FTS5 and the naive scan."""
    rng = random.Random(7)
    wb = Workbench.open(db_path, user="bench")
    queries = plan["queries"]
    claim_ids = {f"{g}:{aid}": add_claim(wb, aid, s, e) for g, aid, s, e in queries}
    extra = [add_claim(wb, aid, s, e) for aid, s, e in rng.sample(plan["sentences"], 10 if quick else 30)]
    # Ours: the first query loads the index (cold); then every labelled claim and random sentence (warm).
    first = next(iter(claim_ids.values()))
    t0 = time.perf_counter()
    wb.suggest(first, store=False)
    cold_s = time.perf_counter() - t0
    found: dict[str, list] = {}
    times: list[float] = []
    for key, claim_id in claim_ids.items():
        t0 = time.perf_counter()
        result = wb.suggest(claim_id, min_score=0, store=False)
        times.append(time.perf_counter() - t0)
        found[key] = [(s.article_id, s.start, s.end, s.score, s.tier) for s in result]
    default_times = []
    for claim_id in [*claim_ids.values(), *extra]:
        t0 = time.perf_counter()
        wb.suggest(claim_id)  # default thresholds, stored: what a reviewer's click does
        default_times.append(time.perf_counter() - t0)
    shown = {k: [f for f in v if f[3] >= THRESHOLDS[Tier(f[4])]] for k, v in found.items()}
    recall, precision, suggested = quality(shown, plan["planted"], queries, 0.0)
    rss_after_suggest = _rss_mb()
    # Batch: one claim per article (a sentence of each) and the labelled ones, all matched in one run.
    with wb.db.write() as session:
        for aid, s, e in plan["sentences"]:
            article = session.get(Article, aid)
            anchor = make_anchor(article.text, s, e)
            session.add(Claim(article=article, group=ClaimGroup(canonical=anchor.quote), start=s, end=e,
                              quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix))
    with wb.db.read() as session:
        all_claims = list(session.scalars(select(Claim.id)))
    t0 = time.perf_counter()
    wb.matching_engine().claim_vectors(all_claims)  # what the embedding job does after the claims are marked
    claims_embedded_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary = wb.match_all()
    batch_s = time.perf_counter() - t0
    peak_ours = _peak_mb()  # before the baselines below hold every text in memory
    texts_by_id: dict[int, str] = {}
    with wb.db.read() as session:
        for aid, text in session.execute(select(Article.id, Article.text)):
            texts_by_id[aid] = text
    fts = fts5_baseline(db_path, wb, plan, texts_by_id)
    # Naive: the full scan, on texts already in memory (which favours it).
    lowered = [(aid, text.lower()) for aid, text in texts_by_id.items()]
    naive_found: dict[str, list] = {}
    naive_times: list[float] = []
    for g, home, s, e in queries[: 8 if quick else len(queries)]:
        t0 = time.perf_counter()
        naive_found[f"{g}:{home}"] = naive_scan(lowered, texts_by_id[home][s:e], home)
        naive_times.append(time.perf_counter() - t0)
    naive_recall, naive_precision, naive_threshold = best_naive(
        naive_found, plan["planted"], queries[: len(naive_found)])
    wb.close()
    return {
        "suggest_cold_ms": round(1000 * cold_s, 1),
        "suggest_median_ms": round(1000 * statistics.median(times), 1),
        "suggest_p95_ms": round(1000 * _p95(times), 1),
        "default_median_ms": round(1000 * statistics.median(default_times), 1),
        "default_p95_ms": round(1000 * _p95(default_times), 1),
        "recall": round(recall, 3), "precision": round(precision, 3), "suggestions": suggested,
        "naive_median_ms": round(1000 * statistics.median(naive_times), 1),
        "naive_p95_ms": round(1000 * _p95(naive_times), 1),
        "naive_recall": round(naive_recall, 3), "naive_precision": round(naive_precision, 3),
        "naive_threshold": naive_threshold,
        **fts,
        "batch_claims": summary.claims_done, "batch_s": round(batch_s, 1),
        "claims_embedded_s": round(claims_embedded_s, 1),
        "rss_after_suggest_mb": rss_after_suggest,
        "peak_rss_mb": peak_ours,
        "load": round(os.getloadavg()[0], 1),
    }


def fts5_baseline(db_path: Path, wb: Workbench, plan: dict, texts: dict[int, str]) -> dict:
    """SQLite FTS5 over the same passages' terms ranked by bm25(): query time, best recall at precision 0.9."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE IF EXISTS bench_fts")
    conn.execute("CREATE VIRTUAL TABLE bench_fts USING fts5(terms, article UNINDEXED, span UNINDEXED, "
                 "tokenize = 'unicode61 remove_diacritics 0')")
    with wb.db.read() as session, conn:
        rows = session.execute(select(ArticlePassages.article_id, ArticlePassages.spans, ArticlePassages.terms))
        batch = [(line, aid, f"{s}:{e}")
                 for aid, spans, terms in rows
                 for (s, e), line in zip(decode_spans(spans).tolist(), terms.split("\n"), strict=True)]
        conn.executemany("INSERT INTO bench_fts(terms, article, span) VALUES (?, ?, ?)", batch)
    found: dict[str, list] = {}
    times: list[float] = []
    for g, home, s, e in plan["queries"]:
        terms = sorted(set(query_terms(texts[home][s:e])))
        expression = " OR ".join(f'"{t}"' for t in terms) or '""'
        t0 = time.perf_counter()
        hits = conn.execute("SELECT article, span, bm25(bench_fts) FROM bench_fts WHERE bench_fts MATCH ? "
                            "AND article != ? ORDER BY rank LIMIT 200", (expression, home)).fetchall()
        times.append(time.perf_counter() - t0)
        best: dict[int, tuple] = {}
        top = -hits[0][2] if hits else 1.0
        for aid, span, rank in hits:
            if aid not in best:
                a, b = (int(x) for x in span.split(":"))
                best[aid] = (aid, a, b, 100.0 * -rank / top)
        found[f"{g}:{home}"] = list(best.values())
    conn.execute("DROP TABLE bench_fts")
    conn.commit()
    conn.close()
    recall, precision, _ = best_naive(found, plan["planted"], plan["queries"], lowest=0)
    return {"fts_median_ms": round(1000 * statistics.median(times), 1), "fts_p95_ms": round(1000 * _p95(times), 1),
            "fts_recall": round(recall, 3), "fts_precision": round(precision, 3)}


def legacy_stage(n_articles: int, quick: bool, work: Path) -> dict | None:
    """The matcher before passages and vectors, measured by its own benchmark on the same library recipe."""
    tree = work / "legacy"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", LEGACY, "workbench", "benchmarks", "seeds",
                                  "tests/workbench/matching"], capture_output=True, check=False)
        if archive.returncode != 0:
            print(f"the matcher before was not measured: {archive.stderr.decode().strip()}", file=sys.stderr)
            return None
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    command = [sys.executable, str(tree / "benchmarks" / "bench_matching.py"), "--size", str(n_articles)]
    if quick:
        command.append("--quick")
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run(command, capture_output=True, text=True, cwd=tree, env=env, check=False)
    if done.returncode != 0:
        print(f"the matcher before failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- report -----------------------------------------------------------------------------------


def report(rows: list[dict]) -> str:
    lines = [
        "| articles (passages) | matcher | one claim: median / p95 | recall / precision | batch | peak RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        o, old = r["ours"], r.get("legacy")
        size = f"{r['articles']:,} ({r['build']['passages']:,})"
        lines.append(
            f"| {size} | ours (BM25 + vectors, tiers) | {o['default_median_ms']} / {o['default_p95_ms']} ms "
            f"(first query {o['suggest_cold_ms']} ms; at min-score 0: {o['suggest_median_ms']} ms) "
            f"| {o['recall']:.3f} / {o['precision']:.3f} | {o['batch_claims']:,} claims in {o['batch_s']} s "
            f"(+ {o.get('claims_embedded_s', '?')} s embedding them first) "
            f"| {o['peak_rss_mb']} (after the single queries {o['rss_after_suggest_mb']}) |")
        lines.append(f"| {size} | FTS5 BM25 alone | {o['fts_median_ms']} / {o['fts_p95_ms']} ms "
                     f"| {o['fts_recall']:.3f} / {o['fts_precision']:.3f} | - | - |")
        lines.append(f"| {size} | naive rapidfuzz scan | {o['naive_median_ms']} / {o['naive_p95_ms']} ms "
                     f"| {o['naive_recall']:.3f} / {o['naive_precision']:.3f} | - | - |")
        if old:
            batch = f"{old['batch_claims']:,} claims in {old['batch_s']} s" if old.get("batch_claims") else "-"
            lines.append(f"| {size} | before (term index + alignment) | {old['suggest_median_ms']} / "
                         f"{old['suggest_p95_ms']} ms | {old['recall']:.3f} / {old['precision']:.3f} | {batch} "
                         f"| {old['peak_rss_mb']} |")
    return "\n".join(lines)


def notes(rows: list[dict]) -> str:
    out = []
    for r in rows:
        b, o = r["build"], r["ours"]
        rate = b["embedded"] / b["embed_s"] if b["embed_s"] else 0.0
        out.append(
            f"- {r['articles']:,} articles: {sum(len(v) for v in b['planted'].values())} planted variants of "
            f"{len(b['queries'])} labelled claims; library built in {b['build_s']} s (passages "
            f"{1000 * b['index_seconds'] / r['articles']:.2f} ms/article); embedding {b['embedded']:,} passages "
            f"took {b['embed_s']} s ({rate:.0f} passages/s, load {b['load_during_embedding']}); "
            f"naive threshold {o['naive_threshold']:.0f}; load average {o['load']} after the queries"
        )
    return "\n".join(out)


def write_results(table: str, rows: list[dict]) -> None:
    section = (
        "## Matching\n\n"
        "`python benchmarks/bench_matching.py --write` (2-core machine; see the script's docstring for the "
        "stages). Ours: `Workbench.suggest` with the tiers' default thresholds, suggestions stored (the "
        "reviewer's click), on a library whose passages are all embedded. Recall: planted variants (small edits "
        "and rewordings) whose article's top suggestion points at them; precision of the suggestions shown. "
        "FTS5 and naive: each baseline's best recall at a threshold keeping its precision >= 0.9 (generous to "
        "them; FTS5 never reaches it, so its best F1 point is shown). "
        "Batch: `match_all` over one claim per article plus the labelled claims; the claims' own vectors are "
        "made first (timed apart: the embedding job makes them in the background as claims are marked).\n\n"
        f"{table}\n\n{notes(rows)}\n\n"
        "Targets at 10,000 articles (~300,000 passages): one claim < 100 ms median with the semantic part; "
        "10,000 claims batch-matched < 60 s; memory < 500 MB.\n"
    )
    replace_section("Matching", section)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--sizes", default="")
    parser.add_argument("--no-legacy", action="store_true", help="skip the matcher before")
    parser.add_argument("--stage", choices=("build", "ours"), help=argparse.SUPPRESS)  # internal
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage == "build":
        plan = build_stage(args.db, args.size, args.quick)
        args.db.with_suffix(".json").write_text(json.dumps(plan), encoding="utf-8")
        return 0
    if args.stage == "ours":
        plan = json.loads(args.db.with_suffix(".json").read_text(encoding="utf-8"))
        print(json.dumps(ours_stage(args.db, plan, args.quick)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([1000] if args.quick else [1000, 10_000])
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-matching-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        built = work / f"library-{size}{'-quick' if args.quick else ''}.sqlite3"
        flags = ["--quick"] if args.quick else []
        if not built.exists() or not built.with_suffix(".json").exists():
            print(f"building and embedding {size:,} articles...", file=sys.stderr)
            subprocess.run([sys.executable, __file__, "--stage", "build", "--size", str(size), "--db", str(built),
                            *flags], check=True)
        run = work / f"run-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm", ".json"):
            Path(f"{run}{suffix}" if suffix != ".json" else run.with_suffix(".json")).unlink(missing_ok=True)
        conn = sqlite3.connect(built)
        conn.execute("VACUUM INTO ?", (str(run),))  # a fresh copy: the queries add claims and suggestions
        conn.close()
        shutil.copyfile(built.with_suffix(".json"), run.with_suffix(".json"))
        print(f"measuring {size:,} articles...", file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, "--stage", "ours", "--size", str(size), "--db", str(run),
                              *flags], check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        legacy = None
        if not args.no_legacy:
            print(f"measuring the matcher before, {size:,} articles...", file=sys.stderr)
            legacy = legacy_stage(size, args.quick, work)
        plan = json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))
        rows.append({"articles": size, "build": plan, "ours": ours, "legacy": legacy})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "build"}), file=sys.stderr)
    table = report(rows)
    print(table)
    print(notes(rows))
    if args.write:
        write_results(table, rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
