"""Candidates as a draft bundle (SPEC.md's format) for the analyst to edit and import.

Each position carries the source and its quote as evidence; why it was
proposed is written as YAML comments above it. Strings are written as JSON
strings, which YAML reads as double-quoted scalars.
"""

from __future__ import annotations

import json

from policytrack.dates import format_date
from policytrack.extract.propose import Candidate


def _text(value) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def draft_bundle(source_label: str, source_ref, candidates: list[Candidate]) -> str:
    lines = [
        f"# Draft positions proposed by `policytrack extract` from source {source_label}.",
        "# Check each one against the article: fix or fill in stance and on (every null must go),",
        "# delete the ones that are wrong, then: policytrack import THIS_FILE",
        "positions:" if candidates else "positions: []",
    ]
    for candidate in candidates:
        lines.append("")
        lines.append(f"  # confidence {candidate.confidence:.2f}")
        lines.extend(f"  # {reason}" for reason in candidate.reasons)
        on = format_date(candidate.on, candidate.date_precision) if candidate.on else None
        lines += [
            f"  - actor: {_text(candidate.actor)}",
            f"    topic: {_text(candidate.topic)}",
            f"    stance: {_text(candidate.stance_label)}",
            f"    on: {_text(on)}",
            f"    kind: {candidate.kind}",
            "    evidence:",
            f"      - source: {_text(source_ref)}",
            f"        quote: {_text(candidate.quote)}",
        ]
    return "\n".join(lines) + "\n"
