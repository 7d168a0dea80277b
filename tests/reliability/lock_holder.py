"""Another program using a library: `python lock_holder.py DB MODE [SECONDS]`, driven over stdin/stdout.

Modes:
- write: BEGIN IMMEDIATE, insert the setting 'held-by' = 'lock holder', print "locked", then commit after
  SECONDS (if given) or when a line "commit" or "rollback" arrives on stdin.
- open: open the library the way the app does (WAL) and read from it, print "open", keep the connection
  until stdin closes.
"""

from __future__ import annotations

import sqlite3
import sys
import time


def main() -> None:
    db, mode = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else None
    conn = sqlite3.connect(db, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("SELECT count(*) FROM articles").fetchone()
    if mode == "open":
        print("open", flush=True)
        sys.stdin.read()
        conn.close()
        return
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('held-by', 'lock holder')")
    print("locked", flush=True)
    if seconds is not None:
        time.sleep(seconds)
        command = "commit"
    else:
        command = sys.stdin.readline().strip()
    conn.execute("COMMIT" if command == "commit" else "ROLLBACK")
    print("released", flush=True)
    sys.stdin.read()
    conn.close()


if __name__ == "__main__":
    main()
