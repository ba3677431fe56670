"""Importing one bundle (YAML or JSON): scales, actors, topics, sources, positions.

Bundles are small, so a bundle is loaded whole and goes record by record
through the service functions. Records already in the database (same slug;
for sources the same slug, url or text, or for a source with none of these
the same title, outlet, author and dates) are skipped, unless they
contradict the bundle (a scale with other levels, an actor with another
parent ...): that is an error. Positions that are the same (actor, topic,
stance, date, precision, kind, retracted or not) are skipped and get the
new evidence.

Beyond SPEC.md's bundle format: a source may carry ``content`` (its text
inline) instead of ``text_file``, and a ``key`` by which evidence in the same
bundle refers to it (export writes one for sources without slug and url);
an evidence item may be just a source reference; a position with a
``retraction_reason`` but no ``retracted_at`` is retracted as it is imported
(``retracted_at`` without a reason is refused, like a retraction without one).

A ``text_file`` is read only at or below the bundle's folder unless the
import allows files outside it: a bundle from elsewhere must not copy any
file the user can read into the database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from policytrack.bulk.fields import (
    EVIDENCE_FIELDS,
    SECTIONS,
    aliases_field,
    date_field,
    integer_field,
    levels_field,
    parents_first,
    position_label,
    quote_field,
    read_records,
    record_where,
    text_field,
    timestamp_field,
)
from policytrack.bulk.locate import located
from policytrack.bulk.report import ImportSummary
from policytrack.bulk.yamlio import load_bundle
from policytrack.catalog import add_actor, add_scale, add_topic
from policytrack.checks import cycles_of, supersession_cycles
from policytrack.dates import format_date, optional_date, optional_start, parse_date, utcnow
from policytrack.edits import add_actor_alias
from policytrack.errors import Conflict, InvalidValue
from policytrack.lexicon import add_cues, add_keywords
from policytrack.models import Actor, Evidence, Position, PositionIdentity, Scale, Source, Topic, name_key
from policytrack.positions import add_evidence
from policytrack.quotes import quote_key
from policytrack.resolve import Resolver, SourceRef, get_actor, get_topic, scale_levels
from policytrack.sources import add_source, content_hash, read_text
from policytrack.vocabulary import BUILT_IN_SCALE, DEFAULT_ACTOR_KIND, DEFAULT_POSITION_KIND, actor_kind, position_kind

positions = cast(Table, Position.__table__)
evidence_table = cast(Table, Evidence.__table__)


class BundleImport:
    """Imports bundles into one session, counting what it creates and skips."""

    def __init__(
        self,
        session: Session,
        summary: ImportSummary,
        create_missing: bool = False,
        now: dt.datetime | None = None,
        allow_outside_files: bool = False,
    ):
        self.session = session
        self.summary = summary
        self.create_missing = create_missing
        self.allow_outside_files = allow_outside_files
        self.default_source: str | None = None
        self.now = now or utcnow()
        # Positions this import created or matched: a retracted position in
        # the bundle is matched to each existing retracted twin only once.
        self.claimed: set[int] = set()

    def run(
        self, path: Path, default_source: str | None = None, text: str | None = None, fmt: str | None = None
    ) -> None:
        """Import one bundle; ``default_source`` (a source reference) backs positions that give no evidence.

        ``text`` (in format ``fmt``) is the bundle itself when it was not read from ``path``
        (standard input): its text files are then read relative to the current directory.
        """
        self.default_source = default_source
        data = load_bundle(path, text, fmt)
        unknown = sorted(map(str, set(data) - set(SECTIONS)))
        if unknown:
            raise InvalidValue(f"{path}: unknown section {unknown[0]!r} (expected {', '.join(SECTIONS)})")
        records = {section: read_records(path, section, data.get(section)) for section in SECTIONS}
        self.names = Resolver(self.session, self.create_missing)
        self.source_refs: dict[str, SourceRef] = {}  # the bundle's own slugs, urls and keys -> the source
        self.position_keys: dict[str, int] = {}

        for index, record in records["scales"]:
            with located(record_where(path, "scales", index, record.get("slug"))):
                self._scale(record)
        for index, record in parents_first(path, "actors", records["actors"]):
            with located(record_where(path, "actors", index, record.get("slug"))):
                self._actor(record)
        for index, record in parents_first(path, "topics", records["topics"]):
            with located(record_where(path, "topics", index, record.get("slug"))):
                self._topic_record(record)
        for index, record in records["sources"]:
            with located(record_where(path, "sources", index, record.get("slug") or record.get("key"))):
                self._source(record, path.parent)
        supersessions = []
        for index, record in records["positions"]:
            where = record_where(path, "positions", index, position_label(record))
            with located(where):
                position_id = self._position(record)
            if record.get("supersedes") is not None:
                supersessions.append((where, position_id, str(record["supersedes"])))
        with located(str(path)):
            _refuse_key_cycles(records["positions"])
        for where, position_id, key in supersessions:
            with located(where):
                self._link_supersedes(position_id, key)
        for kind, count in self.names.created.items():  # by --create-missing
            self.summary.add(kind, created=count)
        if supersessions:
            # Keys in this bundle can name positions recorded before (the same
            # position again), whose links may close a cycle with the new ones.
            linked = {position_id for _, position_id, _ in supersessions}
            for cycle in supersession_cycles(self.session):
                if linked & set(cycle):
                    raise Conflict(f"{path}: its supersedes links close a cycle with positions already recorded: "
                                   + _described_cycle(cycle))

    # Scales -----------------------------------------------------------

    def _scale(self, record: dict) -> None:
        slug = text_field(record, "slug", required=True)
        levels = levels_field(record.get("levels")) if record.get("levels") is not None else None
        pivot = integer_field(record.get("pivot"), "pivot")
        existing = self.session.scalar(select(Scale).where(Scale.slug == slug))
        if existing is None:
            if levels is None:
                raise InvalidValue("a new scale needs levels")
            scale = add_scale(self.session, slug, text_field(record, "name") or "", levels, pivot)
            self.summary.add("scales", created=1)
            self._cues(scale, record.get("cues"))
            return
        have = scale_levels(existing)
        if (levels is not None and levels != have) or (pivot is not None and pivot != existing.pivot):
            described = ", ".join(f"{value} {label}" for value, label in sorted(have.items()))
            raise Conflict(
                f'scale "{slug}" already exists with other levels or pivot ({described}; pivot {existing.pivot})'
            )
        self.summary.add("scales", skipped=1)
        self._cues(existing, record.get("cues"))

    def _cues(self, scale: Scale, cues: object) -> None:
        """Merge a scale's ``cues: {LABEL: [PHRASE, ...]}``."""
        if cues is None:
            return
        if not isinstance(cues, dict):
            raise InvalidValue("cues must map level labels to lists of phrases")
        for label, phrases in cues.items():
            if isinstance(phrases, str):
                phrases = [phrases]
            if not isinstance(phrases, list):
                raise InvalidValue(f"cues of {label!r} must be a list of phrases")
            added, skipped = add_cues(self.session, scale, label, phrases)
            self.summary.add("cues", created=added, skipped=skipped)

    def _keywords(self, topic: Topic, keywords: object) -> None:
        """Merge a topic's ``keywords: [PHRASE, ...]``."""
        if keywords is None:
            return
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list):
            raise InvalidValue("keywords must be a list of phrases")
        added, skipped = add_keywords(self.session, topic, keywords)
        self.summary.add("keywords", created=added, skipped=skipped)

    # Actors -----------------------------------------------------------

    def _actor(self, record: dict) -> None:
        slug = text_field(record, "slug", required=True)
        kind = text_field(record, "kind")
        kind = actor_kind(kind) if kind is not None else None
        parent = text_field(record, "parent")
        aliases = aliases_field(record.get("aliases"))
        active_from = date_field(record, "active_from", end=False)
        active_until = date_field(record, "active_until", end=True)
        existing = self.session.scalar(select(Actor).where(Actor.slug == slug))
        if existing is None:
            add_actor(
                self.session, slug, text_field(record, "name") or "", kind=kind or DEFAULT_ACTOR_KIND, parent=parent,
                aliases=aliases, active_from=record.get("active_from"), active_until=record.get("active_until"),
                note=text_field(record, "note"),
            )
            self.summary.add("actors", created=1)
            self.summary.add("aliases", created=len(aliases))
            return
        differences = []
        if kind is not None and kind != existing.kind:
            differences.append(f"kind {existing.kind}")
        if parent is not None and get_actor(self.session, parent).id != existing.parent_id:
            differences.append(f"parent {existing.parent.slug if existing.parent else 'none'}")
        if active_from is not None and active_from != existing.active_from:
            differences.append(f"active_from {existing.active_from or 'none'}")
        if active_until is not None and active_until != existing.active_until:
            differences.append(f"active_until {existing.active_until or 'none'}")
        if differences:
            raise Conflict(f'actor "{slug}" already exists with ' + ", ".join(differences))
        self.summary.add("actors", skipped=1)
        held = {alias.alias_key for alias in existing.aliases}
        for alias in aliases:
            if name_key(alias) in held:
                self.summary.add("aliases", skipped=1)
            else:
                add_actor_alias(self.session, existing, alias)
                self.summary.add("aliases", created=1)

    # Topics -----------------------------------------------------------

    def _topic_record(self, record: dict) -> None:
        slug = text_field(record, "slug", required=True)
        scale = text_field(record, "scale")
        parent = text_field(record, "parent")
        existing = self.session.scalar(select(Topic).where(Topic.slug == slug))
        if existing is None:
            topic = add_topic(
                self.session, slug, text_field(record, "name") or "", scale=scale or BUILT_IN_SCALE, parent=parent,
                description=text_field(record, "description"),
            )
            self.summary.add("topics", created=1)
            self._keywords(topic, record.get("keywords"))
            return
        differences = []
        if scale is not None and scale != existing.scale.slug:
            differences.append(f"scale {existing.scale.slug}")
        if parent is not None and get_topic(self.session, parent).id != existing.parent_id:
            differences.append(f"parent {existing.parent.slug if existing.parent else 'none'}")
        if differences:
            raise Conflict(f'topic "{slug}" already exists with ' + ", ".join(differences))
        self.summary.add("topics", skipped=1)
        self._keywords(existing, record.get("keywords"))

    # Sources ----------------------------------------------------------

    def _source(self, record: dict, base_dir: Path) -> None:
        slug, url, key = text_field(record, "slug"), text_field(record, "url"), text_field(record, "key")
        content = _source_text(record, base_dir, self.allow_outside_files)
        digest = content_hash(content) if content is not None else None
        matches = {
            source.id: source
            for source in (
                self.session.scalar(select(Source).where(Source.slug == slug)) if slug else None,
                self.session.scalar(select(Source).where(Source.url == url)) if url else None,
                self.session.scalar(select(Source).where(Source.content_sha256 == digest)) if digest else None,
            )
            if source is not None
        }
        if not (slug or url or digest):
            # Nothing identifies it but its description: the same description is the same source.
            twin = self._described_source(record)
            if twin is not None:
                matches[twin.id] = twin
        if len(matches) > 1:
            raise Conflict(
                "its slug, url and text match different sources already present: "
                + ", ".join(str(source_id) for source_id in sorted(matches))
            )
        if matches:
            source = next(iter(matches.values()))
            _check_same_source(source, slug, url, digest, _description(record))
            self.summary.add("sources", skipped=1)
        else:
            source = add_source(
                self.session, text_field(record, "title") or "", url=url, outlet=text_field(record, "outlet"),
                author=text_field(record, "author"), published=record.get("published_on"), slug=slug,
                content=content, retrieved=record.get("retrieved_on"),
            )
            self.summary.add("sources", created=1)
        for ref in (slug, url, key):
            if ref is not None:
                if ref in self.source_refs and self.source_refs[ref].id != source.id:
                    raise Conflict(f'"{ref}" names two sources in this bundle')
                self.source_refs[ref] = SourceRef.of(source)

    def _described_source(self, record: dict) -> Source | None:
        """A source without slug, url and text that has this title, outlet, author and dates."""
        conditions = [
            getattr(Source, field).is_(None) if value is None else getattr(Source, field) == value
            for field, value in _description(record).items()
        ]
        return self.session.scalars(
            select(Source)
            .where(Source.slug.is_(None), Source.url.is_(None), Source.content_sha256.is_(None), *conditions)
            .order_by(Source.id)
        ).first()

    def _source_ref(self, ref: object) -> SourceRef:
        """A source by a reference of this bundle (slug, url or key), else by id, slug or url."""
        text = str(ref).strip()
        return self.source_refs.get(text) or self.names.source(text)

    # Positions --------------------------------------------------------
    #
    # Written with Core statements: ORM objects for every position and its
    # evidence would pile up in the session of a large bundle.

    def _position(self, record: dict) -> int:
        """Import one position record; return the id of the position it is."""
        actor_id = self.names.actor(text_field(record, "actor", required=True))
        topic = self.names.topic(text_field(record, "topic", required=True))
        if record.get("stance") is None:
            raise InvalidValue("stance is required")
        stance = self.names.stance(topic, record["stance"])
        if record.get("on") is None:
            raise InvalidValue("on (the date) is required")
        date = parse_date(record["on"], "date")
        kind = position_kind(text_field(record, "kind") or DEFAULT_POSITION_KIND)
        evidence = self._evidence(record.get("evidence"))
        recorded_at = timestamp_field(record.get("recorded_at"), "recorded_at")
        retracted_at = timestamp_field(record.get("retracted_at"), "retracted_at")
        reason = text_field(record, "retraction_reason", column=positions.c.retraction_reason)
        if reason is None and retracted_at is not None:
            raise InvalidValue("retracted_at without a retraction_reason: a retraction needs a reason")
        if reason is not None and retracted_at is None:
            retracted_at = self.now
        key = text_field(record, "key")
        if key is not None and key in self.position_keys:
            raise InvalidValue(f'the key "{key}" is used by another position of this bundle')

        identity = PositionIdentity(actor_id, topic.id, date.start, date.precision, kind, stance)
        position_id = self._twin(identity, retracted_at)
        if position_id is not None:
            self.summary.add("positions", skipped=1)
            for source_id, quote in evidence:
                added = add_evidence(self.session, position_id, source_id, quote)
                self.summary.add("evidence", created=int(added), skipped=int(not added))
        else:
            position_id = self.session.execute(
                insert(positions).values(
                    **identity._asdict(), summary=text_field(record, "summary", column=positions.c.summary),
                    recorded_at=recorded_at or self.now,
                    retracted_at=retracted_at, retraction_reason=reason,
                )
            ).inserted_primary_key[0]  # type: ignore[attr-defined]  # an INSERT's result is a CursorResult
            self.session.execute(
                insert(evidence_table),
                [{"position_id": position_id, "source_id": source_id, "quote": quote} for source_id, quote in evidence],
            )
            self.summary.add("positions", created=1)
            self.summary.add("evidence", created=len(evidence))
        self.claimed.add(position_id)
        if key is not None:
            self.position_keys[key] = position_id
        return position_id

    def _twin(self, identity: PositionIdentity, retracted_at: dt.datetime | None) -> int | None:
        """The id of the position already recorded that this one is the same as, if any."""
        same = identity.matches()
        if retracted_at is None:
            return self.session.scalar(select(positions.c.id).where(*same, positions.c.retracted_at.is_(None)))
        twins = self.session.execute(
            select(positions.c.id, positions.c.retracted_at)
            .where(*same, positions.c.retracted_at.is_not(None))
            .order_by(positions.c.id)
        ).all()
        for twin_id, twin_retracted_at in twins:
            if twin_retracted_at == retracted_at:
                return twin_id
        return next((twin_id for twin_id, _ in twins if twin_id not in self.claimed), None)

    def _evidence(self, items: object) -> list[tuple[int, str | None]]:
        """(source id, quote) of each evidence item, its quote checked against the source's text."""
        if items is None:
            items = []
        if not isinstance(items, list):
            raise InvalidValue("evidence must be a list of {source, quote} records")
        evidence = []
        keys = set()
        for number, item in enumerate(items):
            if isinstance(item, (str, int)):
                item = {"source": item}
            if not isinstance(item, dict):
                raise InvalidValue(f"evidence[{number}] must be a record with source and quote")
            unknown = sorted(map(str, set(item) - set(EVIDENCE_FIELDS)))
            if unknown:
                raise InvalidValue(f"evidence[{number}]: unknown field {unknown[0]!r} (expected source, quote)")
            if item.get("source") is None:
                raise InvalidValue(f"evidence[{number}] has no source")
            source = self._source_ref(item["source"])
            quote = quote_field(item)
            source.check_quote(quote)
            if (source.id, quote_key(quote)) not in keys:
                keys.add((source.id, quote_key(quote)))
                evidence.append((source.id, quote))
        if not evidence:
            if self.default_source is None:
                raise InvalidValue("no evidence: every position needs a source (add evidence or give --source)")
            evidence.append((self._source_ref(self.default_source).id, None))
        return evidence

    def _link_supersedes(self, position_id: int, key: str) -> None:
        target = self.position_keys.get(key)
        if target is None:
            raise InvalidValue(f'supersedes "{key}", which is not the key of a position in this bundle')
        if target == position_id:
            raise InvalidValue("a position cannot supersede itself")
        self.session.execute(
            update(positions)
            .where(positions.c.id == position_id, positions.c.supersedes_id.is_(None))
            .values(supersedes_id=target)
        )


# Sources ----------------------------------------------------------------


def _source_text(record: dict, base_dir: Path, allow_outside_files: bool = False) -> str | None:
    """The text given inline as ``content`` or in ``text_file`` (relative to the bundle)."""
    if record.get("content") is not None and record.get("text_file") is not None:
        raise InvalidValue("give the text as content or as text_file, not both")
    if record.get("text_file") is not None:
        return read_text(_text_file(str(record["text_file"]), base_dir, allow_outside_files), "text_file")
    content = record.get("content")
    if content is not None and not isinstance(content, str):
        raise InvalidValue("content must be text")
    return content


def _text_file(name: str, base_dir: Path, allow_outside_files: bool) -> Path:
    """The path of a ``text_file``; unless allowed, only files at or below the bundle's folder.

    A bundle from elsewhere must not read /etc/passwd or ~/.ssh into the
    database: absolute paths, ``..`` and links that lead out are refused.
    """
    path = base_dir / name
    if allow_outside_files:
        return path
    folder = base_dir.resolve()
    if Path(name).is_absolute() or not path.resolve().is_relative_to(folder):
        raise InvalidValue(
            f"text_file {name} is outside the bundle's folder {folder}: "
            "a bundle reads only files at or below its folder (--allow-outside-files lifts this)"
        )
    return path


def _description(record: dict) -> dict[str, object]:
    """A bundle source's describing fields, keyed by Source column, as they would be stored."""
    publication = optional_date(record.get("published_on"), "published_on")
    return {
        "title": text_field(record, "title", column=Source.title),
        "outlet": text_field(record, "outlet", column=Source.outlet),
        "author": text_field(record, "author", column=Source.author),
        "published_on": publication.start if publication else None,
        "published_precision": publication.precision if publication else None,
        "retrieved_on": optional_start(record.get("retrieved_on"), "retrieved_on"),
    }


def _check_same_source(
    source: Source, slug: str | None, url: str | None, digest: str | None, description: dict[str, object]
) -> None:
    """Refuse a bundle source that matches ``source`` but describes it otherwise, naming both versions.

    A field the bundle leaves out is no difference: a bundle may cite a source
    by its slug alone."""
    given = {"slug": slug, "url": url, **description}
    differences = [
        field for field, value in given.items() if value is not None and value != getattr(source, field)
    ]
    if digest is not None and source.content_sha256 is not None and digest != source.content_sha256:
        differences.append("text")
    if "published_precision" in differences:
        differences.remove("published_precision")
        if "published_on" not in differences:
            differences.append("published_on")
    if not differences:
        return

    def version(values: dict[str, object], text_digest: str | None) -> str:
        shown = [f"{field} {_shown(field, values)}" for field in differences if field != "text"]
        if "text" in differences or not shown:
            shown.append("no text" if text_digest is None else f"text sha256 {text_digest[:12]}")
        return ", ".join(shown)

    stored = {field: getattr(source, field) for field in given}
    raise Conflict(
        f"source {source.id} is already present with another {' and '.join(differences)}: it has "
        f"{version(stored, source.content_sha256)}; this bundle gives {version(given, digest)}"
    )


def _shown(field: str, values: dict[str, object]) -> str:
    """One field of a version of a source, as the conflict message shows it."""
    value = values[field]
    if value is None:
        return "none"
    if isinstance(value, dt.date):  # published_on at its precision, retrieved_on as a day
        precision = values["published_precision"] if field == "published_on" else "day"
        return format_date(value, str(precision or "day"))
    return repr(value) if field in ("title", "outlet", "author") else str(value)


def _refuse_key_cycles(records: list[tuple[int, dict]]) -> None:
    """Refuse positions of a bundle whose ``supersedes`` keys go round in a cycle."""
    links = {
        str(record["key"]).strip(): str(record["supersedes"]).strip()
        for _, record in records
        if record.get("key") is not None and record.get("supersedes") is not None
    }
    for cycle in cycles_of(links):
        raise InvalidValue("supersedes links form a cycle: " + _described_cycle([f'"{key}"' for key in cycle]))


def _described_cycle(cycle: list) -> str:
    steps = [f"{cycle[0]} supersedes {cycle[1 % len(cycle)]}"] + [
        f"which supersedes {cycle[(number + 1) % len(cycle)]}" for number in range(1, len(cycle))
    ]
    return ", ".join(steps)
