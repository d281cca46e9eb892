"""The repository's rules that the model needs: severities, time zone, id prefix, required sections.

The store reads them from `.postmortem.toml`; the model only consumes them, so it stays free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

DEFAULT_SEVERITIES: tuple[str, ...] = ("SEV1", "SEV2", "SEV3", "SEV4")

# Section keys a severity may require (see `sections.SECTION_KEYS`).
DEFAULT_REQUIRED: dict[str, tuple[str, ...]] = {
    "SEV1": (
        "summary",
        "impact",
        "trigger",
        "detection",
        "resolution",
        "timeline",
        "contributing_factors",
        "action_items",
        "communications",
    ),
    "SEV2": (
        "summary",
        "impact",
        "trigger",
        "resolution",
        "timeline",
        "contributing_factors",
        "action_items",
    ),
    "SEV3": ("summary", "impact", "resolution", "action_items"),
    "SEV4": ("summary",),
}


@dataclass(frozen=True)
class Policy:
    severities: tuple[str, ...] = DEFAULT_SEVERITIES
    timezone: str = "UTC"
    id_prefix: str = "PM"
    required_sections: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_REQUIRED)
    )
    # Customer-update cadence from the response practice: a longer silence is a finding.
    max_update_gap_hours: float = 24.0

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def required_for(self, severity: str) -> tuple[str, ...]:
        return self.required_sections.get(severity, ())
