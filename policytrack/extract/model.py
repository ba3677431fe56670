"""A model-backed extractor through the ``llm`` library (the ``llm`` extra).

The prompt gives the catalog (actors with aliases, topics with their scale
levels) and the article; the model answers with JSON. Its answer goes
through the same checks as everything else: names resolved, stances on the
topic's scale, dates parsed, and a quote that is not in the stored text is
dropped and counted, never kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from policytrack.dates import parse_date
from policytrack.errors import InvalidValue, PolicytrackError
from policytrack.extract.propose import Candidate, actor_at
from policytrack.extract.vocabulary import load_vocabulary
from policytrack.extract.when import AFTER_PUBLICATION, after_publication
from policytrack.extract.words import sentences
from policytrack.models import POSITION_KINDS, Actor, Topic
from policytrack.quotes import normalize_text, quote_occurs
from policytrack.resolve import get_actor, get_topic, parse_stance, scale_levels

INSTRUCTIONS = """You read a news article and list the policy positions it reports.
Answer with a JSON list only. Each item: {"actor": SLUG, "topic": SLUG, "stance": LEVEL LABEL,
"on": "YYYY" | "YYYY-MM" | "YYYY-MM-DD" | null, "kind": "statement" | "action", "quote": EXACT WORDS}.
Use only the actors and topics below, by slug; "stance" is a level of the topic's scale;
"on" is the date the position took effect, at the precision the article supports (null if it gives none);
"quote" is copied word for word from the article."""


def build_prompt(session: Session, text: str, published: dt.date | None) -> str:
    actors = session.scalars(select(Actor).options(selectinload(Actor.aliases)).order_by(Actor.slug))
    topics = session.scalars(select(Topic).order_by(Topic.slug))
    lines = [INSTRUCTIONS, "", "Actors:"]
    for actor in actors:
        aliases = ", ".join(alias.alias for alias in actor.aliases)
        lines.append(f"- {actor.slug}: {actor.name}" + (f" (also: {aliases})" if aliases else ""))
    lines += ["", "Topics (scale levels):"]
    for topic in topics:
        levels = ", ".join(label for _, label in sorted(scale_levels(topic.scale).items()))
        lines.append(f"- {topic.slug}: {topic.name} ({levels})")
    lines += ["", f"Published: {published.isoformat() if published else 'unknown'}", "", "Article:", text]
    return "\n".join(lines)


def ask_model(name: str, prompt: str) -> str:
    try:
        import llm
    except ImportError:
        raise InvalidValue("--model needs the llm extra: pip install 'policytrack[llm]'") from None
    try:
        model = llm.get_model(name)
    except llm.UnknownModelError:
        known = ", ".join(sorted(m.model_id for m in llm.get_models())[:10])
        raise InvalidValue(f'unknown model "{name}"' + (f" (known: {known})" if known else "")) from None
    try:
        return model.prompt(prompt).text()
    except Exception as error:  # a model plugin may raise anything: one line, no traceback
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise InvalidValue(f'model "{name}" failed: {first}') from None


def model_candidates(
    session: Session, name: str, text: str, published: dt.date | None
) -> tuple[list[Candidate], int]:
    """(candidates, number of items dropped because their quote is not in the text or their names are unknown)."""
    answer = ask_model(name, build_prompt(session, text, published))
    items = _json_list(answer, name)
    spans = sentences(text)
    candidates, dropped = [], 0
    vocabulary = load_vocabulary(session) if items else None
    for item in items:
        if not isinstance(item, dict):
            dropped += 1
            continue
        quote = str(item.get("quote") or "").strip()
        if not quote or not quote_occurs(quote, text):
            dropped += 1
            continue
        try:
            actor_row = get_actor(session, str(item.get("actor") or ""))
            topic_row = get_topic(session, str(item.get("topic") or ""))
        except PolicytrackError:
            dropped += 1
            continue
        levels = scale_levels(topic_row.scale)
        reasons = [f'model "{name}"']
        stance = None
        if item.get("stance") is not None:
            try:
                stance = parse_stance(item["stance"], levels, topic_row.scale.slug)
            except PolicytrackError:
                reasons.append(f'stance "{item["stance"]}" is not on the scale')
        kind = str(item["kind"]) if item.get("kind") in POSITION_KINDS else "statement"
        on = precision = until = None
        if item.get("on"):
            try:
                date = parse_date(item["on"])
                if after_publication(date.start, published):
                    reasons.append(f'date {item["on"]} {AFTER_PUBLICATION}')
                else:
                    on, precision, until = date.start, date.precision, date.end
            except PolicytrackError:
                reasons.append(f'date "{item["on"]}" does not parse')
        assert vocabulary is not None
        actor = vocabulary.actor_info[actor_at(vocabulary, actor_row.id, on or published, until)].slug
        candidates.append(Candidate(
            actor=actor, topic=topic_row.slug, stance=stance, stance_label=levels.get(stance) if stance is not None else None, on=on,
            date_precision=precision, date_text=str(item["on"]) if item.get("on") else None, kind=kind,
            quote=quote, sentence=_sentence_of(text, spans, quote), confidence=0.5, reasons=reasons,
        ))
    return candidates, dropped


def _json_list(answer: str, name: str) -> list:
    match = re.search(r"\[.*\]", answer or "", re.S)
    try:
        items = json.loads(match.group()) if match else None
    except ValueError:
        items = None
    if not isinstance(items, list):
        raise InvalidValue(f'model "{name}" did not answer with a JSON list')
    return items


def _sentence_of(text: str, spans: list[tuple[int, int]], quote: str) -> str:
    wanted = normalize_text(quote)
    for start, end in spans:
        if wanted in normalize_text(text[start:end]):
            return text[start:end]
    return quote
