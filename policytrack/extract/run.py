"""The service the ``extract`` command calls: a source's candidates, narrowed on request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from policytrack.errors import InvalidValue
from policytrack.extract.propose import Candidate, propose
from policytrack.extract.vocabulary import load_vocabulary
from policytrack.models import Source
from policytrack.resolve import get_actor, get_source, get_topic, source_file_reference


def extract_source(
    session: Session, ref: str, actor: str | None = None, topic: str | None = None, model: str | None = None
) -> tuple[Source, list[Candidate], int]:
    """The source, its candidates, and how many of a model's answers were dropped."""
    source = get_source(session, ref)
    if source.content is None:
        raise InvalidValue(
            f"source {source.id} has no stored text to read: add it with source add --text-file, --fetch or --html-file"
        )
    actor_slug = get_actor(session, actor).slug if actor else None
    topic_slug = get_topic(session, topic).slug if topic else None
    dropped = 0
    if model:
        from policytrack.extract.model import model_candidates

        candidates, dropped = model_candidates(session, model, source.content, source.published_on)
    else:
        candidates = propose(load_vocabulary(session), source.content, source.published_on)
    return source, [
        candidate for candidate in candidates
        if (actor_slug is None or candidate.actor == actor_slug) and (topic_slug is None or candidate.topic == topic_slug)
    ], dropped


def source_reference(source: Source) -> str | int:
    """How a draft refers to its source: as files do, else by its id."""
    return source_file_reference(source.slug, source.url) or source.id
