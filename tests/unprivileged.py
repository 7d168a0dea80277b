"""Run the command line as the unprivileged user `nobody`, so that file permissions count when the tests run as root.

The interpreter may live where `nobody` cannot read (e.g. under /root), so the command runs in a child forked
from the test process, with every module it needs loaded before the fork, instead of a new interpreter.
"""

from __future__ import annotations

import contextlib
import io
import json
import os

NOBODY = 65534


def cli_as_nobody(args: list[str]) -> tuple[int, str, str]:
    """workbench.cli.main(args) as `nobody`: (exit code, stdout, stderr)."""
    import workbench.cli
    import workbench.cli.common
    import workbench.ingest.encoding
    import workbench.ingest.metadata
    import workbench.ingest.text  # loaded now: the child may not read the interpreter's files
    from workbench.matching.index_version import search_index_version

    search_index_version()  # read from package metadata (with the standard library's email parser) and kept

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, run the command, send what it printed back
        code = 99
        out, err = io.StringIO(), io.StringIO()
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = workbench.cli.main(args)
        finally:
            os.write(write_end, json.dumps({"out": out.getvalue(), "err": err.getvalue()}).encode())
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _pid, status = os.waitpid(pid, 0)
    printed = json.loads(b"".join(chunks))
    return os.waitstatus_to_exitcode(status), printed["out"], printed["err"]
