#!/usr/bin/env python3
"""Sentence encoder speed: passages per second on this machine's cores, beside its arithmetic limit.

Ours: the shipped int8 ONNX model (``workbench.matching.encoder``), one text per run, on 1 and on all
cores. The limit: the same CPU's int8 matrix-product throughput measured with onnxruntime's own kernel
(MatMulInteger with prepacked weights, the shape of the model's feed-forward layer), and the theoretical
peak from the clock. Baseline: the original network in numpy float32 (length-sorted batches, one core),
as the issue measured it; it needs the upstream weights (``--upstream DIR`` or downloaded with pip as
tools/build_encoder.py does).

Usage: python benchmarks/bench_encoder.py [--upstream DIR] [--texts N] [--write]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # the numpy baseline runs on one core (set before numpy loads)

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from benchmarks.results import replace_section  # noqa: E402
from workbench.matching.encoder import Encoder  # noqa: E402
from workbench.matching.passages import matching_text, split_passages  # noqa: E402

LAYERS, HIDDEN, FFN = 6, 384, 1536
MACS_PER_TOKEN = LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN)  # projections and feed-forward


def passages(count: int) -> list[str]:
    """Real news passages: the seed articles' passages, repeated to count."""
    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [matching_text(text[s:e]) for s, e in split_passages(text)]
    return (found * (count // len(found) + 1))[:count]


def operations(token_counts: list[int]) -> float:
    """Arithmetic operations (2 per multiply-add) of encoding texts with these token counts."""
    total = 0.0
    for t in token_counts:
        attention = LAYERS * 2 * t * t * HIDDEN  # scores and weighted values
        total += 2 * (t * MACS_PER_TOKEN + attention)
    return total


def measure_encoder(texts: list[str], threads: int) -> dict:
    encoder = Encoder(threads=threads)
    try:
        encoder.encode(texts[:50])
        wall0, cpu0 = time.perf_counter(), time.process_time()
        encoder.encode(texts)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        ops = operations(encoder.token_counts(texts))
    finally:
        encoder.close()
    return {"threads": threads, "per_s": len(texts) / wall, "per_cpu_s": len(texts) / cpu, "gops": ops / wall / 1e9,
            "gops_per_core_s": ops / cpu / 1e9}


def measure_gemm(threads: int, rows: int = 2048) -> float:
    """int8 GOPS of onnxruntime's kernel on the feed-forward shape (rows x 384 by 384 x 1536): uint8
    activations times prepacked int8 weights, as the quantised model runs it. Needs ``onnx``."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    weights = numpy_helper.from_array(rng.integers(-100, 100, (HIDDEN, FFN), dtype=np.int8), "B")
    zero = numpy_helper.from_array(np.array(128, np.uint8), "a_zero")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B", "a_zero"], ["C"])], "ffn",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, ["n", HIDDEN])],
        [helper.make_tensor_value_info("C", TensorProto.INT32, ["n", FFN])], [weights, zero])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    a = rng.integers(0, 255, (rows, HIDDEN), dtype=np.uint8)
    session.run(None, {"A": a})
    runs = []
    for _ in range(15):
        t0 = time.perf_counter()
        session.run(None, {"A": a})
        runs.append(time.perf_counter() - t0)
    return 2 * rows * HIDDEN * FFN / min(runs) / 1e9


def measure_numpy(upstream: Path, texts: list[str]) -> dict:
    """The original network in numpy float32, length-sorted batches of 32, on one core."""
    import build_encoder
    from tokenizers import Tokenizer

    weights = {k: v.astype(np.float32) for k, v in build_encoder.load_safetensors(upstream / "model.safetensors")
               .items() if v.dtype != np.int64}
    tokenizer = Tokenizer.from_file(str(upstream / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    ids = [e.ids for e in tokenizer.encode_batch(texts)]
    order = sorted(range(len(ids)), key=lambda k: len(ids[k]))
    t0, c0 = time.perf_counter(), time.process_time()
    for begin in range(0, len(order), 32):
        _numpy_batch(weights, [ids[k] for k in order[begin : begin + 32]])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ops = operations([len(i) for i in ids])
    return {"per_s": len(texts) / wall, "per_cpu_s": len(texts) / cpu, "gops": ops / wall / 1e9}


def _numpy_batch(w: dict[str, np.ndarray], batch: list[list[int]]) -> np.ndarray:
    from math import sqrt

    width = max(map(len, batch))
    ids = np.zeros((len(batch), width), np.int64)
    mask = np.zeros((len(batch), width), np.float32)
    for row, found in enumerate(batch):
        ids[row, : len(found)] = found
        mask[row, : len(found)] = 1

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:width]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = norm(x, "embeddings.LayerNorm")
    bias = (1.0 - mask)[:, None, None, :] * -10000.0
    n, t = ids.shape
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (  # contiguous: numpy multiplies strided stacks without BLAS
            np.ascontiguousarray((x @ w[p + f"attention.self.{m}.weight"].T + w[p + f"attention.self.{m}.bias"])
                                 .reshape(n, t, 12, 32).transpose(0, 2, 1, 3)) for m in ("query", "key", "value")
        )
        scores = q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2)) / sqrt(32) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, HIDDEN)
        x = norm(context @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"] + x,
                 p + "attention.output.LayerNorm")
        h = x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"]
        h = 0.5 * h * (1.0 + np.tanh(0.7978845608 * (h + 0.044715 * h**3)))  # (erf in the original; same cost)
        x = norm(h @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"] + x, p + "output.LayerNorm")
    pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def clock_ghz() -> float:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            return max(float(line.split(":")[1]) for line in handle if line.startswith("cpu MHz")) / 1000
    except (OSError, ValueError):
        return 0.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, help="unpacked upstream model folder (model.safetensors)")
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    texts = passages(args.texts)
    cores = len(os.sched_getaffinity(0))
    load0 = os.getloadavg()[0]
    ours = [measure_encoder(texts, 1), measure_encoder(texts, cores)]
    gemm = [measure_gemm(1), measure_gemm(cores)]
    baseline = None
    upstream = args.upstream
    with tempfile.TemporaryDirectory() as tmp:
        if upstream is None:
            try:
                import build_encoder

                upstream = build_encoder.fetch_upstream(Path(tmp))
            except Exception as exc:  # no network: the baseline is left out
                print(f"numpy baseline skipped: {exc}", file=sys.stderr)
        if upstream is not None:
            baseline = measure_numpy(upstream, texts[:400])
    load1 = os.getloadavg()[0]
    ghz = clock_ghz()
    peak = cores * ghz * 128  # Zen 4 VNNI: 64 int8 multiply-adds per cycle and core (two 256-bit pipes)
    mean_tokens = statistics.mean(Encoder(threads=1).token_counts(texts))
    rows = [
        f"| ours, int8 ONNX, 1 core | {ours[0]['per_s']:.0f} | {ours[0]['gops']:.0f} | "
        f"{100 * ours[0]['gops'] / gemm[0]:.0f} % of the 1-core int8 matrix product |",
        f"| ours, int8 ONNX, {cores} cores | {ours[1]['per_s']:.0f} | {ours[1]['gops']:.0f} | "
        f"{100 * ours[1]['gops'] / gemm[1]:.0f} % of the {cores}-core int8 matrix product, "
        f"{100 * ours[1]['gops'] / peak:.0f} % of the theoretical int8 peak |",
    ]
    if baseline:
        rows.append(f"| baseline: numpy float32, 1 core | {baseline['per_s']:.0f} | {baseline['gops']:.0f} | |")
    rows.append(f"| int8 matrix product (onnxruntime MatMulInteger, 2048x384 by 384x1536), 1 / {cores} cores "
                f"| - | {gemm[0]:.0f} / {gemm[1]:.0f} | the kernel's own ceiling here |")
    table = "| what | passages/s | GOPS | how close to the limit |\n|---|---|---|---|\n" + "\n".join(rows)
    note = (f"{len(texts)} passages of the seed articles ({mean_tokens:.1f} word pieces on average); one text per "
            f"run (so a vector never depends on what is encoded beside it); {cores} cores; clock {ghz:.2f} GHz as "
            f"/proc/cpuinfo reports it, theoretical int8 peak {peak:.0f} GOPS (Zen 4: 64 int8 multiply-adds per "
            f"cycle and core with AVX512-VNNI); load average {load0:.1f} at the start, {load1:.1f} at the end "
            f"(other work shared the cores).")
    print(table)
    print(note)
    if args.write:
        replace_section("Sentence encoder", "## Sentence encoder\n\n`python benchmarks/bench_encoder.py --write`: "
                        "all-MiniLM-L6-v2 as shipped (int8 ONNX, `tools/build_encoder.py`).\n\n"
                        f"{table}\n\n{note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
