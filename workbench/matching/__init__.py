"""Cross-source claim matching: where a claim marked in one article appears in the others.

The pipeline, one module per step:

- ``tokens``: stemmed content words of a normalised text (``workbench.normalize``), with positions.
- ``analysis``: an article or claim prepared for matching (normalised view + tokens), idf weights.
- ``index``: the inverted index in the database (``article_terms``) and candidate search, one
  dialect-neutral SQL aggregate per claim (or the whole index in memory for batch runs).
- ``align`` and ``scoring``: the best spans of a candidate article: dense windows of the claim's
  terms, refined with rapidfuzz alignment, scored 0-100 from character and rare-word similarity.
- ``suggest``: suggestions for one claim (rejections, existing claims and links taken into account).
- ``store``: pending suggestions replaced, decisions kept; ``batch``: many claims with progress.
- ``reprints``: near-duplicate articles from shared word shingles.
"""
