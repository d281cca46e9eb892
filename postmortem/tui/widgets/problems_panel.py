"""The problems panel: every problem from every provider, live; selecting one jumps to its field.

Providers are plain callables `record -> list[Problem]` (the model's validation, the form's
unreadable inputs, later wording and secrets checks), so a new source is one more callable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from postmortem.model import Level, Postmortem, Problem
from postmortem.tui.problem_places import place, readable_times

ProblemProvider = Callable[[Postmortem], list[Problem]]


def problem_label(problem: Problem, record: Postmortem | None = None) -> Text:
    """`✖ Action A2 · Owner  an open action item needs an owner`: the place as the form
    labels it (the path is for the CLI and for jumping), times as the form shows them."""
    error = problem.level is Level.ERROR
    mark = Text("✖ " if error else "▲ ", style="bold red" if error else "bold yellow")
    message = readable_times(problem.message, record) if record is not None else problem.message
    return Text.assemble(mark, (place(problem.path, record), "bold"), "  ", message)


def count_line(problems: Sequence[Problem]) -> str:
    errors = sum(1 for problem in problems if problem.level is Level.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "No problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


class ProblemsPanel(OptionList):
    """A list of problems; `Jump` is posted with the problem a person selected."""

    class Jump(Message):
        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, providers: Sequence[ProblemProvider], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.providers = list(providers)
        self.problems: list[Problem] = []
        self._shown: list[str] = []

    def collect(self, record: Postmortem) -> list[Problem]:
        """Ask every provider; errors first, then in the order the providers found them."""
        found = [problem for provider in self.providers for problem in provider(record)]
        found.sort(key=lambda problem: problem.level is not Level.ERROR)
        return found

    def check(self, record: Postmortem) -> list[Problem]:
        """Collect and show the problems of `record`."""
        found = self.collect(record)
        labels = [problem_label(problem, record) for problem in found]
        shown = [label.plain for label in labels]  # an item renamed: the same problems
        if found != self.problems or shown != self._shown:
            self.problems = found
            self._shown = shown
            highlighted = self.highlighted
            self.set_options(
                [Option(label) for label in labels]
                or [Option(Text("Nothing to fix.", style="dim"), disabled=True)]
            )
            if found and highlighted is not None:
                self.highlighted = min(highlighted, len(found) - 1)
            elif found and self.has_focus:
                self.highlighted = 0
        self.border_title = f"Problems · {count_line(found)}"
        return found

    def on_focus(self, event: events.Focus) -> None:
        """Focused (F3), the first problem is highlighted, so enter jumps at once."""
        if self.problems and self.highlighted is None:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.Jump(self.problems[event.option_index]))
