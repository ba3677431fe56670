"""Negation, refusal and cessation before a phrase: "declined to send", "did not lift", "stopped
sending" do not say what the phrase says."""

from __future__ import annotations

from policytrack.extract.words import OBJECT_LEAD_WORDS, Match, Token

# Negation, refusal and cessation: a cue right after one of these, in the same clause,
# does not propose its level ("declined to send", "stopped sending" are not supply).
NEGATORS = (
    "not", "never", "no", "t", "neither", "nor", "declin", "refus", "reject", "against", "without", "end",
    "stop", "halt", "ceas", "paus", "suspend", "freez", "froze", "abandon",
    "fail", "unlik", "unwil", "reluct",  # "failed to deliver", "unlikely to send", "reluctant to send"
)
# Two-word refusals: "ruled out sending" (the first word's stem, then the second word).
NEGATING_PAIRS = {("rule", "out"), ("yet", "to"), ("rather", "than"), ("instead", "of")}  # "has yet to send": not sent;
# "to protect the oceans rather than resume whaling": not resumed
# Reversal: only a cue that is the reversed thing itself ("lift its pause", "reversed the ban"),
# not a verb coordinated after it ("lift restrictions and send mines" still sends).
REVERSERS = ("lift", "revers", "overturn", "undo")
NEGATION_REACH = 4  # tokens between the negator and the cue


def negator(words: list[Token], clause_of: list[int], match: Match) -> str | None:
    """The negator just before a cue, in the cue's own clause ("not ... but sent" is not negated)."""
    for index in range(max(0, match.first - NEGATION_REACH), match.first):
        token = words[index]
        if clause_of[index] == clause_of[match.first] and (token.stem in NEGATORS or token.raw.lower() in NEGATORS):
            return token.raw
        if (index and clause_of[index] == clause_of[match.first]
                and (words[index - 1].stem, token.raw.lower()) in NEGATING_PAIRS):
            return f"{words[index - 1].raw} {token.raw}"
        if (token.stem in REVERSERS and clause_of[index] == clause_of[match.first]
                and all(between.raw.lower() in OBJECT_LEAD_WORDS for between in words[index + 1:match.first])):
            return token.raw
    return None
