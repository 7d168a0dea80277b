"""The frozen app's entry point: the same command line as the installed `claim-workbench` script.

With no command it opens the window; `claim-workbench-frozen import PATH`, `--screenshot`, … work as usual.
"""

from __future__ import annotations

import multiprocessing

from workbench.cli import entry_point

if __name__ == "__main__":
    multiprocessing.freeze_support()
    entry_point()
