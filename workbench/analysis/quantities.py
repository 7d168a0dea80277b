"""Numbers and quantities in English news text, as comparable values.

"33 %", "a third", "one in three" and "1/3" are all the proportion 1/3 (within how precisely each is
written); "1.5 million" and "1,500,000" are the same count; "90-minute" and "1.5-hour" the same
duration; "$40m" and "40 million dollars" the same amount. A qualifier in front ("about",
"more than", "up to") is part of the quantity: "30" and "more than 30" are different claims.
Names with digits (COVID-19, G7, F-16) are not quantities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

EXACT, APPROX, AT_LEAST, AT_MOST = "exact", "approx", "at least", "at most"

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,\u00a0\u202f]\d+)*)"
    r"|(?P<glyph>[½⅓⅔¼¾⅕⅛])"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>[%$€£¥₽/])"
    r"|(?P<dash>[-‐‑–−])"
    r"|(?P<other>\S)"
)

# The tokens of _TOKEN, found by one simpler pattern and told apart by their first character (faster).
_TOKEN_FAST = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*|[½⅓⅔¼¾⅕⅛]|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
_DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_SYMBOLS = set("%$€£¥₽/")
_DASHES = set("-‐‑–−")

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12,
                       "trn": 1e12}
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
GLYPHS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
VAGUE = {"dozens": 10.0, "scores": 10.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
FACTORS = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0, "triple": 3.0,
           "tripled": 3.0, "triples": 3.0, "treble": 3.0, "trebled": 3.0, "quadruple": 4.0, "quadrupled": 4.0,
           "halved": 0.5, "halve": 0.5, "halves": 0.5}

_DAY = 86400.0
# unit word -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in (
    ("second seconds sec secs", "time", 1.0), ("minute minutes min mins", "time", 60.0),
    ("hour hours hr hrs h", "time", 3600.0), ("day days", "time", _DAY), ("week weeks", "time", 7 * _DAY),
    ("fortnight fortnights", "time", 14 * _DAY), ("month months", "time", 30.436875 * _DAY),
    ("year years yr yrs", "time", 365.2425 * _DAY), ("decade decades", "time", 3652.425 * _DAY),
    ("century centuries", "time", 36524.25 * _DAY),
    ("km kilometre kilometres kilometer kilometers", "length", 1000.0),
    ("metre metres meter meters", "length", 1.0), ("cm centimetre centimetres centimeter centimeters", "length", 0.01),
    ("mile miles mi", "length", 1609.344), ("ft foot feet", "length", 0.3048), ("yard yards yd", "length", 0.9144),
    ("inch inches", "length", 0.0254),
    ("kg kilogram kilograms kilo kilos", "mass", 1.0), ("g gram grams", "mass", 0.001),
    ("tonne tonnes ton tons", "mass", 1000.0), ("lb lbs pound pounds", "mass", 0.45359237),
    ("hectare hectares ha", "area", 1e4), ("acre acres", "area", 4046.8564224),
    ("times fold", "factor", 1.0), ("points pp", "points", 1.0),
    ("dollar dollars usd", "money:USD", 1.0), ("euro euros eur", "money:EUR", 1.0),
    ("rouble roubles ruble rubles rub", "money:RUB", 1.0), ("sterling gbp", "money:GBP", 1.0),
    ("yuan cny", "money:CNY", 1.0), ("hryvnia hryvnias uah", "money:UAH", 1.0),
):
    for _name in _names.split():
        UNITS[_name] = (_dim, _factor)
CURRENCY_SIGNS = {"$": "money:USD", "€": "money:EUR", "£": "money:GBP", "¥": "money:JPY", "₽": "money:RUB"}
PERCENT_WORDS = ("percent", "pct")

QUALIFIERS: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): bound
    for bound, phrases in (
        (APPROX, "about|around|approximately|roughly|some|circa|an estimated|estimated|close to|an approximate"),
        (AT_LEAST, "more than|over|at least|upwards of|in excess of|above|just over|well over|no fewer than"
                   "|no less than"),
        (AT_MOST, "less than|fewer than|under|up to|at most|as many as|as much as|nearly|almost|just under"
                  "|below|no more than|not more than"),
    )
    for phrase in phrases.split("|")
}
NOT_NUMBERS = {("no", "one"), ("one", "another"), ("one", "day"), ("one", "time")}
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}


@dataclass(frozen=True)
class Quantity:
    """A quantity as written and as a value: the proportion 1/3 for "a third", seconds for "90-minute"."""

    start: int
    end: int
    text: str
    value: float
    dimension: str  # count, proportion, ordinal, factor, points, time, length, mass, area, money:XXX
    bound: str = EXACT  # exact, approx, at least, at most
    precision: float = 0.0  # half the last written digit's unit, in the dimension's base unit
    fraction: bool = False  # written as a fraction word or glyph ("a third", "½")
    vague: bool = False  # "hundreds", "dozens": an order of magnitude


class _Tok(NamedTuple):
    kind: str
    text: str
    norm: str
    start: int
    end: int
    glued: bool  # no space before it


_new_tuple = tuple.__new__  # builds a _Tok without NamedTuple.__new__'s keyword handling


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    last_end = -1
    append = out.append
    for m in _TOKEN_FAST.finditer(text):
        token = m.group()
        start, end = m.span()
        first = token[0]
        if first.isalpha() and first not in GLYPHS:
            append(_new_tuple(_Tok, ("word", token, token.casefold().replace("’", "'"), start, end, start == last_end)))
        else:
            if first.isdigit():
                kind = "num" if token.isascii() or _DIGITS.fullmatch(token) else "other"
            elif first in GLYPHS:
                kind = "glyph"
            elif first in _SYMBOLS:
                kind = "sym"
            elif first in _DASHES:
                kind = "dash"
            else:
                kind = "other"
            append(_new_tuple(_Tok, (kind, token, token, start, end, start == last_end)))
        last_end = end
    return out


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities say the same: same kind and qualifier, and values equal as precisely as written."""
    if a.dimension != b.dimension or a.bound != b.bound:
        return False
    if a.vague or b.vague:
        return a.vague and b.vague and a.value == b.value
    size = max(abs(a.value), abs(b.value), 1e-12)
    tolerance = 1e-9 * size
    if a.dimension in ("time", "length", "mass", "area"):
        tolerance = max(tolerance, 1e-3 * size)  # unit conversions (12 months and a year)
    if a.fraction or b.fraction:
        tolerance = max(tolerance, 0.01 if a.dimension == "proportion" else 0.0, a.precision, b.precision)
    if a.bound == APPROX:
        tolerance = max(tolerance, a.precision, b.precision)
    return abs(a.value - b.value) <= tolerance


@lru_cache(maxsize=4096)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in the text, in order (kept for the last few thousand texts, like words())."""
    if not may_hold_quantity(text):  # most wordings hold no number at all: skip the tokenizer
        return ()
    toks = _tokens(text)
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind not in ("num", "glyph") and t.norm not in START_WORDS:
            i += 1
            continue
        parsed = _parse_at(toks, i)
        if parsed is None:
            i += 1
            continue
        first, last, value, dimension, precision, fraction, vague = parsed
        bound, first = _qualifier(toks, first)
        if vague and bound == EXACT:
            bound = APPROX
        start, end = toks[first].start, toks[last].end
        found.append(Quantity(start, end, text[start:end], value, dimension, bound, precision, fraction, vague))
        i = last + 1
    return tuple(found)


_Parsed = tuple[int, int, float, str, float, bool, bool]
# Words a quantity can start with; anything else is skipped without parsing.
START_WORDS = frozenset([*UNITS_WORDS, *TENS_WORDS, *VAGUE, *FACTORS, "a", "an", "half", "tens"])
# Words that may begin or scale a quantity; a text with none of them (and no digit or fraction glyph) has none.
_GATE_WORDS = frozenset((START_WORDS | set(DENOMINATORS) | set(SCALE_WORDS)) - {"a", "an"})
_DIGIT_OR_GLYPH = re.compile(r"[\d½⅓⅔¼¾⅕⅛]")
_RUN = re.compile(r"\w+")
_GATE_WORD = re.compile("(?:" + "|".join(sorted(_GATE_WORDS, key=len, reverse=True)) + ")", re.IGNORECASE)


def may_hold_quantity(text: str) -> bool:
    """Whether the text has a digit, a fraction glyph or a whole word (any case) that can start a quantity.

    The same test as one regex ``\\d|[½…]|\\b(?:three|million|…)\\b`` with IGNORECASE, but an
    alternation of ~80 words tried at every position costs ~40 µs on a sentence; a word between two
    word boundaries is a maximal run of word characters, so the runs are looked up in a set instead
    (ASCII runs by their lower case, which is what IGNORECASE compares; others through the regex).
    """
    if _DIGIT_OR_GLYPH.search(text):
        return True
    if text.isascii():
        return not _GATE_WORDS.isdisjoint(_RUN.findall(text.lower()))
    return any(run.lower() in _GATE_WORDS if run.isascii() else _GATE_WORD.fullmatch(run) is not None
               for run in _RUN.findall(text))


def _parse_at(toks: list[_Tok], i: int) -> _Parsed | None:
    """A quantity whose number starts at token i: (first, last token, value, dimension, precision, fraction, vague)."""
    t = toks[i]
    if t.kind == "word" and t.norm in FACTORS:
        return i, i, FACTORS[t.norm], "factor", 0.0, False, False
    if t.kind == "word" and (t.norm in VAGUE or (t.norm == "tens" and i + 2 < len(toks) and toks[i + 1].norm == "of"
                                                  and toks[i + 2].norm in VAGUE)):
        return _vague(toks, i)
    core = _core(toks, i)
    if core is None:
        return None
    last, value, precision, fraction, written_in_digits = core
    first = i - 1 if value < 0 else i  # the minus sign belongs to the number
    currency = None
    if i > 0 and toks[i - 1].kind == "sym" and toks[i - 1].text in CURRENCY_SIGNS and t.glued:
        currency = CURRENCY_SIGNS[toks[i - 1].text]
        first = i - 1
        if first > 0 and toks[first - 1].norm == "us" and toks[first].glued:
            first -= 1
    if written_in_digits and _is_name(toks, i, last):
        return None
    if fraction and last + 2 < len(toks) and toks[last + 1].norm in ("a", "an"):
        following = toks[last + 2].norm
        if following in SCALE_WORDS or (following in UNITS and following not in ("second", "times")):
            last += 1  # "half a million", "half an hour"
    value, precision, last = _scale(toks, last, value, precision, currency is not None)
    dimension, factor, unit_last = _unit(toks, last, currency)
    if dimension == "ratio":  # "one in three", "1 in 10"; not "30 in 2022"
        denominator = _core(toks, unit_last + 1)
        if denominator is not None and 0 < value < denominator[1] < 1000:
            return first, denominator[0], value / denominator[1], "proportion", 0.005, True, False
        dimension, factor, unit_last = currency, 1.0, last
    last = unit_last
    if dimension == "ordinal":
        return first, last, value, "ordinal", 0.0, False, False
    if dimension is None:
        dimension = "proportion" if fraction and value <= 1 else "count"
    return first, last, value * factor, dimension, precision * factor, fraction, False


def _core(toks: list[_Tok], i: int) -> tuple[int, float, float, bool, bool] | None:
    """The bare number at token i: (last token, value, precision, fraction, written in digits)."""
    if i >= len(toks):
        return None
    t = toks[i]
    if t.kind == "num":
        parsed = _digits(t.text)
        if parsed is None:
            return None
        value, precision = parsed
        last = i
        if i + 1 < len(toks) and toks[i + 1].kind == "glyph" and toks[i + 1].glued:  # 1½
            value += GLYPHS[toks[i + 1].text]
            last = i + 1
        elif (i + 2 < len(toks) and toks[i + 1].text == "/" and toks[i + 1].glued and toks[i + 2].kind == "num"
              and toks[i + 2].glued):  # 1/3
            denominator = _digits(toks[i + 2].text)
            if denominator and denominator[0]:
                return i + 2, value / denominator[0], 0.005, True, True
        if i > 0 and toks[i - 1].kind == "dash" and t.glued and (i < 2 or not toks[i - 1].glued):
            value = -value  # "-5 points"
        return last, value, precision, False, True
    if t.kind == "glyph":
        return i, GLYPHS[t.text], 0.0, True, False
    if t.kind != "word":
        return None
    if t.norm == "half":
        return i, 0.5, 0.0, True, False
    return _number_words(toks, i)


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


def _digits(text: str) -> tuple[float, float] | None:
    """Value and precision of a digit string: 1,500 / 1.5 / 1 500 / 1,5 (decimal comma)."""
    if text.isdigit() and text.isascii():  # most numbers: plain digits
        return float(text), 0.5
    compact = text.replace("\u00a0", ",").replace("\u202f", ",")
    if _GROUPED.fullmatch(compact):
        compact = compact.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(compact):
        compact = compact.replace(",", ".")
    if not _DECIMAL.fullmatch(compact):
        return None
    decimals = len(compact.partition(".")[2])
    return float(compact), 0.5 * 10.0 ** -decimals


def _number_words(toks: list[_Tok], i: int) -> tuple[int, float, float, bool, bool] | None:
    """Number words from token i ("twenty-five", "a hundred", "two thirds", "one and a half")."""
    words = toks
    j = i
    total = current = 0.0
    seen = False
    if words[j].norm in ("a", "an"):
        nxt = words[j + 1].norm if j + 1 < len(words) else ""
        if nxt in DENOMINATORS and nxt not in ("half", "halves"):
            return j + 1, 1 / DENOMINATORS[nxt], 0.0, True, False
        if nxt not in SCALE_WORDS and nxt not in ("hundred", "dozen"):
            return None
        current, seen, j = 1.0, True, j + 1
    while j < len(words):
        w = words[j]
        if w.kind == "dash" and seen and w.glued and j + 1 < len(words) and words[j + 1].norm in UNITS_WORDS:
            j += 1
            continue
        if w.kind != "word":
            break
        n = w.norm
        if n in UNITS_WORDS or n in TENS_WORDS:
            if j > 0 and (words[j - 1].norm, n) in NOT_NUMBERS:
                return None
            if j + 1 < len(words) and (n, words[j + 1].norm) in NOT_NUMBERS:
                return None
            current += UNITS_WORDS.get(n, TENS_WORDS.get(n, 0))
        elif n == "hundred" and seen:
            current = (current or 1) * 100
        elif n == "dozen" and seen:
            current = (current or 1) * 12
        elif n in SCALE_WORDS and seen:
            total += (current or 1) * SCALE_WORDS[n]
            current = 0.0
        elif n == "and" and seen and j + 1 < len(words) and (words[j + 1].norm in UNITS_WORDS
                                                             or words[j + 1].norm in TENS_WORDS):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    value = total + current
    last = j - 1
    # "two thirds", "two-thirds", "one and a half"
    if (j + 1 < len(words) and words[j].kind == "dash" and words[j].glued and words[j + 1].glued
            and words[j + 1].norm in DENOMINATORS and words[j + 1].norm not in ("half", "halves") and value):
        return j + 1, value / DENOMINATORS[words[j + 1].norm], 0.0, True, False
    if j < len(words) and words[j].norm in DENOMINATORS and value and words[j].norm not in ("half", "halves"):
        return j, value / DENOMINATORS[words[j].norm], 0.0, True, False
    if (j + 2 < len(words) and words[j].norm == "and" and words[j + 1].norm in ("a", "an")
            and words[j + 2].norm == "half"):
        return j + 2, value + 0.5, 0.0, False, False
    return last, value, 0.0, False, False


def _is_name(toks: list[_Tok], first: int, last: int) -> bool:
    """Digits that are part of a name: COVID-19, G7, F-16, 5G, MH17."""
    t = toks[first]
    if t.glued and first > 0:
        before = toks[first - 1]
        if before.kind == "word":
            return True
        if before.kind == "dash" and before.glued and first > 1 and toks[first - 2].kind == "word":
            return True
    if last + 1 < len(toks):
        after = toks[last + 1]
        if after.glued and after.kind == "word":
            n = after.norm
            if len(n) == 1 and not after.text.islower() and n not in SCALE_ABBREVIATIONS:
                return True  # 5G, 3D (but 10K is ten thousand)
            return not (n in UNITS or n in SCALE_ABBREVIATIONS or n in _ORDINAL_SUFFIX or n == "fold")
    return False


def _scale(toks: list[_Tok], last: int, value: float, precision: float, money: bool) -> tuple[float, float, int]:
    """Apply "million", "bn", "m" after the number."""
    j = last + 1
    while j < len(toks) and toks[j].kind == "word":
        n = toks[j].norm
        if n in SCALE_WORDS or n == "hundred":
            factor = SCALE_WORDS.get(n, 100.0)
        elif n in SCALE_ABBREVIATIONS and (toks[j].glued or money):
            factor = SCALE_ABBREVIATIONS[n]
        else:
            break
        value, precision, last, j = value * factor, precision * factor, j, j + 1
    return value, precision, last


def _unit(toks: list[_Tok], last: int, currency: str | None) -> tuple[str | None, float, int]:
    """The unit after the number: (dimension or None, factor to the base unit, last token)."""
    j = last + 1
    if j < len(toks) and toks[j].kind == "dash" and toks[j].glued:  # "1.5-hour", "40-year-old"
        j += 1
    if j >= len(toks):
        return currency, 1.0, last
    t = toks[j]
    if t.text == "%":
        return "proportion", 0.01, j
    if t.kind != "word":
        return currency, 1.0, last
    n = t.norm
    nxt = toks[j + 1].norm if j + 1 < len(toks) else ""
    if n == "per" and nxt in ("cent", "centum"):
        return "proportion", 0.01, j + 1
    if n in PERCENT_WORDS:
        return "proportion", 0.01, j
    if n == "percentage" and nxt in ("point", "points"):
        return "points", 1.0, j + 1
    if n in ("in", "out") and t.glued is False:
        k = j + 2 if n == "out" and nxt == "of" else j + 1
        if k < len(toks) and (toks[k].kind == "num" or toks[k].norm in UNITS_WORDS or toks[k].norm in TENS_WORDS):
            return "ratio", 1.0, k - 1
        return currency, 1.0, last
    if n in _ORDINAL_SUFFIX and t.glued:
        return "ordinal", 1.0, j
    if currency is None and n in ("pound", "pounds") and nxt == "sterling":
        return "money:GBP", 1.0, j + 1
    if n in UNITS and not (currency and UNITS[n][0] in ("mass",)):
        dimension, factor = UNITS[n]
        if n in ("h", "g", "t", "mi", "yd", "ha", "ft") and (not t.glued or not t.text.islower()):
            return currency, 1.0, last  # a lone letter after a space, or 5G, is not a unit
        if dimension.startswith("money") and currency and dimension != currency:
            return currency, 1.0, last
        return dimension, factor, j
    return currency, 1.0, last


def _vague(toks: list[_Tok], i: int) -> _Parsed:
    """ "hundreds", "tens of thousands", "hundreds of millions": an order of magnitude."""
    value = VAGUE.get(toks[i].norm, 10.0)
    last = i
    if i + 2 < len(toks) and toks[i + 1].norm == "of" and toks[i + 2].norm in VAGUE:
        value *= VAGUE[toks[i + 2].norm]
        last = i + 2
    return i, last, value, "count", 0.0, False, True


def _qualifier(toks: list[_Tok], first: int) -> tuple[str, int]:
    """The qualifier before a quantity ("more than", "about"), and the quantity's first token with it."""
    if first == 0 or toks[first - 1].kind != "word":  # every qualifier is words just before the quantity
        return EXACT, first
    for size in (3, 2, 1):
        if first - size < 0:
            continue
        phrase = tuple(t.norm for t in toks[first - size : first])
        if all(t.kind == "word" for t in toks[first - size : first]) and phrase in QUALIFIERS:
            return QUALIFIERS[phrase], first - size
    return EXACT, first


def describe(q: Quantity) -> str:
    """A quantity's value in words for messages ("1/3", "5400 s", "40,000,000 money:USD")."""
    if q.dimension == "proportion":
        return f"{q.value * 100:.4g} %"
    value = f"{q.value:,.6g}" if not math.isclose(q.value, round(q.value)) else f"{round(q.value):,}"
    return value if q.dimension == "count" else f"{value} {q.dimension}"
