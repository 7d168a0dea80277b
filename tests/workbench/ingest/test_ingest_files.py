"""Finding files to import and reading them: folders, hidden files, odd names, missing and unreadable paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from workbench.errors import ImportFailed
from workbench.ingest import SUPPORTED_SUFFIXES, iter_import_files, read_document

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def touch(path: Path, text: str = "Some text.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_supported_suffixes() -> None:
    assert frozenset(
        {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"}
    ) == SUPPORTED_SUFFIXES


def test_folders_are_expanded_recursively_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in [
        "b.txt", "a.md", "C.HTML", "sub/z.pdf", "sub/deeper/y.docx", "notes.odt", "image.png",
        ".hidden.txt", ".git/config.txt", "sub/.cache/x.txt", "~$lock.docx", "sub/noext",
    ]:
        touch(tmp_path / name)

    found = list(iter_import_files([tmp_path]))

    assert found == [
        tmp_path / "C.HTML",
        tmp_path / "a.md",
        tmp_path / "b.txt",
        tmp_path / "sub" / "deeper" / "y.docx",
        tmp_path / "sub" / "z.pdf",
    ]


def test_explicit_files_are_yielded_even_with_unknown_suffix(tmp_path: Path) -> None:
    odd = touch(tmp_path / "notes.odt")
    hidden = touch(tmp_path / ".hidden.txt")
    assert list(iter_import_files([odd, hidden])) == [odd, hidden]
    with pytest.raises(ImportFailed, match=r"notes\.odt: unsupported file type '\.odt' \(can import \.docx, "):
        read_document(odd)


def test_unknown_suffix_messages(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"README: file name has no suffix to tell its type"):
        read_document(touch(tmp_path / "README"))
    with pytest.raises(ImportFailed, match=r"old\.doc: old Word \.doc files cannot be imported; save it as \.docx"):
        read_document(touch(tmp_path / "old.doc"))


def test_missing_path_is_yielded_as_a_failure_and_the_rest_goes_on(tmp_path: Path) -> None:
    present = touch(tmp_path / "a.txt")
    missing = tmp_path / "missing.txt"

    found = list(iter_import_files([missing, present]))

    assert isinstance(found[0], ImportFailed)
    assert str(found[0]) == f"{missing}: no such file or folder"
    assert found[1] == present


def test_impossible_file_names(tmp_path: Path) -> None:
    bad = [Path("nul\x00byte.txt"), tmp_path / ("x" * 5000 + ".txt")]
    assert [str(item) for item in iter_import_files(bad)] == [
        "nul\x00byte.txt: not a valid file name",
        f"{bad[1]}: cannot access it (file name too long)",
    ]
    with pytest.raises(ImportFailed, match="not a valid file name"):
        read_document(bad[0])
    with pytest.raises(ImportFailed, match=r"cannot read file \(file name too long\)"):
        read_document(bad[1])


def test_read_document_on_missing_file_and_on_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"gone\.txt: no such file$"):
        read_document(tmp_path / "gone.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportFailed, match=r"folder\.txt: is a folder, not a file$"):
        read_document(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportFailed, match=r"pipe\.txt: not a regular file$"):
        read_document(fifo)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_folder_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    touch(tmp_path / "a.txt")
    locked = tmp_path / "b-locked"
    touch(locked / "secret.txt")
    touch(tmp_path / "c.txt")
    locked.chmod(0)
    try:
        found = list(iter_import_files([tmp_path]))
    finally:
        locked.chmod(0o755)
    if AS_ROOT:
        pytest.skip("root reads every folder; the code path is covered by the next test")
    assert found[0] == tmp_path / "a.txt"
    assert isinstance(found[1], ImportFailed)
    assert str(found[1]) == f"{locked}: cannot read folder (permission denied)"
    assert found[2] == tmp_path / "c.txt"


def test_folder_that_cannot_be_listed_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path / "a.txt")
    locked = tmp_path / "b-locked"
    touch(locked / "secret.txt")
    touch(tmp_path / "c.txt")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("workbench.ingest.files.os.scandir", scandir)
    found = list(iter_import_files([tmp_path]))
    assert found[0] == tmp_path / "a.txt"
    assert isinstance(found[1], ImportFailed)
    assert str(found[1]) == f"{locked}: cannot read folder (permission denied)"
    assert found[2] == tmp_path / "c.txt"
    assert [str(x) for x in iter_import_files([locked])] == [f"{locked}: cannot read folder (permission denied)"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = touch(tmp_path / "locked.txt")
    path.chmod(0)
    if not AS_ROOT:
        with pytest.raises(ImportFailed, match=r"locked\.txt: cannot read file \(permission denied\)$"):
            read_document(path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("workbench.ingest.files.open", refuse, raising=False)
    with pytest.raises(ImportFailed, match=r"locked\.txt: cannot read file \(permission denied\)$"):
        read_document(path)


def test_symlink_loop_does_not_recurse_forever(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    assert list(iter_import_files([tmp_path])) == [tmp_path / "a" / "x.txt"]


def test_broken_symlink_fails_in_read_document(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert isinstance(next(iter_import_files([tmp_path / "dangling.txt"])), ImportFailed)
    found = list(iter_import_files([tmp_path]))
    assert found == [tmp_path / "dangling.txt"]
    with pytest.raises(ImportFailed, match="no such file"):
        read_document(found[0])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "spaces and (parens) [1].txt",
        "caf\u00e9 \u2013 na\u00efve.md",
        "\u0441\u0442\u0430\u0442\u044c\u044f.txt",
        "\u6587\u7ae0.html",
        "emoji \U0001f600.txt",
        "quote's \"double\" & amp;.txt",
        "-leading-dash.txt",
        "many.dots.in.name.TXT",
    ],
)
def test_odd_characters_in_file_names(tmp_path: Path, name: str) -> None:
    path = touch(tmp_path / name, "<p>Body text.</p>" if name.endswith(".html") else "Body text.")
    assert list(iter_import_files([tmp_path])) == [path]
    assert read_document(path).text == "Body text."
    with pytest.raises(ImportFailed) as caught:
        read_document(path, max_bytes=3)
    assert str(caught.value).startswith(f"{path}: file is ")


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes only on Linux")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/latin1-\xe9t\xe9.txt"
    with open(raw, "wb") as file:
        file.write(b"Body text.")
    (path,) = iter_import_files([tmp_path])
    assert isinstance(path, Path)
    assert read_document(path).text == "Body text."


def test_paths_may_be_given_as_strings(tmp_path: Path) -> None:
    path = touch(tmp_path / "a.txt")
    assert list(iter_import_files([str(tmp_path)])) == [path]  # type: ignore[list-item]
    assert read_document(str(path)).text == "Some text."  # type: ignore[arg-type]
