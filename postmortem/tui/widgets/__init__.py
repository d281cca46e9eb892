"""Widgets of the postmortem TUI.

The table editors are imported from their modules (`postmortem.tui.widgets.timeline_editor`,
...), not from here, so that importing one widget does not load the others.
"""
