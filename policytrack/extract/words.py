"""Words and phrases in a text, matched case-insensitively on Snowball stems.

"send" matches "sending" and "sends"; irregular forms ("sent") are listed by
the analyst. A possessive "'s" is not a word of its own, so "Biden's" is a
mention of "Biden". A phrase written in capitals ("US", "ATACMS") is an
acronym and matches only in capitals, so that "US" is not the pronoun "us";
one in title case ("Approve", "Great Prayer Day") is a name and matches only
capitalised words; a word in mixed case ("GdP") matches only as written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

# A number is one word with its separators and sign: "30%" is not the "30" of "4:30", nor "2,000" two words.
_WORD = re.compile(r"\d+(?:[.,:]\d+)*(?:%|\w*)|\w+")
APOSTROPHES = "'\u2019"
# Words before a noun: an act word right after one is the act's name ("the vote", "a ban"), not a verb.
DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "any", "our", "every"}
# Words that may stand between a verb and its object: "criticised former President Donald Trump".
OBJECT_LEAD_WORDS = {"the", "a", "an", "former", "his", "her", "its", "their", "then", "also"}


@dataclass(frozen=True)
class Token:
    raw: str
    stem: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def tokens(text: str, offset: int = 0) -> list[Token]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        before = text[match.start() - 1] if match.start() else ""
        if word.lower() == "s" and before in APOSTROPHES:
            continue  # a possessive: "Biden's" is "Biden"
        found.append(Token(word, stem(word), offset + match.start(), offset + match.end()))
    return found


@dataclass(frozen=True)
class Phrase:
    """A phrase to look for, as stems (or, for an acronym, as the exact words)."""

    text: str
    words: tuple[str, ...]
    exact: bool
    # a name in title case ("Approve", "Great Prayer Day") matches only capitalised words, so that
    # the campaign "Approve" is not the verb "approved"
    proper: bool = False
    spelled: tuple[str, ...] = ()  # the words as written
    # per word, worked out once: a capital to match, an agent noun, a spelling in mixed case
    capitalised: tuple[bool, ...] = ()
    agentive: tuple[bool, ...] = ()
    mixed: tuple[bool, ...] = ()

    @classmethod
    def of(cls, text: str) -> Phrase | None:
        raw = [token.raw for token in tokens(text)]
        if not raw:
            return None
        exact = all(word.isupper() or word[:1].isdigit() for word in raw) and any(word.isupper() for word in raw)
        proper = not exact and all(word[:1].isupper() or word[:1].isdigit() for word in raw)
        return cls(text, tuple(raw) if exact else tuple(stem(word) for word in raw), exact, proper, tuple(raw),
                   tuple(proper or word[:1].isupper() for word in raw), tuple(agent_noun(word) for word in raw),
                   tuple(_mixed_case(word) for word in raw))


@dataclass(frozen=True)
class Match:
    phrase: Phrase | None
    first: int  # index of the first token
    last: int  # index of the last token

    @property
    def length(self) -> int:
        return self.last - self.first + 1


_Value = TypeVar("_Value")


class PhraseIndex(Generic[_Value]):
    """Finds any of many phrases in a token list, longest match first."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Phrase, _Value]]] = {}

    def add(self, text: str, value: _Value) -> None:
        phrase = Phrase.of(text)
        if phrase is not None:
            self._by_first.setdefault(phrase.words[0], []).append((phrase, value))

    def find(self, words: list[Token]) -> list[tuple[Match, _Value]]:
        """Every match; a match inside a longer one at the same place is dropped."""
        found: list[tuple[Match, _Value]] = []
        for index, token in enumerate(words):
            for key in ((token.stem,) if token.raw == token.stem else (token.stem, token.raw)):
                for phrase, value in self._by_first.get(key, ()):
                    if _matches(phrase, words, index):
                        found.append((Match(phrase, index, index + len(phrase.words) - 1), value))
        found.sort(key=lambda item: (item[0].first, -item[0].length))
        # "The Green Party": the name that starts after "The" and runs on ("Green Party") is
        # named, not "the Greens" that "The Green" stems to
        runs_on: dict[int, int] = {}
        for match, _ in found:
            runs_on[match.first] = max(runs_on.get(match.first, -1), match.last)
        found = [(match, value) for match, value in found
                 if not (words[match.first].raw.lower() == "the" and runs_on.get(match.first + 1, -1) > match.last)]
        kept: list[tuple[Match, _Value]] = []
        covered_until = -1
        for match, value in found:
            if match.first > covered_until or (kept and kept[-1][0].first == match.first and kept[-1][0].last == match.last):
                kept.append((match, value))
                covered_until = max(covered_until, match.last)
        return kept


def _matches(phrase: Phrase, words: list[Token], index: int) -> bool:
    if index + len(phrase.words) > len(words):
        return False
    for offset, want in enumerate(phrase.words):
        token = words[index + offset]
        if (token.raw if phrase.exact else token.stem) != want:
            return False
        if phrase.capitalised[offset] and not (token.raw[:1].isupper() or token.raw[:1].isdigit()):
            return False  # a capitalised word of a name: "the Conservatives" is not "the conservative bloc"
        if not phrase.exact and not phrase.agentive[offset] and agent_noun(token.raw):
            return False  # "supporters", "protesters" are people, not "support" or "protest"
        if phrase.mixed[offset] and token.raw != phrase.spelled[offset]:
            return False  # "GdP" (a union) is not "GDP"
    return True


def _mixed_case(word: str) -> bool:
    """Whether a word is written with a capital after a small letter ("GdP", "iPhone", "McKinsey"):
    a name spelt one way only."""
    return any(letter.isupper() for letter in word[1:]) and any(letter.islower() for letter in word)


# Nouns of people or bodies that Snowball stems to a verb without an agent ending: "Kremlin critic
# Alexei Navalny", "called on the authorities" (not "authorise").
PEOPLE_NOUNS = {"critic", "critics", "authority", "authorities"}


@functools.lru_cache(maxsize=65536)
def agent_noun(word: str) -> bool:
    """Whether a word ends as an agent noun does ("supporter", "protesters"), or is another noun
    of people ("critic"), which Snowball stems to its verb."""
    return word.lower().endswith(("er", "ers")) or word.lower() in PEOPLE_NOUNS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (pysbd), lines kept apart, ends trimmed of blank space."""
    segmenter = _segmenter()
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            for span in segmenter.segment(line):
                start, end = position + span.start, position + span.end
                piece = text[start:end]
                start += len(piece) - len(piece.lstrip())
                end -= len(piece) - len(piece.rstrip())
                if end > start:
                    spans.append((start, end))
        position += len(line)
    return spans


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)
