"""The catalog and the English words the rule-based extractor reads, loaded once per run.

The catalog gives the actors (names, aliases, surnames, the bodies of a state
by their bare names), the topics' keywords and the scales' cues; the word
lists say which words report an act, words, a negation or a judgement. All
are matched on Snowball stems (see extract/words.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from policytrack.extract.words import PhraseIndex, stem, tokens
from policytrack.lexicon import cues_by_scale, keywords_by_topic
from policytrack.models import Actor, Scale, Topic
from policytrack.vocabulary import BUILT_IN_SCALE

# Words that report what was done, and what was said (stems compared).
ACT_WORDS = (
    "order authorise authorize sign withdraw withdrew send sent deliver delivered pass passed repeal ratify "
    "approve ban decide decided shut close lift impose adopt enact veto block rejoin join announce scrap "
    "suspend resume cancel introduce launch deploy supply provide transfer stop halt cease pause "
    "rule ruled overturn uphold upheld strike struck "  # a court's judgement is its act
    "issue publish revoke revive restore reinstate abolish shelve quit resign vote agree push set "
    "challenge sue sued suing "  # in court ("sued" stems to "su")
    "relax ease loosen"  # changing a measure in force is acting on it
)
SPEECH_WORDS = (
    "say said criticise criticize call called tell told argue warn urge condemn praise promise claim "
    "insist pledge vow deny stress emphasise emphasize explain describe reckon ask asked accuse recommend welcome "
    "express threaten "  # a threat, like a promise or a vow, is said: "threatened to veto" has not vetoed
    "congratulate "
    "defend oppose"  # "had defended them for months", "have long opposed": words for or against a policy
)
# Verbs that only report: "X said it would provide tanks" reports an act.
REPORTING_WORDS = "say said tell told announce state confirm"
# Verbs that judge someone for what they did: in "criticised Trump for lifting restrictions"
# Trump is the object of the judging and the agent of the lifting.
JUDGING_WORDS = "criticise criticize praise accuse blame condemn thank credit"
# Judging an act against it: the one who condemns shelving a cap stands for the cap.
DISAPPROVING_WORDS = "criticise criticize condemn denounce deplore accuse blame warn"
# Welcoming an act, or making it one's own ("passed the bill", "agreed the plan"), stands for it.
APPROVING_WORDS = "welcome praise hail applaud thank credit back endorse congratulate"
ADOPTING_WORDS = "pass passed approve adopt sign agree"
# Nouns that name the act an article reports: "condemned the decision", "welcomed the law".
EARLIER_ACT_NOUNS = "decision move step reversal u-turn turnaround vote law bill agreement deal plan measure"
# Nouns of an act or of a body that acts: "Washington's decision to send" names who acted,
# "Russia's evolving tactics" or "Ukraine's use of" does not.
ACT_NOUNS = "decision move order policy choice refusal approval withdrawal exit ban repeal"
AGENT_NOUNS = ACT_NOUNS + " plan announcement pledge promise government administration cabinet"
GOVERNMENT_WORDS = ("administration", "government", "cabinet")
# "that agreement", "this target": a keyword's head noun after one of these names the topic named before.
DEMONSTRATIVES = ("that", "this")


@dataclass
class Vocabulary:
    """The catalog as the extractor reads it, loaded once per run."""

    actors: PhraseIndex[int]  # -> actor id
    surnames: PhraseIndex[int]  # -> actor id
    institutions: PhraseIndex[int]  # a state's body by its bare name ("the Senate") -> actor id
    body_states: dict[int, int]  # actor id of such a body -> its state's id
    keywords: PhraseIndex[int]  # -> topic id
    referring_keywords: PhraseIndex[int]  # "the bill", "the tax" -> topic id, once the text has named it
    cues: dict[int, PhraseIndex[tuple[int, str]]]  # scale id -> cue index (values: (level, label))
    actor_info: dict[int, Actor]
    topics: dict[int, Topic]
    labels: dict[int, dict[int, str]]  # scale id -> level -> label
    pivots: dict[int, int]  # scale id -> pivot
    for_or_against_scales: frozenset[int]  # the built-in support scale: refusing one side is the other
    act_stems: frozenset[str]
    speech_stems: frozenset[str]
    reporting_stems: frozenset[str]
    judging_stems: frozenset[str]
    disapproving_stems: frozenset[str]
    approving_stems: frozenset[str]
    adopting_stems: frozenset[str]
    earlier_act_stems: frozenset[str]
    agent_noun_stems: frozenset[str]
    act_noun_stems: frozenset[str]
    namesakes: dict[int, tuple[int, ...]]  # person or government id -> ids of the governments of that name
    namesake_people: dict[int, tuple[int, ...]]  # government id -> ids of the people it is named after
    governments: dict[int, tuple[int, ...]]  # actor id -> ids of the governments directly below it
    # (state id, a name without the state, casefolded) -> the actor "<state>'s <name>" names:
    # (finland, "social democrats") -> Finland's party, whoever else is called "Social Democrats"
    of_state: dict[tuple[int, str], int]
    # actor id -> the state its catalog entry names it by, for actors not placed below one:
    # "Democratic Party (Italy)", "Italy's Democratic Party" are Italy's (see propose._at_home)
    named_states: dict[int, int]
    # state id -> (organisation id, the stems of the capitalised words of its names) for the
    # organisations named_states places: "the Conservatives" in a text about Norway is Norway's
    organisations_named: dict[int, list[tuple[int, frozenset[str]]]]
    # topic id -> the stems of the ending verb its name opens with and of its synonyms
    # ("Abolishing Denmark's Great Prayer Day" -> abolish, scrap ...): that cue there does what
    # the topic names, it is for it
    enacting_stems: dict[int, frozenset[str]]
    # topic id -> the stem of the verb its name opens with ("Opening Norway's shelf to mining" ->
    # open, "Expelling migrants under Title 42" -> expel): that verb there is for the topic
    topic_verbs: dict[int, str]
    # topic id -> the state its name says it is of ("Raising Japan's defence spending", "Ending
    # sales of new petrol and diesel cars in the UK"): in a text about another state, a sentence
    # that does not name it is not about that topic (see propose._foreign_topic)
    topic_states: dict[int, int]


def load_vocabulary(session: Session) -> Vocabulary:
    actors = list(session.scalars(select(Actor).options(selectinload(Actor.aliases))))
    topics = list(session.scalars(select(Topic)))
    scales = list(session.scalars(select(Scale).options(selectinload(Scale.levels))))
    actor_index: PhraseIndex[int] = PhraseIndex()
    surnames: PhraseIndex[int] = PhraseIndex()
    by_surname: dict[str, list[Actor]] = {}
    named_by: dict[str, set[int]] = {}  # a name -> the actors it names
    for actor in actors:
        names = {actor.name, re.sub(r"\s*\(.*?\)", "", actor.name)} | {alias.alias for alias in actor.aliases}
        if len(actor.slug) > 3 and "-" not in actor.slug:
            names.add(actor.slug)
        elif len(actor.slug) <= 3:
            names.add(actor.slug.upper())  # "us", "uk": only in capitals, not the pronoun
        for name in names:
            actor_index.add(name, actor.id)
            named_by.setdefault(name.casefold(), set()).add(actor.id)
        surname = _surname(actor)
        if surname:
            surnames.add(surname, actor.id)
            by_surname.setdefault(surname.casefold(), []).append(actor)
        if actor.kind == "government" and surname and len(surname.split()) > 1:
            # "Gotabaya Rajapaksa government" is named after Gotabaya Rajapaksa, "Rajapaksa" alone
            by_surname.setdefault(surname.split()[-1].casefold(), []).append(actor)
        if actor.kind == "person":
            # The one-word name a person goes by ("Lula" for Luiz Inácio Lula da Silva) names
            # the government named after them too.
            for alias in actor.aliases:
                if len(alias.alias.split()) == 1 and alias.alias.casefold() != (surname or "").casefold():
                    by_surname.setdefault(alias.alias.casefold(), []).append(actor)
    # A person and the governments named after them, and successive governments of one name
    # ("Trump administration (2017-2021)", "Trump administration (2025-)"): the one meant is the
    # one in office at the date (see _choose_actor).
    # A government named before it took office is the person it is named after (propose.actor_at).
    gathered: dict[int, dict[int, None]] = {}
    people_of: dict[int, dict[int, None]] = {}
    for named in by_surname.values():
        governments = [actor.id for actor in named if actor.kind == "government"]
        people = [actor.id for actor in named if actor.kind == "person"]
        for named_actor in named:
            if named_actor.kind in ("person", "government"):
                gathered.setdefault(named_actor.id, {}).update(dict.fromkeys(governments))
            if named_actor.kind == "government":
                people_of.setdefault(named_actor.id, {}).update(dict.fromkeys(people))
    namesakes = {actor_id: tuple(ids) for actor_id, ids in gathered.items()}
    namesake_people = {actor_id: tuple(ids) for actor_id, ids in people_of.items() if ids}
    institutions, body_states = _institutions(actors)
    keyword_index: PhraseIndex[int] = PhraseIndex()
    referring_index: PhraseIndex[int] = PhraseIndex()
    for topic_id, phrases in keywords_by_topic(session).items():
        for phrase in phrases:
            (referring_index if _refers_back(phrase) else keyword_index).add(phrase, topic_id)
        for head in dict.fromkeys(head for phrase in phrases if (head := _head_noun(phrase)) is not None):
            for demonstrative in DEMONSTRATIVES:
                referring_index.add(f"{demonstrative} {head}", topic_id)
    cue_indexes: dict[int, PhraseIndex[tuple[int, str]]] = {}
    ending_stems: dict[int, set[str]] = {}  # scale id -> stems of its one-word cues below the pivot
    labels = {scale.id: {level.value: level.label for level in scale.levels} for scale in scales}
    pivots = {scale.id: scale.pivot for scale in scales}
    for scale_id, by_label in cues_by_scale(session).items():
        index = cue_indexes.setdefault(scale_id, PhraseIndex())
        values = {label: value for value, label in labels[scale_id].items()}
        for label, phrases in by_label.items():
            for phrase in phrases:
                index.add(phrase, (values[label], label))
                if len(phrase.split()) == 1 and values[label] < pivots[scale_id]:
                    ending_stems.setdefault(scale_id, set()).add(stem(phrase))
    named_states = _named_states(actors, {actor_id for ids in named_by.values() if len(ids) > 1 for actor_id in ids}
                                 | {actor.id for actor in actors if actor.kind == "organisation"})
    return Vocabulary(
        actors=actor_index, surnames=surnames, institutions=institutions, body_states=body_states,
        keywords=keyword_index, referring_keywords=referring_index,
        cues=cue_indexes,
        actor_info={actor.id: actor for actor in actors}, topics={topic.id: topic for topic in topics},
        labels=labels, pivots=pivots,
        for_or_against_scales=frozenset(scale.id for scale in scales if scale.slug == BUILT_IN_SCALE),
        disapproving_stems=frozenset(stem(word) for word in DISAPPROVING_WORDS.split()),
        approving_stems=frozenset(stem(word) for word in APPROVING_WORDS.split()),
        adopting_stems=frozenset(stem(word) for word in ADOPTING_WORDS.split()),
        earlier_act_stems=frozenset(stem(word) for word in EARLIER_ACT_NOUNS.split()),
        act_stems=frozenset(stem(word) for word in ACT_WORDS.split()),
        speech_stems=frozenset(stem(word) for word in SPEECH_WORDS.split()),
        reporting_stems=frozenset(stem(word) for word in REPORTING_WORDS.split()),
        judging_stems=frozenset(stem(word) for word in JUDGING_WORDS.split()),
        agent_noun_stems=frozenset(stem(word) for word in AGENT_NOUNS.split()),
        act_noun_stems=frozenset(stem(word) for word in ACT_NOUNS.split()),
        namesakes=namesakes, namesake_people=namesake_people,
        governments=_governments_below(actors),
        of_state=_names_of_state(actors),
        named_states=named_states,
        organisations_named=_organisations_named(actors, named_states),
        enacting_stems=_enacting_stems(topics, ending_stems),
        topic_states=_topic_states(topics, actor_index, {actor.id: actor for actor in actors}),
        topic_verbs=_topic_verbs(topics),
    )


# Verbs that end something the same way: a topic named by one ("Abolishing the holiday") is
# enacted by the others too ("voted to scrap the holiday").
ENDING_SYNONYMS = [frozenset(stem(word) for word in group.split()) for group in (
    "abolish scrap axe eliminate end remove cancel lift drop", "close shut seal", "suspend pause freeze halt stop",
    "ban prohibit outlaw", "repeal revoke rescind")]


def _enacting_stems(topics: list[Topic], ending_stems: dict[int, set[str]]) -> dict[int, frozenset[str]]:
    """Topics named by what ends something ("Abolishing ...", "Cancelling ..."): the verb's stem
    and its synonyms that are cues below the pivot of the topic's scale, when the verb is one."""
    found = {}
    for topic in topics:
        verb = _opening_verb(topic)
        cues = ending_stems.get(topic.scale_id, set())
        if verb is not None and verb in cues:
            synonyms = next((group for group in ENDING_SYNONYMS if verb in group), frozenset())
            found[topic.id] = frozenset({verb} | (synonyms & cues))
    return found


def _topic_verbs(topics: list[Topic]) -> dict[int, str]:
    """Topics named by what is done ("Opening ...", "Raising ...", "Building ..."): the verb's stem."""
    return {topic.id: verb for topic in topics if (verb := _opening_verb(topic)) is not None}


def _opening_verb(topic: Topic) -> str | None:
    """The stem of the gerund a topic's name opens with ("Abolishing ..." -> abolish), if it does."""
    first = next(iter(topic.name.split()), "")
    # six letters or more: not "Being", whose stem "be" would be in every sentence
    return stem(first) if first.lower().endswith("ing") and len(first) > 5 else None


def _topic_states(topics: list[Topic], actor_index: PhraseIndex[int], actors: dict[int, Actor]) -> dict[int, int]:
    """The state a topic's name makes it of: one that opens it ("Italy holding asylum seekers in
    centres in Albania", "German government grants ..."), or is named as owner ("Raising Japan's
    defence spending", "... and the Philippines' cooperation"), else one named as the place,
    closing it or not ("... in the UK", "Cutting nitrogen emissions in the Netherlands, chiefly
    from farming"), else any state it names ("Releasing the EU funds for Hungary"), else the
    state its people's name names ("Exporting South Korean nuclear power plants"). A state's
    government or body names it too."""
    found = {}
    demonyms = _demonyms(actors)
    for topic in topics:
        name = re.sub(r"\s*\([^()]*\)\s*$", "", topic.name)
        words = tokens(name)
        states = [(match, state) for match, actor_id in actor_index.find(words)
                  if (state := state_of(actors, actor_id)) is not None]
        lead = 1 if words and words[0].raw.lower() == "the" else 0
        opening = [state for match, state in states if match.first == lead or _owner(name, words[match.last].end)]
        placed = [state for match, state in states
                  if any(word.raw == "in" for word in words[max(0, match.first - 2):match.first])]
        closing = [state for state in placed if state == states[-1][1]] if states else []
        named = [state for _, state in states]  # "Releasing the EU funds for Hungary", "the Ukraine Facility"
        if named:
            found[topic.id] = (opening or closing or placed or named)[0]
        elif (state := _state_by_demonym(name, demonyms)) is not None:
            found[topic.id] = state  # "Exporting South Korean nuclear power plants"
    return found


# What a state's name, less its last vowel or vowels, takes to name its people: Korea -> Korean, Japan ->
# Japanese, Canada -> Canadian, Norway -> Norwegian, Turkey -> Turkish, Germany -> German.
DEMONYM_ENDINGS = ("an", "ian", "ean", "ese", "egian", "ish")


# Demonyms no rule makes, by the state's name (casefolded).
IRREGULAR_DEMONYMS = {
    "netherlands": "Dutch", "the netherlands": "Dutch", "france": "French", "poland": "Polish", "thailand": "Thai",
    "switzerland": "Swiss", "united kingdom": "British", "uk": "British", "ireland": "Irish", "denmark": "Danish",
    "sweden": "Swedish", "finland": "Finnish", "spain": "Spanish", "greece": "Greek", "israel": "Israeli",
    "philippines": "Philippine", "the philippines": "Philippine", "kazakhstan": "Kazakh", "el salvador": "Salvadoran",
    "scotland": "Scottish", "wales": "Welsh", "iceland": "Icelandic", "pakistan": "Pakistani", "iraq": "Iraqi",
    "czech republic": "Czech", "czechia": "Czech", "slovakia": "Slovak", "saudi arabia": "Saudi",
    "united states": "American", "new zealand": "New Zealand",
}


def _demonyms(actors: dict[int, Actor]) -> list[tuple[re.Pattern[str], int]]:
    """A pattern for each state's demonym made by rule, its root alone included ("German"), or
    given (IRREGULAR_DEMONYMS: "Dutch", "French", "Thai")."""
    found = []
    endings = "|".join(DEMONYM_ENDINGS)
    for actor in actors.values():
        if actor.kind != "state":
            continue
        name = actor.name
        irregular = IRREGULAR_DEMONYMS.get(name.casefold())
        if irregular:
            found.append((re.compile(rf"\b{re.escape(irregular)}\b"), actor.id))
        # India -> Indi-an, Norway -> Norw-egian
        for root in {name[:-1] if name[-1:] in "aeiouy" else name, name.rstrip("aeiouy")}:
            if len(root) >= 4:
                found.append((re.compile(rf"\b{re.escape(root)}(?:{endings})?\b"), actor.id))
    return found


def _state_by_demonym(name: str, demonyms: list[tuple[re.Pattern[str], int]]) -> int | None:
    states = {state for pattern, state in demonyms if pattern.search(name)}
    return states.pop() if len(states) == 1 else None


def state_of(actors: dict[int, Actor], actor_id: int) -> int | None:
    """The state an actor is, or is directly below (its government, parliament, court)."""
    actor = actors[actor_id]
    if actor.kind == "state":
        return actor.id
    parent = actors.get(actor.parent_id) if actor.parent_id is not None else None
    return parent.id if parent is not None and parent.kind == "state" else None


def _owner(name: str, end: int) -> bool:
    """Whether the name just before ``end`` is a possessive: "Japan's", "the Philippines'"."""
    return name[end:end + 2] in ("'s", "\u2019s") or (name[end - 1:end] == "s" and name[end:end + 1] in ("'", "\u2019"))


def _names_of_state(actors: list[Actor]) -> dict[tuple[int, str], int]:
    """Aliases that name an actor by its state's possessive ("Finland's Social Democrats")."""
    states = {name.casefold(): actor.id for actor in actors if actor.kind == "state"
              for name in [actor.name] + [alias.alias for alias in actor.aliases]}
    found: dict[tuple[int, str], int] = {}
    for actor in actors:
        for alias in actor.aliases:
            parts = re.match(r"^(.+?)['’]s\s+(.+)$", alias.alias)
            if parts and parts.group(1).casefold() in states:
                found.setdefault((states[parts.group(1).casefold()], parts.group(2).casefold()), actor.id)
    return found


def _named_states(actors: list[Actor], ambiguous: set[int]) -> dict[int, int]:
    """The state an actor's name or an alias names, as a qualifier in brackets ("Democratic Party
    (Italy)"), a possessive ("Italy's Democratic Party") or a demonym ("Italian Senate"), for
    actors the catalog does not place below a state; only for those that share a name with
    another actor (the only ones it tells apart, and the search is slow)."""
    states = [actor for actor in actors if actor.kind == "state"]
    names_of = {state.id: {state.name} | {alias.alias for alias in state.aliases} for state in states}
    found: dict[int, int] = {}
    for actor in actors:
        if actor.kind == "state" or actor.parent_id is not None or actor.id not in ambiguous:
            continue
        bracketed = re.findall(r"\((.*?)\)", actor.name)
        names = [actor.name] + [alias.alias for alias in actor.aliases]
        # a state can be named only where a word opens as one of its names does (a quick test first)
        openings = {word[:3].casefold() for name in names for word in re.findall(r"\w+", name)}
        for state in states:
            if not any(word[:3].casefold() in openings for name in names_of[state.id] for word in name.split()):
                continue
            if any(qualifier.casefold() in {name.casefold() for name in names_of[state.id]} for qualifier in bracketed) \
                    or any(_without_state(name, names_of[state.id]) for name in names):
                found[actor.id] = state.id
                break
    return found


# Words of a party's name that say nothing of which party it is.
GENERIC_NAME_STEMS = frozenset(stem(word) for word in "the party".split())


def name_stems(names: list[str]) -> frozenset[str]:
    """The stems of the capitalised words of names: "Conservative Party (Norway)" -> conserv, norway."""
    return frozenset(stem(word) for name in names for word in re.findall(r"\w+", name)
                     if word[:1].isupper()) - GENERIC_NAME_STEMS


def _organisations_named(actors: list[Actor], named_states: dict[int, int]) -> dict[int, list[tuple[int, frozenset[str]]]]:
    found: dict[int, list[tuple[int, frozenset[str]]]] = {}
    for actor in actors:
        if actor.kind == "organisation" and actor.id in named_states:
            found.setdefault(named_states[actor.id], []).append(
                (actor.id, name_stems([actor.name] + [alias.alias for alias in actor.aliases])))
    return found


def _head_noun(phrase: str) -> str | None:
    """The last word of a keyword of several words, a lowercase noun ("agreement" of "energy
    agreement"): "that agreement" refers back to the topic named before."""
    words = phrase.split()
    if len(words) < 2 or words[0].lower() in DEMONSTRATIVES or words[0].lower() == "the":
        return None
    head = words[-1]
    return head if head.isalpha() and head.islower() else None


def _refers_back(phrase: str) -> bool:
    """Whether a keyword is a definite noun ("the bill", "the tax", "the border"): it names its
    topic only in a text that has named the topic by another keyword before, since every bill is
    "the bill" of its own article."""
    words = phrase.split()
    return len(words) == 2 and words[0].lower() in ("the", "this", "that") and words[1].islower()


def _institutions(actors: list[Actor]) -> tuple[PhraseIndex[int], dict[int, int]]:
    """The bodies of a state by their bare names: "Senate" for the "Australian Senate" (or
    "Senate of Spain", "Kenya's parliament", "Kenyan lawmakers"), which a text about that state
    calls "the Senate" or "lawmakers". Aliases are unique, so the catalog cannot give two states'
    bodies the same bare name; the extractor resolves it to the home state's (see _home_state).
    "The government" is not such a name: which government it is depends on the date (a
    government's "Treasury" is resolved at the date by _choose_actor). A party or group the
    catalog does not place below a state is that state's by such a name when it has one
    ("Canada's Conservatives": "the Conservatives" of a text about Canada). Also returns, for
    each actor so named, its state."""
    by_id = {actor.id: actor for actor in actors}
    states = {name.casefold(): actor for actor in actors if actor.kind == "state"
              for name in [actor.name] + [alias.alias for alias in actor.aliases]}
    index: PhraseIndex[int] = PhraseIndex()
    state_of: dict[int, int] = {}
    for actor in actors:
        state = by_id.get(actor.parent_id) if actor.parent_id is not None else None
        names = {re.sub(r"\s*\(.*?\)", "", actor.name)} | {alias.alias for alias in actor.aliases}
        if state is None:
            possessed = [re.match(r"^(.+?)['’]s\s+(.+)$", name) for name in names]
            state = next((states[found.group(1).casefold()] for found in possessed
                          if found and found.group(1).casefold() in states), None)
        if state is None or state.kind != "state":
            continue
        state_names = {state.name} | {alias.alias for alias in state.aliases}
        for name in names:
            bare = _without_state(name, state_names)
            if bare and bare.casefold() not in GOVERNMENT_WORDS:
                index.add(bare, actor.id)
                state_of[actor.id] = state.id
    return index, state_of


@functools.cache
def _state_name_patterns(state_name: str) -> tuple[re.Pattern[str], ...]:
    """"Kenya's parliament", "Senate of Spain": a name that names the state as owner."""
    return (re.compile(rf"^(?:the\s+)?{re.escape(state_name)}['’]s\s+(.+)$", re.I),
            re.compile(rf"^(.+?)\s+of\s+{re.escape(state_name)}$", re.I))


def _without_state(name: str, state_names: set[str]) -> str | None:
    """"Australian Senate" -> "Senate", "Senate of Spain" -> "Senate", "Kenya's parliament" ->
    "parliament"; None when the name does not name its state."""
    for state_name in sorted(state_names, key=len, reverse=True):
        for pattern in _state_name_patterns(state_name):
            found = pattern.match(name)
            if found:
                return found.group(1)
    words = name.split()
    for width in (2, 1):  # a demonym of one or two words: "South Korean parliament", "Spanish Senate"
        if len(words) > width:
            demonym = words[:width]
            if any(len(state_name.split()) == width and demonym[-1][:3].casefold() == state_name.split()[-1][:3].casefold()
                   and demonym[:-1] == state_name.split()[:-1] for state_name in state_names):
                return " ".join(words[width:])
    return None


def _governments_below(actors: list[Actor]) -> dict[int, tuple[int, ...]]:
    below: dict[int, list[int]] = {}
    for actor in actors:
        if actor.kind == "government" and actor.parent_id is not None:
            below.setdefault(actor.parent_id, []).append(actor.id)
    return {parent: tuple(ids) for parent, ids in below.items()}


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
