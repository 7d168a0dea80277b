"""The shipped sentence encoder: offline, lazy, and faithful to the original network."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.matching.encoder import MODEL_DIR, Encoder, model_info, shared_encoder
from workbench.service import Workbench

SENTENCES = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
    "Russia is still awaiting the U.S. and NATO's response to its sweeping demands for a new security settlement "
    "in Europe",
    "We are now awaiting responses to these proposals -- as we were promised -- in order to continue negotiations",
    "We're currently waiting for the promised answers in order to continue negotiations",
    "Ukraine borders Belarus to the south and NATO member Poland to the west.",
]
# Cosines of the original network (float32 weights, computed in float64 with numpy by
# tools/build_encoder.py's reference_embed). Rows 0-2 are sentence-transformers' published example:
# 0.6660, 0.1046, 0.1411.
REFERENCE = {
    (0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411, (3, 4): 0.4842, (3, 5): 0.4637, (3, 6): 0.3929,
    (4, 5): 0.8169, (4, 6): 0.0438, (5, 6): 0.0830, (2, 3): -0.2019,
}
INT8_TOLERANCE = 0.03  # the shipped model is int8: within this of the original's cosines


def test_the_encoder_reproduces_the_original_networks_similarities() -> None:
    vectors = shared_encoder().encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), model_info().dimensions)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    cosines = vectors @ vectors.T
    for (a, b), expected in REFERENCE.items():
        assert cosines[a, b] == pytest.approx(expected, abs=INT8_TOLERANCE), (a, b)
    # the ranking the reviewer sees survives quantisation: the paraphrase is nearer than the rest
    assert cosines[4, 5] > cosines[3, 4] > cosines[4, 6]


def test_a_texts_vector_does_not_depend_on_what_is_encoded_beside_it() -> None:
    encoder = shared_encoder()
    alone = encoder.encode([SENTENCES[3]])[0]
    among = encoder.encode(SENTENCES)[3]
    assert np.array_equal(alone, among)


def test_the_model_files_are_the_ones_described_and_licensed() -> None:
    manifest = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest() == digest, name
    assert manifest["version"] == "onnx-int8-" + manifest["files"]["encoder.onnx"][:12]
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text(encoding="utf-8")
    notice = (MODEL_DIR / "NOTICE").read_text(encoding="utf-8")
    assert "sentence-transformers/all-MiniLM-L6-v2" in notice and "quantised" in notice
    assert model_info().key == f"all-MiniLM-L6-v2/{manifest['version']}"


def test_encoding_never_touches_the_network(no_network: list[object]) -> None:
    encoder = Encoder(threads=1)
    try:
        encoder.encode(["Nothing here is downloaded."])
    finally:
        encoder.close()
    assert no_network == []
    assert socket.socket.connect is not None  # the fixture's patch was active


def test_commands_that_do_not_embed_do_not_load_the_model(tmp_path: Path) -> None:
    code = ("import sys; from workbench.cli import main; main(['--db', sys.argv[1], 'articles']); "
            "print(sorted(m for m in ('onnxruntime', 'tokenizers', 'numpy') if m in sys.modules))")
    library = str(tmp_path / "library.sqlite3")
    out = subprocess.run([sys.executable, "-c", code, library], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_asking_what_waits_to_be_embedded_loads_no_model(seeded: Workbench) -> None:
    """The window asks on every opening; with everything embedded the answer needs SQL only."""
    seeded.embed_pending()
    code = ("import sys; from workbench.service import Workbench; wb = Workbench.open(sys.argv[1]); "
            "print(wb.embedding_status().pending); wb.close(); "
            "print(sorted(m for m in ('onnxruntime', 'tokenizers', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, seeded.db.url], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-2:] == ["0", "[]"]
