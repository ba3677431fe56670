"""``check``: the integrity report of SPEC.md, one row per finding."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.dates import PartialDate, format_date
from policytrack.models import Actor, Evidence, Position, Source
from policytrack.quotes import normalize_text


def _finding(severity, code, message, position=None, source=None, actor=None) -> dict:
    return {
        "severity": severity,
        "code": code,
        "position": position,
        "source": source,
        "actor": actor,
        "message": message,
    }


def run_checks(session: Session) -> list[dict]:
    findings = [
        *_quotes_not_in_sources(session),
        *_inverted_active_periods(session),
        *_positions_outside_active_period(session),
        *_actions_after_their_sources(session),
        *_sources_without_positions(session),
    ]
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order[f["severity"]], f["code"], f["position"] or 0, f["source"] or 0))


def _quotes_not_in_sources(session: Session):
    rows = session.execute(
        select(Evidence.position_id, Evidence.source_id, func.coalesce(Evidence.quote, ""), Actor.slug)
        .join(Position, Evidence.position_id == Position.id)
        .join(Actor, Position.actor_id == Actor.id)
        .join(Source, Evidence.source_id == Source.id)
        .where(Evidence.quote.is_not(None), Source.content.is_not(None), queries.live())
        .order_by(Evidence.source_id)
    ).all()
    texts: dict[int, str] = {}
    for position_id, source_id, quote, actor in rows:  # quote and content are not null (above)
        if source_id not in texts:
            texts[source_id] = normalize_text(session.get_one(Source, source_id).content or "")
        if normalize_text(quote) not in texts[source_id]:
            shown = quote if len(quote) <= 60 else quote[:57] + "..."
            yield _finding(
                "error", "quote_not_in_source",
                f'quote "{shown}" of position {position_id} does not occur in the text of source {source_id}',
                position=position_id, source=source_id, actor=actor,
            )


def _inverted_active_periods(session: Session):
    for actor in session.scalars(select(Actor).where(Actor.active_until < Actor.active_from)):
        yield _finding(
            "error", "active_period_inverted",
            f"actor {actor.slug} is active until {actor.active_until}, before it is active from {actor.active_from}",
            actor=actor.slug,
        )


def _positions_outside_active_period(session: Session):
    rows = session.execute(
        select(Position, Actor)
        .join(Actor, Position.actor_id == Actor.id)
        .where(
            queries.live(),
            or_(Position.effective_on < Actor.active_from, Position.effective_on > Actor.active_until),
        )
        .order_by(Position.id)
    ).all()
    for position, actor in rows:
        period = PartialDate(position.effective_on, position.date_precision)
        # A coarse date overlapping the active period is not outside it.
        if actor.active_from and period.end >= actor.active_from and (
            actor.active_until is None or period.start <= actor.active_until
        ):
            continue
        span = f"{actor.active_from or '…'} to {actor.active_until or '…'}"
        yield _finding(
            "warning", "outside_active_period",
            f"position {position.id} of {actor.slug} is dated {period}, outside its active period {span}",
            position=position.id, actor=actor.slug,
        )


def _actions_after_their_sources(session: Session):
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
    rows = session.execute(
        select(Position.id, Position.effective_on, Position.date_precision, Actor.slug, latest.c.latest)
        .join(latest, latest.c.position_id == Position.id)
        .join(Actor, Position.actor_id == Actor.id)
        .where(
            queries.live(),
            Position.kind == "action",
            and_(latest.c.sources == latest.c.dated, Position.effective_on > latest.c.latest),
        )
        .order_by(Position.id)
    ).all()
    for position_id, effective_on, precision, actor, published in rows:
        yield _finding(
            "warning", "action_after_sources",
            f"action {position_id} of {actor} is dated {format_date(effective_on, precision)}, "
            f"after every source reporting it was published (latest {published})",
            position=position_id, actor=actor,
        )


def _sources_without_positions(session: Session):
    used = select(Evidence.source_id)
    for source in session.scalars(select(Source).where(Source.id.not_in(used)).order_by(Source.id)):
        yield _finding(
            "warning", "source_unused",
            f"source {source.id} ({source.slug or source.url or source.title}) supports no position",
            source=source.id,
        )
