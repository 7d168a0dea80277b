"""Compact sentence vectors: int8 rows with a float32 scale each, stored as one blob, and the similarity scan.

A unit vector v is stored as round(127 * v / max|v|) with the scale max|v| / 127, so the cosine of two
stored vectors is (a . b) * scale_a * scale_b, exact to about 0.003. A blob is the n*d int8 values
followed by the n float32 scales (little-endian).

The scan (one query against every stored row) runs as an int8 matrix product in onnxruntime
(MatMulInteger: the VNNI instructions where the CPU has them), on the rows in place: memory stays the
int8 matrix itself (a quarter of float32).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import numpy as np

SCALE_BYTES = 4


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and float32 scales of float vectors (rows of zeros get scale 0)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    peak = np.abs(vectors).max(axis=1) if vectors.size else np.zeros(len(vectors), np.float32)
    scales = (peak / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0).astype(np.float32)
    rows = np.clip(np.rint(vectors / safe[:, None]), -127, 127).astype(np.int8)
    return rows, scales


def pack(vectors: np.ndarray) -> bytes:
    """The blob of float vectors (n x d)."""
    rows, scales = quantise(vectors)
    return rows.tobytes() + scales.astype("<f4").tobytes()


def unpack(blob: bytes, dimensions: int) -> tuple[np.ndarray, np.ndarray]:
    """(int8 rows n x d, float32 scales n) of a blob; raises ValueError when its size does not fit d."""
    size = dimensions + SCALE_BYTES
    if len(blob) % size:
        raise ValueError(f"a vector blob of {len(blob)} bytes does not hold {dimensions}-wide rows")
    n = len(blob) // size
    rows = np.frombuffer(blob, dtype=np.int8, count=n * dimensions).reshape(n, dimensions)
    scales = np.frombuffer(blob, dtype="<f4", count=n, offset=n * dimensions).astype(np.float32)
    return rows, scales


def to_float(rows: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Float32 vectors back from int8 rows and scales."""
    return rows.astype(np.float32) * scales[:, None]


def text_hash(text: str) -> str:
    """The key of the text a vector was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MANY_QUERIES = 4  # from this many query vectors on, the rows are scanned as uint8 (the VNNI kernel)


class Scanner:
    """Cosines of query vectors against int8 rows: an onnxruntime int8 matrix product, numpy without it.

    One query: int8 rows times the int8 query (onnxruntime's signed kernel streams the rows once). Many
    queries (batch matching): the rows are shifted to uint8 (+128, a bit flip) for onnxruntime's
    uint8 x int8 kernel, the one AVX512-VNNI runs, several times faster there; the shift is undone by
    the kernel's zero point, so both give the same integers.
    """

    def __init__(self) -> None:
        self._sessions: dict[bool, Any] = {}
        self._lock = threading.Lock()

    def _get(self, unsigned: bool) -> Any:
        with self._lock:
            if unsigned not in self._sessions:
                self._sessions[unsigned] = _matmul_integer_session(unsigned)
            return self._sessions[unsigned]

    def cosines(self, rows: np.ndarray, scales: np.ndarray, query_rows: np.ndarray,
                query_scales: np.ndarray) -> np.ndarray:
        """(len(rows) x len(query_rows)) float32 cosines from int8 rows and scales on both sides."""
        if len(rows) == 0 or len(query_rows) == 0:
            return np.zeros((len(rows), len(query_rows)), np.float32)
        unsigned = len(query_rows) >= MANY_QUERIES
        session = self._get(unsigned)
        queries = np.ascontiguousarray(query_rows.T)
        if session is None:  # pragma: no cover - onnxruntime is a dependency
            dots = rows.astype(np.int32) @ queries.astype(np.int32)
        elif unsigned:
            dots = session.run(None, {"A": rows.view(np.uint8) ^ np.uint8(0x80), "B": queries})[0]
        else:
            dots = session.run(None, {"A": rows, "B": queries})[0]
        found = dots.astype(np.float32)
        del dots
        found *= scales[:, None]
        found *= query_scales[None, :]
        return found


def _matmul_integer_session(unsigned: bool) -> Any:
    """An onnxruntime session computing int32 A @ B for int8 A (n x d) and int8 B (d x k); with unsigned, A is
    uint8 with zero point 128."""
    try:
        import onnxruntime as ort
    except ImportError:  # pragma: no cover
        return None
    graph = _graph(unsigned)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def _graph(unsigned: bool = False) -> bytes:
    """The serialised one-node ONNX model MatMulInteger(A int8 [n, d], B int8 [d, k]) -> C int32 [n, k]
    (unsigned: A uint8 with a zero point of 128, a constant of the graph).

    Written out by hand (protobuf wire format) so the runtime needs no ``onnx`` package.
    """

    def varint(value: int) -> bytes:
        out = bytearray()
        while True:
            byte = value & 0x7F
            value >>= 7
            if value:
                out.append(byte | 0x80)
            else:
                out.append(byte)
                return bytes(out)

    def field(number: int, payload: bytes) -> bytes:  # length-delimited
        return varint(number << 3 | 2) + varint(len(payload)) + payload

    def number(num: int, value: int) -> bytes:  # varint
        return varint(num << 3) + varint(value)

    def text(num: int, value: str) -> bytes:
        return field(num, value.encode())

    def dim(value: str) -> bytes:
        return field(1, text(2, value))  # TensorShapeProto.dim { dim_param }

    def value_info(name: str, elem_type: int, dims: tuple[str, str]) -> bytes:
        shape = b"".join(dim(d) for d in dims)
        tensor_type = number(1, elem_type) + field(2, shape)
        return text(1, name) + field(2, field(1, tensor_type))

    uint8, int8, int32 = 2, 3, 6
    node = text(1, "A") + text(1, "B") + (text(1, "zero") if unsigned else b"") + text(2, "C")
    node += text(4, "MatMulInteger")
    # TensorProto: data_type (2), name (8), raw_data (9): the scalar zero point 128
    zero = number(2, uint8) + text(8, "zero") + field(9, bytes([128]))
    graph = (field(1, node) + text(2, "scan") + (field(5, zero) if unsigned else b"")
             + field(11, value_info("A", uint8 if unsigned else int8, ("n", "d")))
             + field(11, value_info("B", int8, ("d", "k")))
             + field(12, value_info("C", int32, ("n", "k"))))
    opset = text(1, "") + number(2, 17)
    return number(1, 8) + field(7, graph) + field(8, opset)
