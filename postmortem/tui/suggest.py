"""Completion of people's names in comma lists (authors, reviewers), as Input suggesters."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.suggester import Suggester


class SuggestNames(Suggester):
    """Completes the name being typed after the last comma, from `names()` (asked each time:
    the roster, and the people the record already names). Names already in the list are not
    offered again; the case of what was typed before is kept, the name's own case completes.
    """

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        # case_sensitive: the suggester sees the text as typed (it must return it unchanged).
        super().__init__(use_cache=False, case_sensitive=True)
        self._names = names

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        listed = {part.strip().casefold() for part in head.split(",")}
        wanted = typed.casefold()
        for name in self._names():
            folded = name.casefold()
            if folded.startswith(wanted) and len(name) > len(typed) and folded not in listed:
                return value[: len(value) - len(typed)] + name
        return None
