#!/usr/bin/env python3
"""MAP@5 on CLEF CheckThat! 2021 task 2A (English) through both "checked before" paths.

Path 1, articles + suggest: every verified claim is imported as an article ("title\\n\\nclaim"), every
tweet as an article marked whole as a claim; ``suggest CLAIM --per-article 1 --min-score 0`` ranks the
articles. The ranking is read over the verified-claim articles only (the other tweets imported beside
them are not candidates of the task).
Path 2, fact-checks + checked: the verified claims are imported with ``import-factchecks`` from a CSV
(claim, title; the url carries the claim's id); ``checked --text TWEET --top 5`` ranks them.

--mode cli runs the real command line (one process per command, as a user would); --mode service
calls the service in one process (fast, for tuning). Data: the JSON of ../shared/data (``claims``:
id -> {vclaim, title}; ``dev``: id -> {text, gold}). Tune only on the development set.

Usage: python benchmarks/checkthat_eval.py [--data FILE] [--mode cli|service] [--path suggest|checked|both]
       [--work DIR] [--limit N] [--write]
(--write: the command-line figures into benchmarks/RESULTS.md)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent.parent / "shared" / "data" / "checkthat-2021-2a-en-dev.json.gz"
URL_PREFIX = "https://checkthat.example/"


def load(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def average_precision(ranked: list[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], 1):
        if item in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), k) if gold else 0.0


def write_corpus(data: dict, folder: Path) -> tuple[dict[str, Path], dict[str, Path], Path]:
    """Claim article files, tweet files, and the fact-check CSV."""
    claims_dir, tweets_dir = folder / "claims", folder / "tweets"
    claims_dir.mkdir(parents=True, exist_ok=True)
    tweets_dir.mkdir(parents=True, exist_ok=True)
    claim_files, tweet_files = {}, {}
    for cid, item in data["claims"].items():
        path = claims_dir / f"{cid}.txt"
        path.write_text(f"{item['title']}\n\n{item['vclaim']}\n", encoding="utf-8")
        claim_files[cid] = path
    for tid, item in data["dev"].items():
        path = tweets_dir / f"{tid}.txt"
        path.write_text(item["text"] + "\n", encoding="utf-8")
        tweet_files[tid] = path
    table = folder / "factchecks.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["claim", "rating", "url", "organization", "date", "title"])
        for cid, item in data["claims"].items():
            writer.writerow([item["vclaim"], "", URL_PREFIX + cid, "Snopes", "", item["title"]])
    return claim_files, tweet_files, table


# -- through the command line -------------------------------------------------------------------------


def cli(db: Path, *args: str) -> object:
    command = [sys.executable, "-m", "workbench.cli", "--db", str(db), *args, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def run_cli(data: dict, work: Path, paths: set[str], tweets: list[str]) -> dict:
    claim_files, tweet_files, table = write_corpus(data, work / "corpus")
    out: dict = {}
    if "suggest" in paths:
        db = work / "articles.sqlite3"
        t0 = time.perf_counter()
        imported = cli(db, "import", str(claim_files[next(iter(claim_files))].parent))
        import_s = time.perf_counter() - t0
        article_claim = {Path(r["path"]).stem: r["article_id"] for r in imported}  # type: ignore[union-attr]
        by_article = {aid: cid for cid, aid in article_claim.items()}
        tweet_rows = cli(db, "import", *[str(tweet_files[t]) for t in tweets])
        tweet_article = {Path(r["path"]).stem: r["article_id"] for r in tweet_rows}  # type: ignore[union-attr]
        t0 = time.perf_counter()
        cli(db, "embed")
        embed_s = time.perf_counter() - t0
        aps, times = [], []
        for tid in tweets:
            length = len(tweet_files[tid].read_text(encoding="utf-8").rstrip("\n"))
            claim = cli(db, "claim", "add", str(tweet_article[tid]), "--span", f"0:{length}")
            t0 = time.perf_counter()
            found = cli(db, "suggest", str(claim["id"]), "--per-article", "1", "--min-score", "0")  # type: ignore[index]
            times.append(time.perf_counter() - t0)
            ranked = [by_article[s["article_id"]] for s in found if s["article_id"] in by_article]  # type: ignore[union-attr]
            aps.append(average_precision(ranked, set(data["dev"][tid]["gold"])))
        out["suggest"] = {"map5": statistics.mean(aps), "queries": len(aps), "import_s": round(import_s, 1),
                          "embed_s": round(embed_s, 1), "command_median_s": round(statistics.median(times), 3)}
    if "checked" in paths:
        db = work / "factchecks.sqlite3"
        t0 = time.perf_counter()
        report = cli(db, "import-factchecks", str(table))
        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        cli(db, "embed")
        embed_s = time.perf_counter() - t0
        aps, times = [], []
        for tid in tweets:
            t0 = time.perf_counter()
            found = cli(db, "checked", "--text", data["dev"][tid]["text"], "--top", "5")
            times.append(time.perf_counter() - t0)
            ranked = [r["url"][len(URL_PREFIX):] for r in found if (r["url"] or "").startswith(URL_PREFIX)]  # type: ignore[union-attr]
            aps.append(average_precision(ranked, set(data["dev"][tid]["gold"])))
        out["checked"] = {"map5": statistics.mean(aps), "queries": len(aps), "imported": report[0]["imported"],  # type: ignore[index]
                          "import_s": round(import_s, 1), "embed_s": round(embed_s, 1),
                          "command_median_s": round(statistics.median(times), 3),
                          "warm_median_ms": warm_checked(db, data, tweets)}
    return out


def warm_checked(db: Path, data: dict, tweets: list[str]) -> float:
    """Median time of one checked query in a process that has already answered one (the window's case)."""
    from workbench.service import Workbench

    wb = Workbench.open(db)
    try:
        wb.checked(text=data["dev"][tweets[0]]["text"], top=5)
        times = []
        for tid in tweets:
            t0 = time.perf_counter()
            wb.checked(text=data["dev"][tid]["text"], top=5)
            times.append(time.perf_counter() - t0)
    finally:
        wb.close()
    return round(1000 * statistics.median(times), 1)


# -- in one process, through the service ----------------------------------------------------------------


def run_service(data: dict, work: Path, paths: set[str], tweets: list[str]) -> dict:
    from workbench.service import Workbench

    claim_files, tweet_files, table = write_corpus(data, work / "corpus")
    out: dict = {}
    if "suggest" in paths:
        db = work / "articles.sqlite3"
        cached = work / "articles-built.sqlite3"
        if not cached.exists():
            wb = Workbench.open(cached)
            wb.import_paths([claim_files[next(iter(claim_files))].parent])
            wb.import_paths([tweet_files[t] for t in data["dev"]])
            wb.close()
        wb = Workbench.open(cached)
        wb.embed_pending()  # (again after a change of the passage cut or of the model)
        wb.close()
        shutil.copyfile(cached, db)
        wb = Workbench.open(db)
        by_file = {a.id: wb.get_article(a.id).file_name for a in wb.list_articles()}
        by_article = {aid: name[:-4] for aid, name in by_file.items() if name.startswith("vclaim")}
        tweet_article = {name[:-4]: aid for aid, name in by_file.items() if name.startswith("tweet")}
        aps, times = [], []
        for tid in tweets:
            aid = tweet_article[tid]
            text = wb.get_article(aid).text
            claim = wb.add_claim(aid, start=0, end=len(text.rstrip("\n")))
            t0 = time.perf_counter()
            found = wb.suggest(claim.id, min_score=0, per_article=1, store=False)
            times.append(time.perf_counter() - t0)
            ranked = [by_article[s.article_id] for s in found if s.article_id in by_article]
            aps.append(average_precision(ranked, set(data["dev"][tid]["gold"])))
            wb.remove_claim(claim.id)
        wb.close()
        out["suggest"] = {"map5": statistics.mean(aps), "queries": len(aps),
                          "median_ms": round(1000 * statistics.median(times), 1)}
    if "checked" in paths:
        db = work / "factchecks.sqlite3"
        cached = work / "factchecks-built.sqlite3"
        if not cached.exists():
            wb = Workbench.open(cached)
            wb.import_factchecks([table])
            wb.close()
        wb = Workbench.open(cached)
        wb.embed_pending()
        wb.close()
        shutil.copyfile(cached, db)
        wb = Workbench.open(db)
        aps, times = [], []
        for tid in tweets:
            t0 = time.perf_counter()
            found = wb.checked(text=data["dev"][tid]["text"], top=5)
            times.append(time.perf_counter() - t0)
            ranked = [r.url[len(URL_PREFIX):] for r in found if (r.url or "").startswith(URL_PREFIX)]
            aps.append(average_precision(ranked, set(data["dev"][tid]["gold"])))
        wb.close()
        out["checked"] = {"map5": statistics.mean(aps), "queries": len(aps),
                          "median_ms": round(1000 * statistics.median(times), 1)}
    return out


def write_results(result: dict, data_path: Path) -> None:
    from benchmarks.results import replace_section

    sug, chk = result.get("suggest", {}), result.get("checked", {})
    rows = []
    if chk:
        rows.append(f"| fact-checks + `checked --text` | {chk['map5']:.3f} | >= 0.95 | import-factchecks of "
                    f"{chk['imported']:,}: {chk['import_s']} s (target < 60 s); embed: {chk['embed_s']} s; "
                    f"one `checked`: {chk['warm_median_ms']} ms median in a running process (target < 100 ms), "
                    f"{chk['command_median_s']} s as a new command (start-up and loading included) |")
    if sug:
        rows.append(f"| articles + `suggest --per-article 1 --min-score 0` | {sug['map5']:.3f} | >= 0.93 | import of "
                    f"{len(load(data_path)['claims']):,} files: {sug['import_s']} s; embed: {sug['embed_s']} s; "
                    f"one `suggest` command: {sug['command_median_s']} s median |")
    section = (
        "## Checked before (CLEF CheckThat! 2021 2A, development set)\n\n"
        f"`python benchmarks/checkthat_eval.py --write` (through the command line, one process per command; "
        f"{len(load(data_path)['dev'])} tweets, MAP@5; load average {result['load']:.1f} at the end).\n\n"
        "| path | MAP@5 | target | times |\n|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    replace_section("Checked before (CLEF CheckThat! 2021 2A, development set)", section)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mode", choices=("cli", "service"), default="cli")
    parser.add_argument("--path", choices=("suggest", "checked", "both"), default="both")
    parser.add_argument("--work", type=Path, help="working folder (kept; the service mode caches its libraries)")
    parser.add_argument("--limit", type=int, help="only the first N tweets")
    parser.add_argument("--write", action="store_true", help="put the figures into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    data = load(args.data)
    tweets = list(data["dev"])[: args.limit] if args.limit else list(data["dev"])
    paths = {"suggest", "checked"} if args.path == "both" else {args.path}
    work = args.work or Path(tempfile.mkdtemp(prefix="checkthat-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    run = run_cli if args.mode == "cli" else run_service
    result = run(data, work, paths, tweets)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["load"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
    if args.write and args.mode == "cli":
        write_results(result, args.data)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
