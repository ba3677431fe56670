"""What an import did: records created and skipped, per kind."""

from __future__ import annotations

from collections import Counter

# The order in which the summary lists kinds.
KINDS = ("scales", "actors", "aliases", "topics", "sources", "positions", "evidence")


class ImportSummary:
    """Counts of records created and skipped (already present), per kind."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.dry_run = False  # counted, then rolled back

    def add(self, kind: str, created: int = 0, skipped: int = 0) -> None:
        self.created[kind] += created
        self.skipped[kind] += skipped

    def rows_created(self) -> int:
        return 0 if self.dry_run else sum(self.created.values())

    def _kinds(self) -> list[str]:
        seen = set(self.created) | set(self.skipped)
        return [kind for kind in KINDS if kind in seen] + sorted(seen - set(KINDS))

    def __str__(self) -> str:
        parts = [
            f"{kind}: {self.created[kind]} created, {self.skipped[kind]} skipped" for kind in self._kinds()
        ]
        counts = "; ".join(parts) if parts else "nothing to import"
        return f"dry run, nothing saved: {counts}" if self.dry_run else counts
