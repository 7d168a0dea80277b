"""Analyses over linked claims: quote drift, independent origins, verdict conflicts, chart data.

Each analysis is plain Python over plain values (``drift``, ``origins``, ``conflicts``, ``charts``, with
``text``, ``quantities``, ``cues`` and ``attribution`` as their parts); ``library`` reads what they need
from a session, for the application service and the exports. Nothing here imports Qt.
"""
