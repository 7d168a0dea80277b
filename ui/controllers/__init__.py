"""Composed controllers of the main window: library (open, import, export), review (claims), matching."""
