"""Hostile and broken files, end to end through the service and the command line.

Each file of the corpus (hostile_corpus.py) is imported alone and inside a folder of good files into a
library that already holds articles, a claim and a verdict. Each gets one clear line naming it and its
problem; good files still import; nothing already stored changes; no script runs and nothing is fetched.
The per-format details are unit-tested in tests/workbench/ingest/; these tests are about the whole path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from crashkit import ROOT, cli_env, dump
from hostile_corpus import FORBIDDEN_WORDS, NEWLINE_NAME, NEWLINE_TEXT, SMALL_LIMIT, Case, cases

from tests.unprivileged import NOBODY, cli_as_nobody
from workbench.service import ImportResult, Workbench

CASES = cases(SMALL_LIMIT)
GOOD = {
    "good-1.txt": "Good report one: the ferry timetable changes on Monday.\n",
    "good-2.md": "# Good report two\n\nThe council approved the new quay.\n",
    "good-3.html": "<html><head><title>Good three</title></head><body><p>The lighthouse was repainted "
    "white and red by volunteers over the weekend.</p></body></html>",
}
UNTOUCHED_BY_IMPORT = (
    "claims", "claim_groups", "verdicts", "verdict_revisions", "evidence", "suggestions", "settings",
    "rating_scale", "alembic_version",
)


@pytest.fixture
def library(db_url: str) -> Iterator[tuple[Workbench, str]]:
    """A library (either backend) holding the sample articles, a claim with a verdict, and a setting;
    import limit SMALL_LIMIT."""
    db = db_url
    wb = Workbench.open(db, user="tester")
    wb.max_import_bytes = SMALL_LIMIT
    assert {r.status for r in wb.import_seeds()} == {"imported"}
    claim = wb.add_claim(1, start=0, end=12)
    wb.set_verdict(claim.group_id, rating="mixed", rationale="kept through every bad import")
    wb.set_setting("organisation", "Harbour Desk")
    yield wb, db
    wb.close()


def newline_names_allowed(folder: Path) -> bool:
    try:
        (folder / NEWLINE_NAME).write_text(NEWLINE_TEXT, encoding="utf-8")
    except OSError:
        return False
    return True


def assert_nothing_stored_changed(before: dict, after: dict, new_articles: set[int]) -> None:
    """Rows already stored are all still there, unchanged; only the new articles' rows were added."""
    for table in UNTOUCHED_BY_IMPORT:
        assert after[table] == before[table], f"{table} changed"
    for table, rows in before.items():
        if table == "sqlite_sequence":  # SQLite's own counters of the tables whose ids only grow
            continue
        assert set(rows) <= set(after[table]), f"a row of {table} changed or vanished"
    added = {row[0] for row in set(after["articles"]) - set(before["articles"])}
    assert added == new_articles


def assert_result_fits(case: Case, result: ImportResult, wb: Workbench, shown_path: Path) -> None:
    """A refused file: status error, one line naming the file and the problem. Kept: the text survives."""
    if case.refused:
        assert result.status == "error", result
        assert result.article_id is None
        assert "\n" not in result.message
        assert result.message.startswith(f"{shown_path}: "), result.message
        for word in case.refused:
            assert word in result.message, result.message
    else:
        assert result.status == "imported", result
        text = wb.get_article(result.article_id).text
        assert case.keeps in text
        assert not [w for w in FORBIDDEN_WORDS if w in text]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_alone_through_the_service(
    case: Case, library: tuple[Workbench, str], tmp_path: Path, no_network: list[object]
) -> None:
    wb, db = library
    path = tmp_path / "in" / case.name
    path.parent.mkdir()
    case.write(path)
    before = dump(db)
    [result] = wb.import_paths([path])
    assert_result_fits(case, result, wb, path)
    assert_nothing_stored_changed(before, dump(db), {result.article_id} if result.article_id else set())
    assert no_network == []


def hostile_folder(folder: Path, *, with_good: bool) -> list[Case]:
    """Write the corpus (plus good files and, where the file system allows, a name with a line break)."""
    folder.mkdir(parents=True)
    written = list(CASES)
    for case in CASES:
        case.write(folder / case.name)
    if newline_names_allowed(folder):
        written.append(Case(NEWLINE_NAME, lambda p: None, keeps=NEWLINE_TEXT.strip()))
    if with_good:
        for name, content in GOOD.items():
            (folder / name).write_text(content, encoding="utf-8")
    return written


def test_the_corpus_inside_a_folder_of_good_files_through_the_service(
    library: tuple[Workbench, str], tmp_path: Path, no_network: list[object]
) -> None:
    wb, db = library
    folder = tmp_path / "mixed"
    written = hostile_folder(folder, with_good=True)
    before = dump(db)
    results = wb.import_paths([folder, tmp_path / "does-not-exist"])
    by_name = {Path(r.path).name: r for r in results}
    assert len(results) == len(written) + len(GOOD) + 1  # one result per file, nothing twice
    for case in written:
        assert_result_fits(case, by_name[case.name], wb, folder / case.name)
    for name in GOOD:
        assert by_name[name].status == "imported", by_name[name]
    missing = by_name["does-not-exist"]
    assert missing.status == "error" and "no such file" in missing.message
    new = {r.article_id for r in results if r.article_id}
    assert_nothing_stored_changed(before, dump(db), new)
    assert no_network == []


# -- the command line ---------------------------------------------------------------------------


NO_NETWORK_SITE = textwrap.dedent(
    """
    import os, socket

    def _refuse(*args, **kwargs):
        with open(os.environ["NETWORK_ATTEMPTS"], "a") as log:
            log.write(repr(args) + "\\n")
        raise OSError("network access attempted during import")

    socket.socket.connect = lambda self, address: _refuse(address)
    socket.socket.connect_ex = lambda self, address: _refuse(address)
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    """
)


@pytest.fixture
def offline_cli(tmp_path: Path) -> Iterator[object]:
    """Run the CLI in a subprocess whose sockets refuse to connect (a sitecustomize patches them)."""
    site = tmp_path / "offline-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_NETWORK_SITE)
    attempts = tmp_path / "network-attempts.log"
    attempts.write_text("")
    env = cli_env(PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
                  NETWORK_ATTEMPTS=str(attempts))

    def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
        )

    yield run
    assert attempts.read_text() == "", "the CLI tried to reach the network"


def cli_case_files(folder: Path, chosen: list[Case] = CASES) -> list[tuple[Case, Path]]:
    """The corpus for the CLI's default limit: the over-limit file is a sparse file just over 50 MB."""
    from workbench.ingest import DEFAULT_MAX_BYTES

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for case in chosen:
        path = folder / case.name
        if case.name == "too-big.txt":
            with path.open("wb") as handle:
                handle.truncate(DEFAULT_MAX_BYTES + 1)
        else:
            case.write(path)
        files.append((case, path))
    return files


def check_cli_output(stdout: str, refused: list[tuple[Case, Path]]) -> None:
    """Each refused file is on exactly one line of the report, with 'error' and its problem."""
    lines = stdout.splitlines()
    for case, path in refused:
        shown = str(path).replace("\n", "\\n")
        hits = [line for line in lines if shown in line]
        assert len(hits) == 1, (case.name, hits)
        assert hits[0].startswith("error"), hits[0]
        for word in case.refused:
            assert word in hits[0], hits[0]


@pytest.mark.sqlite_only("time: one CLI process per file; PostgreSQL takes each file through the service above "
                        "and the whole corpus through the CLI below")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_alone_through_the_cli(
    case: Case, library: tuple[Workbench, str], tmp_path: Path, offline_cli
) -> None:
    wb, db = library
    before = dump(db)
    path = next(p for c, p in cli_case_files(tmp_path / "in", [case]))
    proc = offline_cli(db, "import", str(path))
    assert "Traceback" not in proc.stderr, proc.stderr
    if case.refused:
        assert proc.returncode == 1, (proc.stdout, proc.stderr)
        check_cli_output(proc.stdout, [(case, path)])
        assert_nothing_stored_changed(before, dump(db), set())
    else:
        assert proc.returncode == 0, (proc.stdout, proc.stderr)
        [new] = {row[0] for row in set(dump(db)["articles"]) - set(before["articles"])}
        assert_result_fits(case, ImportResult(path=str(path), status="imported", article_id=new), wb, path)
        assert_nothing_stored_changed(before, dump(db), {new})


def test_the_corpus_inside_a_folder_of_good_files_through_the_cli(
    library: tuple[Workbench, str], tmp_path: Path, offline_cli
) -> None:
    _wb, db = library
    folder = tmp_path / "mixed"
    files = cli_case_files(folder)
    if newline_names_allowed(folder):
        files.append((Case(NEWLINE_NAME, lambda p: None, keeps=NEWLINE_TEXT.strip()), folder / NEWLINE_NAME))
    for name, content in GOOD.items():
        (folder / name).write_text(content, encoding="utf-8")
    before = dump(db)

    proc = offline_cli(db, "import", str(folder), str(tmp_path / "does-not-exist"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    check_cli_output(proc.stdout, [(c, p) for c, p in files if c.refused])
    assert proc.stdout.count(str(tmp_path / "does-not-exist")) == 1
    # One line per file plus the header, the rule and the summary: no name spills onto a second line.
    assert len(proc.stdout.splitlines()) == len(files) + len(GOOD) + 1 + 3

    as_json = offline_cli(db, "import", str(folder), "--json")
    rows = {Path(r["path"]).name: r for r in json.loads(as_json.stdout)}
    for case, _path in files:
        expected = "error" if case.refused else "duplicate"  # the good ones went in on the first run
        assert rows[case.name]["status"] == expected, rows[case.name]
    for name in GOOD:
        assert rows[name]["status"] == "duplicate"
    added = {row[0] for row in set(dump(db)["articles"]) - set(before["articles"])}
    assert len(added) == len([c for c, _ in files if not c.refused]) + len(GOOD)
    assert_nothing_stored_changed(before, dump(db), added)


# -- a folder that cannot be read -------------------------------------------------------------------


def import_as_unprivileged_user(db: Path, paths: list[Path]) -> list[dict]:
    """Run the CLI's import as `nobody`, so permissions count; returns its JSON rows."""
    # The library is made (migrated) here: Alembic and its standard-library imports stay out of the child.
    Workbench.open(db).close()
    for made in db.parent.iterdir():
        os.chown(made, NOBODY, NOBODY)
    code, out, _err = cli_as_nobody(["--db", str(db), "import", *map(str, paths), "--json"])
    assert code == 1, f"the import should report the unreadable folder: {_err}"
    return json.loads(out)


def test_a_folder_without_permission_is_one_error_and_the_rest_imports() -> None:
    # Under /tmp with open permissions: when running as root, the import runs as `nobody`.
    top = Path(tempfile.mkdtemp(prefix="cw-permissions-"))
    try:
        top.chmod(0o755)
        (top / "good").mkdir()
        (top / "good" / "fine.txt").write_text("A report that anyone may read.\n", encoding="utf-8")
        locked = top / "locked"
        locked.mkdir()
        (locked / "secret.txt").write_text("A report in a folder nobody may list.\n", encoding="utf-8")
        libdir = top / "lib"
        libdir.mkdir()
        db = libdir / "library.sqlite3"
        locked.chmod(0)
        if os.geteuid() == 0:
            os.chown(libdir, NOBODY, NOBODY)
            rows = import_as_unprivileged_user(db, [top / "good", locked])
        else:
            proc = subprocess.run(
                [sys.executable, "-m", "workbench.cli", "--db", str(db), "import", str(top / "good"), str(locked),
                 "--json"], capture_output=True, text=True, env=cli_env(), timeout=120, cwd=ROOT,
            )
            assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
            rows = json.loads(proc.stdout)
        by_name = {Path(r["path"]).name: r for r in rows}
        assert by_name["fine.txt"]["status"] == "imported"
        assert by_name["locked"]["status"] == "error"
        assert by_name["locked"]["message"] == f"{locked}: cannot read folder (permission denied)"
        assert "secret.txt" not in by_name
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)
