"""ClaimReview and Web Annotation JSON-LD: required fields, values and links."""

from __future__ import annotations

import json
import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def check_claim_review(review: dict) -> None:
    """The fields schema.org and Google's fact-check markup require of a ClaimReview."""
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert ISO_DATE.match(review["datePublished"])
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    for appearance in item["appearance"]:
        assert appearance["@type"] in ("NewsArticle", "CreativeWork") and appearance["headline"]
    if item["appearance"]:
        assert item["firstAppearance"] == item["appearance"][0]


def check_annotation(note: dict) -> None:
    """The fields the W3C Web Annotation model requires, and ours for claims."""
    assert note["type"] == "Annotation" and note["id"].startswith("urn:claim-workbench:")
    assert note["motivation"] in ("assessing", "highlighting", "linking")
    assert note["target"]
    if note["motivation"] != "linking":
        assert ISO_TIME.match(note["created"])
        target = note["target"]
        assert target["source"]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and {"exact", "prefix", "suffix"} <= set(quote)
        assert position["type"] == "TextPositionSelector" and position["start"] < position["end"]


def test_claim_review_per_final_verdict_with_rating_appearances_and_author(sample, export) -> None:
    wb = sample.wb
    wb.set_setting("organisation", "Example Fact Check")
    wb.set_setting("organisation_url", "https://factcheck.example")
    wb.set_setting("claimreview_url", "https://factcheck.example/checks/{group_id}")
    document = json.loads(export("reviews.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    assert [r["identifier"] for r in reviews] == ["claim-group-1", "claim-group-4"]  # the draft is left out
    for review in reviews:
        check_claim_review(review)
    first = reviews[0]
    assert first["claimReviewed"] == "unemployment fell by 40 percent last year"
    assert first["url"] == "https://factcheck.example/checks/1"
    assert first["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example"}
    assert first["reviewRating"] == {
        "@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "ratingExplanation": "Official statistics show 4 percent.",
    }
    appearances = first["itemReviewed"]["appearance"]
    assert [(a["url"], a["datePublished"], a["publisher"]["name"]) for a in appearances] == [
        ("https://dailyplanet.example/jobs", "2022-01-18", "Daily Planet"),
        ("https://themoscowtimes.example/2022/01/19/jobs", "2022-01-19", "Moscow Times"),
    ]
    assert first["itemReviewed"]["firstAppearance"]["url"] == "https://dailyplanet.example/jobs"
    unproven = reviews[1]["reviewRating"]
    assert unproven["alternateName"] == "Unproven" and "ratingValue" not in unproven  # off the numeric scale


def test_claim_review_says_when_the_organisation_is_missing(sample, tmp_path) -> None:
    report = sample.wb.export(tmp_path / "reviews.jsonld")
    assert report.rows == {"claim reviews": 2}
    assert any("organisation" in note for note in report.notes)
    sample.wb.set_verdict(sample.bare_group, status="final")  # final without a rating
    report = sample.wb.export(tmp_path / "reviews.jsonld")
    assert any("without a rating" in note for note in report.notes)


def test_date_published_is_the_day_the_verdict_became_final(sample, export) -> None:
    from workbench.model import VerdictRevision

    wb = sample.wb
    with wb.db.write() as s:
        for revision in s.query(VerdictRevision):
            revision.changed_at = revision.changed_at.replace(year=2023, month=3, day=4)
    review = json.loads(export("reviews.jsonld").read_text())["@graph"][0]
    assert review["datePublished"] == "2023-03-04"


def test_every_claim_is_an_annotation_with_selectors_and_its_verdict_as_body(sample, export) -> None:
    document = json.loads(export("claims.annotations.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert document["total"] == len(items) == 10  # nine claims and one link of the two-claim group
    for note in items:
        check_annotation(note)
    claims = [n for n in items if n["motivation"] != "linking"]
    first = claims[0]
    assert first["target"]["source"] == "https://dailyplanet.example/jobs"
    assert first["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": "unemployment fell by 40 percent last year",
         "prefix": "The minister said that ", "suffix": ", a claim economists dispute. Cr"},
        {"type": "TextPositionSelector", "start": 23, "end": 64},
    ]
    assert first["body"] == [
        {"type": "TextualBody", "purpose": "assessing", "value": "False", "format": "text/plain"},
        {"type": "TextualBody", "purpose": "commenting", "value": "Official statistics show 4 percent.",
         "format": "text/plain"},
    ]
    bridge = next(n for n in claims if n["target"]["selector"][0]["exact"] == "the bridge will close in June")
    assert bridge["motivation"] == "highlighting" and "body" not in bridge
    assert bridge["target"]["source"].startswith("urn:claim-workbench:text:sha256:")  # no URL: the text's hash
    link = next(n for n in items if n["motivation"] == "linking")
    assert link["target"] == [claims[0]["id"], claims[1]["id"]]
    assert link["body"]["value"] == "unemployment fell by 40 percent last year"


def test_annotation_ids_are_stable_for_a_library(sample, export) -> None:
    one = json.loads(export("a.annotations.jsonld").read_text())
    two = json.loads(export("b.annotations.jsonld").read_text())
    assert one["id"] == two["id"] and one["first"]["items"][0]["id"] == two["first"]["items"][0]["id"]


def test_annotations_follow_the_scope(sample, export) -> None:
    document = json.loads(export("x.annotations.jsonld", group_ids=[sample.bare_group]).read_text())
    assert document["total"] == 1 and len(document["first"]["items"]) == 1
