"""Rating scales: the presets, their ClaimReview mapping and colours, switching a library's scale and undoing it."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from workbench.errors import InvalidValue, VerdictConflict
from workbench.scales import (
    MIN_CONTRAST,
    PRESETS,
    TEXT_ON_RATING,
    contrast_ratio,
    parse_mapping,
    preset,
    scale_from_json,
)
from workbench.service import Workbench


def test_the_presets_are_the_desks_scales() -> None:
    assert list(PRESETS) == ["claimreview", "politifact", "snopes", "afp"]
    labels = {name: [v.label for v in s.values] for name, s in PRESETS.items()}
    assert labels["politifact"] == ["Pants on Fire", "False", "Mostly False", "Half True", "Mostly True", "True"]
    assert labels["afp"] == ["False", "Misleading", "Missing context", "True", "Altered", "Satire"]
    assert {"True", "Mostly True", "Mixture", "Mostly False", "False", "Unproven", "Miscaptioned",
            "Correct Attribution", "Misattributed", "Outdated", "Satire", "Scam", "Labeled Satire",
            } <= set(labels["snopes"])
    assert [v.key for v in PRESETS["claimreview"].values] == [
        "false", "mostly-false", "mixed", "mostly-true", "true", "unproven"]


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_colour_carries_dark_text_readably_and_no_two_look_alike(name: str) -> None:
    scale = PRESETS[name]
    for value in scale.values:
        assert contrast_ratio(value.colour, TEXT_ON_RATING) >= MIN_CONTRAST, (value.key, value.colour)
    for a, b in itertools.combinations(scale.values, 2):
        assert a.colour != b.colour, (a.key, b.key)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_colour_highlights_readably_in_the_light_and_the_dark_palette(name: str) -> None:
    from PySide6.QtGui import QColor

    from ui.colours import MARK_CONTRAST, TEXT_CONTRAST, contrast_ratio, tint_for

    for value in PRESETS[name].values:
        for text, page in (("#000000", "#ffffff"), ("#ffffff", "#1e1e1e")):
            tint = tint_for(value.colour, text, page)
            assert contrast_ratio(QColor(text), tint.background) >= TEXT_CONTRAST, (value.key, text)
            assert contrast_ratio(tint.mark, tint.background) >= MARK_CONTRAST, (value.key, page)


def test_ordinal_values_carry_rating_value_best_and_worst_the_others_only_a_name() -> None:
    snopes = preset("Snopes")
    assert snopes.claimreview(snopes.get("mostly-true")) == {  # type: ignore[arg-type]
        "@type": "Rating", "alternateName": "Mostly True", "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    assert snopes.claimreview(snopes.get("Satire")) == {"@type": "Rating", "alternateName": "Satire"}  # type: ignore[arg-type]
    assert (preset("politifact").best, preset("politifact").worst) == (6, 1)


def test_a_custom_scale_is_checked() -> None:
    good = scale_from_json({"label": "Desk", "values": [
        {"label": "Wrong", "value": 1, "colour": "#f4a3a3"}, {"label": "Right", "value": 2, "colour": "#a6d96a"},
        {"label": "Joke", "colour": "#92c5de"}]})
    assert [(v.key, v.value) for v in good.values] == [("wrong", 1), ("right", 2), ("joke", None)]
    with pytest.raises(InvalidValue, match="too dark"):
        scale_from_json([{"label": "Wrong", "value": 1, "colour": "#202020"}])
    with pytest.raises(InvalidValue, match="appears twice"):
        scale_from_json([{"label": "A", "colour": "#f4a3a3"}, {"label": "a", "colour": "#a6d96a"}])
    with pytest.raises(InvalidValue, match="OLD=NEW"):
        parse_mapping(["mixed"])


def rate(wb: Workbench, ratings: list[str]) -> list[int]:
    """One group per rating, rated with it (articles from the seeds)."""
    article = wb.list_articles()[0]
    text = wb.get_article(article.id).text
    groups = []
    for i, rating in enumerate(ratings):
        claim = wb.add_claim(article.id, start=10 * i, end=10 * i + 8) if text[10 * i : 10 * i + 8].strip() else None
        assert claim is not None
        wb.set_verdict(claim.group_id, rating=rating, status="review")
        groups.append(claim.group_id)
    return groups


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("rating_scale", "verdicts", "settings")}
    finally:
        conn.close()


def test_switching_maps_verdicts_in_one_step_and_undo_puts_everything_back(seeded: Workbench, db_path: Path) -> None:
    groups = rate(seeded, ["false", "mixed", "true", "unproven"])
    before = dump(db_path)
    with pytest.raises(InvalidValue) as refused:
        seeded.use_scale("politifact")
    message = str(refused.value)
    assert "'unproven' (1 verdict) has no counterpart" in message and "--map" in message
    assert dump(db_path) == before  # refused: nothing written

    switch = seeded.use_scale("politifact", {"Unproven": ""})
    assert seeded.current_scale().name == "politifact"
    assert [v.key for v in seeded.rating_scale()] == [v.key for v in PRESETS["politifact"].values]
    moved = {m.group_id: (m.old, m.new) for m in switch.moved}
    assert moved == {groups[1]: ("mixed", "half-true"), groups[3]: ("unproven", None)}  # false, true stay
    verdict = seeded.get_verdict(groups[1])
    assert verdict is not None and verdict.rating == "half-true" and verdict.version == 2
    assert verdict.revisions[-1].changes == {"rating": ["mixed", "half-true"]}
    assert set(switch.removed) == {"mixed", "unproven"} and "pants-on-fire" in switch.added

    seeded.undo_scale_switch(switch)
    after = dump(db_path)
    assert after["rating_scale"] == before["rating_scale"]
    assert [(v[1], v[2]) for v in after["verdicts"]] == [(v[1], v[2]) for v in before["verdicts"]]
    assert seeded.current_scale().name == "claimreview"
    assert seeded.get_verdict(groups[1]).revisions[-1].changes == {"rating": ["half-true", "mixed"]}  # type: ignore[union-attr]


def test_an_ambiguous_mapping_is_refused_with_the_choices(seeded: Workbench, tmp_path: Path) -> None:
    rate(seeded, ["mixed"])
    custom = tmp_path / "desk.json"
    custom.write_text(json.dumps({"values": [
        {"key": "false", "label": "False", "value": 1, "colour": "#ee6352"},
        {"key": "mixture", "label": "Mixture", "value": 2, "colour": "#fdcc8a"},
        {"key": "half-true", "label": "Half true", "value": 3, "colour": "#fee08b"},
        {"key": "true", "label": "True", "value": 4, "colour": "#a6d96a"}]}), encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"'mixed' \(1 verdict\) is ambiguous: it could be 'mixture' or 'half-true'"):
        seeded.use_scale(str(custom))
    switch = seeded.use_scale(str(custom), {"mixed": "Half true"})
    assert switch.scale == "custom" and [m.new for m in switch.moved] == ["half-true"]
    assert seeded.current_scale().name == "custom"
    assert [s.name for s in seeded.list_scales()][-1] == "custom"


def test_undo_is_refused_once_a_moved_verdict_changed(seeded: Workbench) -> None:
    (group,) = rate(seeded, ["mixed"])
    switch = seeded.use_scale("snopes")
    assert [(m.old, m.new) for m in switch.moved] == [("mixed", "mixture")]
    seeded.set_verdict(group, rationale="checked again")
    with pytest.raises(VerdictConflict, match=f"group {group} changed after the scale switch"):
        seeded.undo_scale_switch(switch)


def test_the_claimreview_export_follows_the_scale(seeded: Workbench, tmp_path: Path) -> None:
    groups = rate(seeded, ["false", "true"])
    seeded.use_scale("afp")
    seeded.set_setting("organisation", "Desk of the test")
    seeded.set_verdict(groups[0], rating="Altered", status="final")
    seeded.set_verdict(groups[1], rating="Missing context", status="final")
    out = tmp_path / "reviews.jsonld"
    seeded.export(out, format="claimreview")
    reviews = {r["identifier"]: r["reviewRating"] for r in json.loads(out.read_text(encoding="utf-8"))["@graph"]}
    assert reviews[f"claim-group-{groups[0]}"] == {"@type": "Rating", "alternateName": "Altered"}
    assert reviews[f"claim-group-{groups[1]}"] == {"@type": "Rating", "alternateName": "Missing context",
                                                   "ratingValue": 3, "bestRating": 4, "worstRating": 1}
