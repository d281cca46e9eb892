"""Where a problem is, in the words of the form: `Action A2 · Owner` for `action_items[1].owner`.

The model names places by record path (`Problem.path`), which the CLI prints and the editor
jumps by; a person at the form reads the labels the form shows. No Textual here.
"""

from __future__ import annotations

import re
from datetime import datetime

from postmortem.model import Postmortem
from postmortem.tui.fields import LABELS, show_time, widget_for
from postmortem.tui.hand_written import notes_label

_ITEM = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?$")

# Lists of records, shown as tables or forms: what one row is called, and its fields.
_ROWS: dict[str, tuple[str, dict[str, str]]] = {
    "action_items": (
        "Action",
        {"id": "Id", "title": "Title", "owner": "Owner", "due": "Due", "tracker": "Tracker"},
    ),
    "timeline": ("Timeline entry", {"time": "Time", "text": "What happened"}),
    "communications": ("Customer message", {"time": "Time", "summary": "Summary"}),
    "response.communications": ("Customer message", {"time": "Time", "summary": "Summary"}),
    "extra_sections": (
        "Added section",
        {"title": "Title", "after": "Placed after", "body": "Text"},
    ),
}

# Paths whose widget's label would say something narrower than the path means.
_NAMES = {"id": "Id", "response": "Response", "response.failover": "Failover"}

# An ISO 8601 time with its offset, as the model writes times into messages.
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)")


def place(path: str, record: Postmortem | None = None) -> str:
    """The field at `path` as the form labels it; `path` itself when the form has no name."""
    if path in _NAMES:
        return _NAMES[path]
    if path.startswith("notes."):
        return notes_label(path.removeprefix("notes."))
    item = _ITEM.match(path)
    if item is not None:
        index = int(item["index"])
        field = item["field"]
        if item["list"] in _ROWS:
            noun, fields = _ROWS[item["list"]]
            row = f"{noun} {_row_name(item['list'], index, record)}"
            if field is None:
                return row
            return f"{row} · {fields.get(field, field.replace('_', ' ').capitalize())}"
        whole = place(item["list"], record)  # one line of a one-per-line box, say
        return f"{whole} · item {index + 1}" if whole != item["list"] else path
    widget_id = widget_for(path)
    return LABELS.get(widget_id or "", path)


def _row_name(list_path: str, index: int, record: Postmortem | None) -> str:
    """`A2` for an action item (its id, as the table shows it), else the row's number."""
    if list_path == "action_items" and record is not None and index < len(record.action_items):
        prefix, _, tail = record.action_items[index].id.rpartition("-")
        if prefix and tail[:1] == "A":
            return tail
    return f"item {index + 1}" if list_path == "action_items" else str(index + 1)


def readable_times(message: str, record: Postmortem) -> str:
    """The message with ISO times as the form shows them (`2026-11-26 22:55`)."""

    def shown(match: re.Match[str]) -> str:
        try:
            moment = datetime.fromisoformat(match.group())
        except ValueError:
            return match.group()
        return show_time(record, moment)

    return _ISO_TIME.sub(shown, message)
