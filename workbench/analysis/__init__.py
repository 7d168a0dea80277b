"""Analyses over linked claims: quote drift, independent origins, verdict conflicts, chart data.

Plain Python over plain values (texts, ids, dates); the service feeds them from the database.
"""
