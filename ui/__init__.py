"""Claim Workbench desktop front end (PySide6) over workbench.service."""
