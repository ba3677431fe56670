"""What judging something says about the judge's stance.

An actor that condemns an act, protests against it or calls it wrong stands
against it; one that welcomes or passes it stands for it. "Against" an act
is the level across the scale's pivot from the act's level (condemning the
decision to shelve a cap stands for the cap); against the policy itself, the
level just below the pivot. "The decision", "the move" or a bare "in
protest" refer to the act the article reports: the first act told on the
topic (see propose._Context.acts).

Each rule returns (level, label, the reason it gives) or None, for
propose._candidate, which tries them before the cues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policytrack.extract.negation import negator
from policytrack.extract.words import DETERMINERS, OBJECT_LEAD_WORDS, Match, Token, agent_noun, stem

if TYPE_CHECKING:
    from policytrack.extract.propose import Mention
    from policytrack.extract.vocabulary import Vocabulary

# Calling something wrong: "called the decree illegal", "branded the delay a mistake".
CALLING_STEMS = frozenset(stem(word) for word in "call called describe brand deem".split())
WRONG_STEMS = frozenset(stem(word) for word in (
    "illegal unlawful unconstitutional undemocratic wrong mistake trick betrayal disaster harm reckless "
    "dangerous unacceptable shameful coup setback backward backwards blow attack costly distraction smokescreen "
    "pointless damaging irresponsible cynical failure catastrophe catastrophic absurd scandal outrageous "
    "disgrace ridiculous nonsense foolish senseless misguided insult failed useless destructive").split())
# Calling something right: "called the decision a victory for common sense", "said the decision was
# the right move". What the actor praises it stands for.
PRAISE_STEMS = frozenset(stem(word) for word in (
    "right correct sensible good victory triumph landmark milestone breakthrough overdue long-awaited positive").split())
# "removing the charge was a step backwards": the verb between an act and what it is called.
COPULAS = {"is", "was", "were", "are", "be", "been"}
COPULA_REACH = 10  # words from the act to its copula: "removing the charge without any replacement was"
# What stands for the policy or act just named: "criticised it", "would have overturned them".
OBJECT_PRONOUNS = frozenset({"it", "this", "them"})
# Nouns that name a policy itself: "in protest at the laws" is against the topic.
POLICY_NOUN_STEMS = frozenset(stem(word) for word in "law bill plan measure reform policy scheme rule decree".split())

# Misgivings that are a reaction to news, not a view of the policy: "said it was disappointed" is
# disappointed by the act the article reports (revoking a permit), not by the project.
REACTION_STEMS = frozenset(stem(word) for word in (
    "disappointing disappointed dismayed regrettable unfortunate regret regretted baffled appalled outraged "
    "horrified").split())
# What an actor says of a policy with no cue of a level: a misgiving stands against it ("was
# concerned about", "a major risk to", "an intrusion into"), a need for it ("the taxes were
# needed") for it, and taking it to court against it.
MISGIVING_STEMS = frozenset(stem(word) for word in (
    "concern concerned worried worry fear risk threat danger dangerous harm harmful undermine intrusion backdoor "
    "alarmed troubling warn"
).split()) | REACTION_STEMS
# What an act "would" do that calls it harmful: "ending the mandatory sentence would weaken deterrence".
HARMING_STEMS = frozenset(stem(word) for word in "harm hurt damage undermine threaten weaken jeopardise jeopardize "
                          "endanger destroy cost force hit ruin kill".split())
MODALS = {"would", "will", "could", "might", "may"}
# ... and what it would do that calls it good: "the pact would create jobs", "will help solve the challenges".
WOULD_REACH = 10  # words from the modal to a verb of its that joins "and": "would take farmland out of production and threaten"
BENEFIT_STEMS = frozenset(stem(word) for word in "help protect create boost strengthen improve ensure save".split())
NEED_STEMS = frozenset(stem(word) for word in "need needed necessary essential vital".split())
SUING_STEMS = frozenset(stem(word) for word in "challenge take sue sued".split())  # "take Ottawa to court"
ACCUSING_STEM = stem("accuse")
COURT_REACH = 6  # words between "challenge" or "take" and "court"

# A court, panel or watchdog finding that a policy breaks the rules: "ruled that ... breaks global trade rules".
RULING_STEMS = frozenset(stem(word) for word in "rule ruled find found hold held conclude concluded".split())
BREACH_STEMS = frozenset(stem(word) for word in "break broke breach breached violate violated contravene infringe".split())
RULING_REACH = 8  # words from the actor to its ruling verb, and from "that" to the policy
BREACH_REACH = 8  # words from the policy to what it breaks: "Indonesia's ban on exports of nickel ore breaks"

Judgement = tuple[int, str, str]  # level, its label, the reason (what was read)


def across_pivot(vocabulary: Vocabulary, scale_id: int, level: int) -> tuple[int, str] | None:
    """The level on the other side of the scale's pivot, at the same distance (and its label),
    if the scale has it and it is another level."""
    opposite = 2 * vocabulary.pivots[scale_id] - level
    label = vocabulary.labels[scale_id].get(opposite)
    return (opposite, label) if label is not None and opposite != level else None


def level_of(vocabulary: Vocabulary, scale_id: int, level: int) -> tuple[int, str] | None:
    """The level and its label, if the scale has it."""
    label = vocabulary.labels[scale_id].get(level)
    return (level, label) if label is not None else None


def against_the_policy(vocabulary: Vocabulary, scale_id: int) -> tuple[int, str] | None:
    """The level just below the pivot: against the policy, not against it the most."""
    return level_of(vocabulary, scale_id, vocabulary.pivots[scale_id] - 1)


# A court's act: "welcomed the ruling". Matched as written: "ruling" stems to "rule", as "the rules" do.
COURT_ACT_WORDS = {"ruling", "verdict", "judgment", "judgement"}


def names_an_act(vocabulary: Vocabulary, token: Token) -> bool:
    """Whether a noun names an act ("the decision", "the move", "the ruling"), which may be the
    act the article reports."""
    return token.stem in vocabulary.earlier_act_stems or token.raw.lower() in COURT_ACT_WORDS


def noun_after(words: list[Token], index: int) -> int:
    """The first word after ``index`` that is not an article, determiner or "former"."""
    while index < len(words) and words[index].raw.lower() in OBJECT_LEAD_WORDS | DETERMINERS:
        index += 1
    return index


def is_the_policy(words: list[Token], index: int, keywords: list[Match]) -> bool:
    """Whether the word is the topic: one of its keywords, or a noun of a policy ("the law")."""
    return any(match.first == index for match in keywords) or (index < len(words) and is_policy_noun(words[index]))


def is_policy_noun(token: Token) -> bool:
    """"the law", "the rules"; not "the ruling", a court's act, whose stem is "rule" too."""
    return token.stem in POLICY_NOUN_STEMS and not token.raw.lower().startswith("ruling")


def first_judgement(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                    keywords: list[Match], live_cues: list, scale_id: int, earlier_act: int | None) -> Judgement | None:
    """The stance a judgement in the actor's clause gives, if any: an act in protest, calling
    something wrong, ruling it in breach of rules, judging the act told before (in that order)."""
    return (protest(vocabulary, words, mention, keywords, scale_id, earlier_act)
            or called_wrong(vocabulary, words, clause_of, mention, keywords, live_cues, scale_id, earlier_act)
            or decision_called_wrong(vocabulary, words, clause_of, mention, scale_id, earlier_act)
            or ruled_in_breach(vocabulary, words, clause_of, mention, keywords, scale_id)
            or judged_earlier_act(vocabulary, words, clause_of, mention, live_cues, scale_id, earlier_act))


def judged_earlier_act(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                       live_cues: list, scale_id: int, earlier_act: int | None) -> Judgement | None:
    """An actor that welcomes, passes or condemns "the decision", "the move" or "the law", with no
    act of its own named after it, judges the act the article reports on the topic (its first):
    welcoming or passing it stands for its level, condemning it for the level across the pivot."""
    if earlier_act is None:
        return None
    clause = clause_of[mention.match.first]
    judging = vocabulary.approving_stems | vocabulary.adopting_stems | vocabulary.disapproving_stems
    judge = next((index for index in range(mention.match.last + 1, len(words))
                  if clause_of[index] == clause and words[index].stem in judging and not agent_noun(words[index].raw)),
                 None)
    if judge is None:
        return None
    if words[judge].stem in vocabulary.adopting_stems and any(cue[0].first == judge for cue in live_cues):
        return None  # "passed the bill" on a scale where passing is a level (support): the bill is the topic
    noun = noun_after(words, judge + 1)
    if noun + 1 < len(words) and words[noun].raw[:1].isupper() and names_an_act(vocabulary, words[noun + 1]):
        noun += 1  # "welcomed Australia's decision": the owner's name, then the act
    elif noun + 2 < len(words) and words[noun].raw[:1].isupper() and words[noun + 1].raw.lower() in ("on", "for"):
        noun = noun_after(words, noun + 2)  # "congratulated Taiwan on the vote": whom, then the act
    if noun >= len(words) or not names_an_act(vocabulary, words[noun]):
        return None
    if any(cue[0].first > noun and clause_of[cue[0].first] == clause for cue in live_cues):
        return None  # "condemned the decision to shelve the cap": the act is named (disapproved_act)
    if words[judge].stem in vocabulary.disapproving_stems:
        found = across_pivot(vocabulary, scale_id, earlier_act)
    else:
        found = level_of(vocabulary, scale_id, earlier_act)
    return (*found, f'"{words[judge].raw}" judges the act told before') if found else None


def called_wrong(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                 keywords: list[Match], live_cues: list, scale_id: int, earlier_act: int | None) -> Judgement | None:
    """"called the decree illegal", "called the shutdown a historic mistake": the actor stands
    against what it names: the policy itself (a keyword of the topic, "the law") or an act ("the
    shutdown", "the delay": the act the article reports; "the repeal", an act named by its cue:
    across the pivot from that cue)."""
    clause = clause_of[mention.match.first]
    calling = next((index for index in range(mention.match.last + 1, len(words) - 2)
                    if clause_of[index] == clause and words[index].stem in CALLING_STEMS
                    and words[index + 1].raw.lower() in DETERMINERS | OBJECT_PRONOUNS), None)
    if calling is None:
        return None
    if words[calling + 1].raw.lower() in OBJECT_PRONOUNS:  # "has long called it a failure": the policy
        judgement = _called(words, range(calling + 2, min(calling + 7, len(words))))
        if judgement is None:
            return None
        praised = words[judgement].stem in PRAISE_STEMS
        found = for_the_policy(vocabulary, scale_id) if praised else against_the_policy(vocabulary, scale_id)
        return (*found, f'called it "{words[judgement].raw}"') if found else None
    named = calling + 2
    judgement = _called(words, range(named + 1, min(named + 7, len(words))))
    if judgement is None:
        return None
    praised = words[judgement].stem in PRAISE_STEMS
    act = next((cue for cue in live_cues if cue[0].first in (calling + 1, named)), None)
    if act is not None:  # "called the repeal a betrayal": against the repeal
        found = level_of(vocabulary, scale_id, act[1]) if praised else across_pivot(vocabulary, scale_id, act[1])
    elif is_the_policy(words, named, keywords) or any(match.first == calling + 1 for match in keywords):
        # "calling the tax an attack" ("the tax" a keyword)
        found = for_the_policy(vocabulary, scale_id) if praised else against_the_policy(vocabulary, scale_id)
    elif earlier_act is not None:  # "called the decision a victory for common sense"
        found = level_of(vocabulary, scale_id, earlier_act) if praised else across_pivot(vocabulary, scale_id, earlier_act)
    else:
        found = None
    return (*found, f'called it "{words[judgement].raw}"') if found else None


def _called(words: list[Token], judged: range) -> int | None:
    """The first word in ``judged`` that calls a thing wrong or right ("a mistake", "the right move")."""
    return next((index for index in judged if words[index].stem in WRONG_STEMS | PRAISE_STEMS), None)


def ruled_in_breach(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                    keywords: list[Match], scale_id: int) -> Judgement | None:
    """"ruled on Wednesday that Indonesia's ban on exports of nickel ore breaks global trade
    rules": a ruling (or finding) that the policy breaks the rules is against it."""
    clause = clause_of[mention.match.first]
    ruling = next((index for index in range(mention.match.last + 1, min(mention.match.last + 1 + RULING_REACH, len(words)))
                   if clause_of[index] == clause and words[index].stem in RULING_STEMS), None)
    if ruling is None:
        return None
    that = next((index for index in range(ruling + 1, min(ruling + 5, len(words))) if words[index].raw.lower() == "that"), None)
    keyword = next((match for match in keywords if that is not None and that < match.first <= that + RULING_REACH), None)
    if keyword is None:
        return None
    breach = next((index for index in range(keyword.last + 1, min(keyword.last + 1 + BREACH_REACH, len(words)))
                   if words[index].stem in BREACH_STEMS | WRONG_STEMS), None)
    if breach is None or negator(words, clause_of, Match(None, breach, breach)):
        return None
    found = against_the_policy(vocabulary, scale_id)
    return (*found, f'"{words[ruling].raw} that ... {words[breach].raw}" rules it in breach') if found else None


def decision_called_wrong(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                          scale_id: int, earlier_act: int | None) -> Judgement | None:
    """"said the decision was a full-frontal attack on the parliament": the actor stands against
    the act the article reports ("the decision", "the move"), across the pivot from it."""
    if earlier_act is None:
        return None
    clause = clause_of[mention.match.first]
    for index in range(mention.match.last + 1, len(words) - 2):
        if clause_of[index] != clause or words[index].raw.lower() not in ("the", "this", "that"):
            continue
        if names_an_act(vocabulary, words[index + 1]) and words[index + 2].raw.lower() in COPULAS:
            judgement = _called(words, range(index + 3, min(index + 8, len(words))))
            if judgement is None:
                continue
            if words[judgement].stem in PRAISE_STEMS:  # "said the decision was the right move"
                found = level_of(vocabulary, scale_id, earlier_act)
                return (*found, f'called "{words[index + 1].raw}" "{words[judgement].raw}"') if found else None
            found = across_pivot(vocabulary, scale_id, earlier_act)
            return (*found, f'called "{words[index + 1].raw}" wrong') if found else None
    return None


def act_called_wrong(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], cue: Match, level: int,
                     scale_id: int) -> tuple[int, str] | None:
    """"said removing the charge was a step backwards", "the cancellation was a devastating blow",
    "ending the sentence would weaken deterrence": an act (a cue's gerund, or its noun) that the actor
    calls wrong or harmful stands for the level across the pivot from the cue's."""
    named_act = cue.first > 0 and words[cue.first - 1].raw.lower() in DETERMINERS  # "the cancellation"
    if not (words[cue.first].raw.lower().endswith("ing") or named_act):
        return None
    end = min(cue.last + 1 + COPULA_REACH, len(words))
    copula = next((index for index in range(cue.last + 1, end)
                   if words[index].raw.lower() in COPULAS | MODALS and clause_of[index] == clause_of[cue.first]), None)
    if copula is None:
        return None
    judged = range(copula + 1, min(copula + 5, len(words)))
    if words[copula].raw.lower() in MODALS:  # "ending the sentence would weaken deterrence"
        if not (copula + 1 < len(words) and words[copula + 1].stem in HARMING_STEMS):
            return None
    elif not any(words[index].stem in WRONG_STEMS for index in judged):
        return None
    return across_pivot(vocabulary, scale_id, level)


def wrong_to(vocabulary: Vocabulary, words: list[Token], cue: Match, level: int, scale_id: int) -> tuple[int, str] | None:
    """"said Turkey had been wrong to sign the convention": an act called wrong to do stands for the
    level across the pivot from the cue's."""
    if cue.first < 2 or words[cue.first - 1].raw.lower() != "to" or words[cue.first - 2].stem not in WRONG_STEMS:
        return None
    return across_pivot(vocabulary, scale_id, level)


def protest(vocabulary: Vocabulary, words: list[Token], mention: Mention, keywords: list[Match], scale_id: int,
            earlier_act: int | None) -> Judgement | None:
    """What an act done "in protest" stands for: "in protest at the laws" against the topic, a bare
    "in protest" (or one at "the decision") against the act the article reports."""
    at = next((index for index in range(mention.match.last + 1, len(words) - 1)
               if words[index].raw.lower() == "in" and words[index + 1].raw.lower() == "protest"), None)
    if at is None:
        return None
    after = at + 2
    if after < len(words) and words[after].raw.lower() in ("at", "against", "over"):
        named = noun_after(words, after + 1)
        if is_the_policy(words, named, keywords):
            found = against_the_policy(vocabulary, scale_id)
            return (*found, '"in protest" against the topic') if found else None
        if named >= len(words) or not names_an_act(vocabulary, words[named]):
            return None
    found = across_pivot(vocabulary, scale_id, earlier_act) if earlier_act is not None else None
    return (*found, '"in protest" against the act reported') if found else None


def disapproved_act(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention,
                    live_cues: list, scale_id: int) -> tuple[str, Match, int, str] | None:
    """An actor that condemns or criticises an act it names ("condemned the decision to shelve the
    cap") stands for the level across the pivot from that act's cue: (the disapproving word, the
    act's cue, the level, its label), or None."""
    clause = clause_of[mention.match.first]
    judge = next((index for index in range(mention.match.last + 1, len(words))
                  if clause_of[index] == clause and words[index].stem in vocabulary.disapproving_stems
                  and not agent_noun(words[index].raw)), None)  # "a critic of Kyiv" judges nothing
    if judge is None or any(mention.match.last < cue[0].first < judge and clause_of[cue[0].first] == clause
                            for cue in live_cues):
        return None  # "have resisted a general cap, warning that it could leave": its own act comes first
    said = vocabulary.speech_stems | vocabulary.reporting_stems
    acts = [cue for cue in live_cues if cue[0].first > judge and clause_of[cue[0].first] == clause
            and words[cue[0].first].stem not in vocabulary.judging_stems | vocabulary.disapproving_stems
            # "criticised the ruling and said it would not give up the plan": what is said next is not judged
            and not any(words[between].stem in said for between in range(judge + 1, cue[0].first))]
    if not acts:
        return None
    match, level, _ = min(acts, key=lambda cue: cue[0].first)
    found = across_pivot(vocabulary, scale_id, level)
    return (words[judge].raw, match, *found) if found else None


def for_the_policy(vocabulary: Vocabulary, scale_id: int) -> tuple[int, str] | None:
    """The level just above the pivot: for the policy, not for it the most."""
    return level_of(vocabulary, scale_id, vocabulary.pivots[scale_id] + 1)


# The nouns of EARLIER_ACT_NOUNS (vocabulary) that name only an act, never the policy itself:
# "the decision", not "the law" or "the deal".
ACT_ONLY_STEMS = frozenset(stem(word) for word in "decision move step reversal u-turn turnaround vote".split())


def _names_the_act(words: list[Token], own_words: list[int]) -> bool:
    """Whether the actor's words name the act told before: "the decision", "this move"."""
    return any(words[index].stem in ACT_ONLY_STEMS and index > 0 and words[index - 1].raw.lower() in ("the", "this", "that")
               for index in own_words)


def policy_would(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], own_words: list[int],
                 keywords: list[Match], scale_id: int, earlier_act: int | None = None) -> Judgement | None:
    """What the actor says the policy would do: "said the law would threaten food security"
    stands against it, "said the pact would create hundreds of jobs" for it. The policy is the
    subject of the modal: a keyword of the topic, "the law", or "it". An act as the subject ("the
    ruling would force women to travel abroad") is the act told before: against it, or for it."""
    for index in own_words:
        if words[index].raw.lower() not in MODALS or index + 1 >= len(words):
            continue
        # "would take farmland out of production and threaten food security": its verbs, joined by "and"
        reach = range(index + 1, min(index + 1 + WOULD_REACH, len(words)))
        verb = next((later for later in reach if clause_of[later] == clause_of[index]
                     and words[later].stem in HARMING_STEMS | BENEFIT_STEMS
                     and (later == index + 1 or words[later - 1].raw.lower() in ("and", "also", "only", "further"))), None)
        if verb is None:
            continue
        subject = index - 1
        harming = words[verb].stem in HARMING_STEMS
        if subject >= 0 and earlier_act is not None and (
                words[subject].stem in ACT_ONLY_STEMS or words[subject].raw.lower() in COURT_ACT_WORDS):
            if negator(words, clause_of, Match(None, verb, verb)):
                return None
            found = across_pivot(vocabulary, scale_id, earlier_act) if harming else level_of(vocabulary, scale_id, earlier_act)
            return (*found, f'"{words[subject].raw} {words[index].raw} {words[verb].raw}" judges the act told before') \
                if found else None
        if subject < 0 or not (any(match.last == subject for match in keywords) or is_policy_noun(words[subject])
                               or words[subject].raw.lower() in OBJECT_PRONOUNS):
            continue
        if negator(words, clause_of, Match(None, verb, verb)):
            return None
        found = against_the_policy(vocabulary, scale_id) if harming else for_the_policy(vocabulary, scale_id)
        return (*found, f'"{words[index].raw} {words[verb].raw}" says what it would do') if found else None
    return None


def evaluation(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], own_words: list[int],
               scale_id: int, earlier_act: int | None) -> Judgement | None:
    """The stance an actor's own words give when no cue or other judgement does (``own_words``:
    the indexes of the words after its mention that are its part of the sentence): accusing
    someone "of" something is against the act the article reports; taking the policy to court,
    or a misgiving about it, is against the policy; saying it is needed is for it ("would not be
    needed": against it). A negated misgiving ("not concerned") says nothing."""
    for index in own_words:
        token = words[index]
        reach = [later for later in own_words if index < later <= index + COURT_REACH]
        if token.stem == ACCUSING_STEM and earlier_act is not None and any(
                words[later].raw.lower() == "of" for later in reach[:4]):
            found = across_pivot(vocabulary, scale_id, earlier_act)
            if found:
                return (*found, f'"{token.raw} ... of" judges the act told before')
        if token.stem in SUING_STEMS and any(words[later].stem == "court" for later in reach):
            found = against_the_policy(vocabulary, scale_id)
            if found:
                return (*found, f'"{token.raw} ... court" goes to court against it')
        negated = negator(words, clause_of, Match(None, index, index))
        if token.stem in MISGIVING_STEMS and not negated:
            if earlier_act is not None and (_names_the_act(words, own_words) or token.stem in REACTION_STEMS):
                found = across_pivot(vocabulary, scale_id, earlier_act)
                if found:  # "deeply disappointed ... the decision had been hasty": against the act
                    return (*found, f'"{token.raw}" is a misgiving about the act told before')
            found = against_the_policy(vocabulary, scale_id)
            if found:
                return (*found, f'"{token.raw}" is a misgiving')
        if token.stem in NEED_STEMS:
            found = against_the_policy(vocabulary, scale_id) if negated else for_the_policy(vocabulary, scale_id)
            if found:
                return (*found, f'"{negated} {token.raw}"' if negated else f'"{token.raw}" says it is needed')
    return None
