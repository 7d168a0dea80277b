"""Labelled claims of the five seed articles: where each claim appears, as exact quotes.

Each group is one claim as it appears in several seeds. A variant is (seed, quote, form):
two variants with the same form are the same sentence with small edits (quote marks, line
wraps, a comma, one word); different forms are rewordings. Variants marked loose are
rephrasings close enough that suggesting them is right, but that the matcher is not required
to find. SINGLE lists claims that appear in one seed only: they must get no suggestion.
Quotes are exact substrings of the seed files (a test checks it); ``occurrence`` picks the
n-th exact occurrence when a quote repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED_FILES = {
    "000": "000_ae7c11aed872ca9a.txt",  # Moscow Times, PDF-like text with hard wraps
    "001": "001_9362c792c6158c6c.txt",  # Russialink reprint of 000
    "002": "002_7490f935fa1dc7f3.txt",  # Moscow Times, three days later
    "003": "003_3ed88d672027ed94.txt",  # Press TV
    "004": "004_45fc897b34b96d30.txt",  # Kayhan-style dispatch
}


@dataclass(frozen=True)
class Variant:
    """One appearance of a claim: an exact quote of a seed."""

    seed: str
    quote: str
    form: str = "a"
    occurrence: int = 1
    loose: bool = False


@dataclass(frozen=True)
class Group:
    """A claim and every seed it appears in."""

    name: str
    variants: tuple[Variant, ...]


def _g(name: str, *variants: Variant) -> Group:
    return Group(name, variants)


V = Variant

GROUPS: tuple[Group, ...] = (
    _g(
        "awaiting_response",
        V("000", "Russia is still awaiting the U.S. and NATO's response to its sweeping demands for a new\n"
                 "security settlement in Europe"),
        V("001", "Russia is still awaiting the U.S. and NATO\u2019s response to its sweeping demands for a new "
                 "security settlement in Europe"),
    ),
    _g(
        "written_responses",
        V("000", "Foreign Minister Sergei Lavrov said after a series of high-level talks last week that the United\n"
                 "States and NATO promised to provide written responses to Russia's list of proposals."),
        V("001", "Foreign Minister Sergei Lavrov said after a series of high-level talks last week that the United "
                 "States and NATO promised to provide written responses to Russia\u2019s list of proposals."),
        V("002", "Moscow has secured a deal that the United States will provide a written response to its European "
                 "security demands next week", form="b", loose=True),
    ),
    _g(
        "troop_buildup",
        V("000", "Western governments\nwarned that Russia\u2019s troop buildup could signal an imminent invasion "
                 "of Ukraine"),
        V("001", "Western governments warned that Russia\u2019s troop buildup could signal an imminent invasion "
                 "of Ukraine"),
        V("002", "Western governments have warned in recent months that Russia's troop buildup could signal an "
                 "imminent invasion of Ukraine", form="b"),
        V("003", 'accusing Russia of planning "an invasion" of Ukraine amid a military buildup near the '
                 "Ukrainian border.", form="c", loose=True),
    ),
    _g(
        "non_starters",
        V("000", "Washington and NATO have rejected some of Russia\u2019s key demands \u2014 which include banning\n"
                 "Ukraine from joining the Western military bloc and scaling back NATO troops and missiles\n"
                 "from Eastern Europe \u2014 as \u2018\u201cnon-starters."),
        V("001", "Washington and NATO have rejected some of Russia\u2019s key demands \u2014 which include banning "
                 "Ukraine from joining the Western military bloc and scaling back NATO troops and missiles from "
                 "Eastern Europe \u2014 as \u201cnon-starters."),
        V("002", "Washington previously dismissed Moscow's \"binding\" demands \u2014 including barring Ukraine "
                 "from joining NATO and withdrawing the alliance's forces and weapons from Eastern Europe \u2014 "
                 'as "non-starters.', form="b"),
        V("003", 'Washington has rejected the proposals as "non-starters.', form="c"),
        V("004", "Washington has outright rejected the demands", form="d", loose=True),
    ),
    _g(
        "waiting_for_answers",
        V("000", "We\u2019re currently waiting for the promised answers in order to continue negotiations"),
        V("001", "We\u2019re currently waiting for the promised answers in order to continue negotiations"),
        V("003", "We are now awaiting responses to these proposals -- as we were promised -- in order to "
                 "continue negotiations", form="b"),
        V("004", "We are now awaiting responses to these proposals -- as we were promised -- in order to "
                 "continue negotiations", form="b"),
    ),
    _g(
        "expect_to_continue",
        V("000", "We expect to continue these negotiations, it\u2019s a serious issue and you can\u2019t delay "
                 "the specific\nagreements on this matter"),
        V("001", "We expect to continue these negotiations, it\u2019s a serious issue and you can\u2019t delay "
                 "the specific agreements on this matter"),
    ),
    _g(
        "cuba_venezuela",
        V("000", "Russian officials have signaled a variety of options if its demands are not met, including\n"
                 "military deployment in Cuba or Venezuela."),
        V("001", "Russian officials have signaled a variety of options if its demands are not met, including "
                 "military deployment in Cuba or Venezuela."),
        V("002", 'Russia could deploy its "military infrastructure" in Cuba and Venezuela if the negotiations '
                 "fail to lead to an agreement", form="b"),
    ),
    _g(
        "determine_reaction",
        V("000", "we\u2019ll determine our reaction depending on what concrete steps our partners\ntake."),
        V("001", "we\u2019ll determine our reaction depending on what concrete steps our partners take."),
    ),
    _g(
        "stoltenberg_invited",
        V("000", "NATO Secretary General Jens Stoltenberg said later Tuesday that he had invited Western allies\n"
                 "and Russia to hold another set of security talks soon."),
        V("001", "NATO Secretary General Jens Stoltenberg said later Tuesday that he had invited Western allies "
                 "and Russia to hold another set of security talks soon."),
    ),
    _g(
        "nato_russia_council",
        V("000", "Stoltenberg said the proposed NATO-Russia Council meeting would aim to \u201ctry to find a way\n"
                 "forward to prevent any military attack against Ukraine\u201d and address both the alliance\u2019s "
                 "and\nRussia\u2019s concerns."),
        V("001", "Stoltenberg said the proposed NATO-Russia Council meeting would aim to \u201ctry to find a way "
                 "forward to prevent any military attack against Ukraine\u201d and address both the alliance\u2019s "
                 "and Russia\u2019s concerns."),
    ),
    _g(
        "diplomatic_path",
        V("000", 'In a call with Lavrov ahead of his trip, Blinken "stressed the importance of continuing a\n'
                 'diplomatic path to de-escalate tensions,"'),
        V("003", 'In a call with Lavrov ahead of his trip, Blinken "stressed the importance of continuing a '
                 'diplomatic path to de-escalate tensions,"'),
    ),
    _g(
        "reinforce_commitment",
        V("003", "reinforce the United States' commitment to\u00a0Ukraine\u2019s sovereignty and territorial "
                 "integrity"),
        V("004", "reinforce the United States\u2019 commitment to Ukraine\u2019s sovereignty and territorial "
                 "integrity"),
    ),
    _g(
        "lets_hope",
        V("003", "Let's hope these talks will continue"),
        V("004", "Let\u2019s hope these talks will continue"),
    ),
    _g(
        "baerbock_caption",
        V("000", "Germany's Foreign Minister Annalena Baerbock (L) and her Russian counterpart Sergei Lavrov"),
        V("003", "Germany's Foreign Minister Annalena Baerbock (L) and her Russian counterpart, Sergei Lavrov"),
    ),
    _g(
        "blinken_to_kyiv",
        V("003", "US Secretary of State Antony Blinken is preparing\u00a0to fly to Kiev for talks on Wednesday."),
        V("004", "U.S. Secretary of State Antony Blinken prepared to fly to Kyiv in a show of support.", form="b"),
    ),
    _g(
        "geneva_brussels_vienna",
        V("003", "Russia held a series of diplomatic meetings with US and its NATO allies last week in Geneva, "
                 "Brussels, and Vienna\u00a0over the Ukraine crisis."),
        V("004", "A week of talks in Geneva, Brussels and Vienna last week failed to ease tensions", form="b"),
    ),
    _g(
        "guarantees_seriously",
        V("003", "the Russian representatives reiterated Moscow's\u00a0demand\u00a0for security guarantees to be "
                 "taken seriously."),
        V("004", "with Russia insisting its demands for sweeping security guarantees -- including a permanent "
                 "ban on Ukraine joining NATO -- be taken seriously.", form="b"),
    ),
    _g(
        "joint_press_conference",
        V("003", "made the remark at a joint press conference with visiting German Foreign Minister Annalena "
                 "Baerbock on Tuesday"),
        V("004", "at a joint press conference with visiting German Foreign Minister Annalena Baerbock.",
          form="b"),
    ),
    _g(
        "no_talks_until_west_responds",
        V("000", "No New Ukraine Talks Until West\nResponds to Russia's Demands, Moscow\nSays"),
        V("003", "Russia says no new talks on Ukraine until West responds to demands", form="b"),
        V("004", "Russia: No Talks Unless West Responds to Demands", form="c"),
        V("003", "Russia has ruled out any further talks with the United States and NATO over the situation "
                 "around Ukraine unless the West responds properly to its security demands.",
          form="d", loose=True),
        V("004", "Moscow on Tuesday rejected new talks on Ukraine unless the West responds to its demands",
          form="e", loose=True),
    ),
)

# Claims that appear in one seed only (several are near other seeds' topics on purpose).
SINGLE: tuple[Variant, ...] = (
    V("002", "Lavrov deferred to his U.S. counterpart when asked if Moscow planned to publish Washington's "
             "response."),
    V("003", "Last week, CNN reported that the US authorities had authorized additional military aid to "
             "Ukraine worth $200 million."),
    V("004", "British Defense Secretary Ben Wallace announced in parliament on Monday that Britain is sending "
             "weapons to Ukraine as part of a package that would help Kyiv secure its borders."),
    V("002", "I would like to make this response public, but I'm going to have to consult Secretary Blinken "
             "on that"),
    V("000", "Secretary Blinken is 150% committed to see if there is a diplomatic off-ramp here and that\n"
             "really is the impetus behind this engagement with Foreign Minister Lavrov"),
    V("003", "Ukraine as well as the EU and the US claim that Russia has a hand in an ongoing conflict in the "
             "Donbass region of Ukraine between government forces and ethnic Russians since 2014."),
    V("004", "We will impose crippling economic sanctions, but more important we will give the people of "
             "Ukraine the arms, lethal arms they need to defend their lives and livelihoods"),
    V("004", "Kremlin spokesman Dmitry Peskov on Tuesday described the announcement of the shipments as "
             "\u201cextremely dangerous\u201d"),
    V("003", "Russia has repeatedly warned that Moscow will act if the US-led NATO military alliance crosses "
             "its red lines in Ukraine."),
    V("004", "These weapons could include Javelin anti-tank missiles, Stinger missiles, small arms and boats"),
    V("003", "The practice of moving troops on our own soil is a sovereign right."),
    V("002", "He didn't say whether Washington's responses would be made public."),
    V("000", "He called on Blinken \"\"not to replicate speculation about the allegedly impending 'Russian\n\n"
             "aggression"),
    V("004", "Ukraine borders Belarus to the south and NATO member Poland to the west."),
)


def pair_kind(query: Variant, target: Variant) -> str:
    """'small' when two variants are the same sentence with small edits, else 'reworded'."""
    return "small" if query.form == target.form else "reworded"
