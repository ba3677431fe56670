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

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from policytrack.dates import format_date
from policytrack.extract.when import DatePhrase, find_dates
from policytrack.extract.words import Match, PhraseIndex, Token, sentences, stem, tokens
from policytrack.lexicon import cues_by_scale, keywords_by_topic
from policytrack.models import Actor, Scale, Topic

# Words that report what was done, and what was said (stems compared).
ACT_WORDS = (
    "order authorise authorize sign withdraw withdrew send sent deliver delivered pass passed repeal ratify "
    "approve ban decide decided shut close lift impose adopt enact veto block rejoin join announce scrap "
    "suspend resume cancel introduce launch deploy supply provide transfer"
)
SPEECH_WORDS = (
    "say said criticise criticize call called tell told argue warn urge condemn praise promise claim "
    "insist pledge vow deny stress emphasise emphasize explain describe reckon ask asked accuse"
)
# Verbs that only report: "X said it would provide tanks" reports an act.
REPORTING_WORDS = "say said tell told announce state confirm"
# Negation and refusal: a cue right after one of these does not propose its level.
NEGATORS = ("not", "never", "no", "t", "neither", "nor", "declin", "refus", "reject", "against", "without", "end")
NEGATION_REACH = 4  # tokens between the negator and the cue
# Words after which an actor is the object of the sentence, not its subject.
OBJECT_MARKERS = {"to", "into", "from", "with", "against", "for", "toward", "towards", "at", "on", "about"}
GOVERNMENT_WORDS = ("administration", "government", "cabinet")


@dataclass
class Vocabulary:
    """The catalog as the extractor reads it, loaded once per run."""

    actors: PhraseIndex[int]  # -> actor id
    surnames: PhraseIndex[int]  # -> actor id
    keywords: PhraseIndex[int]  # -> topic id
    cues: dict[int, PhraseIndex[tuple[int, str]]]  # scale id -> cue index (values: (level, label))
    actor_info: dict[int, Actor]
    topics: dict[int, Topic]
    labels: dict[int, dict[int, str]]  # scale id -> level -> label
    act_stems: frozenset[str]
    speech_stems: frozenset[str]
    reporting_stems: frozenset[str]


def load_vocabulary(session: Session) -> Vocabulary:
    actors = list(session.scalars(select(Actor).options(selectinload(Actor.aliases))))
    topics = list(session.scalars(select(Topic)))
    scales = list(session.scalars(select(Scale).options(selectinload(Scale.levels))))
    actor_index: PhraseIndex[int] = PhraseIndex()
    surnames: PhraseIndex[int] = PhraseIndex()
    for actor in actors:
        names = {actor.name, re.sub(r"\s*\(.*?\)", "", actor.name)} | {alias.alias for alias in actor.aliases}
        if len(actor.slug) > 3 and "-" not in actor.slug:
            names.add(actor.slug)
        elif len(actor.slug) <= 3:
            names.add(actor.slug.upper())  # "us", "uk": only in capitals, not the pronoun
        for name in names:
            actor_index.add(name, actor.id)
        surname = _surname(actor)
        if surname:
            surnames.add(surname, actor.id)
    keyword_index: PhraseIndex[int] = PhraseIndex()
    for topic_id, phrases in keywords_by_topic(session).items():
        for phrase in phrases:
            keyword_index.add(phrase, topic_id)
    cue_indexes: dict[int, PhraseIndex[tuple[int, str]]] = {}
    labels = {scale.id: {level.value: level.label for level in scale.levels} for scale in scales}
    for scale_id, by_label in cues_by_scale(session).items():
        index = cue_indexes.setdefault(scale_id, PhraseIndex())
        values = {label: value for value, label in labels[scale_id].items()}
        for label, phrases in by_label.items():
            for phrase in phrases:
                index.add(phrase, (values[label], label))
    return Vocabulary(
        actors=actor_index, surnames=surnames, keywords=keyword_index, cues=cue_indexes,
        actor_info={actor.id: actor for actor in actors}, topics={topic.id: topic for topic in topics},
        labels=labels,
        act_stems=frozenset(stem(word) for word in ACT_WORDS.split()),
        speech_stems=frozenset(stem(word) for word in SPEECH_WORDS.split()),
        reporting_stems=frozenset(stem(word) for word in REPORTING_WORDS.split()),
    )


def _surname(actor: Actor) -> str | None:
    """The name a person goes by alone ("Biden" for Joe Biden), or the name a
    government is named after ("Biden" for the Biden administration)."""
    name = re.sub(r"\s*\(.*?\)", "", actor.name).strip()
    words = name.split()
    if actor.kind == "person" and len(words) >= 2:
        return words[-1]
    if actor.kind == "government" and len(words) >= 2 and words[-1].lower() in GOVERNMENT_WORDS:
        return " ".join(words[:-1])
    return None


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
    previous_topics: list[int] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        found, topics_here = _sentence(vocabulary, sentence, published, previous_topics)
        candidates.extend(found)
        previous_topics = topics_here
    return candidates


def _sentence(
    vocabulary: Vocabulary, sentence: str, published: dt.date | None, previous_topics: list[int]
) -> tuple[list[Candidate], list[int]]:
    words = tokens(sentence)
    keyword_matches = vocabulary.keywords.find(words)
    topic_ids = list(dict.fromkeys(topic_id for _, topic_id in keyword_matches))
    carried = False
    in_keywords = {index for match, _ in keyword_matches for index in range(match.first, match.last + 1)}
    mentions = [
        mention for mention in _mentions(vocabulary, words, sentence)
        if not in_keywords.intersection(range(mention.match.first, mention.match.last + 1))
    ]  # "Sweden's NATO bid" is the topic, not an actor
    if not mentions:
        return [], topic_ids
    dates = find_dates(sentence, published)
    kind, kind_word = _kind(vocabulary, words)
    if not topic_ids and len(previous_topics) == 1:
        # "Washington had previously hesitated to take such a step": the topic of the sentence before.
        topic_ids, carried = previous_topics, True
    found: list[Candidate] = []
    for topic_id in topic_ids:
        topic = vocabulary.topics[topic_id]
        cue_index = vocabulary.cues.get(topic.scale_id)
        cue_matches = cue_index.find(words) if cue_index else []
        if carried and not cue_matches:
            continue
        per_actor: dict[int, Candidate] = {}
        for mention in mentions:
            if mention.actor_id in per_actor:
                continue
            actor_id = _choose_actor(vocabulary, mention, _kind_after(vocabulary, words, mention, kind, kind_word)[0],
                                     dates, published)
            if actor_id is None or actor_id in per_actor:
                continue
            candidate = _candidate(
                vocabulary, sentence, words, topic, actor_id, mention, keyword_matches, topic_id, cue_matches,
                dates, *_kind_after(vocabulary, words, mention, kind, kind_word), published, carried,
            )
            per_actor[actor_id] = candidate
        found.extend(per_actor.values())
    return found, topic_ids if not carried else previous_topics


@dataclass
class Mention:
    match: Match
    actor_id: int | None  # None for a surname: resolved with _choose_actor
    options: tuple[int, ...]
    text: str
    how: str


def _mentions(vocabulary: Vocabulary, words: list[Token], sentence: str) -> list[Mention]:
    mentions: list[Mention] = []
    exact = vocabulary.actors.find(words)
    covered: set[int] = set()
    for match, actor_id in exact:
        covered.update(range(match.first, match.last + 1))
        mentions.append(Mention(match, actor_id, (actor_id,), _span(sentence, words, match), "name"))
    by_place: dict[tuple[int, int], list[int]] = {}
    for match, actor_id in vocabulary.surnames.find(words):
        if covered.intersection(range(match.first, match.last + 1)):
            continue
        if not words[match.first].raw[:1].isupper():
            continue
        by_place.setdefault((match.first, match.last), []).append(actor_id)
    for (first, last), options in by_place.items():
        match = Match(None, first, last)
        mentions.append(Mention(match, None, tuple(options), sentence[words[first].start:words[last].end], "surname"))
    mentions.sort(key=lambda mention: mention.match.first)
    signals = sorted(
        {index for index, token in enumerate(words) if token.stem in vocabulary.act_stems | vocabulary.speech_stems}
        | {match.first for index in vocabulary.cues.values() for match, _ in index.find(words)}
    )
    first_signal = signals[0] if signals else len(words)
    kept = []
    for index, mention in enumerate(mentions):
        before = words[mention.match.first - 1].raw.lower() if mention.match.first else ""
        if before in OBJECT_MARKERS:
            continue  # "to Ukraine", "with allies": not who acted
        after = words[mention.match.last + 1] if mention.match.last + 1 < len(words) else None
        if after is not None and after.raw[:1].isupper() and not after.raw.isupper():
            continue  # "US President Joe Biden", "US Defense Secretary": a title, not the actor
        if mention.match.first > first_signal and before != "by":
            # After the verb, an actor is an object unless its own verb or cue follows it
            # ("criticised Donald Trump for lifting restrictions").
            following = mentions[index + 1].match.first if index + 1 < len(mentions) else len(words)
            if not any(mention.match.last < signal < following for signal in signals):
                continue
        kept.append(mention)
    return kept


def _is_title_of(words: list[Token], mention: Mention, following: Mention) -> bool:
    between = words[mention.match.last + 1:following.match.first]
    return len(between) <= 3 and all(token.raw[:1].isupper() for token in between)


def _span(sentence: str, words: list[Token], match: Match) -> str:
    return sentence[words[match.first].start:words[match.last].end]


def _choose_actor(vocabulary: Vocabulary, mention: Mention, kind: str, dates: list[DatePhrase], published) -> int | None:
    """The actor a surname stands for: the person for words, the government for acts;
    among governments, the one in office at the date (or the latest before it)."""
    if mention.actor_id is not None:
        return mention.actor_id
    actors = [vocabulary.actor_info[option] for option in mention.options]
    people = [actor for actor in actors if actor.kind == "person"]
    governments = [actor for actor in actors if actor.kind == "government"]
    if people and (kind == "statement" or not governments):
        return people[0].id
    when = dates[0].date.start if dates else published
    if when is not None and governments:
        in_office = [
            actor for actor in governments
            if (actor.active_from is None or actor.active_from <= when)
            and (actor.active_until is None or when <= actor.active_until)
        ]
        if in_office:
            return in_office[0].id
        earlier = [(actor.active_from, actor) for actor in governments if actor.active_from and actor.active_from <= when]
        if earlier:
            return max(earlier, key=lambda dated: dated[0])[1].id
    return (governments or people)[0].id if (governments or people) else None


def _kind(vocabulary: Vocabulary, words: list[Token]) -> tuple[str, str | None]:
    for token in words:
        if token.stem in vocabulary.act_stems:
            return "action", token.raw
    for token in words:
        if token.stem in vocabulary.speech_stems:
            return "statement", token.raw
    return "statement", None


def _kind_after(
    vocabulary: Vocabulary, words: list[Token], mention: Mention, kind: str, kind_word: str | None
) -> tuple[str, str | None]:
    """What the actor did: the first act or speech word after its mention, else the sentence's.
    A verb that only reports ("said it would provide", "will send, X announced") takes the kind
    of the act it reports."""
    following = words[mention.match.last + 1:]
    for token in following:
        if token.stem in vocabulary.act_stems and token.stem not in vocabulary.reporting_stems:
            return "action", token.raw
        if token.stem in vocabulary.speech_stems or token.stem in vocabulary.reporting_stems:
            if token.stem in vocabulary.reporting_stems:
                act = next(
                    (t for t in words if t.stem in vocabulary.act_stems and t.stem not in vocabulary.reporting_stems),
                    None,
                )
                if act is not None:
                    return "action", act.raw
            return "statement", token.raw
    return kind, kind_word


def _negated(words: list[Token], match: Match) -> str | None:
    for token in words[max(0, match.first - NEGATION_REACH):match.first]:
        if token.stem in NEGATORS or token.raw.lower() in NEGATORS:
            return token.raw
    return None


def _candidate(vocabulary, sentence, words, topic, actor_id, mention, keyword_matches, topic_id, cue_matches, dates,
               kind, kind_word, published, carried) -> Candidate:
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
    live_cues = []
    for match, (level, label) in cue_matches:
        negator = _negated(words, match)
        if negator:
            reasons.append(f'cue "{_span(sentence, words, match)}" negated by "{negator}"')
            confidence += 0.05
            continue
        live_cues.append((match, level, label))
    date = dates[0] if dates else None
    stance = stance_label = None
    if live_cues:
        if date:
            anchor = (date.start, date.end)
            match, stance, stance_label = min(
                live_cues, key=lambda cue: _distance((words[cue[0].first].start, words[cue[0].last].end), anchor)
            )
        else:
            # The actor's own verb usually follows its mention: cues after it come first.
            match, stance, stance_label = min(
                live_cues, key=lambda cue: (cue[0].first < mention.match.first, abs(cue[0].first - mention.match.last))
            )
        reasons.append(f'cue "{_span(sentence, words, match)}" -> {stance_label}')
        marks.append((words[match.first].start, words[match.last].end))
        confidence += 0.25
    if kind_word:
        reasons.append(f'"{kind_word}" -> {kind}')
    on = precision = date_text = None
    if date is not None:
        if kind == "action" and published is not None and date.date.start > published:
            reasons.append(f'date "{date.text}" is after publication: not used for an action')
        else:
            on, precision, date_text = date.date.start, date.date.precision, date.text
            reasons.append(f'date "{date.text}" -> {format_date(on, precision)} ({precision})')
            marks.append((date.start, date.end))
            confidence += 0.15
    else:
        reasons.append("no date in the sentence")
    if carried:
        confidence -= 0.1
    return Candidate(
        actor=actor.slug, topic=topic.slug, stance=stance, stance_label=stance_label, on=on,
        date_precision=precision, date_text=date_text, kind=kind, quote=sentence.strip(), sentence=sentence.strip(),
        confidence=round(max(0.05, min(confidence, 0.95)), 2), reasons=reasons, marks=sorted(marks),
    )


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0
