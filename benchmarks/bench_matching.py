"""Claim matching at scale: index candidates + alignment against the naive full scan.

Builds libraries of 1,000 and 10,000 articles: distractor prose made from a synthetic
vocabulary (seeded RNG, no downloads) sprinkled with the seeds' own words, among which the
labelled seed claims are planted, each variant in several articles with small perturbations
(hard wraps, quote and dash styles). Each library is measured in its own process (so peak
memory is its own) and printed beside the naive baseline measured in the same run: rapidfuzz
``partial_ratio_alignment`` of the claim against every article's full text.

Usage: python benchmarks/bench_matching.py [--quick] [--write]
  --quick  only the 1,000-article library, fewer claims
  --write  put the table into benchmarks/RESULTS.md (section "## Matching")
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
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

from benchmarks.results import replace_section  # noqa: E402
from workbench.matching.analysis import analyze  # noqa: E402
from workbench.matching.index import index_article  # noqa: E402
from workbench.matching.scoring import DEFAULT_MIN_SCORE  # noqa: E402
from workbench.model import Article, Claim, ClaimGroup  # noqa: E402
from workbench.service import Workbench  # noqa: E402
from workbench.textspan import make_anchor  # noqa: E402

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
        for aid, s, e, score in found[f"{group}:{home}"]:
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


def best_naive(found: dict, planted: dict, queries: list) -> tuple[float, float, float]:
    """The naive baseline's best recall at a threshold keeping its precision >= 0.9 (generous to it)."""
    best = (0.0, 0.0, 100.0)
    for threshold in range(50, 101):
        recall, precision, _ = quality(found, planted, queries, threshold)
        if precision >= 0.9 and recall > best[0]:
            best = (recall, precision, float(threshold))
    return best


def measure(n_articles: int, quick: bool) -> dict:
    """Build one library and measure ours against the naive scan; runs in its own process."""
    rng = random.Random(20260123 + n_articles)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        built = build(db_path, n_articles, copies=2 if quick else 3, rng=rng)
        build_seconds = time.perf_counter() - started
        wb = Workbench.open(db_path, user="bench")
        queries = built["queries"]
        claim_ids = {f"{g}:{aid}": add_claim(wb, aid, s, e) for g, aid, s, e in queries}
        texts_by_id: dict[int, str] = {}
        with wb.db.read() as session:
            for aid, text in session.query(Article.id, Article.text):
                texts_by_id[aid] = text
        # Ours: one claim's suggestions (stored, as a reviewer's click does), cold then warm cache.
        found: dict[str, list] = {}
        times: list[float] = []
        for key, claim_id in claim_ids.items():
            t0 = time.perf_counter()
            result = wb.suggest(claim_id, min_score=0)
            times.append(time.perf_counter() - t0)
            found[key] = [(s.article_id, s.start, s.end, s.score) for s in result]
        extra = [add_claim(wb, aid, s, e) for aid, s, e in rng.sample(built["sentences"], 10 if quick else 30)]
        for claim_id in extra:
            t0 = time.perf_counter()
            wb.suggest(claim_id)
            times.append(time.perf_counter() - t0)
        recall, precision, suggested = quality(found, built["planted"], queries, DEFAULT_MIN_SCORE)
        # Naive: the full scan, on texts already in memory (which favours it).
        lowered = [(aid, text.lower()) for aid, text in texts_by_id.items()]
        naive_found: dict[str, list] = {}
        naive_times: list[float] = []
        for g, home, s, e in queries:
            claim = texts_by_id[home][s:e]
            t0 = time.perf_counter()
            naive_found[f"{g}:{home}"] = naive_scan(lowered, claim, home)
            naive_times.append(time.perf_counter() - t0)
        naive_recall, naive_precision, naive_threshold = best_naive(naive_found, built["planted"], queries)
        # Batch: one claim per article (a sentence of each), all matched in one run.
        batch_claims = 0
        if not quick or n_articles <= 1000:
            with wb.db.write() as session:
                for aid, s, e in built["sentences"]:
                    article = session.get(Article, aid)
                    anchor = make_anchor(article.text, s, e)
                    session.add(Claim(article=article, group=ClaimGroup(canonical=anchor.quote), start=s, end=e,
                                      quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix))
            t0 = time.perf_counter()
            summary = wb.match_all()
            batch_seconds = time.perf_counter() - t0
            batch_claims = summary.claims_done
        wb.close()
    analysis_ms = _analysis_ms(texts_by_id)
    return {
        "articles": n_articles,
        "build_s": round(build_seconds, 1),
        "index_ms_per_article": round(1000 * built["index_seconds"] / n_articles, 3),
        "analysis_ms_per_article": analysis_ms,
        "suggest_median_ms": round(1000 * statistics.median(times), 1),
        "suggest_p95_ms": round(1000 * _p95(times), 1),
        "naive_median_ms": round(1000 * statistics.median(naive_times), 1),
        "naive_p95_ms": round(1000 * _p95(naive_times), 1),
        "recall": round(recall, 3),
        "precision": round(precision, 3),
        "suggestions": suggested,
        "naive_recall": round(naive_recall, 3),
        "naive_precision": round(naive_precision, 3),
        "naive_threshold": naive_threshold,
        "planted": sum(len(v) for v in built["planted"].values()),
        "queries": len(queries),
        "batch_claims": batch_claims,
        "batch_s": round(batch_seconds, 1) if batch_claims else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _analysis_ms(texts: dict[int, str]) -> float:
    sample = list(texts.values())[:300]
    t0 = time.perf_counter()
    for text in sample:
        analyze(text)
    return round(1000 * (time.perf_counter() - t0) / len(sample), 3)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- report -----------------------------------------------------------------------------------


def report(rows: list[dict]) -> str:
    lines = [
        "| articles | one claim: median / p95 (ours) | naive median / p95 | speed-up | recall ours / naive "
        "| precision ours / naive | batch (claims, s) | index ms/article | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        speed = r["naive_median_ms"] / max(r["suggest_median_ms"], 1e-9)
        batch = f"{r['batch_claims']:,} in {r['batch_s']} s" if r["batch_claims"] else "-"
        lines.append(
            f"| {r['articles']:,} | {r['suggest_median_ms']} / {r['suggest_p95_ms']} ms "
            f"| {r['naive_median_ms']} / {r['naive_p95_ms']} ms | {speed:.0f}x "
            f"| {r['recall']:.3f} / {r['naive_recall']:.3f} | {r['precision']:.3f} / {r['naive_precision']:.3f} "
            f"| {batch} | {r['index_ms_per_article']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(lines)


def write_results(table: str, rows: list[dict]) -> None:
    notes = "\n".join(
        f"- {r['articles']:,} articles: {r['planted']} planted variants of {r['queries']} labelled claims "
        f"({r['queries'] - len(SINGLE)} seen in several articles, {len(SINGLE)} single-article claims); "
        f"naive threshold {r['naive_threshold']:.0f} (its best recall at precision >= 0.9); "
        f"library built in {r['build_s']} s; text analysis {r['analysis_ms_per_article']} ms/article"
        for r in rows
    )
    section = (
        "## Matching\n\n"
        "`python benchmarks/bench_matching.py --write` (2-core machine; each library in its own process). "
        "Ours: `Workbench.suggest` (index candidates + alignment, suggestions stored), default threshold "
        f"{DEFAULT_MIN_SCORE}. Naive: rapidfuzz `partial_ratio_alignment` of the claim against every article's "
        "full text, texts already in memory. Recall: planted variants whose article's top suggestion points at "
        "them. Batch: `match_all` over one claim per article plus the labelled claims.\n\n"
        f"{table}\n\n{notes}\n\n"
        "Targets at 10,000 articles: one claim < 50 ms median and >= 10x faster than naive with equal or "
        "better recall; 10,000 claims batch-matched < 60 s; index < 2 ms per article.\n"
    )
    replace_section("Matching", section)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    args = parser.parse_args(argv)
    if args.size:
        print(json.dumps(measure(args.size, args.quick)))
        return 0
    rows = []
    for size in (1000,) if args.quick else (1000, 10_000):
        print(f"measuring {size:,} articles...", file=sys.stderr)
        command = [sys.executable, __file__, "--size", str(size)] + (["--quick"] if args.quick else [])
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    table = report(rows)
    print(table)
    if args.write:
        write_results(table, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
