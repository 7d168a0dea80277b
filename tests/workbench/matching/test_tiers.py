"""Tiers and explanations on hand-made variants of one claim: same text, close wording, reworded, unrelated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.matching.scoring import THRESHOLDS, Evidence, Tier, explain, score_bound, score_of, tier_of
from workbench.service import SuggestionInfo, Workbench

CLAIM = "The harbour will reopen on Monday after the storm damaged the main pier"
FILLER = ("Fishing boats stayed in the bay for a week. Traders counted their losses at the market. "
          "The weather office expects calm seas for the rest of the month.")
ARTICLES = {
    "home": f"Harbour news.\n\n{CLAIM}, officials said on Friday. {FILLER}",
    "reprint": f"Coastal wire.\n\nLocal desk. {CLAIM}, officials said on Friday. {FILLER}",
    "typography": ("Port report.\n\nOfficials said: \u201cThe harbour will reopen on Monday \u2014 after the storm\n"
                   f"damaged the main pier.\u201d {FILLER}"),
    "one_word": f"Evening edition.\n\nThe harbour will reopen on Tuesday after the storm damaged the main pier, "
                f"the mayor said. {FILLER}",
    "reworded": ("Weekend briefing.\n\nAfter storm damage to its main pier, the harbour is set to open again on "
                 "Monday, officials say. Shops near the quay stayed shut."),
    "unrelated": ("School news.\n\nThe city council approved a new budget for primary schools on Wednesday. "
                  "Teachers welcomed the extra money for books."),
}


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workbench, dict[str, int], list]]:
    folder = tmp_path_factory.mktemp("variants")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    wb = Workbench.open(Path(folder) / "lib.sqlite3", user="tester")
    wb.import_paths([folder])
    wb.embed_pending()
    ids = {Path(wb.get_article(a.id).file_name or "").stem: a.id for a in wb.list_articles()}
    claim = wb.add_claim(ids["home"], quote=CLAIM)
    everything = wb.suggest(claim.id, min_score=0, store=False)
    yield wb, ids, everything
    wb.close()


def by_article(ids: dict[str, int], suggestions: list[SuggestionInfo]) -> dict[str, SuggestionInfo]:
    names = {v: k for k, v in ids.items()}
    return {names[s.article_id]: s for s in suggestions}


def test_every_other_article_is_a_candidate_at_min_score_zero(found: tuple) -> None:
    _, ids, everything = found
    assert set(by_article(ids, everything)) == set(ARTICLES) - {"home"}
    assert everything == sorted(everything, key=lambda s: -s.score)


def test_each_variant_gets_its_tier(found: tuple) -> None:
    _, ids, everything = found
    got = by_article(ids, everything)
    assert got["reprint"].tier == Tier.SAME_TEXT and got["reprint"].text == CLAIM
    assert got["typography"].tier == Tier.SAME_TEXT
    assert got["typography"].text.startswith("The harbour will reopen on Monday \u2014 after the storm\ndamaged")
    assert got["one_word"].tier == Tier.CLOSE_WORDING
    assert got["reworded"].tier == Tier.REWORDED
    assert got["reprint"].score > got["one_word"].score > got["reworded"].score > got["unrelated"].score


def test_the_default_thresholds_show_the_variants_and_hide_the_unrelated_article(found: tuple) -> None:
    wb, ids, everything = found
    shown = by_article(ids, wb.suggest(everything[0].claim_id, store=False))
    assert set(shown) == {"reprint", "typography", "one_word", "reworded"}
    assert all(s.score >= THRESHOLDS[Tier(s.tier)] for s in shown.values())


def test_explanations_name_shared_words_similarity_and_changed_words(found: tuple) -> None:
    _, ids, everything = found
    got = by_article(ids, everything)
    one_word = got["one_word"].explanation
    assert one_word is not None and one_word.tier_label == "close wording"
    assert ("Monday", "Tuesday") in one_word.changed_words
    assert {"harbour", "reopen", "storm", "damaged", "pier"} <= set(one_word.shared_terms)
    reworded = got["reworded"].explanation
    assert reworded is not None and reworded.semantic_similarity is not None
    assert reworded.semantic_similarity > got["unrelated"].explanation.semantic_similarity + 0.2  # type: ignore[union-attr]
    assert reworded.lexical_similarity < one_word.lexical_similarity
    assert got["reworded"].text == ("After storm damage to its main pier, the harbour is set to open again on Monday, "
                                    "officials say.")


def test_tier_and_score_follow_the_evidence() -> None:
    copy = Evidence(semantic=0.9, lexical=1.0, character=99.0)
    small_edit = Evidence(semantic=0.85, lexical=0.9, character=85.0)
    rewording = Evidence(semantic=0.8, lexical=0.3, character=40.0)
    not_embedded = Evidence(semantic=None, lexical=0.6, character=40.0)
    assert [tier_of(e) for e in (copy, small_edit, rewording)] == [Tier.SAME_TEXT, Tier.CLOSE_WORDING, Tier.REWORDED]
    assert score_of(copy) == 99.0 and score_of(small_edit) == pytest.approx(100 * (0.75 * 0.85 + 0.25 * 0.9), abs=0.1)
    assert score_of(rewording) == pytest.approx(100 * (0.75 * 0.8 + 0.25 * 0.3), abs=0.1)
    assert 0 < score_of(not_embedded) < score_of(Evidence(0.6, 0.6, 40.0))  # words alone count, a little less
    assert score_of(Evidence(semantic=0.1, lexical=0.0, character=20.0, alignment=70.0)) == pytest.approx(66.5)
    assert explain("Talks go on", "Talks went on", small_edit).changed_words == (("go", "went"),)


@settings(max_examples=300, deadline=None)
@given(semantic=st.one_of(st.none(), st.floats(-1, 1)), lexical=st.floats(0, 1), recall=st.floats(0, 1),
       character=st.floats(0, 100), alignment=st.floats(0, 100))
def test_the_cheap_bound_is_never_below_the_score(semantic: float | None, lexical: float, recall: float,
                                                   character: float, alignment: float) -> None:
    """Candidates are dropped before their characters are compared only when no comparison could lift them."""
    import numpy as np

    from workbench.matching.suggest import score_bounds

    evidence = Evidence(semantic, lexical, character, alignment, recall)
    bound = score_bound(semantic, lexical, recall)
    assert bound >= score_of(evidence)
    vectorised = score_bounds(np.array([np.nan if semantic is None else semantic]), np.array([lexical]),
                              np.array([recall]))[0] + 0.1
    assert vectorised >= bound
