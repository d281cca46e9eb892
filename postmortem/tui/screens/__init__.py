"""Screens and dialogs of the postmortem TUI."""
