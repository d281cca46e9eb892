"""Widgets of the postmortem TUI."""
