"""Cross-source claim matching: where a claim marked in one article appears in the others, and which
claims were checked before. ``docs/matching.md`` has the whole picture; one module per step:

- ``tokens``, ``passages``: content terms; an article cut into passages (sentences, clauses).
- ``index``: each article's passages and terms stored on import (one row per article).
- ``encoder``: the shipped sentence encoder (int8 ONNX, onnxruntime); ``vectors``: compact vectors and
  the int8 scan; ``embedding``: the job that embeds whatever lacks a vector of the current model.
- ``collection``, ``sources``, ``engine``: the in-memory index (BM25 postings, passage terms, vectors)
  of articles, fact-checks and verdicted claims, kept current segment by segment.
- ``suggest``: candidates (BM25 top 200 and vector top 200, never pruned by weight share), scored and
  placed; ``align``: the exact span of a near copy; ``scoring``: evidence, score, tier, explanation.
- ``checked``: "checked before?" over fact-checks and verdicted claims.
- ``store``: pending suggestions replaced, decisions kept; ``batch``: many claims with progress.
- ``reprints``: near-duplicate articles from shared word shingles.
"""
