"""Every key that works where help was asked for, with its current key (after the keymap)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

FIELD_KEYS = (
    ("tab / shift+tab", "next / previous field"),
    ("enter on a list or table", "open the selected entry"),
    ("ctrl+p", "command palette: every action by name"),
    ("time fields", "14:02 (on the incident date), 2026-11-26 14:02, or now"),
    ("lists", "comma separated (services, tags, people); one item per line in text boxes"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", "Close", id="postmortem.help-close")
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in [*self.rows, *FIELD_KEYS]), default=10) + 2
        text = Text()
        text.append("Keys here\n", style="bold")
        for key, description in self.rows:
            text.append(f"  {key:<{width}}", style="bold")
            text.append(f"{description}\n")
        text.append("\nEverywhere\n", style="bold")
        for key, description in FIELD_KEYS:
            text.append(f"  {key:<{width}}", style="bold")
            text.append(f"{description}\n")
        text.append(
            "\nRemap a key with a [keymap] table in ~/.config/postmortem/keymap.toml "
            "(binding ids are in docs/user-guide.md). Press escape to close.",
            style="dim",
        )
        with VerticalScroll(classes="dialog", id="help-dialog") as box:
            box.border_title = "Help"
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
