"""Sources: the articles and documents that report positions."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack.dates import optional_date, optional_start
from policytrack.errors import Conflict, InvalidValue
from policytrack.models import Actor, Evidence, Position, Source, Topic
from policytrack.resolve import check_slug, get_source, source_reference
from policytrack.text import clean_text, fits, required_text


def read_text(path: str | Path, what: str = "text file") -> str:
    """A UTF-8 text file (``-`` is standard input), refused with one line if unreadable."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InvalidValue(f"cannot read {what} {path}: {error.strerror or error}") from None
    return decode_text(data, f"{what} {path}")


def decode_text(data: bytes, what: str) -> str:
    """Bytes as UTF-8 text (an optional BOM), refused with one line if they are not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValue(f"{what} is not UTF-8 text") from None
    if "\x00" in text:
        raise InvalidValue(f"{what} is not a text file")
    return text


def content_hash(content: str) -> str:
    """The identity of a text: line endings and surrounding blank space do not count."""
    normalized = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def add_source(
    session: Session,
    title: str,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published: object = None,
    slug: str | None = None,
    content: str | None = None,
    retrieved: object = None,
) -> Source:
    title = required_text(title, Source.title, "the title of a source")
    outlet, author = clean_text(outlet, Source.outlet), clean_text(author, Source.author)
    if slug:
        check_slug(slug, Source.slug)
        existing = session.scalar(select(Source.id).where(Source.slug == slug))
        if existing is not None:
            raise Conflict(f'source slug "{slug}" is taken by source {existing}')
    url = clean_text(url, Source.url)
    if url:
        existing = session.scalar(select(Source.id).where(Source.url == url))
        if existing is not None:
            raise Conflict(f"source {existing} already has the url {url}")
    digest = None
    if content is not None:
        fits(content, Source.content, "the source text")
        if not content.strip():
            raise InvalidValue("the source text is empty")
        digest = content_hash(content)
        existing = session.scalar(select(Source.id).where(Source.content_sha256 == digest))
        if existing is not None:
            raise Conflict(f"source {existing} already has the same text")
    publication = optional_date(published, "publication date")
    source = Source(
        slug=slug or None,
        url=url or None,
        title=title,
        outlet=outlet,
        author=author,
        published_on=publication.start if publication else None,
        published_precision=publication.precision if publication else None,
        retrieved_on=optional_start(retrieved, "retrieval date"),
        content=content,
        content_sha256=digest,
    )
    session.add(source)
    session.flush()
    return source


def source_ref(source: Source) -> str:
    return source_reference(source.id, source.slug, source.url)


def _position_counts():
    return (
        select(Evidence.source_id, func.count(func.distinct(Evidence.position_id)).label("positions"))
        .group_by(Evidence.source_id)
        .subquery()
    )


def list_sources(session: Session) -> list[dict]:
    counts = _position_counts()
    rows = session.execute(
        select(Source, func.coalesce(counts.c.positions, 0))
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Source.id)
    ).all()
    return [_source_row(source) | {"positions": count} for source, count in rows]


def _source_row(source: Source) -> dict:
    return {
        "id": source.id,
        "slug": source.slug,
        "url": source.url,
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "published_on": source.published_on,
        "published_precision": source.published_precision,
        "has_text": source.content is not None,
    }


def show_source(session: Session, ref: str) -> dict:
    """One source with its metadata and the positions it is evidence for."""
    source = get_source(session, ref)
    evidence = session.execute(
        select(Position.id, Actor.slug, Topic.slug, Evidence.quote, Position.retracted_at)
        .join(Position, Evidence.position_id == Position.id)
        .join(Actor, Position.actor_id == Actor.id)
        .join(Topic, Position.topic_id == Topic.id)
        .where(Evidence.source_id == source.id)
        .order_by(Position.id, Evidence.id)
    ).all()
    return _source_row(source) | {
        "retrieved_on": source.retrieved_on,
        "added_at": source.added_at,
        "content_sha256": source.content_sha256,
        "content_length": len(source.content) if source.content is not None else None,
        "evidence": [
            {"position": pid, "actor": actor, "topic": topic, "quote": quote, "retracted": retracted is not None}
            for pid, actor, topic, quote, retracted in evidence
        ],
    }
