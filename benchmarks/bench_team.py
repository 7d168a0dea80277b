#!/usr/bin/env python3
"""Team load: 10 reviewer processes x 200 mixed edits against one PostgreSQL server, beside single-user SQLite.

A throwaway PostgreSQL cluster (tests/pgcluster.py; needs the Debian package postgresql) holds a team library
(`team init`) with 60 synthetic articles. Each reviewer is its own OS process, logged in as its own reviewer
login (so the server's grants, triggers and row-level security all run), and makes 200 edits in a random
mix: mark a claim (25%), link two claims across articles (25%), rate a group, i.e. a verdict with a rationale
naming the edit, sent with the version last seen (25%), and comment on a claim (25%). A rating that meets a
newer version (VerdictConflict, as the window shows it), or whose group was merged into another meanwhile, is
reloaded and applied again, as a reviewer would.
Every edit's latency is its wall time through `workbench.service`.

Checked afterwards: no lost update (every claim, note, link and rating edit a process saw succeed is in the
library, each rating edit exactly once in the verdict history) and no error reaching a user (refusals by the
rules, e.g. linking two groups that both have a verdict, are counted apart and are not errors).

Baselines in the same run: the same 200-edit mix by one process on an SQLite library (the single-user
figure), and by one process on the server.

Usage: python benchmarks/bench_team.py [--reviewers 10] [--edits 200] [--write]
  --write  put the table into benchmarks/RESULTS.md (section "## Team library")
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

ARTICLES = 60
KINDS = ("mark", "link", "rate", "comment")


# -- one reviewer process ----------------------------------------------------------------------------


def reviewer(url: str, login: str, seed: int, edits: int, out: Path, go: Path) -> None:
    """Make `edits` mixed edits as login; write latencies and what was saved to out (JSON)."""
    from workbench.errors import InvalidValue, NotFound, VerdictConflict, WorkbenchError
    from workbench.service import Workbench

    rng = random.Random(seed)
    wb = Workbench.open(url, user=login)
    articles = [(a.id, a.length) for a in wb.list_articles()]
    mine: list[int] = []  # claim ids this reviewer marked
    notes: dict[int, str] = {}
    links: list[tuple[int, int]] = []
    ratings: list[str] = []  # the rationale token of each rating edit that was saved
    latencies: dict[str, list[float]] = {k: [] for k in KINDS}
    counts = {"saved": 0, "conflicts_retried": 0, "refused_by_rules": 0, "errors": 0}
    errors: list[str] = []
    while not go.exists():  # start together
        time.sleep(0.01)
    started = time.time()
    for n in range(edits):
        kind = "mark" if len(mine) < 2 else rng.choice(KINDS)
        began = time.perf_counter()
        try:
            if kind == "mark":
                aid, length = rng.choice(articles)
                start = rng.randrange(0, max(1, length - 80))
                claim = wb.add_claim(aid, start=start, end=start + rng.randint(20, 80))
                mine.append(claim.id)
            elif kind == "link":
                claim = rng.choice(mine)
                aid, length = rng.choice(articles)
                others = [c.id for c in wb.list_claims(aid) if c.id != claim]
                if not others:  # nothing marked there yet: mark something to link to
                    start = rng.randrange(0, max(1, length - 80))
                    others = [wb.add_claim(aid, start=start, end=start + rng.randint(20, 80)).id]
                    mine.append(others[0])
                target = rng.choice(others)
                try:
                    wb.link_claims(claim, target)
                    links.append((claim, target))
                except InvalidValue:  # already linked, or both groups rated: the rules say no
                    counts["refused_by_rules"] += 1
                    latencies[kind].append((time.perf_counter() - began) * 1000)
                    continue
            elif kind == "rate":
                claim = rng.choice(mine)
                token = f"{login} edit {n}"
                rating = rng.choice(["false", "mostly-false", "mixed", "mostly-true", "true"])
                while True:
                    group = wb.get_claim(claim).group_id
                    seen = wb.get_verdict(group)
                    try:
                        wb.set_verdict(group, rating=rating, rationale=token,
                                       expected_version=seen.version if seen else 0)
                        break
                    except (VerdictConflict, NotFound):  # someone saved first, or merged the group: reload, again
                        counts["conflicts_retried"] += 1
                ratings.append(token)
            else:
                claim = rng.choice(mine)
                note = f"{login} note {n}"
                wb.set_claim_note(claim, note)
                notes[claim] = note
            counts["saved"] += 1
        except WorkbenchError as exc:
            counts["errors"] += 1
            errors.append(f"{kind}: {exc}")
        except Exception as exc:  # anything else would be a traceback in front of a user
            counts["errors"] += 1
            errors.append(f"{kind}: {type(exc).__name__}: {exc}")
        latencies[kind].append((time.perf_counter() - began) * 1000)
    finished = time.time()
    wb.close()
    out.write_text(json.dumps({
        "login": login, "started": started, "finished": finished, "latencies": latencies, "counts": counts,
        "errors": errors[:20], "claims": mine, "notes": notes, "links": links, "ratings": ratings,
    }))


# -- the run ---------------------------------------------------------------------------------------------


def run_processes(urls: dict[str, str], edits: int, work: Path) -> list[dict[str, Any]]:
    """One reviewer process per login (login -> URL), started together; their reports."""
    go = work / f"go-{time.monotonic_ns()}"
    procs = []
    for i, (login, url) in enumerate(urls.items()):
        out = work / f"{login}-{go.name}.json"
        procs.append((subprocess.Popen([sys.executable, __file__, "--child", url, login, str(1000 + i), str(edits),
                                        str(out), str(go)]), out))
    time.sleep(2.0 + 0.5 * len(procs))  # every process imported and connected
    go.touch()
    for proc, _out in procs:
        if proc.wait(timeout=3600) != 0:
            raise SystemExit(f"a reviewer process failed (exit {proc.returncode})")
    return [json.loads(out.read_text()) for _proc, out in procs]


def check(url: str, reports: list[dict[str, Any]]) -> list[str]:
    """What a reviewer saw saved but the library lost (or holds twice); empty when nothing."""
    from collections import Counter

    from sqlalchemy import select

    from workbench.model import Claim, VerdictRevision
    from workbench.service import Workbench

    problems: list[str] = []
    wb = Workbench.open(url)
    try:
        with wb.db.read() as session:
            claims = {c.id: c for c in session.scalars(select(Claim))}
            rationales = Counter(
                (r.changes or {}).get("rationale", [None, None])[-1] for r in session.scalars(select(VerdictRevision))
            )
        for report in reports:
            problems += [f"claim {c} of {report['login']} is missing" for c in report["claims"] if c not in claims]
            for claim, note in report["notes"].items():
                if claims[int(claim)].note != note:
                    problems.append(f"note on claim {claim} by {report['login']} was lost")
            for a, b in report["links"]:
                if claims[a].group_id != claims[b].group_id:
                    problems.append(f"link {a}-{b} by {report['login']} was lost")
            for token in report["ratings"]:
                if rationales[token] != 1:
                    problems.append(f"rating '{token}' is in the history {rationales[token]} times")
    finally:
        wb.close()
    return problems


def summarise(reports: list[dict[str, Any]]) -> dict[str, Any]:
    all_ms = [ms for r in reports for kind in KINDS for ms in r["latencies"][kind]]
    wall = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    counts = {k: sum(r["counts"][k] for r in reports) for k in reports[0]["counts"]}
    per_kind = {kind: _p95([ms for r in reports for ms in r["latencies"][kind]]) for kind in KINDS}
    return {
        "edits": len(all_ms), "seconds": wall, "throughput": len(all_ms) / wall, "median": statistics.median(all_ms),
        "p95": _p95(all_ms), "per_kind_p95": per_kind, "counts": counts,
        "errors": [e for r in reports for e in r["errors"]][:10],
    }


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def make_library(url: str) -> None:
    from reliability_corpus import write_corpus

    from workbench.service import Workbench

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), ARTICLES, seed=11, paragraphs=4)
        wb = Workbench.open(url, user="owner")
        try:
            assert {r.status for r in wb.import_paths([Path(tmp)])} == {"imported"}
        finally:
            wb.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from pgcluster import Cluster

    from workbench.service import Workbench

    cluster = Cluster.create()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            # single user on SQLite (the baseline)
            sqlite_url = str(work / "single.sqlite3")
            make_library(sqlite_url)
            single = summarise(run_processes({"solo": sqlite_url}, args.edits, work))
            # the team server
            cluster.execute('CREATE DATABASE "desk"')
            url = cluster.url("desk")
            make_library(url)
            owner = Workbench.open(url)
            owner.team_init()
            logins = [f"reviewer{i:02d}" for i in range(args.reviewers)]
            for login in [*logins, "solo_pg"]:
                owner.team_add(login, "reviewer", f"pw-{login}")
            owner.close()
            one_pg = summarise(run_processes({"solo_pg": cluster.url("desk", "solo_pg")}, args.edits, work))
            reports = run_processes({login: cluster.url("desk", login) for login in logins}, args.edits, work)
            team = summarise(reports)
            problems = check(url, reports)
    finally:
        cluster.destroy()
    load = os.getloadavg()[0]
    print(json.dumps({"sqlite_single": single, "postgres_single": one_pg, "team": team, "problems": problems[:20],
                      "load": load}, indent=2))
    if args.write:
        write_results(args, single, one_pg, team, problems, load)
    return 1 if problems or team["counts"]["errors"] else 0


def write_results(args: argparse.Namespace, single: dict[str, Any], one_pg: dict[str, Any], team: dict[str, Any],
                  problems: list[str], load: float) -> None:
    from benchmarks.results import replace_section

    def row(what: str, s: dict[str, Any]) -> str:
        return (f"| {what} | {s['edits']:,} | {s['seconds']:.1f} s | {s['throughput']:.0f} edits/s | "
                f"{s['median']:.1f} ms | {s['p95']:.1f} ms |")

    kinds = ", ".join(f"{k} {v:.0f} ms" for k, v in team["per_kind_p95"].items())
    c = team["counts"]
    section = "\n".join([
        "## Team library",
        "",
        f"`python benchmarks/bench_team.py --write` ({time.strftime('%d %b %Y, %H:%M')}; 2-core machine shared "
        f"with other work, load average {load:.1f} at the end; PostgreSQL "
        f"{_server_version()} in a throwaway cluster on the same machine, fsync off). {args.reviewers} reviewer "
        f"processes, each logged in as its own reviewer, {args.edits} edits each in a random mix of mark, link, "
        "rate (verdict with expected version) and comment, all through `workbench.service`.",
        "",
        "| run | edits | wall time | throughput | median | p95 |",
        "| --- | --- | --- | --- | --- | --- |",
        row(f"{args.reviewers} reviewers at once on PostgreSQL", team),
        row("baseline: 1 user on SQLite (same mix, same run)", single),
        row("1 user on PostgreSQL (same mix, same run)", one_pg),
        "",
        f"p95 per kind with {args.reviewers} reviewers: {kinds}. Outcome: {c['saved']:,} edits saved, "
        f"{c['conflicts_retried']} ratings met a newer version and were reloaded and applied again, "
        f"{c['refused_by_rules']} links refused by the rules (both groups already had a verdict), "
        f"{c['errors']} errors reached a user; lost or doubled updates found afterwards: {len(problems)}.",
        "",
        "Each reviewer process runs with no pause between edits (a person makes a few per minute), so the ten "
        "processes, the server and the machine's other work all compete for the two cores: the team figures are "
        "bounded by CPU, not by the server's locking. Links and ratings are the slow kinds under contention: a "
        "link locks the two claims and their groups, so two links of one group wait for each other, and a rating "
        "that meets a newer version is reloaded and sent again.",
    ])
    replace_section("Team library", section)


def _server_version() -> str:
    from pgcluster import find_bindir

    bindir = find_bindir()
    return bindir.parent.name if bindir else "?"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _url, _login, _seed, _edits, _out, _go = sys.argv[2:8]
        reviewer(_url, _login, int(_seed), int(_edits), Path(_out), Path(_go))
        sys.exit(0)
    sys.exit(main())
