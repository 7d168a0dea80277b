"""A large synthetic library built with bulk inserts: for the memory test and benchmarks/bench_export.py."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import insert

from workbench.db import Database
from workbench.model import Article, Claim, ClaimGroup, Evidence, Source, Suggestion, Verdict, VerdictRevision

RATINGS = ("false", "mostly-false", "mixed", "mostly-true", "true", "unproven")
SENTENCE = "Officials said on {day} that claim number {n} was {word}, a figure disputed by critics. "
WORDS = ("accurate", "exaggerated", "=SUM(A1:A9)", "misleading", "@risk", "+3%", "-5 points")


def build_library(db: Database, claims: int = 100_000, *, per_article: int = 50, per_group: int = 2,
                  chunk: int = 20_000) -> dict[str, int]:
    """Fill an empty library with `claims` claims; returns how many rows of each kind it inserted."""
    n_articles = -(-claims // per_article)
    n_groups = -(-claims // per_group)
    now = dt.datetime(2024, 5, 1, 12, 0)
    with db.write() as s:
        s.execute(insert(Source), [
            {"id": i + 1, "name": f"Outlet {i + 1}", "homepage": f"https://outlet{i + 1}.example"} for i in range(20)
        ])
        texts = {}
        rows = []
        for a in range(1, n_articles + 1):
            text = "".join(SENTENCE.format(day=f"day {a}", n=k, word=WORDS[(a + k) % len(WORDS)])
                           for k in range(per_article))
            texts[a] = text
            rows.append({
                "id": a, "source_id": a % 20 + 1, "title": f"Article {a}: what officials said",
                "url": f"https://outlet{a % 20 + 1}.example/news/{a}", "published": dt.date(2022, 1, 1)
                + dt.timedelta(days=a % 365), "file_format": "text", "text": text, "length": len(text),
                "content_hash": hashlib.sha256(text.encode()).hexdigest(), "imported_at": now, "updated_at": now,
            })
        for i in range(0, len(rows), chunk):
            s.execute(insert(Article), rows[i : i + chunk])
        s.execute(insert(ClaimGroup), [{"id": g, "canonical": f"Claim number {g} was disputed", "created_at": now,
                                        "updated_at": now} for g in range(1, n_groups + 1)])
        batch = []
        for c in range(claims):
            a, k = c // per_article + 1, c % per_article
            text = texts[a]
            start = text.index(f"claim number {k} was")
            end = text.index(",", start)
            batch.append({
                "id": c + 1, "article_id": a, "group_id": c // per_group + 1, "start": start, "end": end,
                "quote": text[start:end], "prefix": text[max(0, start - 32) : start], "suffix": text[end : end + 32],
                "anchor_state": "anchored", "created_by": "bench", "created_at": now,
            })
            if len(batch) == chunk:
                s.execute(insert(Claim), batch)
                batch = []
        if batch:
            s.execute(insert(Claim), batch)
        verdicts = [{
            "id": g, "group_id": g, "rating_key": RATINGS[g % len(RATINGS)],
            "rationale": f"Checked against source {g}.",
            "status": "final" if g % 2 else "review", "reviewer": "bench", "created_at": now, "updated_at": now,
            "version": 1,
        } for g in range(1, n_groups + 1, 2)]
        s.execute(insert(Verdict), verdicts)
        s.execute(insert(VerdictRevision), [{"verdict_id": v["id"], "version": 1, "changed_by": "bench",
                                              "changed_at": now, "changes": {"status": [None, v["status"]]}}
                                             for v in verdicts])
        s.execute(insert(Evidence), [{"verdict_id": v["id"], "url": f"https://evidence.example/{v['id']}",
                                       "title": "", "note": "", "position": 0} for v in verdicts])
        links = [{
            "claim_id": c, "article_id": (c // per_article) + 1, "start": 0, "end": 10, "text": "Officials",
            "score": 0.9, "method": "fuzzy", "state": "accepted", "target_claim_id": c + 1, "created_at": now,
        } for c in range(1, claims, per_group)]
        for i in range(0, len(links), chunk):
            s.execute(insert(Suggestion), links[i : i + chunk])
    return {"articles": n_articles, "groups": n_groups, "claims": claims, "verdicts": len(verdicts),
            "links": len(links)}
