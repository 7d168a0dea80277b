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


class Scanner:
    """Cosines of query vectors against int8 rows, by onnxruntime's int8 matrix product (numpy without it).

    ``cosines`` (one query against every row) runs the signed kernel, which streams the rows once.
    Batch matching's ``tops`` and ``above`` shift the rows to uint8 (+128, a bit flip) for the uint8 x int8
    kernel, the one AVX512-VNNI runs; the graph's zero point undoes the shift, so every path gives the same
    integers, and scales them in the same float32 order.
    """

    def __init__(self) -> None:
        self._sessions: dict[str, Any] = {}
        self._lock = threading.Lock()

    def cosines(self, rows: np.ndarray, scales: np.ndarray, query_rows: np.ndarray,
                query_scales: np.ndarray) -> np.ndarray:
        """(len(rows) x len(query_rows)) float32 cosines from int8 rows and scales on both sides."""
        if len(rows) == 0 or len(query_rows) == 0:
            return np.zeros((len(rows), len(query_rows)), np.float32)
        session = self._get_graph("product")
        queries = np.ascontiguousarray(query_rows.T)
        if session is None:  # pragma: no cover - onnxruntime is a dependency
            dots = rows.astype(np.int32) @ queries.astype(np.int32)
        else:
            dots = session.run(None, {"A": rows, "B": queries})[0]
        found = dots.astype(np.float32)
        del dots
        found *= scales[:, None]
        found *= query_scales[None, :]
        return found

    def tops(self, rows: np.ndarray, scales: np.ndarray, skip: np.ndarray, query_rows: np.ndarray,
             query_scales: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Each query's count highest cosines over the rows not skipped, best first: (cosines k x t, row
        indices k x t), t = min(count, rows not skipped); ties give the lower row first.

        One onnxruntime call does the product, the scaling and the selection (``_top_graph``), so only the
        picks come back, not the n x k cosines. The cosines are the same float32 numbers ``cosines`` gives.
        """
        k = len(query_rows)
        count = min(count, len(rows) - int(np.count_nonzero(skip)))
        if count <= 0 or k == 0:
            return np.zeros((k, 0), np.float32), np.zeros((k, 0), np.int64)
        session = self._get_graph("top")
        if session is None:  # pragma: no cover - onnxruntime is a dependency
            found = np.ascontiguousarray(self.cosines(rows, scales, query_rows, query_scales).T)
            found[:, skip] = -np.inf
            order = np.argsort(-found, axis=1, kind="stable")[:, :count]
            return np.take_along_axis(found, order, axis=1), order
        bias = np.where(skip, SKIPPED, np.float32(0.0)).astype(np.float32)[:, None]
        values, indices = session.run(None, {
            **_feeds(rows, scales, query_rows), "QS": np.ascontiguousarray(query_scales, dtype=np.float32)[None, :],
            "BIAS": bias, "K": np.array([count], np.int64)})
        return values, indices

    def above(self, rows: np.ndarray, scales: np.ndarray, skip: np.ndarray, query_rows: np.ndarray,
              query_scales: np.ndarray, floors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (row, query) whose cosine is at least the query's floor, rows not skipped: (row indices,
        query indices, cosines), row by row (one onnxruntime call, ``_above_graph``)."""
        session = self._get_graph("above")
        if session is None:  # pragma: no cover - onnxruntime is a dependency
            found = self.cosines(rows, scales, query_rows, query_scales)
            found[skip] = -np.inf
            row, query = np.nonzero(found >= floors[None, :])
            return row, query, found[row, query]
        # the graph compares the rows' side (A . B) * S with each query's threshold, not the cosines
        thresholds = _thresholds(np.asarray(floors, np.float32), np.asarray(query_scales, np.float32))
        reached, partial = session.run(None, {**_feeds(rows, scales, query_rows), "FLOOR": thresholds[None, :]})
        where = np.flatnonzero(reached)  # row by row (numpy finds them far faster than ONNX's NonZero)
        where = where[~skip[where // reached.shape[1]]]  # a skipped row (no vector: scale 0) has the cosine 0
        found_rows, found_queries = where // reached.shape[1], where % reached.shape[1]
        return found_rows, found_queries, partial.ravel()[where] * query_scales.astype(np.float32)[found_queries]

    def _get_graph(self, name: str) -> Any:
        with self._lock:
            if name not in self._sessions:
                self._sessions[name] = _session(name)
            return self._sessions[name]


def _thresholds(floors: np.ndarray, query_scales: np.ndarray) -> np.ndarray:
    """Per query, the least float32 t with float32(t * scale) >= floor: a rows' side value g = (A . B) * S
    reaches the floor exactly when g >= t (rounding a product by a positive scale never reverses an order).
    A zero scale makes every cosine 0: t is -inf when 0 reaches the floor, +inf otherwise."""
    out = np.empty(len(floors), np.float32)
    for k, (floor, scale) in enumerate(zip(floors.tolist(), query_scales.tolist(), strict=True)):
        floor32, scale32 = np.float32(floor), np.float32(scale)
        if np.isneginf(floor32):
            out[k] = -np.inf
        elif scale32 <= 0:
            out[k] = -np.inf if floor32 <= 0 else np.inf
        else:
            t = np.float32(float(floor32) / float(scale32))
            while np.isfinite(t) and t * scale32 >= floor32:  # step down below the least one ...
                t = np.nextafter(t, np.float32(-np.inf))
            while t * scale32 < floor32:  # ... then up to it
                t = np.nextafter(t, np.float32(np.inf))
            out[k] = t
    return out


SKIPPED = np.float32(-3.0e38)  # added to a skipped row's values: below anything a real row gets


def _feeds(rows: np.ndarray, scales: np.ndarray, query_rows: np.ndarray) -> dict[str, np.ndarray]:
    """The inputs of ``_rows_side``: rows as uint8 (zero point 128), queries, the rows' scales."""
    return {"A": rows.view(np.uint8) ^ np.uint8(0x80), "B": np.ascontiguousarray(query_rows.T),
            "S": np.ascontiguousarray(scales, dtype=np.float32)[:, None]}


def _session(graph: str) -> Any:
    """An onnxruntime session of one of the graphs: "product" (``_graph``), "top" or "above"."""
    try:
        import onnxruntime as ort
    except ImportError:  # pragma: no cover
        return None
    model = {"product": _graph, "top": _top_graph, "above": _above_graph}[graph]()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


# -- the graphs, written out by hand (protobuf wire format) so the runtime needs no ``onnx`` package ------------

_UINT8, _INT8, _INT32, _INT64, _FLOAT, _BOOL = 2, 3, 6, 7, 1, 9  # TensorProto.DataType


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:  # length-delimited
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _number(num: int, value: int) -> bytes:  # varint
    return _varint(num << 3) + _varint(value)


def _text(num: int, value: str) -> bytes:
    return _field(num, value.encode())


def _node(op: str, inputs: tuple[str, ...], outputs: tuple[str, ...], **attributes: int | list[int]) -> bytes:
    """A NodeProto with integer (INT) or integer-list (INTS) attributes."""
    body = b"".join(_text(1, i) for i in inputs) + b"".join(_text(2, o) for o in outputs) + _text(4, op)
    for name, value in attributes.items():
        if isinstance(value, list):  # AttributeProto: name 1, ints 8, type 20 (INTS = 7)
            attribute = _text(1, name) + b"".join(_number(8, v) for v in value) + _number(20, 7)
        else:  # i 3, type INT = 2
            attribute = _text(1, name) + _number(3, value) + _number(20, 2)
        body += _field(5, attribute)
    return _field(1, body)  # GraphProto.node


def _value_info(name: str, elem_type: int, dims: tuple[str | int, ...]) -> bytes:
    shape = b"".join(_field(1, _number(1, d) if isinstance(d, int) else _text(2, d)) for d in dims)
    tensor_type = _number(1, elem_type) + _field(2, shape)
    return _text(1, name) + _field(2, _field(1, tensor_type))


def _zero_point() -> bytes:
    """GraphProto.initializer: the uint8 scalar 128 named "zero" (TensorProto data_type 2, name 8, raw_data 9)."""
    return _field(5, _number(2, _UINT8) + _text(8, "zero") + _field(9, bytes([128])))


def _model(graph: bytes) -> bytes:
    opset = _text(1, "") + _number(2, 17)
    return _number(1, 8) + _field(7, graph) + _field(8, opset)


def _graph() -> bytes:
    """The serialised one-node ONNX model MatMulInteger(A int8 [n, d], B int8 [d, k]) -> C int32 [n, k]."""
    graph = (_node("MatMulInteger", ("A", "B"), ("C",)) + _text(2, "scan")
             + _field(11, _value_info("A", _INT8, ("n", "d"))) + _field(11, _value_info("B", _INT8, ("d", "k")))
             + _field(12, _value_info("C", _INT32, ("n", "k"))))
    return _model(graph)


def _rows_side() -> tuple[bytes, bytes]:
    """(nodes, inputs) computing G [n, k] = (A . B) * S, the rows' side of the cosines, as ``Scanner.cosines``
    does: A uint8 [n, d] (int8 rows shifted by 128, the zero point), B int8 [d, k], S float [n, 1]."""
    nodes = (_node("MatMulInteger", ("A", "B", "zero"), ("C",)) + _node("Cast", ("C",), ("F",), to=_FLOAT)
             + _node("Mul", ("F", "S"), ("G",)))
    inputs = (_zero_point() + _field(11, _value_info("A", _UINT8, ("n", "d")))
              + _field(11, _value_info("B", _INT8, ("d", "k"))) + _field(11, _value_info("S", _FLOAT, ("n", 1))))
    return nodes, inputs


def _top_graph() -> bytes:
    """The ONNX model of ``Scanner.tops``: per query, the K highest of (A . B) * S * QS + BIAS over the rows.

    A, B, S as ``_rows_side``; QS float [1, k] the queries' scales, BIAS float [n, 1] (0, or a large negative
    number for rows to pass over), K int64 [1]; outputs V float [k, K] and I int64 [k, K], each query's values
    best first (ties: the lower row first). The products are the float32 operations ``Scanner.cosines``
    does, in its order.
    """
    nodes, inputs = _rows_side()
    nodes += (_node("Mul", ("G", "QS"), ("Q",)) + _node("Add", ("Q", "BIAS"), ("H",))
              + _node("Transpose", ("H",), ("T",), perm=[1, 0]) + _node("TopK", ("T", "K"), ("V", "I"), axis=1))
    graph = (nodes + _text(2, "tops") + inputs
             + _field(11, _value_info("QS", _FLOAT, (1, "k"))) + _field(11, _value_info("BIAS", _FLOAT, ("n", 1)))
             + _field(11, _value_info("K", _INT64, (1,)))
             + _field(12, _value_info("V", _FLOAT, ("k", "t"))) + _field(12, _value_info("I", _INT64, ("k", "t"))))
    return _model(graph)


def _above_graph() -> bytes:
    """The ONNX model of ``Scanner.above``: whether (A . B) * S >= FLOOR, for every row and query, and those
    values.

    A, B, S as ``_rows_side``, with FLOOR float [1, k] (per query, the threshold of the rows' side,
    ``_thresholds``); outputs M bool [n, k] and G float [n, k], (A . B) * S, which times QS are the cosines.
    One product fewer than the cosines of every pair, and no selection in the graph: ONNX's NonZero took half
    as long as the matrix product, numpy's takes a twentieth.
    """
    nodes, inputs = _rows_side()
    graph = (nodes + _node("GreaterOrEqual", ("G", "FLOOR"), ("M",)) + _text(2, "above") + inputs
             + _field(11, _value_info("FLOOR", _FLOAT, (1, "k")))
             + _field(12, _value_info("M", _BOOL, ("n", "k"))) + _field(12, _value_info("G", _FLOAT, ("n", "k"))))
    return _model(graph)
