"""Extraction benchmark: ``policytrack extract`` against the gold set in tests/data/extract/.

Loads the seed data and the gold catalog into a scratch SQLite database,
stores each gold article as a source, proposes candidates for it and compares
them with the positions a careful analyst coded (each with a verbatim quote):

- recall: gold positions proposed with the right actor and topic from the
  sentence that carries the gold quote;
- precision: candidates that are such a match, or that repeat a gold
  position of the article elsewhere (same actor, topic and stance);
- stance, date (date and precision; a gold null wants a null) and kind:
  the share right among the recalled gold positions;
- seconds per article, after start-up (the first article's extra cost of
  loading the segmenter and stemmer is shown apart).

Figures are given for the articles the extractor was tuned on, for those
held out (``held_out: true``, written before the extractor and never used to
tune it), and for all.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract"


@dataclass
class Tally:
    gold: int = 0
    recalled: int = 0
    candidates: int = 0
    correct: int = 0
    stance: int = 0
    date: int = 0
    kind: int = 0
    seconds: float = 0.0
    articles: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # recalled, with a wrong stance, date or kind
    spurious: list[str] = field(default_factory=list)  # candidates that match no gold position

    def add(self, other: Tally) -> None:
        for name in ("gold", "recalled", "candidates", "correct", "stance", "date", "kind", "seconds", "articles"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.wrong += other.wrong
        self.spurious += other.spurious

    def line(self, label: str) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.2f}" if whole else "  - "

        return (
            f"{label:<10} {self.articles:>8} {self.gold:>5} {self.candidates:>10}  {share(self.recalled, self.gold):>6}"
            f"  {share(self.correct, self.candidates):>9}  {share(self.stance, self.recalled):>6}"
            f"  {share(self.date, self.recalled):>5}  {share(self.kind, self.recalled):>5}"
            f"  {self.seconds / self.articles if self.articles else 0:>9.3f}"
        )


def gold_articles() -> list[dict]:
    articles = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        if path.name == "catalog.yaml":
            continue
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
        record["path"] = path
        record["text"] = (path.parent / record["source"]["text_file"]).read_text(encoding="utf-8")
        articles.append(record)
    return articles


def _loader():
    from policytrack.bulk.yamlio import BundleLoader

    return BundleLoader


def build_database(directory: Path, articles: list[dict]):
    from policytrack.bulk.importer import import_files
    from policytrack.bulk.seeds import SEED_BUNDLES, seeds_dir
    from policytrack.db import Database
    from policytrack.models import Source
    from policytrack.sources import add_source

    database = Database(str(directory / "extract-bench.db"))
    database.upgrade()
    with database.session(write=True) as session:
        import_files(session, [seeds_dir() / name for name in SEED_BUNDLES] + [GOLD_DIR / "catalog.yaml"])
        for record in articles:
            source = record["source"]
            if session.query(Source).filter_by(slug=source["slug"]).first() is None:
                add_source(session, source["title"], slug=source["slug"], outlet=source.get("outlet"),
                           published=source.get("published_on"), content=record["text"])
    return database


def score(record: dict, candidates: list, text: str) -> Tally:
    from policytrack.dates import format_date, parse_date
    from policytrack.quotes import normalize_text

    tally = Tally(articles=1, candidates=len(candidates), gold=len(record["gold"]))
    gold_keys = {(g["actor"], g["topic"], str(g["stance"])) for g in record["gold"]}
    matched_candidates: set[int] = set()
    for gold in record["gold"]:
        quote = normalize_text(gold["quote"])
        found = [
            (number, c) for number, c in enumerate(candidates)
            if c.actor == gold["actor"] and c.topic == gold["topic"] and quote in normalize_text(c.sentence)
        ]
        if not found:
            tally.misses.append(f'{record["source"]["slug"]}: {gold["actor"]} {gold["topic"]} "{gold["quote"][:50]}"')
            continue
        number, candidate = found[0]
        matched_candidates.update(n for n, _ in found)
        tally.recalled += 1
        tally.stance += str(candidate.stance_label) == str(gold["stance"])
        want = parse_date(gold["on"]) if gold.get("on") is not None else None
        have = (format_date(candidate.on, candidate.date_precision) if candidate.on else None)
        tally.date += have == (str(want) if want else None)
        tally.kind += candidate.kind == gold["kind"]
        wrong = [
            f"{name} {have!r} not {want!r}" for name, have, want in (
                ("stance", candidate.stance_label, gold["stance"]),
                ("date", format_date(candidate.on, candidate.date_precision) if candidate.on else None,
                 str(parse_date(gold["on"])) if gold.get("on") is not None else None),
                ("kind", candidate.kind, gold["kind"]),
            ) if str(have) != str(want)
        ]
        if wrong:
            tally.wrong.append(f'{record["source"]["slug"]}: {gold["actor"]} {gold["topic"]}: {", ".join(wrong)}'
                               f' "{gold["quote"][:50]}"')
    for number, c in enumerate(candidates):
        if number in matched_candidates or (c.actor, c.topic, str(c.stance_label)) in gold_keys:
            tally.correct += 1
        else:
            tally.spurious.append(f'{record["source"]["slug"]}: {c.actor} {c.topic} {c.stance_label}'
                                  f' "{c.sentence[:50]}"')
    return tally


def run(args) -> None:
    from policytrack.extract.propose import propose
    from policytrack.extract.vocabulary import load_vocabulary
    from policytrack.models import Source

    articles = gold_articles()
    with tempfile.TemporaryDirectory() as scratch:
        database = build_database(Path(scratch), articles)
        with database.session(write=False) as session:
            started = time.perf_counter()
            vocabulary = load_vocabulary(session)
            propose(vocabulary, "Warm-up sentence about nothing at all.", None)
            startup = time.perf_counter() - started
            tallies = {"tuned": Tally(), "held out": Tally()}
            for record in articles:
                source = session.query(Source).filter_by(slug=record["source"]["slug"]).one()
                begun = time.perf_counter()
                for _ in range(args.repeat):
                    candidates = propose(vocabulary, source.content, source.published_on)
                seconds = (time.perf_counter() - begun) / args.repeat
                tally = score(record, candidates, source.content)
                tally.seconds = seconds
                tallies["held out" if record.get("held_out") else "tuned"].add(tally)
        database.dispose()
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    print(f"gold set: {GOLD_DIR} ({total.articles} articles, {total.gold} gold positions)")
    print("held out (written before the extractor, never tuned on): "
          + (", ".join(r["source"]["slug"] for r in articles if r.get("held_out")) or "none"))
    print(f"start-up (catalog, segmenter, stemmer): {startup:.3f} s")
    print(f"{'articles':<10} {'count':>8} {'gold':>5} {'candidates':>10}  {'recall':>6}  {'precision':>9}  "
          f"{'stance':>6}  {'date':>5}  {'kind':>5}  {'s/article':>9}")
    for label, tally in tallies.items():
        print(tally.line(label))
    print(total.line("all"))
    if args.misses:
        for heading, lines in (("missed:", total.misses), ("recalled with a wrong field:", total.wrong),
                               ("not in the gold:", total.spurious)):
            if lines:
                print(heading)
                for line in lines:
                    print(f"  {line}")


def register(subparsers) -> None:
    parser = subparsers.add_parser("extract", help="extraction: recall, precision, stance/date/kind, s/article")
    parser.add_argument("--repeat", type=int, default=5, help="runs per article for the timing")
    parser.add_argument("--misses", action="store_true",
                        help="list the gold positions missed or recalled wrong, and the candidates not in the gold")
    parser.set_defaults(run=run)
