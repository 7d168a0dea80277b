"""Agreement of blind double ratings: the statistics against hand-computed examples, then through the service
and the `agreement` command on both backends, and blindness on a team server."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from workbench.agreement import agreement_report, cohen_kappa, krippendorff_alpha_ordinal, raw_agreement
from workbench.cli import main
from workbench.service import Workbench

# Two raters, six claim groups, on the 1 (false) .. 5 (true) scale:
#   group   1  2  3  4  5  6
#   ana     1  2  3  5  4  2
#   ben     1  2  4  5  4  1
HAND = [(1, 1), (2, 2), (3, 4), (5, 5), (4, 4), (2, 1)]

# Raw agreement: groups 1, 2, 4, 5 agree: 4/6.
#
# Cohen's kappa: p_o = 4/6 = 24/36. Marginals: ana 1:1 2:2 3:1 4:1 5:1, ben 1:2 2:1 4:2 5:1, so
# p_e = (1*2 + 2*1 + 1*0 + 1*2 + 1*1) / 36 = 7/36 and kappa = (24/36 - 7/36) / (1 - 7/36) = 17/29.
#
# Krippendorff's alpha, ordinal. Coincidences (each pair counted both ways, 1/(m-1) = 1 per unit):
#   o11 = 2, o22 = 2, o44 = 2, o55 = 2, o12 = o21 = 1, o34 = o43 = 1; n_c: n1=3 n2=3 n3=1 n4=3 n5=2, n = 12.
# Ordinal distance d(c,k) = (n_c + ... + n_k - (n_c + n_k)/2)^2:
#   d12 = (6-3)^2 = 9, d13 = (7-2)^2 = 25, d14 = (10-3)^2 = 49, d15 = (12-2.5)^2 = 90.25, d23 = (4-2)^2 = 4,
#   d24 = (7-3)^2 = 16, d25 = (9-2.5)^2 = 42.25, d34 = (4-2)^2 = 4, d35 = (6-1.5)^2 = 20.25, d45 = (5-2.5)^2 = 6.25
# Observed: sum o_ck d_ck = 2*9 + 2*4 = 26.
# Expected: sum over c != k of n_c n_k d_ck = 2 * (81 + 75 + 441 + 541.5 + 12 + 144 + 253.5 + 12 + 40.5 + 37.5)
#   = 2 * 1638 = 3276.
# alpha = 1 - (n - 1) * 26 / 3276 = 1 - 286/3276 = 1 - 11/126 = 115/126.
HAND_KAPPA = 17 / 29
HAND_ALPHA = 115 / 126


def test_the_hand_computed_example() -> None:
    assert raw_agreement(HAND) == pytest.approx(4 / 6)
    assert cohen_kappa(HAND) == pytest.approx(HAND_KAPPA)
    assert krippendorff_alpha_ordinal([list(pair) for pair in HAND]) == pytest.approx(HAND_ALPHA)


def test_alpha_matches_krippendorffs_own_example() -> None:
    """The reliability data of Krippendorff, 'Computing Krippendorff's Alpha-Reliability' (2011): four observers,
    twelve units, missing values; its ordinal alpha is 0.815."""
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[v for v in unit if v is not None] for unit in zip(*observers, strict=True)]
    assert round(krippendorff_alpha_ordinal(units), 3) == 0.815  # type: ignore[arg-type]


def test_undefined_statistics_are_none_not_a_division_by_zero() -> None:
    assert cohen_kappa([]) is None and raw_agreement([]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # chance agreement is 1
    assert krippendorff_alpha_ordinal([[3, 3], [3, 3]]) is None  # no expected disagreement
    assert krippendorff_alpha_ordinal([[1], [2]]) is None  # nothing pairable
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)


def test_off_scale_ratings_count_for_kappa_but_not_for_alpha() -> None:
    values = {"false": 1, "true": 5, "unproven": None}
    report = agreement_report([(1, "ana", "false"), (1, "ben", "false"), (2, "ana", "true"), (2, "ben", "unproven")],
                              values)
    [pair] = report.pairs
    assert (pair.groups, pair.alpha_groups, pair.agreement) == (2, 1, 0.5)
    assert pair.kappa is not None and pair.alpha is None  # one pairable unit agreeing: no expected disagreement


def cli_json(db: str, *args: str) -> object:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", db, *args, "--json"]) == 0
    return json.loads(out.getvalue())


def test_agreement_command_reports_each_rater_pair(seeded: Workbench, db_url: str) -> None:
    keys = {1: "false", 2: "mostly-false", 3: "mixed", 4: "mostly-true", 5: "true"}
    groups = [seeded.add_claim(1 + n % 5, start=10 * n, end=10 * n + 8).group_id for n in range(6)]
    raters = {name: Workbench.open(db_url, user=name) for name in ("ana", "ben", "cy")}
    try:
        for group, (a, b) in zip(groups, HAND, strict=True):
            raters["ana"].rate(group, keys[a])
            raters["ben"].rate(group, keys[b], note="second look")
        raters["cy"].rate(groups[0], "Unproven")  # a label works too; off the scale
        assert [r.rating for r in raters["ana"].list_ratings()] == [keys[a] for a, _ in HAND]  # only her own
        raters["ana"].rate(groups[0], "false")  # rating again changes, never duplicates
    finally:
        for service in raters.values():
            service.close()
    report = cli_json(db_url, "agreement")
    by_pair = {(p["rater"], p["other_rater"]): p for p in report["pairs"]}
    assert set(by_pair) == {("ana", "ben"), ("ana", "cy"), ("ben", "cy")}
    ana_ben = by_pair[("ana", "ben")]
    assert ana_ben["groups"] == 6 and ana_ben["alpha_groups"] == 6
    assert ana_ben["agreement"] == pytest.approx(4 / 6)
    assert ana_ben["kappa"] == pytest.approx(HAND_KAPPA)
    assert ana_ben["alpha"] == pytest.approx(HAND_ALPHA)
    assert by_pair[("ana", "cy")]["groups"] == 1 and by_pair[("ana", "cy")]["alpha"] is None
    split = cli_json(db_url, "ratings", "--disagreements")
    assert [d["group_id"] for d in split] == [groups[0], groups[2], groups[5]]
    assert {(e["rater"], e["rating"]) for e in split[0]["ratings"]} == {("ana", "false"), ("ben", "false"),
                                                                       ("cy", "unproven")}


@pytest.mark.postgresql_only
def test_reviewers_never_see_each_others_blind_ratings(team) -> None:
    alice, dave, bob = team.open(team.alice), team.open(team.dave), team.open(team.bob)
    group = alice.add_claim(4, start=0, end=30).group_id
    bob.assign(group, [team.alice, team.dave])
    alice.rate(group, "false")
    dave.rate(group, "mixed")
    assert [(e.rater, e.rating) for e in alice.list_ratings(everyone=True)] == [(team.alice, "false")]
    with team.connect(team.alice) as sql:  # raw SQL sees only her own rows too
        assert sql.execute("SELECT rater FROM ratings").fetchall() == [(team.alice,)]
        sql.execute("UPDATE ratings SET rating_key = 'true'")  # touches her row only
        sql.execute("INSERT INTO ratings(group_id, rater, rating_key, note, rated_at) "
                    f"VALUES ({group}, %s, 'true', '', now()) ON CONFLICT DO NOTHING", (team.dave,))
    everyone = {(e.rater, e.rating) for e in bob.list_ratings(everyone=True)}
    assert everyone == {(team.alice, "true"), (team.dave, "mixed")}  # the insert "as dave" was hers, a no-op
    [pair] = bob.agreement().pairs
    assert (pair.groups, pair.agreement) == (1, 0.0)
    assert [d.group_id for d in bob.disagreements()] == [group]
