"""ClaimReview and Web Annotation JSON-LD: required fields, values and links, checked as their consumers do.

No JSON-LD context is fetched in tests (and none is stored here), so the documents' structure is checked
against what schema.org, Google's fact-check markup and the W3C Web Annotation model require.
"""

from __future__ import annotations

import json
import re

import pytest

from workbench.errors import MissingSetting
from workbench.export.annotations import direction, textual_body

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def check_claim_review(review: dict) -> None:
    """The fields schema.org and Google's fact-check markup require of a ClaimReview."""
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["author"]["name"] != "Unnamed fact-checking organisation"
    assert ISO_DATE.match(review["datePublished"])
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    if "author" in item:
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
        assert "jobTitle" not in item["author"] or item["author"]["@type"] == "Person"
    for appearance in item["appearance"]:
        assert appearance["@type"] in ("NewsArticle", "CreativeWork") and appearance["headline"]
        assert appearance["url"].startswith("https://")  # Google matches appearances by URL
    if "firstAppearance" in item:
        assert item["firstAppearance"] == item["appearance"][0]


def check_annotation(note: dict) -> None:
    """The fields the W3C Web Annotation model requires, and ours for claims."""
    assert note["type"] == "Annotation" and note["id"].startswith("urn:claim-workbench:")
    assert note["motivation"] in ("assessing", "describing", "highlighting", "linking")
    assert note["target"] and ISO_TIME.match(note["created"])
    if note["motivation"] != "linking":
        target = note["target"]
        assert target["type"] == "SpecificResource" and target["source"]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and {"exact", "prefix", "suffix"} <= set(quote)
        assert position["type"] == "TextPositionSelector" and position["start"] < position["end"]
    bodies = note.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        assert body["type"] == "TextualBody" and body["format"] == "text/plain" and body["value"]


@pytest.fixture
def organisation(sample):  # type: ignore[no-untyped-def]
    sample.wb.set_setting("organisation", "Example Fact Check")
    return sample


def test_claim_review_per_final_verdict_with_rating_appearances_and_author(organisation, export) -> None:
    wb = organisation.wb
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


def test_the_claimant_is_the_claims_author(organisation, export) -> None:
    wb = organisation.wb
    wb.set_claimant(organisation.linked_group, "Jane Minister", role="Minister of Labour")
    wb.set_claimant(organisation.hostile_groups[0], "Hotline Company", organization=True)
    reviews = json.loads(export("reviews.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert reviews[0]["itemReviewed"]["author"] == {
        "@type": "Person", "name": "Jane Minister", "jobTitle": "Minister of Labour"}
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Hotline Company"}


def test_without_an_organisation_claim_review_is_refused_naming_the_setting(sample, tmp_path) -> None:
    wb = sample.wb
    assert wb.export_needs("claimreview") == ["organisation"] and wb.export_needs("xlsx") == []
    with pytest.raises(MissingSetting, match="claim-workbench settings organisation NAME") as caught:
        wb.export(tmp_path / "reviews.jsonld")
    assert caught.value.key == "organisation" and not (tmp_path / "reviews.jsonld").exists()
    wb.set_setting("organisation", "Example Fact Check")
    assert wb.export_needs("claimreview") == []
    wb.set_setting("claimreview_url", "https://factcheck.example/checks")  # no {group_id}
    with pytest.raises(MissingSetting, match=r"has no \{group_id\}"):
        wb.export(tmp_path / "reviews.jsonld")


def test_claim_review_says_once_what_it_left_out(organisation, tmp_path) -> None:
    wb = organisation.wb
    wb.set_claimant(organisation.linked_group, "Jane Minister")
    report = wb.export(tmp_path / "reviews.jsonld")
    assert report.rows == {"claim reviews": 2}
    notes = "\n".join(report.notes)
    assert sum("no review URL pattern is set" in n for n in report.notes) == 1  # once, not per review
    assert "claim-workbench settings claimreview_url" in notes
    assert "do not say who made the claim (itemReviewed.author)" in notes and "(groups 4)" in notes
    organisation.wb.set_verdict(organisation.bare_group, rating="false", status="final")  # the bridge: no URL
    organisation.wb.set_verdict(organisation.draft_group, status="final", rating=None)  # final without a rating
    report = wb.export(tmp_path / "reviews.jsonld")
    notes = "\n".join(report.notes)
    assert "1 appearance(s) without a URL were left out of itemReviewed.appearance" in notes
    assert "firstAppearance was left out of 1 review(s): the claim's first article has no URL (groups 3)" in notes
    assert "1 final verdict(s) without a rating were left out" in notes
    bridge = json.loads((tmp_path / "reviews.jsonld").read_text())["@graph"][1]
    assert bridge["identifier"] == "claim-group-3"
    assert bridge["itemReviewed"]["appearance"] == [] and "firstAppearance" not in bridge["itemReviewed"]


def test_date_published_is_the_day_the_verdict_became_final(organisation, export) -> None:
    from workbench.model import VerdictRevision

    wb = organisation.wb
    with wb.db.write() as s:
        for revision in s.query(VerdictRevision):
            revision.changed_at = revision.changed_at.replace(year=2023, month=3, day=4)
    review = json.loads(export("reviews.jsonld").read_text())["@graph"][0]
    assert review["datePublished"] == "2023-03-04"


# -- firstAppearance and reprints (the sample articles: Russialink reprints The Moscow Times) ---------------

QUOTE = "We’re currently waiting for the promised answers in order to continue negotiations"


def reprint_library(seeded):  # type: ignore[no-untyped-def]
    wb = seeded
    wb.set_setting("organisation", "Example Fact Check")
    articles = wb.list_articles()
    original = next(a.id for a in articles if a.title.startswith("No New Ukraine Talks"))  # The Moscow Times
    reprint = next(a.id for a in articles if a.source == "Russialink")
    wb.update_article(original, url="https://www.themoscowtimes.com/2022/01/18/no-new-talks")  # undated
    wb.update_article(reprint, url="https://russialink.example/2022/01/18/waiting")  # dated 2022-01-18
    assert wb.get_article(original).published is None
    return wb, original, reprint


def test_first_appearance_is_the_undated_original_not_its_dated_reprint(seeded, tmp_path) -> None:
    wb, original, reprint = reprint_library(seeded)
    claim = wb.add_claim(reprint, quote=QUOTE)
    wb.link_to_span(claim.id, original, *_span(wb, original, QUOTE))
    wb.set_verdict(claim.group_id, rating="true", status="final")
    report = wb.export(tmp_path / "reviews.jsonld")
    item = json.loads((tmp_path / "reviews.jsonld").read_text())["@graph"][0]["itemReviewed"]
    check = [a["url"] for a in item["appearance"]]
    assert check == ["https://www.themoscowtimes.com/2022/01/18/no-new-talks", "https://russialink.example/2022/01/18/waiting"]
    assert item["firstAppearance"]["url"] == "https://www.themoscowtimes.com/2022/01/18/no-new-talks"
    assert "datePublished" not in item["firstAppearance"]  # the original has no date of its own
    assert any("firstAppearance names the original, not a reprint" in n for n in report.notes)


def test_an_original_in_the_library_is_found_even_when_only_the_reprint_was_marked(seeded, tmp_path) -> None:
    wb, _original, reprint = reprint_library(seeded)
    claim = wb.add_claim(reprint, quote=QUOTE)
    wb.set_verdict(claim.group_id, rating="true", status="final")
    wb.export(tmp_path / "reviews.jsonld")
    item = json.loads((tmp_path / "reviews.jsonld").read_text())["@graph"][0]["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://www.themoscowtimes.com/2022/01/18/no-new-talks"
    assert len(item["appearance"]) == 2


def test_which_of_two_near_duplicates_is_the_original() -> None:
    import datetime as dt
    from types import SimpleNamespace as Obj

    from workbench.export.appearances import original_in_pair

    def article(outlet: str, text: str, published: dt.date | None) -> Obj:
        return Obj(source=Obj(name=outlet), text=text, published=published)

    times = article("The Moscow Times", "Russia is still awaiting answers.", None)
    copy = article("Russialink", "Russia is still awaiting answers. (Moscow Times, Jan. 18)", dt.date(2022, 1, 18))
    assert original_in_pair(times, copy) is times and original_in_pair(copy, times) is times  # the credit decides
    early = article("A", "same words", dt.date(2022, 1, 1))
    late = article("B", "same words", dt.date(2022, 1, 2))
    assert original_in_pair(late, early) is early  # no credit: the earlier one
    assert original_in_pair(article("A", "x", None), article("B", "x", dt.date(2022, 1, 2))) is None  # cannot tell


def _span(wb, article_id: int, quote: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    text = wb.get_article(article_id).text
    start = text.index(quote)
    return start, start + len(quote)


# -- Web Annotations ---------------------------------------------------------------------------------

def test_every_claim_is_an_annotation_with_selectors_and_its_verdict_as_body(sample, export) -> None:
    document = json.loads(export("claims.annotations.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    page = document["first"]
    assert page["type"] == "AnnotationPage" and page["id"] == f"{document['id']}:page:1"  # a page MUST have an id
    assert page["partOf"] == document["id"] and document["last"] == page["id"] and page["startIndex"] == 0
    items = page["items"]
    assert document["total"] == len(items) == 10  # nine claims and one link of the two-claim group
    for note in items:
        check_annotation(note)
    claims = [n for n in items if n["motivation"] != "linking"]
    first = claims[0]
    assert first["target"] == {
        "type": "SpecificResource", "source": "https://dailyplanet.example/jobs",
        "selector": [
            {"type": "TextQuoteSelector", "exact": "unemployment fell by 40 percent last year",
             "prefix": "The minister said that ", "suffix": ", a claim economists dispute. Cr"},
            {"type": "TextPositionSelector", "start": 23, "end": 64},
        ],
    }
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
    assert link["created"] == max(claims[0]["created"], claims[1]["created"])  # when its newest claim was marked


def test_the_claimant_and_right_to_left_bodies_are_described(sample, export, new_article) -> None:
    wb = sample.wb
    wb.set_claimant(sample.bare_group, "Bridge Authority", organization=True)
    arabic = "قال الوزير إن الجسر سيغلق في يونيو"
    a = new_article(wb, f"نص الخبر: {arabic}. انتهى", title="خبر")
    b = new_article(wb, f"خبر آخر: {arabic}!", title="خبر ٢")
    from workbench.model import Article

    with wb.db.write() as s:
        for aid in (a, b):
            s.get(Article, aid).language = "ar"
    first = wb.add_claim(a, quote=arabic)
    second = wb.add_claim(b, quote=arabic)
    wb.link_claims(first.id, second.id)
    wb.set_verdict(first.group_id, rating="false", rationale="الجسر مفتوح حسب البلدية")
    items = json.loads(export("rtl.annotations.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    claims = [n for n in items if n["motivation"] != "linking"]
    bridge = next(n for n in claims if n["target"]["selector"][0]["exact"] == "the bridge will close in June")
    assert bridge["motivation"] == "describing"
    assert bridge["body"] == {"type": "TextualBody", "purpose": "describing", "value": "Claimant: Bridge Authority",
                              "format": "text/plain"}
    rtl = next(n for n in items if n["id"].endswith(f":claim:{first.id}"))
    rationale = next(b for b in rtl["body"] if b["purpose"] == "commenting")
    assert rationale["textDirection"] == "rtl" and "language" not in rationale  # the reviewer's language: unknown
    link = next(n for n in items if n["motivation"] == "linking" and n["id"].endswith(f":group:{first.group_id}"))
    assert link["body"]["language"] == "ar" and link["body"]["textDirection"] == "rtl"
    assert direction("abc") == "ltr" and direction("123") is None
    assert "textDirection" not in textual_body("commenting", "plain English")


def test_annotation_ids_are_stable_for_a_library(sample, export) -> None:
    one = json.loads(export("a.annotations.jsonld").read_text())
    two = json.loads(export("b.annotations.jsonld").read_text())
    assert one["id"] == two["id"] and one["first"]["items"][0]["id"] == two["first"]["items"][0]["id"]


def test_annotations_follow_the_scope(sample, export) -> None:
    document = json.loads(export("x.annotations.jsonld", group_ids=[sample.bare_group]).read_text())
    assert document["total"] == 1 and len(document["first"]["items"]) == 1
