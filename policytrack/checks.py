"""``check``: the integrity report of SPEC.md, one row per finding."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.dates import PartialDate, format_date
from policytrack.models import Actor, Evidence, Position, Source
from policytrack.quotes import normalize_text
from policytrack.resolve import source_label
from policytrack.text import shortened


def _finding(severity, code, message, position=None, source=None, actor=None) -> dict:
    return {
        "severity": severity,
        "code": code,
        "position": position,
        "source": source,
        "actor": actor,
        "message": message,
    }


def run_checks(session: Session, as_recorded: dt.datetime | None = None) -> list[dict]:
    """Every finding, as the database stood at ``as_recorded`` (default: now).

    ``as_recorded`` leaves out positions recorded later (those retracted later
    count as live) and sources added later; actors and evidence carry no
    recording time and are taken as they are now.
    """
    findings = [
        *_supersession_cycles(session),
        *_quotes_not_in_sources(session, as_recorded),
        *_inverted_active_periods(session),
        *_positions_outside_active_period(session, as_recorded),
        *_actions_after_their_sources(session, as_recorded),
        *_sources_without_positions(session, as_recorded),
    ]
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order[f["severity"]], f["code"], f["position"] or 0, f["source"] or 0))


def cycles_of(links: dict) -> list[list]:
    """The cycles of a graph in which each node has at most one successor (``links[node]``)."""
    cycles: list[list] = []
    seen: set[object] = set()
    for start in links:
        path: dict = {}
        node = start
        while node in links and node not in seen and node not in path:
            path[node] = len(path)
            node = links[node]
        if node in path:
            cycles.append(list(path)[path[node]:])
        seen.update(path)
    return cycles


def supersession_cycles(session: Session) -> list[list[int]]:
    """Positions whose ``supersedes`` links go round in a cycle (only imports of old could store one)."""
    links = dict(session.execute(select(Position.id, Position.supersedes_id).where(Position.supersedes_id.is_not(None))).all())
    return cycles_of(links)


def _supersession_cycles(session: Session):
    for cycle in supersession_cycles(session):
        first = cycle.index(min(cycle))
        cycle = cycle[first:] + cycle[:first]
        steps = ", which supersedes ".join(map(str, cycle + cycle[:1]))
        yield _finding(
            "error", "supersession_cycle", f"positions supersede each other in a cycle: {steps}", position=cycle[0],
        )


def _quotes_not_in_sources(session: Session, as_recorded: dt.datetime | None):
    rows = session.execute(
        select(Evidence.position_id, Evidence.source_id, func.coalesce(Evidence.quote, ""), Actor.slug)
        .join(Position, Evidence.position_id == Position.id)
        .join(Actor, Position.actor_id == Actor.id)
        .join(Source, Evidence.source_id == Source.id)
        .where(Evidence.quote.is_not(None), Source.content.is_not(None), queries.live(as_recorded=as_recorded))
        .order_by(Evidence.source_id)
    ).all()
    texts: dict[int, str] = {}
    for position_id, source_id, quote, actor in rows:  # quote and content are not null (above)
        if source_id not in texts:
            texts[source_id] = normalize_text(session.get_one(Source, source_id).content or "")
        if normalize_text(quote) not in texts[source_id]:
            yield _finding(
                "error", "quote_not_in_source",
                f'quote "{shortened(quote, 60)}" of position {position_id} does not occur in the text of source {source_id}',
                position=position_id, source=source_id, actor=actor,
            )


def _inverted_active_periods(session: Session):
    for actor in session.scalars(select(Actor).where(Actor.active_until < Actor.active_from)):
        yield _finding(
            "error", "active_period_inverted",
            f"actor {actor.slug} is active until {actor.active_until}, before it is active from {actor.active_from}",
            actor=actor.slug,
        )


def _positions_outside_active_period(session: Session, as_recorded: dt.datetime | None):
    rows = session.execute(
        select(Position, Actor)
        .join(Actor, Position.actor_id == Actor.id)
        .where(
            queries.live(as_recorded=as_recorded),
            or_(Position.effective_on < Actor.active_from, Position.effective_on > Actor.active_until),
        )
        .order_by(Position.id)
    ).all()
    for position, actor in rows:
        period = PartialDate(position.effective_on, position.date_precision)
        if period.overlaps(actor.active_from, actor.active_until):
            continue
        span = f"{actor.active_from or '…'} to {actor.active_until or '…'}"
        yield _finding(
            "warning", "outside_active_period",
            f"position {position.id} of {actor.slug} is dated {period}, outside its active period {span}",
            position=position.id, actor=actor.slug,
        )


def _actions_after_their_sources(session: Session, as_recorded: dt.datetime | None):
    """Actions dated after the end of the publication period of every source
    reporting them: an action of 2024-06 is not after a source of "2024"."""
    latest = (
        select(
            Evidence.position_id,
            func.max(Source.published_on).label("latest"),
            func.count().label("sources"),
            func.count(Source.published_on).label("dated"),
        )
        .join(Source, Evidence.source_id == Source.id)
        .group_by(Evidence.position_id)
        .subquery()
    )
    # A period ends on or after its first day, so these are all the candidates;
    # the periods' ends are compared below, with the one rule of policytrack.dates.
    candidates = session.execute(
        select(Position.id, Position.effective_on, Position.date_precision, Actor.slug)
        .join(latest, latest.c.position_id == Position.id)
        .join(Actor, Position.actor_id == Actor.id)
        .where(
            queries.live(as_recorded=as_recorded),
            Position.kind == "action",
            and_(latest.c.sources == latest.c.dated, Position.effective_on > latest.c.latest),
        )
        .order_by(Position.id)
    ).all()
    for position_id, effective_on, precision, actor in candidates:
        publications = [
            PartialDate(published_on, published_precision or "day")
            for published_on, published_precision in session.execute(
                select(Source.published_on, Source.published_precision)
                .join(Evidence, Evidence.source_id == Source.id)
                .where(Evidence.position_id == position_id)
            )
            if published_on is not None  # always: every source of a candidate is dated
        ]
        last = max(publications, key=lambda period: period.end)
        if effective_on <= last.end:
            continue
        yield _finding(
            "warning", "action_after_sources",
            f"action {position_id} of {actor} is dated {format_date(effective_on, precision)}, "
            f"after every source reporting it was published (latest {last})",
            position=position_id, actor=actor,
        )


def _sources_without_positions(session: Session, as_recorded: dt.datetime | None):
    used = select(Evidence.source_id)
    sources = select(Source)
    if as_recorded is not None:
        used = used.join(Position, Evidence.position_id == Position.id).where(Position.recorded_at <= as_recorded)
        sources = sources.where(Source.added_at <= as_recorded)
    for source in session.scalars(sources.where(Source.id.not_in(used)).order_by(Source.id)):
        yield _finding(
            "warning", "source_unused",
            f"source {source_label(source.id, source.slug or source.url or source.title)} supports no position",
            source=source.id,
        )
