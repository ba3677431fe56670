"""Candidate positions from the sentences of a source's stored text.

In each sentence: mentions of known actors (slug, name, alias; a head of
government's surname stands for the government named after them), topic
keywords, level cues, words that report an act or a statement, negation,
and date phrases. One candidate per (actor, topic, sentence); the quote is
the sentence as it stands in the stored text, so ``check`` accepts it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from policytrack.dates import format_date
from policytrack.extract import judgement
from policytrack.extract.negation import NEGATION_REACH, REVERSERS, negator
from policytrack.extract.vocabulary import GOVERNMENT_WORDS, Vocabulary, name_stems, state_of
from policytrack.extract.when import AFTER_PUBLICATION, DatePhrase, after_publication, find_dates
from policytrack.extract.words import (
    APOSTROPHES,
    DETERMINERS,
    OBJECT_LEAD_WORDS,
    Match,
    Token,
    sentences,
    stem,
    tokens,
)
from policytrack.models import Actor, Topic

# Words that open a clause of their own: a negation or a date does not reach across them
# ("did not send them in 2021, but sent them in March 2024").
CLAUSE_WORDS = {"but", "whereas", "although", "though", "yet"}
# "While X, Y": a sentence opened by one of these has its first clause end at the first comma.
SUBORDINATORS = {"while", "although", "though", "whereas"}
# Words that open a clause of its own when an actor and its verb follow ("agreed to the package
# after Orbán dropped his veto": Orbán did not agree, nor did the leaders drop anything).
SUBORDINATE_OPENERS = SUBORDINATORS | {"after", "before", "when", "because", "until", "once", "since", "as", "if", "unless"}
# Words before such an opener that make it date the clause before instead ("weeks after Jakarta announced").
TIME_NOUNS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hours", "minutes", "shortly",
              "soon", "just", "long", "right", "immediately", "moments", "decades", "night", "morning"}
# Words a clause may open with and still go on with the subject of the clause before.
AUXILIARIES = {"has", "have", "had", "did", "does", "do", "would", "will", "was", "were", "is", "also", "later", "then",
               "instead", "since", "eventually", "finally"}
ARTICLES = {"the", "a", "an"}
# Words after which an actor is the object of the sentence, not its subject.
OBJECT_MARKERS = {"to", "into", "from", "with", "against", "for", "toward", "towards", "at", "on", "about",
                  "in", "across", "throughout", "within", "among", "between", "outside", "beyond", "through", "via"}
# Words that open an apposition or a non-restrictive relative clause after a comma: "Hungary, the
# only other member ..., said", "Poland, which had asked ..., welcomed".
APPOSITION_OPENERS = {"the", "a", "an", "which", "who", "whose", "whom", "itself", "then", "once", "long"}
# Offices that speak and act for a state's government: "Norway's climate minister said",
# "China's commerce ministry said", "Brazil's new president".
OFFICE_WORDS = frozenset(stem(word) for word in (
    "minister ministry president premier chancellor spokesman spokeswoman spokesperson secretary envoy ambassador "
    "department").split())
ANNOUNCING_STEMS = frozenset(stem(word) for word in "announce confirm".split())
# Past forms that do not end in -ed: "the government sent" is a verb, not "the ... ban" (_bare_form).
IRREGULAR_PASTS = {"sent", "set", "struck", "upheld", "froze", "quit", "withdrew", "put", "cut", "made", "began",
                   "gave", "took", "kept", "held", "brought", "shut", "won", "lost", "met"}
# "wants to abolish", "ready to resume": an act intended is not done.
INTENT_STEMS = frozenset(stem(word) for word in "want ready willing prepared hope intend seek aim".split())
# A party's or a group's leader speaks for it: "Democratic Party leader Lee Jae-myung called".
LEADER_WORDS = {"leader", "chairman", "chairwoman", "chair", "head", "spokesman", "spokeswoman", "spokesperson"}
# Members speak for the body they are from: "Opposition lawmakers from the Azimio coalition voted".
MEMBER_WORDS = {"lawmakers", "legislators", "members", "mps", "senators", "deputies", "representatives", "officials",
                "delegates", "ministers", "leaders"}
MEMBER_LEAD = 2  # words a clause may open with before its members: "Some opposition lawmakers"
# How a mention of the home state's government without its name is told apart (_home_government).
HOME_GOVERNMENT = "government of the home state"
HEADLINE_STATE_WEIGHT = 3  # the first state a headline names counts as named this many times more
OFFICE_REACH = 4  # words between the possessive and the office: "Norway's climate and environment minister"


@dataclass
class Candidate:
    actor: str
    topic: str
    stance: int | None
    stance_label: str | None
    on: dt.date | None
    date_precision: str | None
    date_text: str | None
    kind: str
    quote: str
    sentence: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # spans in the sentence to highlight
    summary: str | None = None  # given by the analyst in --review

    def as_row(self) -> dict:
        return {
            "actor": self.actor, "topic": self.topic, "stance": self.stance, "stance_label": self.stance_label,
            "on": self.on, "date_precision": self.date_precision, "date_text": self.date_text, "kind": self.kind,
            "quote": self.quote, "sentence": self.sentence, "confidence": self.confidence, "reasons": self.reasons,
        }

    @property
    def when(self) -> str | None:
        return format_date(self.on, self.date_precision) if self.on else None


def propose(vocabulary: Vocabulary, text: str, published: dt.date | None) -> list[Candidate]:
    candidates: list[Candidate] = []
    context = _Context()
    for number, (start, end) in enumerate(sentences(text)):
        sentence = text[start:end]
        dates = find_dates(sentence, published, context.date, context.day, context.date_precision)
        if dates:
            context.date, context.date_precision = dates[-1].date.start, dates[-1].date.precision
        days = [phrase.date.start for phrase in dates if phrase.date.precision == "day"]
        if days:
            context.day = days[-1]
        headline = number == 0 and _is_headline(text, start, end)
        found = _sentence(vocabulary, sentence, dates, published, context)
        if headline:
            # A headline's claims recur in the body, with their dates: the analyst codes them there,
            # and a headline's few words are no sure guide to what the act it reports did. The
            # state it names first is the one the text is about ("Canada scraps digital services
            # tax to restart trade talks with Trump"), however often the body names another.
            context.acts.clear()
            if context.first_state is not None:
                context.states[context.first_state] += HEADLINE_STATE_WEIGHT
        else:
            candidates.extend(found)
    return candidates


@dataclass
class _Context:
    """What the sentences before tell a sentence: the topics of the latest one that named any
    (what "the plan" is about), the last date given (what "that year" is), the last person
    named (who "he" is), and the level of the first act told on each topic (what "the decision" did)."""

    topics: list[int] = field(default_factory=list)
    date: dt.date | None = None
    date_precision: str | None = None
    day: dt.date | None = None  # the last date given to the day
    person: tuple[int, ...] | None = None
    organisation: tuple[int, ...] | None = None  # the last organisation named as acting: who "the association" is
    # topic id -> level of the first act told on it: the news, which "the decision" of a reaction
    # further on refers to (what the article then recalls of the past is background)
    acts: dict[int, int] = field(default_factory=dict)
    # (topic id, year) -> level of the first act told on the topic in that year: what "the 2018
    # shift" refers to, wherever the article tells it
    dated_acts: dict[tuple[int, int], int] = field(default_factory=dict)
    votes: dict[int, tuple] = field(default_factory=dict)  # topic id -> (date, precision, phrase) of its last dated vote
    states: dict[int, int] = field(default_factory=dict)  # state id -> times named (itself or its bodies)
    named_topics: set[int] = field(default_factory=set)  # named by a keyword that does not refer back
    first_state: int | None = None  # the state the text names first
    # every state the text has named so far, as actor or not ("in Japan", "Japan's"): a topic of
    # a state it never names is not what it is about (see _foreign_topic)
    places: set[int] = field(default_factory=set)


def _home_state(states: dict[int, int]) -> int | None:
    """The state a text is about: the one it has named most so far (itself, its government or its
    bodies); of equals, the one named last."""
    return max(reversed(states.items()), key=lambda item: item[1])[0] if states else None


def _foreign_topic(vocabulary: Vocabulary, topic_id: int, context: _Context) -> bool:
    """Whether a topic is of a state the text has not named, though it has named others ("Raising
    Japan's defence spending" in a text about Denmark's): its keyword here means the text's own
    policy. A text that has named no state yet may be about any."""
    state = vocabulary.topic_states.get(topic_id)
    if state is None or not context.places:
        return False
    # a province's topic is its country's too: "from Alberta to Nebraska" in a text that names the US
    return _country_of(vocabulary, state) not in {_country_of(vocabulary, place) for place in context.places}


def _country_of(vocabulary: Vocabulary, state: int) -> int:
    """The state above a province or a devolved nation (its parent state), or the state itself."""
    parent = vocabulary.actor_info[state].parent_id
    while parent is not None and vocabulary.actor_info[parent].kind == "state":
        state, parent = parent, vocabulary.actor_info[parent].parent_id
    return state


def _state_of(vocabulary: Vocabulary, actor_id: int) -> int | None:
    return state_of(vocabulary.actor_info, actor_id)


def _place_of(vocabulary: Vocabulary, actor_id: int) -> int | None:
    """The state a name places the text in: the actor's, or for a person the one the governments
    named after them govern ("Joe Biden" names the United States, as "the Biden administration" does)."""
    state = _state_of(vocabulary, actor_id)
    if state is None:
        states = {_state_of(vocabulary, government) for government in vocabulary.namesakes.get(actor_id, ())}
        state = states.pop() if len(states) == 1 else None
    return state


def _is_headline(text: str, start: int, end: int) -> bool:
    """Whether a span is the whole first line of a longer text and ends without a full stop (or ! ?)."""
    line_end = text.find("\n", start)
    if line_end == -1 or text[:start].strip() or text[end:line_end].strip() or not text[line_end:].strip():
        return False
    return text[start:end].rstrip("\"\u201d\u2019')")[-1:] not in ".!?"


def _sentence(
    vocabulary: Vocabulary, sentence: str, dates: list[DatePhrase], published: dt.date | None, context: _Context,
) -> list[Candidate]:
    """The candidates of one sentence; updates the context for the sentences after it."""
    previous_topics = context.topics
    words = tokens(sentence)
    actor_matches = vocabulary.actors.find(words)
    # "Amnesty International" is an actor, not the keyword "amnesty" (but "Sweden's NATO bid" is a topic)
    keyword_matches = [(match, topic_id) for match, topic_id in vocabulary.keywords.find(words)
                       if not any(other.first <= match.first and match.last <= other.last and other.length > match.length
                                  for other, _ in actor_matches)]
    any_cues = [match for index in vocabulary.cues.values() for match, _ in index.find(words)]
    cue_words = {match.first for match in any_cues if match.length == 1}
    keyword_matches = [(match, topic_id) for match, topic_id in keyword_matches
                       # "voters approved": the cue "approve", not the keyword "approvals"
                       if not (match.length == 1 and match.first in cue_words and match.phrase is not None
                               and words[match.first].raw.lower() != match.phrase.text.lower())]
    keyword_matches = _the_topics_already_named(keyword_matches, context.named_topics)
    context.named_topics.update(topic_id for _, topic_id in keyword_matches)
    named_at = {index for match, _ in keyword_matches for index in range(match.first, match.last + 1)}
    cue_starts = {match.first for match in any_cues}
    keyword_matches = sorted(keyword_matches + [
        (match, topic_id) for match, topic_id in vocabulary.referring_keywords.find(words)
        if topic_id in context.named_topics and not named_at.intersection(range(match.first, match.last + 1))
        and not _opens_a_that_clause(vocabulary, words, match, cue_starts)
    ], key=lambda item: item[0].first)
    bare_bodies = {(match.first, match.last) for match, _ in vocabulary.institutions.find(words)}
    context.places.update(state for match, actor_id in actor_matches
                          if (match.first, match.last) not in bare_bodies  # "Supreme Court": whose?
                          and (state := _place_of(vocabulary, actor_id)) is not None)
    topic_ids = [topic_id for topic_id in dict.fromkeys(topic_id for _, topic_id in keyword_matches)
                 if not _foreign_topic(vocabulary, topic_id, context)]
    dates = [phrase for phrase in dates if not any(
        words[match.first].start <= phrase.start and phrase.end <= words[match.last].end for match, _ in keyword_matches
    )]  # "the Finance Bill 2024 on Tuesday": the year names the bill
    carried = False
    in_keywords = {index for match, _ in keyword_matches for index in range(match.first, match.last + 1)}
    clause_of = _clauses(sentence, words)
    named, context.person = _mentions(vocabulary, words, sentence, clause_of, cue_starts, context.person,
                                      _home_state(context.states), dates, context.organisation)
    context.organisation = next((mention.options for mention in reversed(named) if mention.options and all(
        vocabulary.actor_info[option].kind == "organisation" for option in mention.options)), context.organisation)
    clause_of = _clauses_of_new_subjects(vocabulary, sentence, words, clause_of, named)
    clause_of, relatives = _trailing_relatives(vocabulary, sentence, words, clause_of, cue_starts, named)
    for mention in named:
        for option in mention.options:
            state = _state_of(vocabulary, option)
            if state is not None:
                if context.first_state is None:
                    context.first_state = state
                context.states[state] = context.states.get(state, 0) + 1
                context.states[state] = context.states.pop(state)  # the latest named last, for ties
    mentions = [
        mention for mention in named if not in_keywords.intersection(range(mention.match.first, mention.match.last + 1))
    ]  # "Sweden's NATO bid" is the topic, not an actor
    context.topics = topic_ids or previous_topics
    if not mentions:
        return []
    kind, kind_word = _kind(vocabulary, words)
    campaigning = _campaigning(words)
    if not topic_ids and len(previous_topics) == 1:
        # "Washington had previously hesitated to take such a step": the topic of the sentence before.
        topic_ids, carried = previous_topics, True
    elif not topic_ids and previous_topics and _names_a_policy(vocabulary, words, cue_starts):
        # "The Folketing approved the bill": of the policies the sentence before named, the one the
        # article reports an act on first (its news), else the first named
        reported = [topic_id for topic_id in context.acts if topic_id in previous_topics]
        topic_ids, carried = (reported or previous_topics)[:1], True
    found: list[Candidate] = []
    told = [(match, matched) for match, matched in keyword_matches if matched in topic_ids]  # not foreign topics
    for topic_id in topic_ids:
        topic = vocabulary.topics[topic_id]
        cue_index = vocabulary.cues.get(topic.scale_id)
        cue_matches = [(match, value) for match, value in (cue_index.find(words) if cue_index else [])
                       if not _inside_a_keyword(match, keyword_matches)
                       and not _act_of_another_topic(match, told, topic_id)]
        cue_matches += _topic_verb_cues(vocabulary, topic, words, cue_matches)
        per_actor: dict[int, Candidate] = {}
        for mention in mentions:
            if mention.actor_id in per_actor:
                continue
            scope = ({relatives[mention.match.first]} if mention.match.first in relatives
                     else _scope(vocabulary, words, clause_of, cue_starts, mentions, mention))
            last_conjunct = _last_conjunct(words, mentions, mention)
            predicate = _predicate_start(sentence, words, last_conjunct)
            own_verb = _passive_verb(vocabulary, words, mention) or _own_verb(vocabulary, words, predicate)
            if not carried and not any(
                clause_of[match.first] in scope for match, matched in keyword_matches if matched == topic_id
            ) and not _topic_of_a_clause_before(keyword_matches, clause_of, scope, mention, topic_id,
                                                _verb_follows(words, predicate, own_verb)) and not (
                len(topic_ids) == 1 and _names_the_policy(words, clause_of, scope, mention)):
                continue  # the topic is named in a clause whose subject is someone else
            # an apposition ("Groen and Ecolo, which voted against the repeal, said"): not what the list did
            aside = range(last_conjunct.match.last + 1, predicate)
            own_cues = [(match, value) for match, value in cue_matches
                        if clause_of[match.first] in scope and match.first not in aside]
            if not own_cues and aside and words[aside.start].raw.lower() in RELATIVE_PRONOUNS:
                # "The Conservatives, who had long called for the tax to be scrapped, said the
                # government had waited too long": what they stand for is in the relative clause.
                own_cues = [(match, value) for match, value in cue_matches if match.first in aside]
            own_dates = [date for date in dates if _clause_at(words, clause_of, date.start) in scope
                         and not (aside and words[aside.start].start <= date.start < words[predicate].start)]
            if carried and not own_cues and not _verb_follows(words, predicate, own_verb):
                continue  # the topic of a sentence before, and nothing the actor did or said about it
            standing_cues = sorted(match.first for match, _ in own_cues if not negator(words, clause_of, match))
            acted = _kind_after(vocabulary, words, sentence, mention, predicate, standing_cues, kind, kind_word,
                                own_dates[0].date.start if own_dates else published,
                                _subjects(vocabulary, mention, actor_matches, named))
            actor_id = _choose_actor(vocabulary, mention, acted[0], own_verb,
                                     own_dates, published, _names_its_government(sentence, words, mention),
                                     campaigning)
            if actor_id is None:
                continue
            list_end = mentions[_end_of_list(sentence, words, mentions, mentions.index(mention))].match.last
            following = next((other.match.first for other in mentions if other.match.first > list_end
                              # "The UN refugee agency UNHCR said": the same actor named again
                              and (other.actor_id is None or other.actor_id != mention.actor_id)), len(words))
            own_words = [index for index in range(mention.match.last + 1, following)
                         if clause_of[index] in scope and index not in aside]
            candidate = _candidate(
                vocabulary, sentence, words, clause_of, topic, actor_id, mention, keyword_matches, topic_id,
                own_cues, own_dates, *acted, published, carried, _act_referred_to(context, topic_id, dates), own_words,
                _named_measure(words, cue_matches),
            )
            earlier = per_actor.get(actor_id)
            if earlier is None or _says(candidate) > _says(earlier):
                # One candidate per actor: of two mentions ("Biden, who had refused to send them: he
                # authorised the delivery on Monday"), the one that says the most (cue, date).
                per_actor[actor_id] = candidate
        found.extend(per_actor.values())
        acts = [candidate.stance for candidate in per_actor.values()
                if candidate.kind == "action" and candidate.stance is not None]
        if acts:
            context.acts.setdefault(topic_id, acts[0])
        for candidate in per_actor.values():
            if candidate.kind == "action" and candidate.stance is not None and candidate.on is not None:
                context.dated_acts.setdefault((topic_id, candidate.on.year), candidate.stance)
        _date_the_vote(words, context, topic_id, list(per_actor.values()))
    return found


def _the_topics_already_named(keyword_matches: list, named_topics: set[int]) -> list:
    """Of several topics one keyword names ("the moratorium": on whaling, or on deep-sea mining),
    those the text has named before, if any."""
    by_span: dict[tuple[int, int], list[int]] = {}
    for match, topic_id in keyword_matches:
        by_span.setdefault((match.first, match.last), []).append(topic_id)
    return [(match, topic_id) for match, topic_id in keyword_matches
            if topic_id in named_topics or not named_topics.intersection(by_span[(match.first, match.last)])]


def _act_of_another_topic(match: Match, keyword_matches: list, topic_id: int) -> bool:
    """Whether a cue opens another topic's keyword, a verb phrase, and no keyword of this one: in
    "will withdraw from the International Whaling Commission and resume commercial whaling",
    "withdraw" is what is done to membership of the commission, "resume" what is done to whaling."""
    def opens(topics: bool) -> bool:
        return any(keyword.first == match.first and match.last < keyword.last and (matched == topic_id) == topics
                   for keyword, matched in keyword_matches)
    return opens(False) and not opens(True)


def _inside_a_keyword(match: Match, keyword_matches: list) -> bool:
    """Whether a cue is a word of a longer keyword that is a name: the "Block" of "Block 43" blocks
    nothing (but the "support" of "financial support" still supports)."""
    return any(keyword.first <= match.first and match.last <= keyword.last and keyword.length > match.length
               and keyword.phrase is not None and (keyword.phrase.proper or keyword.phrase.exact)
               for keyword, _ in keyword_matches)


VOTING_STEMS = frozenset(stem(word) for word in "vote voted votes voting".split())
# A decision a vote is taken on: what a later undated vote on the topic was part of.
DECIDING_STEMS = VOTING_STEMS | frozenset(stem(word) for word in "approval approved adopted passed".split())


def _date_the_vote(words: list[Token], context: _Context, topic_id: int, found: list[Candidate]) -> None:
    """A vote told without a date ("The Greens also voted against the repeal") is the vote on the
    topic told last with one ("Parliament voted on Tuesday to repeal ..."): the same division."""
    dated = next((candidate for candidate in found if candidate.kind == "action" and candidate.on is not None), None)
    if dated is not None and any(word.stem in DECIDING_STEMS for word in words):
        # "ministers gave final approval on Monday ... Six states voted against": that decision
        context.votes[topic_id] = (dated.on, dated.date_precision, dated.date_text)
        return
    if not any(word.stem in VOTING_STEMS for word in words):
        return
    vote = context.votes.get(topic_id)
    for candidate in found:
        if vote is not None and candidate.kind == "action" and candidate.on is None:
            candidate.on, candidate.date_precision, candidate.date_text = vote
            candidate.reasons = [reason for reason in candidate.reasons if reason != "no date in the sentence"] + [
                f'the vote told before, "{vote[2]}" -> {format_date(vote[0], vote[1])} ({vote[1]})']


def _act_referred_to(context: _Context, topic_id: int, dates: list[DatePhrase]) -> int | None:
    """The level of the act a reaction refers to: one dated by a year that qualifies a noun ("had
    warned against the 2018 shift") if the article has told an act on the topic in that year,
    otherwise the first act told on the topic (the news)."""
    for phrase in dates:
        if phrase.attributive and (topic_id, phrase.date.start.year) in context.dated_acts:
            return context.dated_acts[(topic_id, phrase.date.start.year)]
    return context.acts.get(topic_id)


def _opens_a_that_clause(vocabulary: Vocabulary, words: list[Token], match: Match, cue_starts: set[int]) -> bool:
    """Whether "that" is the conjunction of a clause ("arguing that electricity demand could
    double"), not a demonstrative: it is read as the demonstrative only after a preposition
    ("walked out of that agreement") or a verb that acts or is a cue ("rejected that bill")."""
    before = match.first - 1
    return words[match.first].raw.lower() == "that" and not (before >= 0 and (
        words[before].raw.lower() in OBJECT_MARKERS | {"of", "under", "by"}
        or (words[before].stem in vocabulary.act_stems and words[before].stem not in vocabulary.speech_stems)
        or any(start == before for start in cue_starts)))


def _names_a_policy(vocabulary: Vocabulary, words: list[Token], cue_starts: set[int]) -> bool:
    """Whether the sentence names a policy, or an act on one, by a definite noun ("the bill", "the
    law", "the decision", "the delay")."""
    return any(words[index].raw.lower() in ("the", "this") and (
        judgement.is_policy_noun(words[index + 1]) or judgement.names_an_act(vocabulary, words[index + 1])
        or index + 1 in cue_starts) for index in range(len(words) - 1))


def _says(candidate: Candidate) -> int:
    """How much a candidate tells: a stance and a date."""
    return (candidate.stance is not None) + (candidate.on is not None)


def _topic_of_a_clause_before(
    keyword_matches: list, clause_of: list[int], scope: set[int], mention: Mention, topic_id: int, acts: bool
) -> bool:
    """Whether a clause that names no topic, whose subject acts or speaks, goes on with the topic
    of a clause before it ("Trump, who tried to ban the app ...: he signed an executive order")."""
    if not acts or any(clause_of[match.first] in scope for match, _ in keyword_matches):
        return False
    return any(matched == topic_id and match.last < mention.match.first for match, matched in keyword_matches)


def _names_the_policy(words: list[Token], clause_of: list[int], scope: set[int], mention: Mention) -> bool:
    """Whether the actor's clause names "the bill", "the law", "the plan" after it: in a sentence of
    one topic, that topic ("The Coalition backed the bill; its leader had promised an age limit")."""
    return any(
        clause_of[index] in scope and judgement.is_policy_noun(words[index])
        and words[index - 1].raw.lower() in ("the", "this", "that")
        for index in range(mention.match.last + 2, len(words))
    )


def _clauses(sentence: str, words: list[Token]) -> list[int]:
    """The clause number of each token: a semicolon, colon or dash, a contrasting conjunction
    ("but", "whereas") and the comma that ends an opening "While ..." start a new clause."""
    numbers: list[int] = []
    clause = 0
    opened_by_subordinate = bool(words) and words[0].raw.lower() in SUBORDINATORS
    for index, token in enumerate(words):
        if index:
            gap = sentence[words[index - 1].end:token.start]
            adverb = token.raw.lower() == "yet" and words[index - 1].raw.lower() in AUXILIARIES | {"not"}
            clock = gap == ":" and token.raw.isdigit() and words[index - 1].raw.isdigit()  # "at 11:59 p.m."
            if (any(mark in gap for mark in ";:\u2014\u2013") and not clock) or (token.raw.lower() in CLAUSE_WORDS and not adverb):
                clause += 1
            elif opened_by_subordinate and "," in gap:
                clause += 1
                opened_by_subordinate = False
        numbers.append(clause)
    return numbers


def _clause_at(words: list[Token], clause_of: list[int], offset: int) -> int:
    """The clause of the token at or after a character offset."""
    for index, token in enumerate(words):
        if token.end > offset:
            return clause_of[index]
    return clause_of[-1] if clause_of else 0


def _scope(
    vocabulary: Vocabulary, words: list[Token], clause_of: list[int], cue_starts: set[int], mentions: list[Mention],
    mention: Mention,
) -> set[int]:
    """The clauses an actor is the subject of: its own, and the clauses after it that have no actor
    of their own and go on with a verb ("..., but sent them in March 2024")."""
    own = clause_of[mention.match.first]
    scope = {own}
    if own > 0 and _follows_suit(words, mention):
        scope.add(own - 1)  # "..., and Kristersson's Moderates followed later that year": did the same
    with_actors = {clause_of[other.match.first] for other in mentions}
    verbs = vocabulary.act_stems | vocabulary.speech_stems
    for clause in range(own + 1, (clause_of[-1] if clause_of else 0) + 1):
        if clause in with_actors:
            break
        first = next(index for index, number in enumerate(clause_of) if number == clause)
        if words[first].raw.lower() in CLAUSE_WORDS:
            first += 1
        if first >= len(words) or clause_of[first] != clause:
            break
        opening = words[first]
        if not (opening.stem in verbs or opening.raw.lower() in AUXILIARIES or first in cue_starts):
            break
        scope.add(clause)
    return scope


FOLLOWING_STEMS = frozenset(stem(word) for word in "follow followed".split())


def _follows_suit(words: list[Token], mention: Mention) -> bool:
    """Whether the actor did what the clause before tells ("followed", "followed suit"), with no
    object of its own ("followed the court's ruling" is not)."""
    verb = mention.match.last + 1
    if verb >= len(words) or words[verb].stem not in FOLLOWING_STEMS:
        return False
    after = words[verb + 1].raw.lower() if verb + 1 < len(words) else ""
    return after not in DETERMINERS | ARTICLES and not _is_name(words, verb + 1)


@dataclass
class Mention:
    match: Match
    actor_id: int | None  # None for a surname: resolved with _choose_actor
    options: tuple[int, ...]
    text: str
    how: str


def _mentions(
    vocabulary: Vocabulary, words: list[Token], sentence: str, clause_of: list[int], cue_starts: set[int],
    antecedent: tuple[int, ...] | None = None, home: int | None = None, dates: list[DatePhrase] | None = None,
    organisation: tuple[int, ...] | None = None,
) -> tuple[list[Mention], tuple[int, ...] | None]:
    """The actors a sentence names as doing or saying something (its subjects and agents),
    not those it names as the recipient, the object or the owner of something else; and the
    last person it names, whom a "he" or "she" further on refers to. ``antecedent`` is the
    last person named before the sentence, ``home`` the state the text is about (whose body
    "the Senate" is), ``dates`` the sentence's date phrases (whose "May" is the month, not Theresa May)."""
    mentions: list[Mention] = []
    exact = vocabulary.actors.find(words)
    bodies = vocabulary.institutions.find(words)
    covered: set[int] = set()
    named_at: dict[tuple[int, int], tuple[Match, list[int]]] = {}
    for match, actor_id in exact:
        if _bare_name_of_a_foreign_body(vocabulary, words, match, actor_id, bodies, home):
            continue  # "The Supreme Court" in a text about India is India's, whoever has the alias
        covered.update(range(match.first, match.last + 1))
        named_at.setdefault((match.first, match.last), (match, []))[1].append(actor_id)
    for match, ids in named_at.values():
        # One name of several actors ("Trump administration"): resolved with _choose_actor, at the date.
        named = _at_home(vocabulary, tuple(dict.fromkeys(ids)), home)
        qualified = _named_by_its_state(vocabulary, words, sentence, exact, match)
        if qualified is not None:
            named = (qualified,)
        elif len(named) == 1:
            named = (_party_at_home(vocabulary, words, match, named[0], home),)
        mentions.append(Mention(match, named[0] if len(named) == 1 else None, named,
                                _span(sentence, words, match), "name"))
    by_place: dict[tuple[int, int], list[int]] = {}
    for match, actor_id in vocabulary.surnames.find(words):
        if covered.intersection(range(match.first, match.last + 1)):
            continue
        if not words[match.first].raw[:1].isupper():
            continue
        if any(date.start <= words[match.first].start and words[match.last].end <= date.end for date in dates or []):
            continue  # "on May 18"
        by_place.setdefault((match.first, match.last), []).append(actor_id)
    for (first, last), options in by_place.items():
        match = Match(None, first, last)
        covered.update(range(first, last + 1))
        mentions.append(Mention(match, None, tuple(options), sentence[words[first].start:words[last].end], "surname"))
    for match, actor_id in bodies:
        of_another = (match.last + 1 < len(words) and words[match.last + 1].raw.lower() in ("from", "of")
                      and bool(covered.intersection(range(match.last + 2, min(match.last + 5, len(words)))))) or (
            match.first > 0 and words[match.first - 1].raw.lower() in ("its", "their", "his", "her"))
        if home is not None and vocabulary.body_states.get(actor_id) == home and not of_another \
                and not covered.intersection(range(match.first, match.last + 1)):
            # ("lawmakers from the Azimio coalition", "its lawmakers": someone else's, not the state's)
            covered.update(range(match.first, match.last + 1))
            mentions.append(Mention(match, actor_id, (actor_id,), _span(sentence, words, match), "bare name"))
    mentions.extend(_home_government(vocabulary, words, sentence, covered, home, dates or []))
    mentions.extend(_organisation_described(words, sentence, covered, organisation, dates or []))
    mentions.sort(key=lambda mention: mention.match.first)
    mentions, last_person = _pronouns(vocabulary, words, sentence, mentions, antecedent)
    signals = sorted(
        {index for index, token in enumerate(words) if token.stem in vocabulary.act_stems | vocabulary.speech_stems}
        | cue_starts | {mention.match.last + 1 for mention in mentions if _follows_suit(words, mention)}
    )
    kept = []
    for index, mention in enumerate(mentions):
        lead = mention.match.first - 1
        while lead >= 0 and words[lead].raw.lower() in ARTICLES:
            lead -= 1
        if _party_to_a_deal(words, lead):
            kept.append(mention)  # "signed the deal with Puigdemont's Junts": both parties signed
            continue
        if lead >= 0 and words[lead].raw.lower() in OBJECT_MARKERS and not _members_from(words, clause_of, signals, lead) \
                and not _relative_subject(sentence, words, mention, signals, mentions[index + 1:]):
            continue  # "to Ukraine", "with allies", "in the United States": not who acted
        if _inside_a_name(words, mention):
            continue  # "the Bank of Canada", "the University of Oslo": a body of its own, not the state
        if _describes_the_actor(sentence, words, mention):
            continue  # "the Republican-controlled House", "Saudi-led forces": it describes who acted
        after = words[mention.match.last + 1] if mention.match.last + 1 < len(words) else None
        if (after is not None and after.raw[:1].isupper() and not after.raw.isupper()
                and not sentence[words[mention.match.last].end:after.start].strip()):
            # "US President Joe Biden", "US Defense Secretary": a title, not the actor; but in
            # "Poland, Lithuania, Latvia and Estonia" a comma ends each name of a list. The title
            # of an office whose holder the catalog does not know ("US Ambassador Ken Salazar
            # said") speaks for the state's government, as "Norway's climate minister" does.
            title = _office_title(words, mention)
            if title is None or any(other.match.first in range(title + 1, title + 4) for other in mentions):
                continue
        if _possessive(sentence, words, mention):
            office = _office_end(words, mention)
            if office is not None and _person_in_apposition(vocabulary, sentence, words, office, mentions):
                continue  # "Germany's transport minister, Volker Wissing, said": the minister is named
            leader = _leader_end(words, mention) if office is None else None
            if leader is not None:
                if _person_in_apposition(vocabulary, sentence, words, leader, mentions):
                    continue  # "the party's leader, Lee Jae-myung, said": the leader is named
            elif office is None and not _owns_an_act(vocabulary, words, mention):
                continue  # "driven by Russia's evolving tactics": Russia owns the tactics, it did not send
            # else "contradicts the Biden administration's policy": the object is the policy, not its owner
        else:
            verb = _verb_before(vocabulary, sentence, words, clause_of, mention, cue_starts)
            if verb is not None and words[verb].stem in vocabulary.reporting_stems:
                kept.append(mention)  # "..., said Chancellor Olaf Scholz": the speaker
                continue
            if verb is not None and not _judged_for_an_act(vocabulary, words, clause_of, mention, verb):
                continue  # "has supplied Ukraine with mines": Ukraine is what the verb acts on
        clause = clause_of[mention.match.first]
        first_signal = next((signal for signal in signals if clause_of[signal] == clause), len(words))
        if mention.match.first > first_signal and not _passive_agent(words, mention):
            # After the verb of its clause, an actor is an object unless its own verb or cue follows
            # it ("criticised Donald Trump for lifting restrictions").
            # "..., and Saskatchewan, Ontario and Alberta challenged it": a list shares its last verb.
            last = _end_of_list(sentence, words, mentions, index)
            following = mentions[last + 1].match.first if last + 1 < len(mentions) else len(words)
            if not any(mentions[last].match.last < signal < following for signal in signals):
                continue
        kept.append(mention)
    reported_until = _reported_until(vocabulary, words, sentence, kept)
    if reported_until is not None:
        kept = [mention for mention in kept if mention.match.first >= reported_until]
    kept = [mention for number, mention in enumerate(kept) if not _state_in_speech(vocabulary, words, sentence, kept[:number], mention)]
    return kept, last_person


def _describes_the_actor(sentence: str, words: list[Token], mention: Mention) -> bool:
    """Whether the mention opens a compound participle ("Republican-controlled", "Saudi-led")."""
    after = mention.match.last + 1
    if after >= len(words) or sentence[words[mention.match.last].end:words[after].start] != "-":
        return False
    participle = words[after].raw
    return participle.islower() and (participle.endswith("ed") or participle in ("led", "run", "backed", "based"))


# The names "<Name> of <state>" that are the state or its government, not a body of their own.
STATE_NAME_HEADS = set(GOVERNMENT_WORDS) | {"republic", "kingdom", "state", "states", "commonwealth", "province", "people"}


def _inside_a_name(words: list[Token], mention: Mention) -> bool:
    """Whether the mention ends a longer proper name the catalog does not have: "Bank of Canada"."""
    at = mention.match.first
    if at < 2 or words[at - 1].raw != "of":
        return False
    head = words[at - 2]
    return head.raw[:1].isupper() and at - 2 > 0 and head.raw.lower() not in STATE_NAME_HEADS


DEAL_STEMS = frozenset(stem(word) for word in "deal agreement accord pact treaty compact".split())


def _party_to_a_deal(words: list[Token], lead: int) -> bool:
    """Whether the word before a mention is the "with" of "a deal with": the other party to it."""
    return lead >= 1 and words[lead].raw.lower() == "with" and words[lead - 1].stem in DEAL_STEMS


LIST_GAPS = {(",",), ("and",), (",", "and"), ("or",), (",", "or")}


def _clauses_of_new_subjects(vocabulary: Vocabulary, sentence: str, words: list[Token], clause_of: list[int],
                             mentions: list[Mention]) -> list[int]:
    """The clauses, with a new one from each ", and" that opens with actors and their verb: in
    "X imposed the charge in 2019, and Saskatchewan, Ontario and Alberta challenged it in court"
    the provinces did not impose it, nor in 2019."""
    clause_of = list(clause_of)
    for index, mention in enumerate(mentions):
        at = mention.match.first
        while at > 0 and words[at - 1].raw.lower() in ARTICLES:
            at -= 1  # ", and the Senate approved it"
        opened_by_and = at >= 2 and words[at - 1].raw.lower() == "and" and "," in sentence[words[at - 2].end:words[at - 1].start]
        opened_by_subordinate = (at >= 2 and words[at - 1].raw.lower() in SUBORDINATE_OPENERS
                                 and clause_of[at - 2] == clause_of[at - 1]
                                 and not _tells_a_time(sentence, words, at - 1))
        if not (opened_by_and or opened_by_subordinate):
            continue
        after = mentions[_end_of_list(sentence, words, mentions, index)].match.last + 1
        if after >= len(words) or not _is_a_verb(vocabulary, words[after]):
            continue
        for later in range(at - 1, len(words)):
            clause_of[later] += 1
    return clause_of


def _trailing_relatives(vocabulary: Vocabulary, sentence: str, words: list[Token], clause_of: list[int],
                        cue_starts: set[int], mentions: list[Mention]) -> tuple[list[int], dict[int, int]]:
    """The clauses, with a new one from each ", who" that tells what an actor named after its
    clause's verb did ("rejected the draft, dealing a blow to President Gabriel Boric, who had
    campaigned for the text"): the subject's cues and dates are not the person's, nor the
    person's the subject's. Also, by where each such actor starts, the clause that is its own."""
    clause_of = list(clause_of)
    relatives: dict[int, int] = {}
    for index, mention in enumerate(mentions):
        clause = clause_of[mention.match.first]
        verb_before = any(clause_of[at] == clause and (_is_a_verb(vocabulary, words[at]) or at in cue_starts)
                          for at in range(mention.match.first))
        if not verb_before:
            continue  # "Poland, which had asked ..., welcomed": the subject's aside (_predicate_start)
        who = _relative_pronoun(sentence, words, mention, mentions[index + 1:])
        if who is None or clause_of[who] != clause:
            continue
        for later in range(who, len(words)):
            clause_of[later] += 1
        relatives[mention.match.first] = clause + 1
    return clause_of, relatives


def _tells_a_time(sentence: str, words: list[Token], opener: int) -> bool:
    """Whether a subordinating word dates the clause before rather than opening a subject's own:
    "weeks after Jakarta announced", "a day after the House passed it", "in 2019, when X ..." (the
    clause before's date is the clause's too)."""
    before = words[opener - 1].raw.lower()
    return before in TIME_NOUNS or (words[opener].raw.lower() == "when"
                                    and "," in sentence[words[opener - 1].end:words[opener].start])


def _is_a_verb(vocabulary: Vocabulary, token: Token) -> bool:
    """A verb by its form or its meaning: "challenged", "has", "said"."""
    word = token.raw.lower()
    return (word in AUXILIARIES or token.stem in vocabulary.act_stems | vocabulary.speech_stems
            or (word.endswith("ed") and len(word) > 4))


def _end_of_list(sentence: str, words: list[Token], mentions: list[Mention], index: int) -> int:
    """The index of the last mention of the list that mentions[index] opens or is in ("Saskatchewan,
    Ontario and Alberta"): names apart only by commas and "and"."""
    while index + 1 < len(mentions):
        gap = sentence[words[mentions[index].match.last].end:words[mentions[index + 1].match.first].start]
        if tuple(gap.replace(",", " , ").split()) not in LIST_GAPS:
            break
        index += 1
    return index


RELATIVE_PRONOUNS = {"who", "whose", "which"}
RELATIVE_REACH = 16  # words of an apposition between a person and "who": "Merz, the conservative leader ..., who"
RELATIVE_VERB_REACH = 4  # words between "who" and its verb: "who had long insisted"


def _relative_subject(sentence: str, words: list[Token], mention: Mention, signals: list[int],
                      later: list[Mention]) -> bool:
    """Whether a person named as an object is the subject of a relative clause that follows,
    set off by a comma, after an apposition if any: "a sharp turn for Friedrich Merz, the
    conservative leader ..., who had insisted that the debt brake should stay"."""
    who = _relative_pronoun(sentence, words, mention, later)
    return who is not None and any(who < signal <= who + RELATIVE_VERB_REACH for signal in signals)


def _relative_pronoun(sentence: str, words: list[Token], mention: Mention, later: list[Mention]) -> int | None:
    """Where the ", who" clause about a person opens, after an apposition if any (before any
    other actor named)."""
    after = mention.match.last + 1
    if after >= len(words) or "," not in sentence[words[mention.match.last].end:words[after].start]:
        return None
    until = min(len(words), after + RELATIVE_REACH, *(other.match.first for other in later))
    return next((index for index in range(after, until) if words[index].raw.lower() == "who"
                 and "," in sentence[words[index - 1].end:words[index].start]), None)


def _home_government(
    vocabulary: Vocabulary, words: list[Token], sentence: str, covered: set[int], home: int | None,
    dates: list[DatePhrase] | None = None,
) -> list[Mention]:
    """The government of the state the text is about, named without its state: "the government
    said", or the title of one of its offices whose holder the catalog does not know, opening a
    clause ("Finance Minister François-Philippe Champagne said"). Which government it is, is
    resolved at the date by _choose_actor, among the state's governments (the state itself when
    the catalog gives it none)."""
    if home is None:
        return []
    options = vocabulary.governments.get(home) or (home,)
    found = []
    for index, token in enumerate(words):
        if index in covered:
            continue
        if (token.raw.lower() in GOVERNMENT_WORDS and index > 0 and words[index - 1].raw.lower() == "the"
                and _in_the_subjects_place(sentence, words, index - 1, dates or [])
                and not (index + 2 < len(words) and words[index + 1].raw == "of" and index + 2 in covered)):
            match = Match(None, index - 1, index)
        elif token.stem in OFFICE_WORDS and _opens_a_title(words, sentence, covered, index):
            last = index + 1  # the holder's name, which the catalog does not know
            while last + 1 < len(words) and words[last + 1].raw[:1].isupper() and last + 1 not in covered:
                last += 1
            match = Match(None, index, last)
        else:
            continue
        found.append(Mention(match, None, options, _span(sentence, words, match), HOME_GOVERNMENT))
    return found


def _opens_a_title(words: list[Token], sentence: str, covered: set[int], office: int) -> bool:
    """Whether a capitalised office word opens its sentence or clause as a title, with one or two
    capitalised words of its kind before it and an unknown holder's name after it: "Finance
    Minister François-Philippe Champagne", "Interior Minister Mari Rantanen"."""
    if not words[office].raw[:1].isupper() or office + 1 >= len(words) or office + 1 in covered:
        return False
    if not words[office + 1].raw[:1].isupper() or words[office + 1].raw.lower() == "of":
        return False
    start = office
    while start > 0 and office - start < 2 and words[start - 1].raw[:1].isupper() and start - 1 not in covered:
        start -= 1
    if start == office:
        return False  # "Minister Champagne" alone: the title names no office of a state
    return _opens_a_clause(sentence, words, start)


# What an organisation named before is called further on: "The association said on Friday".
ORGANISATION_NOUNS = {"company", "association", "party", "union", "group", "federation", "alliance", "organisation",
                      "organization", "movement", "charity", "lobby", "firm", "confederation", "platform"}


def _organisation_described(words: list[Token], sentence: str, covered: set[int], organisation: tuple[int, ...] | None,
                            dates: list[DatePhrase]) -> list[Mention]:
    """"The association", "the company" as the subject of a clause: the organisation last named
    as acting in the sentences before."""
    if organisation is None:
        return []
    found = []
    for index in range(1, len(words)):
        if (words[index].raw.lower() in ORGANISATION_NOUNS and words[index - 1].raw.lower() == "the"
                and index not in covered and index - 1 not in covered
                and _in_the_subjects_place(sentence, words, index - 1, dates)):
            match = Match(None, index - 1, index)
            found.append(Mention(match, organisation[0] if len(organisation) == 1 else None, organisation,
                                 _span(sentence, words, match), "description"))
    return found


def _in_the_subjects_place(sentence: str, words: list[Token], index: int, dates: list[DatePhrase]) -> bool:
    """Whether a word opens its clause, or follows a date that opens the sentence."""
    return _opens_a_clause(sentence, words, index) or _after_an_opening_date(sentence, words, index, dates)


def _after_an_opening_date(sentence: str, words: list[Token], index: int, dates: list[DatePhrase]) -> bool:
    """Whether a word follows a date phrase that opens the sentence: the subject's place ("In
    November that year the cabinet kept the target", "A day earlier the government cut the duty")."""
    start = words[index].start
    return any(not sentence[:date.start].strip() and re.fullmatch(r"[\s,]*(?:that year)?[\s,]*", sentence[date.end:start])
               for date in dates)


def _opens_a_clause(sentence: str, words: list[Token], index: int) -> bool:
    """Whether a word opens its sentence or a clause after a comma, semicolon or "and" (the
    subject's place): not "said the government" or "which the government says", where it is what
    someone speaks of."""
    before = sentence[:words[index].start].rstrip()
    return not before or before[-1] in ",;:(" or bool(re.search(r"\b(?:and|but)$", before))


def _party_at_home(vocabulary: Vocabulary, words: list[Token], match: Match, actor_id: int, home: int | None) -> int:
    """A bare name of another state's party ("the Conservatives", Britain's in the catalog) in a
    text about Norway is the party of Norway whose names have all its capitalised words
    ("Conservative Party (Norway)"), if there is one such party."""
    state = vocabulary.named_states.get(actor_id)
    if home is None or state is None or state == home:
        return actor_id
    wanted = name_stems([word.raw for word in words[match.first:match.last + 1]])
    if not wanted:
        return actor_id
    found = [other for other, stems in vocabulary.organisations_named.get(home, ()) if wanted <= stems]
    return found[0] if len(found) == 1 else actor_id


def _at_home(vocabulary: Vocabulary, options: tuple[int, ...], home: int | None) -> tuple[int, ...]:
    """Of the actors one name may mean, those of the state the text is about, else those not tied
    to another state: "the Democratic Party" in an article about South Korea is not Italy's
    "Democratic Party (Italy)". All of them when that leaves none."""
    if len(options) < 2 or home is None:
        return options
    states = {option: _state_of(vocabulary, option) or vocabulary.named_states.get(option) for option in options}
    at_home = tuple(option for option in options if states[option] == home)
    elsewhere = tuple(option for option in options if states[option] not in (None, home))
    return at_home or tuple(option for option in options if option not in elsewhere) or options


def _named_by_its_state(vocabulary: Vocabulary, words: list[Token], sentence: str, exact: list, match: Match) -> int | None:
    """The actor a name means after its state's possessive and a word or two: "Finland's opposition
    Social Democrats" is the party the catalog calls "Finland's Social Democrats", not Germany's."""
    for lead in range(match.first - 1, max(-1, match.first - 4), -1):
        for found, actor_id in exact:
            if found.last == lead and vocabulary.actor_info[actor_id].kind == "state" and _possessive(
                    sentence, words, Mention(found, actor_id, (actor_id,), "", "name")):
                return vocabulary.of_state.get((actor_id, _span(sentence, words, match).casefold()))
        if not words[lead].raw.islower():
            return None
    return None


def _members_from(words: list[Token], clause_of: list[int], signals: list[int], marker: int) -> bool:
    """Whether the preposition at ``marker`` ties a body to its members as the subject of the
    clause: "lawmakers from" or "members of" opening it ("Opposition lawmakers from", "Some
    members of"), with no verb or cue before them."""
    if words[marker].raw.lower() not in ("from", "of") or marker == 0 or words[marker - 1].raw.lower() not in MEMBER_WORDS:
        return False
    opening = clause_of.index(clause_of[marker])
    return marker - 1 - opening <= MEMBER_LEAD and not any(opening <= signal < marker for signal in signals)


def _bare_name_of_a_foreign_body(vocabulary: Vocabulary, words: list[Token], match: Match, actor_id: int,
                                 bodies: list, home: int | None) -> bool:
    """Whether a name matched exactly is only the bare name of a body of another state than the
    one the text is about: the catalog may give "Supreme Court" to the UK's court as an alias, but
    an article about India calls India's court that (see vocabulary._institutions). A name right
    before it ("Britain's Supreme Court") keeps it that state's."""
    if home is None or vocabulary.body_states.get(actor_id) in (home, None):
        return False
    if not any(body == actor_id and (found.first, found.last) == (match.first, match.last) for found, body in bodies):
        return False
    before = words[match.first - 1].raw if match.first > 0 else ""
    return not (before[:1].isupper() and before.lower() not in ARTICLES)


def _state_in_speech(vocabulary: Vocabulary, words: list[Token], sentence: str, before: list[Mention],
                     mention: Mention) -> bool:
    """A state named in what an actor before it says ("Lula told the summit that Brazil was back"):
    what the speaker says about it, not a position of the state's own."""
    unnamed = mention.how == HOME_GOVERNMENT  # "Sunak said the government had ...": his, as he speaks of it
    if not unnamed and (mention.actor_id is None or vocabulary.actor_info[mention.actor_id].kind != "state"):
        return False
    # Judging is not reporting: in "Kyiv criticised Washington for sending", Washington is judged for its act.
    speaking = (vocabulary.speech_stems | vocabulary.reporting_stems) - (
        vocabulary.judging_stems | vocabulary.disapproving_stems | vocabulary.approving_stems)
    for speaker in before:
        if speaker.actor_id == mention.actor_id and not unnamed:
            continue
        for index in range(speaker.match.last + 1, mention.match.first):
            between = sentence[words[index].end:words[mention.match.first].start]
            if words[index].stem in speaking and not re.search(r",\s*(?:and|but|while|yet|so|whereas)\b|;", between):
                return True  # ("ByteDance said ..., and China's ministry said": a clause of its own)
    return False


def _pronouns(
    vocabulary: Vocabulary, words: list[Token], sentence: str, mentions: list[Mention],
    antecedent: tuple[int, ...] | None,
) -> tuple[list[Mention], tuple[int, ...] | None]:
    """The mentions with "he"/"she" (the last person named before it, in this sentence or an
    earlier one) and "his/her government" (the government named after that person) added,
    and the last person the sentence names. A pronoun names a person, who speaks for
    themselves and acts in office for the government named after them (see _choose_actor)."""
    found = list(mentions)
    referent = antecedent
    named_here = False
    by_start = {mention.match.first: mention for mention in mentions}
    for index, token in enumerate(words):
        named = by_start.get(index)
        if named is not None:
            people = tuple(option for option in named.options if vocabulary.actor_info[option].kind == "person")
            if named.how == "surname":
                people = named.options  # "Smith", "Trump": the person a government is named after
            elif not people and named.how == "name" and not any(
                    word.lower() in GOVERNMENT_WORDS for word in named.text.split()) and all(
                    vocabulary.actor_info[option].kind == "government" for option in named.options):
                people = named.options  # "Anthony Albanese", an alias of his government: "his government"
            # "Volker Türk, said he was appalled": an organisation's spokesperson named speaks already
            named_here = named_here or bool(people) or named.how == "name"
            referent = people or referent
            continue
        lowered = token.raw.lower()
        governed = (lowered in ("his", "her") and index + 1 < len(words)
                    and words[index + 1].raw.lower() in GOVERNMENT_WORDS)
        if referent is None or not (lowered in ("he", "she") or governed):
            continue
        if named_here and not governed and _reports_own_words(vocabulary, words, index):
            continue  # "Biden said he would send ...": the person named in the sentence speaks already
        governments = tuple(dict.fromkeys(
            [option for option in referent if vocabulary.actor_info[option].kind == "government"]
            + [government for person in referent for government in vocabulary.namesakes.get(person, ())]))
        if governed:
            if governments:
                found.append(Mention(Match(None, index, index + 1), None, governments,
                                     _span(sentence, words, Match(None, index, index + 1)), "pronoun"))
            continue
        options = tuple(dict.fromkeys(referent + governments))
        found.append(Mention(Match(None, index, index), None, options, token.raw, "pronoun"))
    found.sort(key=lambda mention: mention.match.first)
    return found, referent


def _reports_own_words(vocabulary: Vocabulary, words: list[Token], pronoun: int) -> bool:
    """Whether the pronoun opens what a speaking verb just before it reports ("said he",
    "told reporters that she")."""
    return any(token.stem in vocabulary.speech_stems or token.stem in vocabulary.reporting_stems
               for token in words[max(0, pronoun - 4):pronoun])


def _person_in_apposition(
    vocabulary: Vocabulary, sentence: str, words: list[Token], office: int, mentions: list[Mention]
) -> bool:
    """Whether a known person is named right after the office, set off by a comma."""
    after = office + 1
    if after >= len(words) or "," not in sentence[words[office].end:words[after].start]:
        return False
    return any(other.match.first == after and other.options
               and all(vocabulary.actor_info[option].kind == "person" for option in other.options)
               for other in mentions)


def _reported_until(vocabulary: Vocabulary, words: list[Token], sentence: str, mentions: list[Mention]) -> int | None:
    """Where the words of a speaker who is an actor begin, in "X will do Y, Z said": the analyst
    codes Z, who made the claim; X is what Z said ("Berlin will deliver 14 tanks, the German
    government said"). Only a speaker after a comma, with nothing but title words between
    the comma, the speaker and the reporting verb, counts."""
    for mention in mentions:
        first, last = mention.match.first, mention.match.last
        start = first
        while (start > 0 and "," not in sentence[words[start - 1].end:words[start].start]
               and (words[start - 1].raw.lower() in OBJECT_LEAD_WORDS or words[start - 1].raw[:1].isupper())):
            start -= 1
        if start == 0 or "," not in sentence[words[start - 1].end:words[start].start]:
            continue
        if last + 1 < len(words) and words[last + 1].stem in vocabulary.reporting_stems:
            return start
    return None


COORDINATORS = {"and", "or", "nor"}


def _passive_agent(words: list[Token], mention: Mention) -> bool:
    """Whether the mention is the agent of a passive verb: "announced by Boris Johnson's government",
    "signed by the Biden administration" (only articles and capitalised words between "by" and it).
    Conjuncts share the role: in "promised by Germany and Britain" both are agents."""
    return _by_before(words, mention) is not None


def _by_before(words: list[Token], mention: Mention) -> int | None:
    """The index of the "by" that makes the mention a passive verb's agent, if any."""
    index = mention.match.first - 1
    while index >= 0 and (words[index].raw.lower() in OBJECT_LEAD_WORDS or words[index].raw[:1].isupper()
                          or words[index].raw.lower() in COORDINATORS):
        index -= 1
    return index if index >= 0 and words[index].raw.lower() == "by" else None


def _passive_verb(vocabulary: Vocabulary, words: list[Token], mention: Mention) -> Token | None:
    """The participle an agent did: "signed" in "passed by Congress and signed by President Joe Biden"."""
    by = _by_before(words, mention)
    if by is None or by == 0:
        return None
    verb = words[by - 1]
    verbs = vocabulary.act_stems | vocabulary.speech_stems | vocabulary.reporting_stems
    return verb if verb.stem in verbs else None


def _possessive(sentence: str, words: list[Token], mention: Mention) -> bool:
    rest = sentence[words[mention.match.last].end:words[mention.match.last].end + 2]
    return rest[:1] in APOSTROPHES


def _names_its_government(sentence: str, words: list[Token], mention: Mention) -> bool:
    """Whether the mention is the owner in "Germany's government", "the Government of Ukraine",
    "Britain's cabinet", or of an office of its government ("Norway's climate minister", "US Ambassador Ken Salazar")."""
    after = mention.match.last + 1
    if _office_title(words, mention) is not None and not sentence[words[mention.match.last].end:words[after].start].strip():
        return True
    if mention.match.first >= 2 and words[mention.match.first - 1].raw == "of" \
            and words[mention.match.first - 2].raw.lower() in GOVERNMENT_WORDS:
        return True  # "the Government of Ukraine"
    if not _possessive(sentence, words, mention) or after >= len(words):
        return False
    # "Norway's minority government", "Germany's coalition government": a word or two may qualify it
    qualified = next((index for index in range(after, min(after + 3, len(words)))
                      if words[index].raw.lower() in GOVERNMENT_WORDS), None)
    return (qualified is not None and not any(word.raw.lower() in ("of", "and", ",") for word in words[after:qualified])) \
        or _office_end(words, mention) is not None


def _office_title(words: list[Token], mention: Mention) -> int | None:
    """The index of the office in a title right after a state's name: "US Secretary of State",
    "US Ambassador" (capitalised words, "of" between them)."""
    for index in range(mention.match.last + 1, min(len(words), mention.match.last + 1 + OFFICE_REACH)):
        raw = words[index].raw
        if not (raw[:1].isupper() or raw == "of"):
            return None
        if words[index].stem in OFFICE_WORDS:
            return index
    return None


def _office_end(words: list[Token], mention: Mention) -> int | None:
    """The index of the office word in "Norway's climate and environment minister" (within a few
    lowercase words of the possessive), if the mention owns an office."""
    for index in range(mention.match.last + 1, min(len(words), mention.match.last + 1 + OFFICE_REACH)):
        if words[index].stem in OFFICE_WORDS:
            return index
        if words[index].raw[:1].isupper():
            return None
    return None


def _leader_end(words: list[Token], mention: Mention) -> int | None:
    """The index of the leader in "the New Democratic Party's interim leader" (within a few
    lowercase words of the possessive): a group's leader speaks for it."""
    for index in range(mention.match.last + 1, min(len(words), mention.match.last + 1 + OFFICE_REACH)):
        if words[index].raw.lower() in LEADER_WORDS:
            return index
        if words[index].raw[:1].isupper():
            return None
    return None


def _owns_an_act(vocabulary: Vocabulary, words: list[Token], mention: Mention) -> bool:
    """Whether what the actor's possessive names (within three words) is an act or a body that acts:
    "the Biden administration's previous policy", "Washington's decision to send"."""
    owned = words[mention.match.last + 1:mention.match.last + 4]
    return any(token.stem in vocabulary.agent_noun_stems or token.stem in vocabulary.act_stems for token in owned)


def _verb_before(
    vocabulary: Vocabulary, sentence: str, words: list[Token], clause_of: list[int], mention: Mention,
    cue_starts: set[int],
) -> int | None:
    """The index of the act, speech or cue verb right before the mention ("supplied Ukraine",
    "criticised former President Donald Trump", "said Chancellor Olaf Scholz"), if any: only
    articles, determiners and capitalised title words may stand between them, and no comma
    ("With only $13 million delivered, Correa scrapped": Correa is the subject)."""
    index = mention.match.first - 1
    while index >= 0 and clause_of[index] == clause_of[mention.match.first]:
        if "," in sentence[words[index].end:words[index + 1].start]:
            return None
        token = words[index]
        if (token.stem in vocabulary.act_stems or token.stem in vocabulary.speech_stems
                or token.stem in vocabulary.reporting_stems or index in cue_starts):
            return index
        if token.raw.lower() in OBJECT_LEAD_WORDS or token.raw[:1].isupper():
            index -= 1
            continue
        return None
    return None


def _judged_for_an_act(
    vocabulary: Vocabulary, words: list[Token], clause_of: list[int], mention: Mention, verb: int
) -> bool:
    """"criticised Trump ... for lifting restrictions": the one judged is the agent of the act."""
    if words[verb].stem not in vocabulary.judging_stems:
        return False
    clause = clause_of[mention.match.first]
    return any(
        token.raw.lower() == "for" and following.raw.lower().endswith("ing")
        for token, following, number in zip(words[mention.match.last + 1:], words[mention.match.last + 2:],
                                            clause_of[mention.match.last + 1:])
        if number == clause
    )


def _is_title_of(words: list[Token], mention: Mention, following: Mention) -> bool:
    between = words[mention.match.last + 1:following.match.first]
    return len(between) <= 3 and all(token.raw[:1].isupper() for token in between)


def _span(sentence: str, words: list[Token], match: Match) -> str:
    return sentence[words[match.first].start:words[match.last].end]


def _choose_actor(
    vocabulary: Vocabulary, mention: Mention, kind: str, own_verb: Token | None, dates: list[DatePhrase], published,
    its_government: bool = False, campaigning: bool = False,
) -> int | None:
    """Who acted. A person stands for the government named after them while it is in office,
    in deeds and in words ("President Joe Biden said on Sunday ..." is the administration's
    statement); otherwise, and on the campaign trail ("Biden had criticised Trump during his
    election campaign"), for themself. Among governments, the one in office at the date (or the
    latest before it). A person named in full who performs an act of their office ("US President
    Joe Biden authorized the delivery") acts for the government named after them. A government
    named out of its period is resolved by actor_at. "Germany's government" is the government
    below Germany in office at the date, when the catalog has it."""
    when = dates[0].date.start if dates else published
    if mention.actor_id is not None:
        actor = vocabulary.actor_info[mention.actor_id]
        if its_government and when is not None:
            below = [vocabulary.actor_info[option] for option in vocabulary.governments.get(actor.id, ())]
            in_office = _in_office(below, when)
            if in_office:
                return in_office[0].id
        if actor.kind == "person" and when is not None and (
                its_government  # "Donald Trump's defense secretary postponed it": the office is the government's
                or _executive(vocabulary, own_verb) or (kind == "statement" and not campaigning)):
            government = _namesake_in_office(vocabulary, actor.id, when)
            if government is not None:
                return government.id
        named_after = vocabulary.namesake_people.get(actor.id, ())
        if actor.kind == "government" and campaigning and kind == "statement" and named_after:
            return named_after[0]  # "Rajapaksa promised in his election manifesto": the candidate
        return actor_at(vocabulary, actor.id, when, dates[0].date.end if dates else None)
    actors = [vocabulary.actor_info[option] for option in mention.options]
    people = [actor for actor in actors if actor.kind == "person"]
    governments = [actor for actor in actors if actor.kind == "government"]
    if people and (not governments or kind == "statement" and (
            campaigning or when is None or not _in_office(governments, when))):
        return people[0].id
    if when is not None and governments:
        in_office = _in_office(governments, when)
        if in_office:
            return in_office[0].id
        earlier = [(actor.active_from, actor) for actor in governments if actor.active_from and actor.active_from <= when]
        if earlier:
            return max(earlier, key=lambda dated: dated[0])[1].id
    return (governments or people)[0].id if (governments or people) else None


CAMPAIGN_STEMS = frozenset(stem(word) for word in "campaign candidate candidacy manifesto".split())


def _campaigning(words: list[Token]) -> bool:
    """Whether the sentence is about a campaign for office, when a person speaks for themself."""
    return any(word.stem in CAMPAIGN_STEMS for word in words)


def actor_at(vocabulary: Vocabulary, actor_id: int, when: dt.date | None, until: dt.date | None = None) -> int:
    """The actor a name means at a date: a government named out of its period (an alias of the
    first Trump administration in a 2025 article) is the government of the same name in office
    at the date, if there is one; before any such government took office, the person it is named
    after ("Carney promised in January", weeks before the Carney government). ``until`` is the last
    day of the date's period ("January 2021" may be Biden's). The rule-based and the model-backed
    extractors both apply it."""
    actor = vocabulary.actor_info[actor_id]
    if actor.kind != "government" or when is None or _in_office([actor], when):
        return actor_id
    government = _namesake_in_office(vocabulary, actor_id, when)
    if government is not None:
        return government.id
    people = vocabulary.namesake_people.get(actor_id, ())
    if people and actor.active_from is not None and (until or when) < actor.active_from:
        return people[0]
    return actor_id


def _namesake_in_office(vocabulary: Vocabulary, actor_id: int, when: dt.date) -> Actor | None:
    """The government named after a person (or of a government's name) in office at the date."""
    namesakes = [vocabulary.actor_info[option] for option in vocabulary.namesakes.get(actor_id, ())]
    in_office = _in_office(namesakes, when)
    return in_office[0] if in_office else None


def _in_office(governments: list[Actor], when: dt.date) -> list[Actor]:
    return [
        actor for actor in governments
        if (actor.active_from is None or actor.active_from <= when)
        and (actor.active_until is None or when <= actor.active_until)
    ]


def _last_conjunct(words: list[Token], mentions: list[Mention], mention: Mention) -> Mention:
    """The last actor of a coordinated subject ("Norway and Germany, which have provided ...,
    suspended"): the conjuncts share its predicate, after its apposition."""
    current = mention
    for other in mentions:
        if other.match.first <= current.match.last:
            continue
        between = [token.raw.lower() for token in words[current.match.last + 1:other.match.first]]
        if not between or between[0] not in COORDINATORS or not set(between[1:]) <= {"the"}:
            break
        current = other
    return current


def _predicate_start(sentence: str, words: list[Token], mention: Mention) -> int:
    """Where what the actor did begins: right after the mention, or after an apposition or a
    non-restrictive relative clause set off by commas ("Hungary, the only other member that has
    not ratified ..., said"; "Poland, which had asked ..., welcomed"), whose verbs are not its own."""
    after = mention.match.last + 1
    if after < len(words) and words[after].raw.lower() in LEADER_WORDS:
        # "Democratic Party leader Lee Jae-myung called": the leader's name, then what the party did
        index = after + 1
        while index < len(words) and words[index].raw[:1].isupper():
            index += 1
        return index
    if after >= len(words) or "," not in sentence[words[mention.match.last].end:words[after].start]:
        return after
    if words[after].raw.lower() not in APPOSITION_OPENERS:
        return after
    for index in range(after + 1, len(words)):
        if "," in sentence[words[index - 1].end:words[index].start]:
            return index
    return after  # no closing comma: not an apposition


def _own_verb(vocabulary: Vocabulary, words: list[Token], predicate: int) -> Token | None:
    """The first act, speech or reporting verb of the actor's predicate: what the actor itself did."""
    verbs = vocabulary.act_stems | vocabulary.speech_stems | vocabulary.reporting_stems
    return next((token for token in words[predicate:] if token.stem in verbs), None)


def _verb_follows(words: list[Token], predicate: int, verb: Token | None, reach: int = 4) -> bool:
    """Whether the actor's own verb comes within a few words of its predicate's start
    ("The Supreme Court suspended", "Modi's government had defended"): the actor is the
    subject of a clause that says what it did, not a name in passing."""
    return verb is not None and verb in words[predicate:predicate + reach]


def _executive(vocabulary: Vocabulary, verb: Token | None) -> bool:
    """An act of office (authorised, ordered, signed), not words nor an announcement of them."""
    return verb is not None and verb.stem in vocabulary.act_stems and verb.stem not in vocabulary.reporting_stems


def _acts(vocabulary: Vocabulary, words: list[Token], index: int) -> bool:
    """Whether the word is an act done: an act verb that is not a noun after a determiner
    ("the vote", "an outright ban" is not voting or banning) nor an act only intended
    ("wants to abolish", "ready to resume" has not abolished or resumed: it is a statement)."""
    token = words[index]
    if token.stem not in vocabulary.act_stems or token.stem in vocabulary.reporting_stems:
        return False
    if _is_name(words, index):
        return False
    if index and words[index - 1].raw.lower() in DETERMINERS:
        return False
    if index > 1 and words[index - 2].raw.lower() in DETERMINERS and _bare_form(token.raw):
        return False  # "an outright ban", "the final vote": a noun after its adjective
    if any(token.raw.lower() in ("without", "never", "not") for token in words[max(0, index - 3):index]):
        return False  # "without offering to withdraw them", "did not send": nothing was done
    return not _intended(words, index)


def _is_name(words: list[Token], index: int) -> bool:
    """A capitalised word inside a sentence is (part of) a name or a title, not a verb: "Secretary
    of State", "the Order of Merit"."""
    return index > 0 and words[index].raw[:1].isupper()


def _bare_form(word: str) -> bool:
    """A word that is not a verb's past or third person ("ban", "vote", not "banned", "votes",
    "sent"): after a determiner and one more word, the noun of an act."""
    lowered = word.lower()
    return not (lowered.endswith(("ed", "s")) or lowered in IRREGULAR_PASTS)


def _intended(words: list[Token], index: int) -> bool:
    return index > 1 and words[index - 1].raw.lower() == "to" and words[index - 2].stem in INTENT_STEMS


def _kind(vocabulary: Vocabulary, words: list[Token]) -> tuple[str, str | None]:
    for index, token in enumerate(words):
        if _acts(vocabulary, words, index):
            return "action", token.raw
    for index, token in enumerate(words):
        if token.stem in vocabulary.speech_stems and not _is_name(words, index):
            return "statement", token.raw
    return "statement", None


def _kind_after(
    vocabulary: Vocabulary, words: list[Token], sentence: str, mention: Mention, predicate: int,
    cue_starts: list[int], kind: str, kind_word: str | None, when: dt.date | None,
    subjects: tuple[tuple[int, bool], ...] = (),
) -> tuple[str, str | None]:
    """What the actor did: the first act or speech word of its predicate, else the sentence's.
    A verb that only reports ("said it would provide", "will send, X announced") takes the kind
    of the act it reports, outside the apposition of the speaker (see _predicate_start). A
    participle after a comma ("had held up the bid, accusing Stockholm of ...") says how or why
    the main verb was done, not what was done: when the main predicate carries a cue of its own,
    the actor did that."""
    following = words[predicate:]
    reported = list(range(mention.match.first)) + list(range(predicate, len(words)))
    for index, token in enumerate(following, start=predicate):
        if token.raw.lower() in CLAUSE_WORDS and index > predicate:
            break  # "formally recognised West Jerusalem, though it said ...": what else it did
        if _is_name(words, index):
            continue
        if token.stem in vocabulary.act_stems and _intended(words, index):
            return "statement", token.raw
        if _acts(vocabulary, words, index):
            return "action", token.raw
        if token.stem in vocabulary.speech_stems or token.stem in vocabulary.reporting_stems:
            if _participle_adjunct(sentence, words, index):
                cue = next((start for start in cue_starts if predicate <= start < index), None)
                if cue is not None:
                    return "action", words[cue].raw
            if token.stem in vocabulary.reporting_stems:
                if _names_an_act(vocabulary, words, index):
                    return "action", token.raw  # "announced its withdrawal": the announcement is the act
                act = next((at for at in reported if _acts(vocabulary, words, at) or _intended(words, at)), None)
                # "said the UK was appalled that Uganda had enacted the law": Uganda's act, not the speaker's
                nearest = max(((start, other) for start, other in subjects if index < start < act),
                              default=None) if act is not None else None
                someone_else = act is not None and nearest is not None and nearest[1] and act - nearest[0] <= ACT_SUBJECT_REACH
                if act is not None and not _intended(words, act) and not someone_else \
                        and _can_enact(vocabulary, mention, when):
                    return "action", words[act].raw
            return "statement", token.raw
    if cue_starts:
        # No verb of its own that acts or speaks, but a level of the scale done by the actor
        # ("Sweden's bid was held up by Turkey"): the actor did it.
        return "action", words[cue_starts[0]].raw
    return kind, kind_word


ACT_SUBJECT_REACH = 5  # words from a subject to its act: "that Uganda had enacted"


def _subjects(vocabulary: Vocabulary, mention: Mention, actor_matches: list, named: list[Mention]):
    """Where the sentence names an actor, and whether it is someone other than the mention's
    actor: another actor of another state ("Germany" is Scholz's own, "Uganda" the UK's other)."""
    own = set(mention.options)
    places = {_place_of(vocabulary, option) for option in own} - {None}

    def other(options) -> bool:
        return not own.intersection(options) and not places.intersection(
            _place_of(vocabulary, option) for option in options)
    return tuple((match.first, other((actor_id,))) for match, actor_id in actor_matches) + tuple(
        (found.match.first, other(found.options)) for found in named if found.how != "name")


def _can_enact(vocabulary: Vocabulary, mention: Mention, when: dt.date | None) -> bool:
    """Whether what the actor says it will do is done by saying it: a state, government or agency
    announcing what it will do makes policy, and so does a person whose government is in office
    at the date ("Germany will send tanks, Chancellor Olaf Scholz announced"); a party, company or
    campaign group ("Labour said it would restore the 2030 date"), or a leader not yet in office
    ("Lula, then president-elect, told the summit he would revive the fund"), says what it wants."""
    named = (mention.actor_id,) if mention.actor_id is not None else mention.options
    for actor_id in named:
        actor = vocabulary.actor_info[actor_id]
        if actor.kind == "person":
            if when is None or _namesake_in_office(vocabulary, actor_id, when) is not None:
                return True
        elif actor.kind != "organisation":
            return True
    return False


def _participle_adjunct(sentence: str, words: list[Token], index: int) -> bool:
    """Whether the word opens a participle clause after a comma: "..., saying more was needed"."""
    return (index > 0 and words[index].raw.lower().endswith("ing")
            and "," in sentence[words[index - 1].end:words[index].start])


def _reduced_relative(words: list[Token], match: Match) -> bool:
    """Whether a cue is a past participle that describes the noun before it ("the curbs imposed
    by the world's biggest exporter"): what was done to the noun, not what the actor did."""
    before = words[match.first - 1].raw.lower() if match.first > 0 else ""
    raw = words[match.first].raw.lower()
    return (match.last + 1 < len(words) and words[match.last + 1].raw.lower() == "by"
            and (raw.endswith("ed") or raw in IRREGULAR_PASTS)
            and before.isalpha() and before not in AUXILIARIES | judgement.COPULAS)


def _names_an_act(vocabulary: Vocabulary, words: list[Token], verb: int) -> bool:
    """Whether the object of a reporting verb is the noun of an act: "announced its withdrawal",
    "announced the exit" (only articles and determiners between)."""
    if words[verb].stem not in ANNOUNCING_STEMS:
        return False  # "said the ban was wrong": what is said about an act, not its announcement
    index = verb + 1
    while index < len(words) and words[index].raw.lower() in OBJECT_LEAD_WORDS:
        index += 1
    return index < len(words) and words[index].stem in vocabulary.act_noun_stems


def _candidate(vocabulary, sentence, words, clause_of, topic, actor_id, mention, keyword_matches, topic_id, cue_matches, dates,
               kind, kind_word, published, carried, earlier_act: int | None = None,
               own_words: list[int] | None = None, named_measure=None) -> Candidate:
    actor = vocabulary.actor_info[actor_id]
    reasons = [f'actor "{mention.text}" ({mention.how} of {actor.slug})']
    marks = [(words[mention.match.first].start, words[mention.match.last].end)]
    confidence = 0.3 if mention.how == "name" else 0.2
    for match, matched_topic in keyword_matches:
        if matched_topic == topic_id:
            reasons.append(f'keyword "{_span(sentence, words, match)}"')
            marks.append((words[match.first].start, words[match.last].end))
            confidence += 0.15
            break
    else:
        reasons.append("topic of the sentence before")
    topic_keywords = [match for match, matched in keyword_matches if matched == topic_id]
    live_cues = []
    refused = []
    for match, (level, label) in cue_matches:
        if _names_a_time(words, match) or _is_a_particle(vocabulary, words, match):
            continue
        negating = negator(words, clause_of, match)
        if negating:
            reasons.append(f'cue "{_span(sentence, words, match)}" negated by "{negating}"')
            confidence += 0.05
            refused.append((match, level, negating))
            continue
        live_cues.append((match, level, label))
    if topic.scale_id in vocabulary.for_or_against_scales:
        # "will lift its pause on aid": "lift" is no cue of its own but what undoes the pause (the
        # refusal rule below gives the side across from the pause).
        undoing = {negating_at for match, _, _ in refused for negating_at in _negator_index(words, match)}
        live_cues = [cue for cue in live_cues if cue[0].first not in undoing or cue[0].last != cue[0].first]
        # "voted against the repeal", "suspended a plan to phase out the subsidy": a cue that ends in
        # the word refusing the cue after it is that refusal, across from what it refuses.
        refusing = {at: level for match, level, negating in refused
                    if (at := _negator_at(words, match, negating)) is not None
                    and not (at > 0 and words[at - 1].raw.lower() in DETERMINERS | ARTICLES)}  # "the pause will end"
        live_cues = [
            (cue, *(judgement.across_pivot(vocabulary, topic.scale_id, refusing[cue.last]) or (level, label)))
            if cue.last in refusing else (cue, level, label)
            for cue, level, label in live_cues
        ]
    judging_elsewhere = [cue for cue in live_cues if _judges_something_else(vocabulary, words, cue[0], topic_keywords)]
    if judging_elsewhere and len(judging_elsewhere) < len(live_cues):
        # "criticised the ruling and said it would not give up the plan": what it said of the plan
        live_cues = [cue for cue in live_cues if cue not in judging_elsewhere]
    main = [cue for cue in live_cues if not _participle_adjunct(sentence, words, cue[0].first)
            and not (_reduced_relative(words, cue[0])
                     and not cue[0].last + 2 <= mention.match.first <= cue[0].last + 3)]  # "by" whom: its own act
    if main:
        # "upheld it on Friday, rejecting TikTok's argument": the participle says how or why,
        # the main verb what the actor did (as for the kind, _kind_after).
        live_cues = main
    # "promised to scrap the limit", "announced that the country would leave the court": what is
    # promised or announced is the stance, not the promise (which stands only when nothing is named)
    framing = [cue for cue in live_cues if words[cue[0].first].stem in FRAMING_STEMS]
    if framing and (len(framing) < len(live_cues) or refused):
        live_cues = [cue for cue in live_cues if cue not in framing]
    future = [date for date in dates if after_publication(date.date.start, published)]
    date = _date_for(words, clause_of, [date for date in dates if date not in future], live_cues,
                     (words[mention.match.first].start, words[mention.match.last].end))
    stance = stance_label = None
    governing = _governing_cue(words, clause_of, live_cues, topic_keywords,
                               (vocabulary.judging_stems | vocabulary.speech_stems) - PROMISING_STEMS)
    judged = judgement.first_judgement(vocabulary, words, clause_of, mention, topic_keywords,
                                       live_cues, topic.scale_id, earlier_act)
    if judged is not None:
        stance, stance_label, why = judged
        reasons.append(f"{why} -> {stance_label}")
        confidence += 0.15
    elif live_cues:
        # the actor's own verb, right after it ("Turkey has withdrawn from the convention, under a
        # decree ... published on Saturday"), before the cue nearest the date
        # (not a judging verb, whose object says more: "welcomed the decision, saying the end of ...";
        # nor the verb after an agent: "a decree by President Erdogan published in the Gazette")
        judging = vocabulary.judging_stems | vocabulary.approving_stems | vocabulary.disapproving_stems
        own = None if _by_before(words, mention) is not None else next(
            (cue for cue in live_cues if mention.match.last < cue[0].first <= mention.match.last + 3
             and words[cue[0].first].stem not in judging
             and all(words[index].raw.lower() in AUXILIARIES for index in range(mention.match.last + 1, cue[0].first))),
            None)
        if governing is not None:
            match, stance, stance_label = governing
        elif own is not None:
            match, stance, stance_label = own
        elif date:
            anchor = (date.start, date.end)
            match, stance, stance_label = min(
                live_cues, key=lambda cue: _distance((words[cue[0].first].start, words[cue[0].last].end), anchor)
            )
        else:
            # The actor's own verb usually follows its mention: cues after it come first.
            match, stance, stance_label = min(
                live_cues, key=lambda cue: (cue[0].first < mention.match.first, abs(cue[0].first - mention.match.last))
            )
        disapproved = judgement.disapproved_act(vocabulary, words, clause_of, mention, live_cues, topic.scale_id)
        if disapproved is not None:
            disapproving, match, stance, stance_label = disapproved
            reasons.append(f'"{disapproving}" judges against the cue "{_span(sentence, words, match)}" -> {stance_label}')
        elif (called_wrong := judgement.act_called_wrong(vocabulary, words, clause_of, match, stance, topic.scale_id)
              or judgement.wrong_to(vocabulary, words, match, stance, topic.scale_id)) is not None:
            stance, stance_label = called_wrong
            reasons.append(f'"{_span(sentence, words, match)}" is called wrong -> {stance_label}')
        elif (outer := _outer_cue(words, clause_of, match, stance, live_cues, topic_keywords)) is not None and (
                composed := _composed(vocabulary, topic, words, outer[1], outer[2])) is not None:
            # "vetoed a resolution that would have overturned the plan": against what is against it
            stance, stance_label = composed
            reasons.append(f'cue "{_span(sentence, words, outer[0])}" of a measure to'
                           f' "{_span(sentence, words, outer[2][0])}" -> {stance_label}')
        elif (acted_on := _act_named_as_object(vocabulary, words, clause_of, match, stance, live_cues)) is not None and (
                composed := _composed(vocabulary, topic, words, acted_on[1], acted_on[2])) is not None:
            # "withdrew the proposal", "opposed legalisation", "welcomed the lifting of the ban":
            # for or against an act that is itself for or against the topic
            stance, stance_label = composed
            reasons.append(f'cue "{_span(sentence, words, acted_on[0])}" of "{_span(sentence, words, acted_on[2][0])}"'
                           f' -> {stance_label}')
        elif topic.scale_id not in vocabulary.for_or_against_scales and (
                undoer := _undone(vocabulary, words, clause_of, match)) is not None and (
                undone := judgement.across_pivot(vocabulary, topic.scale_id, stance)) is not None:
            stance, stance_label = undone  # "scrapped the nuclear phase-out": across from the phase-out
            reasons.append(f'"{_span(sentence, words, undoer)}" undoes the cue "{_span(sentence, words, match)}"'
                           f' -> {stance_label}')
        elif named_measure is not None and named_measure[0] != match and not _acts_on_the_topic(
                match, topic_keywords) and (
                composed := _composed(vocabulary, topic, words, stance, named_measure)) is not None:
            # "The repeal bill passed, with National voting in favour": for the measure, so for the repeal
            stance, stance_label = composed
            reasons.append(f'cue "{_span(sentence, words, match)}" of "{_span(sentence, words, named_measure[0])}'
                           f' {words[named_measure[0].last + 1].raw}" -> {stance_label}')
        else:
            stance, stance_label = _enacted(vocabulary, topic, words, match, stance, stance_label)
            reasons.append(f'cue "{_span(sentence, words, match)}" -> {stance_label}')
        marks.append((words[match.first].start, words[match.last].end))
        confidence += 0.25
    elif refused and topic.scale_id in vocabulary.for_or_against_scales:
        # On a scale of for and against, refusing or ending one side is the other: "declined to
        # back the bill" opposes it, "would not withdraw it" supports it.
        match, level, negating = min(refused, key=lambda cue: abs(cue[0].first - mention.match.last))
        found = judgement.across_pivot(vocabulary, topic.scale_id, level)
        if found is not None:
            stance, stance_label = found
            reasons.append(f'"{negating}" "{_span(sentence, words, match)}" -> {stance_label}')
    if stance is None and own_words:
        evaluated = (judgement.policy_would(vocabulary, words, clause_of, own_words, topic_keywords, topic.scale_id,
                                              earlier_act)
                     or judgement.evaluation(vocabulary, words, clause_of, own_words, topic.scale_id, earlier_act))
        if evaluated is not None:
            stance, stance_label, why = evaluated
            reasons.append(f"{why} -> {stance_label}")
            confidence += 0.1
    if kind_word:
        reasons.append(f'"{kind_word}" -> {kind}')
    on = precision = date_text = None
    if date is not None:
        on, precision, date_text = date.date.start, date.date.precision, date.text
        reasons.append(f'date "{date.text}" -> {format_date(on, precision)} ({precision})')
        marks.append((date.start, date.end))
        confidence += 0.15
    elif future:
        reasons.append(f'date "{future[0].text}" {AFTER_PUBLICATION}')
    else:
        reasons.append("no date in the sentence")
    if carried:
        confidence -= 0.1
    return Candidate(
        actor=actor.slug, topic=topic.slug, stance=stance, stance_label=stance_label, on=on,
        date_precision=precision, date_text=date_text, kind=kind, quote=sentence.strip(), sentence=sentence.strip(),
        confidence=round(max(0.05, min(confidence, 0.95)), 2), reasons=reasons, marks=sorted(marks),
    )


# Words that commit to what follows them: "promised to scrap the charge" scraps it.
PROMISING_STEMS = frozenset(stem(word) for word in "promise pledge vow".split())
# Words that frame what an actor will do: the act they name is the stance.
FRAMING_STEMS = PROMISING_STEMS | ANNOUNCING_STEMS | frozenset(stem(word) for word in "declare".split())
MEASURE_NOUN_STEMS = frozenset(stem(word) for word in "resolution motion amendment proposal decision move".split())
MEASURE_REACH = 5  # words from a cue to the measure it acts on: "struck down President Joe Biden's plan"
MEASURE_LINKS = {"to", "that", "which"}  # "a resolution that would have overturned it", "a plan to scrap it"


def _measure_with_a_cue(words: list[Token], clause_of: list[int], cue: Match, live_cues: list, keywords: list[Match]):
    """The cue of the measure a cue acts on, when the measure is not the topic but something done
    to it: "vetoed [a resolution that would have overturned] the plan" -> "overturned"."""
    noun = next((index for index in range(cue.last + 1, min(cue.last + 1 + MEASURE_REACH, len(words)))
                 if judgement.is_policy_noun(words[index]) or words[index].stem in MEASURE_NOUN_STEMS), None)
    if noun is None or noun + 1 >= len(words) or words[noun + 1].raw.lower() not in MEASURE_LINKS:
        return None
    inner = next((other for other in live_cues
                  if noun + 1 < other[0].first <= noun + 4 and clause_of[other[0].first] == clause_of[cue.first]), None)
    if inner is None:
        return None
    acted_on = judgement.noun_after(words, inner[0].last + 1)
    if acted_on >= len(words) or not (judgement.is_the_policy(words, acted_on, keywords)
                                      or words[acted_on].raw.lower() in judgement.OBJECT_PRONOUNS):
        return None  # "passed a law that strips the court of a power": the law is the topic
    return inner


def _acts_on_the_topic(match: Match, keywords: list[Match]) -> bool:
    """Whether a cue's object is the topic itself ("repealed three agricultural laws")."""
    return any(keyword.first <= match.last + 1 + MEASURE_REACH and keyword.first > match.last for keyword in keywords)


def _named_measure(words: list[Token], cue_matches: list):
    """(match, level, label) of the one cue that names a measure by what it does ("the repeal
    bill", "the ban law"), if the sentence has exactly one."""
    named = {(match.first, match.last): (match, level, label) for match, (level, label) in cue_matches
             if match.last + 1 < len(words) and judgement.is_policy_noun(words[match.last + 1])}
    return next(iter(named.values())) if len(named) == 1 else None


def _outer_cue(words: list[Token], clause_of: list[int], match: Match, level: int, live_cues: list,
               keywords: list[Match]):
    """(the cue acting on a measure, its level, the measure's cue) when the chosen cue is either."""
    return _verb_and_act(match, level, live_cues,
                         lambda verb: _measure_with_a_cue(words, clause_of, verb, live_cues, keywords))


def _verb_and_act(match: Match, level: int, live_cues: list, act_of):
    """(a cue, its level, the cue of the act it acts on) when the chosen cue is that verb or that
    act; ``act_of`` gives the act a verb's cue acts on, or None."""
    act = act_of(match)
    if act is not None:
        return match, level, act
    for cue in live_cues:
        if cue[0].first < match.first:
            act = act_of(cue[0])
            if act is not None and act[0] == match:
                return cue[0], cue[1], act
    return None


# Words between a verb and the act it takes as object: "scrapped the nuclear phase-out", "withdrew a separate proposal".
ACT_OBJECT_REACH = 3
# Words that end an object's modifiers: "approved before leaving office" did not approve the leaving.
NOT_A_MODIFIER = ({"that", "which", "who", "but", "it", "them", "this", "of", "by", "not", "no", "over", "under",
                   "during", "without", "while"}
                  | OBJECT_MARKERS | SUBORDINATE_OPENERS | {"and", "or", "nor"})


def _takes_as_object(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], verb: Match, act: Match) -> bool:
    """Whether the act a cue names is the object of a verb's cue: only a determiner or modifiers
    between them ("scrapped the nuclear phase-out", "withdrew a separate proposal")."""
    between = range(verb.last + 1, act.first)
    return (act.first > verb.last and len(between) <= ACT_OBJECT_REACH and clause_of[act.first] == clause_of[verb.first]
            and all(words[index].raw.isalpha() and words[index].raw.lower() not in NOT_A_MODIFIER
                    and (words[index].raw.lower() in DETERMINERS or not _is_a_verb(vocabulary, words[index]))
                    for index in between))


def _act_named_as_object(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], match: Match, level: int,
                         live_cues: list):
    """(the verb's cue, its level, the act's cue) when the chosen cue is a verb whose object is an
    act named by another cue ("withdrew the proposal", "opposed legalisation", "stopped granting
    them"), or is that act."""
    return _verb_and_act(match, level, live_cues, lambda verb: next(
        (cue for cue in live_cues if _takes_as_object(vocabulary, words, clause_of, verb, cue[0])), None))


def _undone(vocabulary: Vocabulary, words: list[Token], clause_of: list[int], match: Match) -> Match | None:
    """On a scale of its own (nuclear power: phase out ... expand), the verb of the support scale
    that undoes the act a cue names ("scrapped the nuclear phase-out policy", "reverse the
    expansion"): a cue below that scale's pivot whose object the act is."""
    for scale_id in vocabulary.for_or_against_scales:
        index = vocabulary.cues.get(scale_id)
        for verb, (level, _) in index.find(words) if index else []:
            if level < vocabulary.pivots[scale_id] and _takes_as_object(vocabulary, words, clause_of, verb, match) \
                    and not negator(words, clause_of, verb):
                return verb
    return None


def _topic_verb_cues(vocabulary: Vocabulary, topic: Topic, words: list[Token], cue_matches: list) -> list:
    """The verb a topic is named by, where no cue stands, as a cue for it: "voted to open the
    shelf to mining" on "Opening Norway's continental shelf to mining" (see _enacted for a
    verb that is a cue already)."""
    verb = vocabulary.topic_verbs.get(topic.id)
    found = judgement.for_the_policy(vocabulary, topic.scale_id) if verb is not None else None
    if found is None:
        return []
    taken = {index for match, _ in cue_matches for index in range(match.first, match.last + 1)}
    return [(Match(None, index, index), found) for index, word in enumerate(words)
            if word.stem == verb and index not in taken and not word.raw[:1].isupper()]


def _enacted(vocabulary: Vocabulary, topic: Topic, words: list[Token], match: Match, level: int, label: str):
    """A cue's level on the topic, save that the ending verb the topic is named by ("voted to
    abolish Great Prayer Day" on "Abolishing Great Prayer Day") does what it names: for it."""
    if words[match.first].stem in vocabulary.enacting_stems.get(topic.id, ()):
        enacted = judgement.for_the_policy(vocabulary, topic.scale_id)
        if enacted is not None:
            return enacted
    return level, label


def _composed(vocabulary: Vocabulary, topic: Topic, words: list[Token], level: int,
              measure) -> tuple[int, str] | None:
    """For or against a measure that is itself for or against the topic: backing it takes its
    side, blocking it the other one (on a scale of for and against)."""
    if topic.scale_id not in vocabulary.for_or_against_scales or level == vocabulary.pivots[topic.scale_id]:
        return None
    inner = _enacted(vocabulary, topic, words, *measure)
    if level > vocabulary.pivots[topic.scale_id]:
        return inner
    return judgement.across_pivot(vocabulary, topic.scale_id, inner[0])


def _judges_something_else(vocabulary: Vocabulary, words: list[Token], cue: Match, keywords: list[Match]) -> bool:
    """Whether a cue that judges ("criticised", "welcomed") has for its object something that is
    neither the topic (a keyword, "the law"), nor an act ("the decision"), nor "it": "criticised
    the ruling" judges a court, not the policy."""
    if cue.last != cue.first or words[cue.first].stem not in vocabulary.judging_stems | vocabulary.approving_stems:
        return False
    noun = judgement.noun_after(words, cue.last + 1)
    if noun >= len(words) or words[noun].raw.lower() in judgement.OBJECT_PRONOUNS:
        return False
    return not (judgement.is_the_policy(words, noun, keywords) or words[noun].stem in vocabulary.earlier_act_stems
                or words[noun].stem in vocabulary.act_noun_stems or words[noun].raw[:1].isupper())


TIME_PREPOSITIONS = {"by", "at", "until", "till", "before", "toward", "towards", "near"}


def _names_a_time(words: list[Token], match: Match) -> bool:
    """"by the end of the decade", "at the start of the year": a cue word naming a time, not an act."""
    return (match.first >= 2 and words[match.first - 1].raw.lower() == "the"
            and words[match.first - 2].raw.lower() in TIME_PREPOSITIONS
            and match.last + 1 < len(words) and words[match.last + 1].raw.lower() == "of")


# Cue words that are also the adverb of a phrasal verb: "back" the bill, but "cut admissions back to 3,058".
PARTICLES = {"back"}


def _is_a_particle(vocabulary: Vocabulary, words: list[Token], match: Match) -> bool:
    """Whether a one-word cue is the adverb of another verb ("cut back", "scaled it back to", "came
    back"), not a verb of its own."""
    if match.length != 1 or words[match.first].raw.lower() not in PARTICLES:
        return False
    after = words[match.first + 1].raw.lower() if match.first + 1 < len(words) else ""
    before = words[match.first - 1] if match.first > 0 else None
    return after in ("to", "from", "in", "down", "up") or (before is not None and (
        before.raw.lower().endswith("ed") or before.raw.lower() in IRREGULAR_PASTS or before.stem in vocabulary.act_stems))


def _negator_at(words: list[Token], match: Match, negating: str) -> int | None:
    """Where the word that negation.negator found before a cue is (the last word of a pair)."""
    last = negating.split()[-1]
    return next((index for index in range(match.first - 1, max(0, match.first - NEGATION_REACH) - 1, -1)
                 if words[index].raw == last), None)


def _negator_index(words: list[Token], match: Match) -> list[int]:
    """Where the word that negates a cue is (see negation.negator), as a list of none or one."""
    before = range(max(0, match.first - NEGATION_REACH), match.first)
    return [index for index in before if words[index].stem in REVERSERS]


def _governing_cue(words: list[Token], clause_of: list[int], live_cues: list, keywords: list[Match],
                   judging: frozenset[str]):
    """The cue that governs the topic's keyword: the last one before it in its clause ("agreed to
    shelve the cap" shelves it; "signed decrees reviving the fund and revoking the mining measure"
    revives the one and revokes the other), when another cue comes between the first and the
    keyword; the cue of "<keyword> to be ..." ("called for the tax to be scrapped"). None when no
    keyword is preceded by two cues of its clause: the other rules choose."""
    for keyword in keywords:
        after = keyword.last + 1
        if [word.raw.lower() for word in words[after:after + 2]] == ["to", "be"]:
            passive = next((cue for cue in live_cues if cue[0].first in (after + 2, after + 3)), None)
            if passive is not None:
                return passive  # "called for the tax to be scrapped": what is to be done to it
        before = [cue for cue in live_cues
                  if cue[0].last < keyword.first and clause_of[cue[0].first] == clause_of[keyword.first]]
        if len(before) < 2:
            continue
        if any(words[cue[0].first].stem in judging for cue in before):
            return None  # "criticised Trump for lifting restrictions": the judgement is the stance
        return max(before, key=lambda cue: cue[0].last)
    return None


def _date_for(words: list[Token], clause_of: list[int], dates: list[DatePhrase], live_cues: list,
              near: tuple[int, int] | None = None) -> DatePhrase | None:
    """The date of what the actor did: a date in a clause of a cue that stands (the date of a
    negated clause is when it did not happen), else one of its clauses; of several, the one
    nearest the actor's mention ("The law, which gives ByteDance until January 19 ..., was
    signed by President Joe Biden in April last year": April is when Biden signed). A year that
    qualifies a noun ("signed a 2023 budget on January 3") gives way to any other date."""
    dates = [date for date in dates if not date.attributive] or dates
    if live_cues:
        standing = {clause_of[cue[0].first] for cue in live_cues}
        in_standing = [date for date in dates if _clause_at(words, clause_of, date.start) in standing]
        if in_standing:
            return min(in_standing, key=lambda date: _distance((date.start, date.end), near)) if near else in_standing[0]
        negated_only = {clause_of[index] for index in range(len(words))} - standing
        dates = [date for date in dates if _clause_at(words, clause_of, date.start) not in negated_only] or dates
    if not dates:
        return None
    return min(dates, key=lambda date: _distance((date.start, date.end), near)) if near else dates[0]


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0
