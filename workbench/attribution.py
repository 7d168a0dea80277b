"""Who said a claim, read from the quote's attribution in the article: a suggested claimant.

``suggest_claimant`` reads the words around a claim the way a reader does: an attribution right
after the quote (``,” Lavrov said``; ``,” said Lavrov``), inside the claim, or before it in the same
sentence (``Lavrov told Blinken that …``; ``…, saying …``; ``according to …``). The speaker found
there is resolved:

- a surname ("Lavrov") to the fullest mention of that name in the article, with the role written
  before it ("Foreign Minister Sergei Lavrov");
- a pronoun or a description of a person ("he", "the Russian diplomat") to the nearest named speaker
  before it (the subject of an earlier "said", "told", "saying"…); when the nearest speaker is
  anonymous ("a U.S. official said") nothing is suggested;
- "the embassy", "the ministry" to the nearest organisation of that kind named before; "the
  statement" to whoever issued the nearest statement before it.

It is a suggestion for a reviewer to accept, not a finding: nothing here is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.claimant import Claimant, ClaimantType

EVIDENCE_CHARS = 60
SPEAKER_WINDOW = 6000  # how far back (characters) a pronoun looks for its speaker


@dataclass(frozen=True)
class ClaimantSuggestion:
    """A suggested claimant and the words it was read from (offsets: code points of the article text)."""

    claimant: Claimant
    evidence: str  # the attribution as written, e.g. "Lavrov said" or "he said"
    start: int
    end: int
    resolved_from: str | None = None  # the pronoun or description resolved to the name ("he")


# -- words -----------------------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

SPEECH_VERBS = _words("""
said says told tells added adds stated declared declares announced announces warned warns insisted insists
claimed argued argues noted stressed wrote writes explained asserted asserts alleged tweeted posted remarked
replied responded admitted acknowledged urged suggested confirmed confirms denied denies predicted promised
vowed reiterated concluded maintained described called reported
""")  # not "states", "claims", "notes", "reports": nouns as often as verbs ("the Baltic states")
PARTICIPLES = _words("saying adding insisting claiming arguing noting stressing warning stating explaining "
                        "describing calling urging telling reiterating repeating")
AUXILIARIES = _words("has had have also previously later again then once further then reportedly "
                        "had earlier repeatedly quickly")
PRONOUNS = frozenset({"he", "she"})
ORG_PRONOUNS = frozenset({"it"})
ANONYMOUS = _words("official officials source sources person people analyst analysts expert experts "
                      "critic critics resident residents witness witnesses observer observers insider "
                      "insiders aide aides someone")
PERSON_NOUNS = _words("diplomat minister secretary president senator spokesman spokeswoman spokesperson "
                         "envoy ambassador chancellor premier governor mayor leader chief deputy counterpart "
                         "colleague general commander director chairman chairwoman chair head negotiator adviser "
                         "advisor lawmaker politician candidate man woman")
ORG_HEADS = _words("""
ministry embassy department government agency office council commission committee kremlin pentagon
parliament court party bank fund union alliance organization organisation institute university company
corporation group service police army navy forces administration cabinet house senate congress
assembly authority authorities bureau board federation association foundation statement readout
post times news journal tribune guardian telegraph tv radio agency press
states nations kingdom republic emirates
""")
ORG_ACRONYMS = _words("NATO UN EU OSCE CNN TASS AFP BBC IMF WHO UNESCO OPEC FBI CIA KGB FSB ECB "
                         "AP RIA WTO")
TITLES = _words("""
president minister secretary senator sen sen. general gen. spokesman spokeswoman spokesperson ambassador
envoy governor gov. mayor chancellor premier foreign defense defence deputy chief prime vice state
representative rep. dr. mr. mrs. ms. prof. king queen pope prince princess judge justice commissioner
chairman chairwoman leader speaker officer colonel col. lt. captain admiral sergeant head
director commander interior finance economy affairs
""")
ROLE_CONNECTORS = frozenset({"of", "to", "for", "the", "on", "at"})
NATIONALITIES = _words("""
Russian German British French American Ukrainian Belarusian Polish Chinese Japanese Italian Spanish Turkish
Canadian Dutch Greek Israeli Iranian Iraqi Saudi Korean Mexican Cuban Venezuelan Belgian Swiss Austrian
Czech Georgian Syrian Afghan Pakistani Indian Western Eastern European Soviet Finnish Swedish Danish
Norwegian Irish Estonian Latvian Lithuanian Hungarian Romanian Bulgarian Serbian Croatian Egyptian
Lebanese Palestinian Jordanian Qatari Emirati Australian Brazilian Argentine Nigerian Kenyan
""")
NAME_PARTICLES = frozenset({"de", "van", "von", "der", "al", "bin", "da", "di", "la", "le", "du"})
NOT_NAMES = _words("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december the a an in on at but and or if as it its this that these those
we i you they he she his her their our my meanwhile however last next earlier later when while according
""")
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our"})

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’\-.]\w+)*\.?(?<=[A-Z][a-z]\.)|\w+(?:['’\-]\w+)*|[^\w\s]")
_OPEN_QUOTES = "“‘«„\"'"
_CLOSE_QUOTES = "”’»\"'"


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(frozen=True)
class _Mention:
    """A name in the text: the name itself, the role written before it, its kind, where it is."""

    name: str
    role: str | None
    type: str
    start: int  # of the name
    end: int


@dataclass(frozen=True)
class _Attribution:
    subject: list[_Token]
    verb: _Token

    @property
    def start(self) -> int:
        return min(self.subject[0].start, self.verb.start)

    @property
    def end(self) -> int:
        return max(self.subject[-1].end, self.verb.end)


class _Text:
    """The article's tokens, sentences and paragraphs, and the names it mentions."""

    def __init__(self, text: str) -> None:
        self.text = text
        clean = _TAG.sub(lambda m: " " * len(m.group()), text)  # <u>said</u>: markup left by HTML scrapes
        self.tokens = [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(clean)]
        self.sentence_of = self._sentences()
        self.mentions = self._mentions()

    # sentences: a token index -> its sentence number
    def _sentences(self) -> list[int]:
        numbers, current = [], 0
        for i in range(len(self.tokens)):
            if i and self._breaks(i):
                current += 1
            numbers.append(current)
        return numbers

    def _breaks(self, i: int) -> bool:
        before, token = self.tokens[i - 1], self.tokens[i]
        gap = self.text[before.end : token.start]
        if "\n\n" in gap.replace("\r", "") or re.search(r"\n\s*\n", gap):
            return True
        previous = self.tokens[i - 2] if i >= 2 else None
        if before.text in ".!?" and previous is not None and not re.fullmatch(r"[A-Z]", previous.text):
            return bool(gap) and (token.capital or token.text in _OPEN_QUOTES)
        return False

    def sentence(self, i: int) -> tuple[int, int]:
        """Token index range [first, last+1) of the sentence holding token i."""
        number = self.sentence_of[i]
        first = i
        while first > 0 and self.sentence_of[first - 1] == number:
            first -= 1
        last = i
        while last + 1 < len(self.tokens) and self.sentence_of[last + 1] == number:
            last += 1
        return first, last + 1

    def index_at(self, offset: int) -> int:
        """The first token starting at or after offset."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # names ------------------------------------------------------------------------------------
    def _adjacent(self, a: _Token, b: _Token) -> bool:
        gap = self.text[a.end : b.start]
        return bool(gap) and gap.isspace() and gap.count("\n") < 2

    def _mentions(self) -> list[_Mention]:
        tokens, found = self.tokens, []
        i = 0
        while i < len(tokens):
            if not _name_word(tokens[i]):
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and self._adjacent(tokens[j - 1], tokens[j]) and (
                _name_word(tokens[j]) or (tokens[j].low in NAME_PARTICLES and _continues_name(tokens, j))
            ):
                j += 1
            if _is_org_run([t.text for t in tokens[i:j]]):
                while j + 1 < len(tokens) and tokens[j].low in {"of", "in", "for"} and _name_word(tokens[j + 1]) \
                        and self._adjacent(tokens[j - 1], tokens[j]) and self._adjacent(tokens[j], tokens[j + 1]):
                    j += 2
                    while j < len(tokens) and _name_word(tokens[j]) and self._adjacent(tokens[j - 1], tokens[j]):
                        j += 1
                first = tokens[i]
                found.append(_Mention(_strip_possessive(self.text[first.start : tokens[j - 1].end]), None,
                                      ClaimantType.ORGANIZATION.value, first.start, tokens[j - 1].end))
            else:
                mention = self._person(i, j)
                if mention is not None:
                    found.append(mention)
            i = j
        surnames = {m.name.split()[-1] for m in found if m.type == ClaimantType.PERSON.value and " " in m.name}
        return [  # a lone word is a person when the text names someone with that surname, else a place or body
            m if " " in m.name or m.type != ClaimantType.PERSON.value or m.name in surnames
            else _Mention(m.name, None, ClaimantType.ORGANIZATION.value, m.start, m.end)
            for m in found
        ]

    def _person(self, first: int, stop: int) -> _Mention | None:
        """The person named at the end of the capitalised run tokens[first:stop], with the role before it."""
        tokens = self.tokens
        surname = tokens[stop - 1]
        if surname.low in TITLES or _acronym(surname) or surname.text in NATIONALITIES:
            return None
        start = stop - 1
        while start > first:
            prev, current = tokens[start - 1], tokens[start]
            if prev.low in TITLES or _possessive(prev) or _acronym(prev) or prev.text in NATIONALITIES:
                break
            if start < stop - 1 and not (_initial(current) or current.low in NAME_PARTICLES):
                break  # a given name and a surname; a third word only for "John F. Kennedy", "von der Leyen"
            start -= 1
        name = _strip_possessive(self.text[tokens[start].start : surname.end])
        return _Mention(name, self._role(start), ClaimantType.PERSON.value, tokens[start].start, surname.end)

    def _role(self, name_start: int) -> str | None:
        """The job title written right before a name ("U.S. Secretary of State", "Kremlin spokesman")."""
        first, i = name_start, name_start - 1
        while i >= 0 and self.sentence_of[i] == self.sentence_of[name_start]:
            token = self.tokens[i]
            if not token.word or not self._adjacent(token, self.tokens[i + 1]):
                break
            low = token.low
            if (token.capital and low not in NOT_NAMES) or low in PERSON_NOUNS | TITLES or _possessive(token):
                first = i
            elif token.low not in ROLE_CONNECTORS:
                break
            i -= 1
        words = self.tokens[first:name_start]
        if not any(t.low in TITLES for t in words):  # "her Russian counterpart" says who, not what job
            return None
        return self.text[words[0].start : words[-1].end]

    def mention_at(self, start: int, end: int) -> _Mention | None:
        """The last name mentioned within text[start:end]."""
        best = None
        for mention in self.mentions:
            if start <= mention.start and mention.end <= end:
                best = mention
            elif mention.start >= end:
                break
        return best


def _name_word(token: _Token) -> bool:
    return token.word and token.capital and token.low not in NOT_NAMES


def _continues_name(tokens: list[_Token], j: int) -> bool:
    """A particle ("von", "der") that sits inside a name."""
    k = j
    while k < len(tokens) and tokens[k].low in NAME_PARTICLES:
        k += 1
    return k < len(tokens) and _name_word(tokens[k])


def _possessive(token: _Token) -> bool:
    return token.low.endswith(("'s", "’s"))


def _acronym(token: _Token) -> bool:
    letters = token.text.replace(".", "")
    return len(letters) > 1 and letters.isupper()


def _initial(token: _Token) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.", token.text))


def _is_org_run(words: list[str]) -> bool:
    return words[-1].lower() in ORG_HEADS or words[-1] in ORG_ACRONYMS


def _strip_possessive(name: str) -> str:
    return re.sub(r"['’]s$", "", name)


# -- finding the attribution -----------------------------------------------------------------------

def _is_verb(token: _Token) -> bool:
    return token.text[:1].islower() and (token.low in SPEECH_VERBS or token.low in PARTICIPLES)


def _subject_before(doc: _Text, verb: int, floor: int) -> list[_Token] | None:
    """The subject tokens right before tokens[verb] (skipping "has", "also", "on Tuesday", an appositive)."""
    i = verb - 1
    while i >= floor and (doc.tokens[i].low in AUXILIARIES or doc.tokens[i].low in WEEKDAYS):
        if doc.tokens[i].low in WEEKDAYS and i - 1 >= floor and doc.tokens[i - 1].low == "on":
            i -= 1  # "Peskov on Tuesday described"
        i -= 1
    if i >= floor and doc.tokens[i].text == ",":  # "Lavrov, who said he expected …, said"
        j = i - 1
        while j >= floor and not (doc.tokens[j].text == "," and j + 1 < verb and
                                  doc.tokens[j + 1].low in {"who", "which", "the", "a", "an", "whose"}):
            j -= 1
        if j < floor:
            return None
        i = j - 1
    if i < floor:
        return None
    last = i
    token = doc.tokens[i]
    if token.low in PRONOUNS | ORG_PRONOUNS:
        return [token]
    if not token.word:
        return None
    first = i
    while first - 1 >= floor and first > last - 9:
        prev = doc.tokens[first - 1]
        if prev.word and (prev.capital or prev.low in DETERMINERS or prev.low in PERSON_NOUNS | ORG_HEADS | TITLES
                          or prev.low in ROLE_CONNECTORS or prev.low.endswith(("'s", "’s"))
                          or (token.low in PERSON_NOUNS | ORG_HEADS | ANONYMOUS and prev.low.isalpha()
                              and prev.low not in SPEECH_VERBS and first > last - 3)):
            first -= 1
        else:
            break
    subject = doc.tokens[first : last + 1]
    if not (token.capital or token.low in PERSON_NOUNS | ORG_HEADS | ANONYMOUS):
        return None
    return subject


def _subject_after(doc: _Text, verb: int, ceiling: int) -> list[_Token] | None:
    """The subject right after an inverted attribution ("…,” said Lavrov")."""
    i = verb + 1
    if i >= ceiling:
        return None
    first = i
    while i < ceiling and i < first + 8 and doc.tokens[i].word and (
        doc.tokens[i].capital or doc.tokens[i].low in DETERMINERS | ROLE_CONNECTORS | PERSON_NOUNS | ORG_HEADS
        | ANONYMOUS | TITLES
    ):
        i += 1
    subject = doc.tokens[first:i]
    while subject and subject[-1].low in ROLE_CONNECTORS | DETERMINERS:
        subject.pop()
    return subject or None


def _attribution_after(doc: _Text, end: int) -> _Attribution | None:
    """An attribution right after the claim: ,” Lavrov said / ,” he said / ,” said Lavrov / ?” she asked."""
    i = doc.index_at(end)
    if i >= len(doc.tokens):
        return None
    ended = doc.text[max(0, end - 1) : end] == "."
    while i < len(doc.tokens) and doc.tokens[i].text in _CLOSE_QUOTES + ",.;:—–-!?":
        ended = ended or doc.tokens[i].text in ".;"
        i += 1
    if ended or i >= len(doc.tokens) or re.search(r"\n\s*\n", doc.text[end : doc.tokens[i].start]):
        return None  # the sentence or the paragraph ended: what follows is not this quote's attribution
    stop = min(len(doc.tokens), i + 10)
    for k in range(i, stop):
        token = doc.tokens[k]
        if not token.word:
            return None
        if _is_verb(token):
            subject = _subject_after(doc, k, stop + 5) if k == i else _subject_before(doc, k, i)
            return _Attribution(subject, token) if subject else None
    return None


def _attribution_within(doc: _Text, start: int, end: int, *, before: bool) -> _Attribution | None:
    """The nearest attribution inside the claim, or before it in its sentence (and "according to")."""
    first_claim, stop_claim = doc.index_at(start), doc.index_at(end)
    if before:
        if first_claim >= len(doc.tokens):
            return None
        lo, _ = doc.sentence(first_claim)
        hi = first_claim
    else:
        lo, hi = first_claim, stop_claim
    for k in range(hi - 1, lo - 1, -1):
        token = doc.tokens[k]
        if token.low == "according" and k + 1 < len(doc.tokens) and doc.tokens[k + 1].low == "to":
            subject = _subject_after(doc, k + 1, len(doc.tokens))
            if subject:
                return _Attribution(subject, token)
        if _is_verb(token):
            if token.low in PARTICIPLES:
                subject = _participle_subject(doc, k, lo)
            else:
                subject = _subject_before(doc, k, lo)
                if subject is None and k > lo and doc.tokens[k - 1].text in _CLOSE_QUOTES + ",":
                    subject = _subject_after(doc, k, hi)
            if subject:
                return _Attribution(subject, token)
    return None


def _participle_subject(doc: _Text, k: int, lo: int) -> list[_Token] | None:
    """Who is "saying": the name right before it ("with Lavrov reiterating"), else the sentence's subject."""
    if k > lo and doc.tokens[k - 1].word and (doc.tokens[k - 1].capital or doc.tokens[k - 1].low in PRONOUNS):
        return _subject_before(doc, k, lo)
    return _sentence_subject(doc, k)


def _sentence_subject(doc: _Text, k: int) -> list[_Token] | None:
    """The first name of the sentence holding token k (the subject of "…, saying …")."""
    lo, _ = doc.sentence(k)
    for mention in doc.mentions:
        if doc.tokens[lo].start <= mention.start < doc.tokens[k].start:
            first = doc.index_at(mention.start)
            stop = doc.index_at(mention.end)
            return doc.tokens[first:stop]
    return None


# -- resolving the speaker --------------------------------------------------------------------------

def _speakers_before(doc: _Text, offset: int) -> list[tuple[int, _Mention | None]]:
    """Every speaker before offset, nearest last: (position, the named mention or None if anonymous)."""
    found: list[tuple[int, _Mention | None]] = []
    for k in range(doc.index_at(offset - SPEAKER_WINDOW), len(doc.tokens)):
        token = doc.tokens[k]
        if token.start >= offset:
            break
        if not _is_verb(token):
            continue
        lo, _ = doc.sentence(k)
        if token.low in PARTICIPLES:
            subject = _participle_subject(doc, k, lo)
        else:
            subject = _subject_before(doc, k, lo)
            if subject is None and k > 0 and doc.tokens[k - 1].text in _CLOSE_QUOTES + ",":
                subject = _subject_after(doc, k, len(doc.tokens))
        if not subject or subject[-1].low in PRONOUNS | ORG_PRONOUNS:
            continue
        head = subject[-1].low
        if head in ANONYMOUS:
            found.append((subject[0].start, None))
            continue
        mention = _resolve_name(doc, subject)
        if mention is not None:
            found.append((subject[0].start, mention))
    return found


def _resolve_name(doc: _Text, subject: list[_Token]) -> _Mention | None:
    """A named subject as its fullest mention in the text ("Lavrov" -> Foreign Minister Sergei Lavrov)."""
    mention = doc.mention_at(subject[0].start, subject[-1].end)
    if mention is None:
        return None
    if mention.type == ClaimantType.ORGANIZATION.value:
        return mention
    surname = mention.name.split()[-1]
    same = [o for o in doc.mentions if o.type == ClaimantType.PERSON.value and o.name.split()[-1] == surname
            and mention.name in o.name]
    name = max((o.name for o in same), key=len, default=mention.name)
    if mention.name == name and mention.role:
        return mention
    role = next((o.role for o in same if o.name == name and o.role), None) or mention.role
    return _Mention(name, role, mention.type, mention.start, mention.end)


def _resolve(doc: _Text, attribution: _Attribution) -> tuple[_Mention, str | None] | None:
    """The named speaker an attribution points to, and the pronoun or description it was resolved from."""
    subject = attribution.subject
    words = [t.low for t in subject]
    head = words[-1]
    described = doc.text[subject[0].start : subject[-1].end]
    if head in PRONOUNS or (head in PERSON_NOUNS and words[0] in DETERMINERS | {"russia's", "russia’s"}
                            and not subject[-1].capital):
        speakers = [s for s in _speakers_before(doc, subject[0].start) if s[0] < subject[0].start]
        speakers = [s for s in speakers if s[1] is None or s[1].type == ClaimantType.PERSON.value]
        if not speakers or speakers[-1][1] is None:
            return None
        return speakers[-1][1], described
    if head in ANONYMOUS:
        return None
    if head in ORG_PRONOUNS or (head in ORG_HEADS and not subject[-1].capital):
        return _resolve_organisation(doc, subject, described)
    mention = _resolve_name(doc, subject)
    return (mention, None) if mention is not None else None


def _resolve_organisation(doc: _Text, subject: list[_Token], described: str) -> tuple[_Mention, str | None] | None:
    """ "the embassy" -> the nearest embassy named before; "the statement" -> who issued it."""
    head = subject[-1].low
    at = subject[0].start
    if head in {"statement", "readout"}:
        return _issuer(doc, subject, described)
    if head in ORG_PRONOUNS:
        for _position, mention in reversed(_speakers_before(doc, at)):
            if mention is not None and mention.type == ClaimantType.ORGANIZATION.value:
                return mention, described
        return None
    for mention in reversed(doc.mentions):
        if mention.start < at and mention.type == ClaimantType.ORGANIZATION.value and \
                head in mention.name.lower().split():
            return mention, described
    modifiers = [t for t in subject if t.low not in DETERMINERS]
    if len(modifiers) >= 2:  # "the Belarusian defense ministry": named by its own description
        name = doc.text[modifiers[0].start : modifiers[-1].end]
        return _Mention(name, None, ClaimantType.ORGANIZATION.value, modifiers[0].start, modifiers[-1].end), None
    return None


def _issuer(doc: _Text, subject: list[_Token], described: str) -> tuple[_Mention, str | None] | None:
    """Who issued "the statement": the speaker of the nearest sentence before that mentions a statement."""
    head = subject[-1].low
    first, _ = doc.sentence(doc.index_at(subject[0].start))
    floor = doc.index_at(subject[0].start - SPEAKER_WINDOW)
    while first > floor:
        lo, hi = doc.sentence(first - 1)
        first = lo
        if not any(t.low == head for t in doc.tokens[lo:hi]):
            continue
        for k in range(lo, hi):
            if _is_verb(doc.tokens[k]) and doc.tokens[k].low not in PARTICIPLES:
                speaker = _subject_before(doc, k, lo)
                if speaker is None or speaker[-1].low == head:
                    break  # "The statement further said …": look further back
                resolved = _resolve(doc, _Attribution(speaker, doc.tokens[k]))
                return (resolved[0], described) if resolved else None
    return None


def suggest_claimant(text: str, start: int, end: int) -> ClaimantSuggestion | None:
    """Who said the claim at text[start:end], read from its attribution; None when the text does not say."""
    if not 0 <= start < end <= len(text):
        return None
    doc = _Text(text)
    for attribution in (
        _attribution_after(doc, end),
        _attribution_within(doc, start, end, before=False),
        _attribution_within(doc, start, end, before=True),
    ):
        if attribution is None:
            continue
        resolved = _resolve(doc, attribution)
        if resolved is None:
            return None
        mention, via = resolved
        claimant = Claimant(mention.name, mention.role, mention.type)
        evidence = text[attribution.start : attribution.end]
        if len(evidence) > EVIDENCE_CHARS:  # "Linda Thomas-Greenfield … adding"
            subject, verb = attribution.subject, attribution.verb
            parts = [text[subject[0].start : subject[-1].end], text[verb.start : verb.end]]
            evidence = " … ".join(parts if subject[0].start < verb.start else parts[::-1])
        evidence = " ".join(_TAG.sub("", evidence).split())
        return ClaimantSuggestion(claimant, evidence, attribution.start, attribution.end, via)
    return None
