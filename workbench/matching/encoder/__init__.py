"""The sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX model, run by onnxruntime on the CPU.

The model files ship in ``model/`` beside this module (made by ``tools/build_encoder.py``; licence and
NOTICE beside them). Nothing is downloaded: a missing or damaged file is an error naming it. Loading is
lazy — importing this module reads only the small ``model.json`` — so commands that never embed never
pay for onnxruntime or the 23 MB model.

Each text runs on its own (batch of one): the int8 activations are quantised per run, so batching
would make a text's vector depend on its neighbours; one text per run keeps every vector a function of
its text alone. Throughput comes from running texts on every core at once (one session, several
threads; onnxruntime releases the GIL) and from the int8 kernels (AVX512-VNNI where the CPU has it).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    import numpy as np

MODEL_DIR = Path(__file__).with_name("model")
MAX_THREADS = 8


class EncoderUnavailable(WorkbenchError):
    """The sentence encoder cannot be loaded (a model file or onnxruntime is missing or damaged)."""


@dataclass(frozen=True)
class ModelInfo:
    """Which model made a vector: stored beside every vector, so a model change means re-embedding."""

    name: str
    version: str
    dimensions: int
    max_tokens: int

    @property
    def key(self) -> str:
        """name/version, as stored with vectors."""
        return f"{self.name}/{self.version}"


@cache
def model_info(model_dir: Path = MODEL_DIR) -> ModelInfo:
    """The shipped model's name, version and size (read from model.json, not the model itself)."""
    path = model_dir / "model.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ModelInfo(data["name"], data["version"], int(data["dimensions"]), int(data["max_tokens"]))
    except (OSError, ValueError, KeyError) as exc:
        raise EncoderUnavailable(f"{path}: cannot read the sentence encoder's description ({exc})") from exc


def default_threads() -> int:
    """The cores this process may use (at most MAX_THREADS)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, count))


ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class Encoder:
    """Texts to unit-length sentence vectors (float32, model_info().dimensions wide)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int | None = None) -> None:
        self.info = model_info(model_dir)
        self.threads = threads or default_threads()
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise EncoderUnavailable(f"the sentence encoder needs {exc.name}, which is not installed") from exc
        for name in ("encoder.onnx", "tokenizer.json"):
            if not (model_dir / name).is_file():
                raise EncoderUnavailable(f"{model_dir / name}: the sentence encoder's file is missing")
        try:
            self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1  # parallel across texts instead (see the module docstring)
            options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            self._session: Any = ort.InferenceSession(
                str(model_dir / "encoder.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own types for a damaged file
            raise EncoderUnavailable(f"{model_dir}: the sentence encoder cannot be loaded ({exc})") from exc
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self.info.max_tokens)
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="encoder") if self.threads > 1 else None

    def close(self) -> None:
        """Stop the worker threads."""
        if self._pool is not None:
            self._pool.shutdown()

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """How many word pieces each text has (with the two special tokens, after truncation)."""
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts))]

    def _run(self, ids: list[int]) -> np.ndarray:
        import numpy as np

        array = np.asarray([ids], dtype=np.int64)
        result = self._session.run(["embeddings"], {"input_ids": array, "attention_mask": np.ones_like(array)})
        return np.asarray(result[0][0], dtype=np.float32)

    def encode(
        self,
        texts: Sequence[str],
        *,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
    ) -> np.ndarray:
        """The vectors of texts, one row each (an empty text gets the vector of no words).

        progress(done, total) is called now and then; when cancelled() turns true the rows not yet
        computed are left as zeros and the call returns early.
        """
        import numpy as np  # here, not at import: the window asks what waits to be embedded before loading this

        out = np.zeros((len(texts), self.info.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        done = 0
        step = 64
        for begin in range(0, len(encodings), step):
            if cancelled is not None and cancelled():
                break
            chunk = encodings[begin : begin + step]
            rows = list(self._pool.map(self._run, chunk)) if self._pool else [self._run(ids) for ids in chunk]
            out[begin : begin + len(rows)] = rows
            done += len(rows)
            if progress is not None:
                progress(done, len(texts))
        return out


_shared: Encoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> Encoder:
    """The process's encoder, loaded on first use (about 0.2 s) and kept."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Encoder()
        return _shared
