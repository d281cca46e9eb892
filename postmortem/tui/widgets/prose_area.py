"""The form's multi-line text box: entered from the keyboard, the cursor goes after the text."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class ProseArea(TextArea):
    """A `TextArea` that puts the cursor at the end of its text when it gets focus (tab,
    shift+tab, a jump from the problems panel), as a one-line `Input` does, so what is typed
    next follows the text instead of being glued to its first line.

    A click still places the cursor where clicked: the screen focuses the widget before it
    forwards the mouse-down, so the click's own cursor move comes after this one. A selection
    made before the focus arrives (`focus()` then `select_all()`) is kept."""

    def on_focus(self, event: events.Focus) -> None:
        # The terminal regaining focus (from_app_focus) leaves the cursor where it was.
        if not event.from_app_focus and self.selection.is_empty:
            self.move_cursor(self.document.end)
