"""The analyst's lexicon: topic keywords and scale cues.

Keywords are phrases that signal a topic ("anti-personnel mines"); cues are
phrases that signal a level of a scale ("lift restrictions" -> permit).
Both are stored as typed (whitespace tidied) and are the same phrase when
they differ only in case; the extractor matches them on word stems.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from policytrack.errors import InvalidValue
from policytrack.models import Scale, ScaleCue, ScaleLevel, Topic, TopicKeyword
from policytrack.resolve import get_scale, get_topic, parse_stance, scale_levels


def refuse_a_number(value: object, what: str) -> None:
    """A phrase or name that YAML read as a number is refused: in a YAML list an unquoted
    "£35,000" is two items, "£35" and the number 0, and quoting is the fix."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        article = "an" if what[:1] in "aeiou" else "a"
        raise InvalidValue(f"{article} {what} must be text, not the number {value!r}: put it in quotes")


def tidy_phrase(phrase: object, what: str = "phrase") -> str:
    if isinstance(phrase, (dict, list, bool)):
        # A nested YAML list would otherwise be stored as its Python repr, "['x', 'y']".
        raise InvalidValue(f"a {what} must be text, not {phrase!r}")
    refuse_a_number(phrase, what)
    text = " ".join(str(phrase if phrase is not None else "").split())
    if not text:
        raise InvalidValue(f"a {what} must not be empty")
    if len(text) > 200:
        raise InvalidValue(f"the {what} {text[:40]!r}... is longer than 200 characters")
    return text


def add_keywords(session: Session, topic: Topic | str, phrases: Iterable[object]) -> tuple[int, int]:
    """Give a topic keywords; returns (added, already present)."""
    if isinstance(topic, str):
        topic = get_topic(session, topic)
    held = {
        phrase.casefold()
        for phrase in session.scalars(select(TopicKeyword.phrase).where(TopicKeyword.topic_id == topic.id))
    }
    added = skipped = 0
    for phrase in phrases:
        text = tidy_phrase(phrase, "keyword")
        if text.casefold() in held:
            skipped += 1
            continue
        session.add(TopicKeyword(topic_id=topic.id, phrase=text))
        held.add(text.casefold())
        added += 1
    session.flush()
    return added, skipped


def level_of_label(session: Session, scale: Scale, label: object) -> int:
    """The level of a scale named by its label (or its integer value), read as every stance is."""
    return parse_stance(label, scale_levels(scale), scale.slug)


def add_cues(session: Session, scale: Scale | str, label: object, phrases: Iterable[object]) -> tuple[int, int]:
    """Give a level of a scale cues; returns (added, already present)."""
    if isinstance(scale, str):
        scale = get_scale(session, scale)
    value = level_of_label(session, scale, label)
    held = {
        phrase.casefold()
        for phrase in session.scalars(
            select(ScaleCue.phrase).where(ScaleCue.scale_id == scale.id, ScaleCue.value == value)
        )
    }
    added = skipped = 0
    for phrase in phrases:
        text = tidy_phrase(phrase, "cue")
        if text.casefold() in held:
            skipped += 1
            continue
        session.add(ScaleCue(scale_id=scale.id, value=value, phrase=text))
        held.add(text.casefold())
        added += 1
    session.flush()
    return added, skipped


def parse_cues(items: Iterable[str]) -> list[tuple[str, str]]:
    """``LABEL=PHRASE`` strings (as given to ``scale add --cue``) as (label, phrase) pairs."""
    pairs = []
    for item in items:
        label, sep, phrase = item.partition("=")
        if not sep or not label.strip() or not phrase.strip():
            raise InvalidValue(f"invalid cue {item!r}: expected LABEL=PHRASE, such as permit=lift restrictions")
        pairs.append((label.strip(), phrase.strip()))
    return pairs


def keywords_by_topic(session: Session) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for topic_id, phrase in session.execute(
        select(TopicKeyword.topic_id, TopicKeyword.phrase).order_by(TopicKeyword.topic_id, TopicKeyword.id)
    ):
        found.setdefault(topic_id, []).append(phrase)
    return found


def cues_by_scale(session: Session) -> dict[int, dict[str, list[str]]]:
    """{scale id: {level label: [phrase, ...]}}, levels in order of value."""
    found: dict[int, dict[str, list[str]]] = {}
    for scale_id, label, phrase in session.execute(
        select(ScaleCue.scale_id, ScaleLevel.label, ScaleCue.phrase)
        .join(ScaleLevel, (ScaleLevel.scale_id == ScaleCue.scale_id) & (ScaleLevel.value == ScaleCue.value))
        .order_by(ScaleCue.scale_id, ScaleCue.value, ScaleCue.id)
    ):
        found.setdefault(scale_id, {}).setdefault(label, []).append(phrase)
    return found
