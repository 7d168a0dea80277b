"""The ``claim-workbench`` command line: ``claim-workbench [--db DB] COMMAND ARGS [--json]``.

With no command it opens the desktop window.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from workbench import __version__
from workbench.errors import WorkbenchError

COMMAND_MODULES = (
    "library", "claims", "claimants", "matching", "references", "verdicts", "export", "maintenance", "analysis",
    "scales", "charts", "team", "assignments",
)
DEBUG_ENV = "CLAIM_WORKBENCH_DEBUG"
FRONT_ENDS = "claim_workbench.front_ends"  # entry-point group of installed front ends (the ui package)


def common_options() -> argparse.ArgumentParser:
    """--db and --json, accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="PATH_OR_URL",
        help="library file or SQLAlchemy URL (default: $CLAIM_WORKBENCH_DB or the user data folder)",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command registered."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="claim-workbench",
        parents=[common],
        description="Claim Workbench: mark claims in news articles, link them across outlets, record verdicts. "
        "Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--screenshot", metavar="PATH", help="render the main window to a PNG offscreen and exit")
    parser.add_argument("--palette", choices=("system", "light", "dark"), default="system",
                        help="the window's colours (default: the system's light or dark scheme)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"workbench.cli.{name}").register(sub, common)
    return parser


def _launch_gui(args: argparse.Namespace) -> int:
    """Open the desktop window (or render a screenshot), with a clear message when Qt cannot start."""
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "claim-workbench: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
            "cannot open.\nUse a command instead (claim-workbench --help), or run without a screen with "
            "QT_QPA_PLATFORM=offscreen, e.g.: QT_QPA_PLATFORM=offscreen claim-workbench --screenshot shot.png",
            file=sys.stderr,
        )
        return 1
    front_ends = entry_points(group=FRONT_ENDS, name="window")
    if not front_ends:
        print("claim-workbench: the desktop window is not installed (reinstall claim-workbench)", file=sys.stderr)
        return 1
    try:
        gui_main = next(iter(front_ends)).load()
    except ImportError as exc:
        print(f"claim-workbench: the desktop window is not available ({exc})", file=sys.stderr)
        return 1
    return int(gui_main(db=getattr(args, "db", None), screenshot=args.screenshot, palette=args.palette))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever goes wrong reaches the user as one line on stderr, never a traceback.

    Exit codes: 0 success, 1 some files failed to import (or a check found problems), 2 a usage or data
    error, 3 an internal error (a bug: set CLAIM_WORKBENCH_DEBUG=1 to see the traceback), 130 interrupted
    (Ctrl+C), 141 standard output was closed (e.g. piped into `head`).
    """
    try:
        return _run(argv)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        _say(f"internal error: {type(exc).__name__}: {first} (a bug; run with {DEBUG_ENV}=1 for details)")
        return 3


def _run(argv: Sequence[str] | None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(f"claim-workbench {__version__}")  # without loading every command (and the core) first
        return 0
    from workbench.cli.common import Context

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        return _launch_gui(args)
    ctx = Context(args)
    try:
        return int(args.func(ctx) or 0)
    except WorkbenchError as exc:
        _say(f"error: {exc}")
        return 2
    finally:
        ctx.close()


def _say(message: str) -> None:
    """One line on stderr, prefixed with the program's name (a closed stderr is ignored)."""
    text = message.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    try:
        print(f"claim-workbench: {text}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush cannot fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
