"""Export the torch all-MiniLM-L6-v2 to ONNX for the torch-free query encoder (ingest.onnx_embed).

Run at ingest (torch is loaded there anyway) and when a query process finds the file missing or
broken. The file is saved as onnxruntime optimizes it (a start then skips that step), checked against
the torch vectors before it replaces the old file, and written then renamed, so a reader never sees
half a file. Needs the `onnx` package (torch.onnx writes with it);
no download and no optimum / sentence-transformers[onnx] (they pull a huggingface-hub gradio 6 refuses).

The file depends only on what is installed (the model package, torch, onnxruntime), so the installation keeps
one copy (`installed_copy`, in the virtual environment: `make` exports it when it installs the packages, else
the first ingest that exports leaves it there) and an ingest into a new data directory copies it (0.1 CPU-s)
instead of exporting (about 2 CPU-s, a tenth of a whole ingest of the five articles).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ingest.embed import Embedder
from ingest.onnx_embed import (CHECK_COSINE, CHECK_TEXT, FOLDER, META_FILE, ONNX_FILE, OnnxEmbedder, model_path,
                               pools_by_mean, source_stamp)

# Traced with a padded batch: transformers drops the attention mask from the graph when, at trace
# time, no token is padding, and the exported model would then read padding as text.
TRACE_TEXTS = ["warm up", "Why do my muscles twitch after exercise, and should I worry about it?"]
CHECK_TEXTS = [CHECK_TEXT, "twitch", "Is magnesium deficiency a cause of eyelid twitching that lasts for weeks?"]


def export(embedder: Embedder, home: Path) -> Path:
    """Write HOME/encoder/model.onnx (+ model.json) from the embedder's torch model; its path."""
    import torch

    path = model_path()
    if not pools_by_mean(path):
        raise ValueError(f"{path}/modules.json: not mean pooling, which the ONNX encoder reproduces")
    folder = Path(home) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / f"raw.{os.getpid()}.tmp"
    tmp = folder / f"{ONNX_FILE}.{os.getpid()}.tmp"
    transformer = embedder.model[0].auto_model.eval()

    class TokenVectors(torch.nn.Module):
        """The transformer alone: token vectors out; pooling is done in numpy like sentence-transformers."""

        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state

    batch = embedder.model.tokenizer(TRACE_TEXTS, padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the tracer's notes on constant shapes: noise at every ingest
            torch.onnx.export(TokenVectors(), tuple(batch[n] for n in names), str(raw), input_names=names,
                              output_names=["token_embeddings"], opset_version=17, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "token_embeddings"]})
        optimize(raw, tmp)
        expected = embedder.embed(CHECK_TEXTS)
        got = OnnxEmbedder(tmp).embed(CHECK_TEXTS)
        worst = float(np.min(np.sum(expected * got, axis=1)))
        if worst < CHECK_COSINE:
            raise ValueError(f"the exported model's vectors differ from torch's (cosine {worst:.6f})")
        tmp.replace(folder / ONNX_FILE)
    finally:
        raw.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    meta = {"source": source_stamp(path), "check_text": CHECK_TEXT, "check_vector": expected[0].tolist(),
            "torch": torch.__version__}
    tmp_meta = folder / f"{META_FILE}.{os.getpid()}.tmp"
    tmp_meta.write_text(json.dumps(meta), encoding="utf-8")
    tmp_meta.replace(folder / META_FILE)
    return folder / ONNX_FILE


def optimize(source: Path, target: Path) -> None:
    """Save the model as onnxruntime optimizes it (fused attention and layer norms), so a start needn't.

    The extended level, not "all": that one adds layouts for this machine's CPU only.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(target)
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


def ensure(embedder: Embedder, home: Path) -> bool:
    """Export unless a sound ONNX file is already there; True when one was written (or copied from the
    installation's, `installed_copy`)."""
    from ingest.onnx_embed import load

    try:
        load(home)
        copy_installed_words(Path(home) / FOLDER)
        return False
    except ValueError:
        pass
    if not copy_installed(Path(home) / FOLDER):
        export(embedder, home)
        keep_installed(Path(home) / FOLDER)
    copy_installed_words(Path(home) / FOLDER)
    return True


def copy_installed_words(folder: Path) -> bool:
    """Copy the installation's word table (ingest.word_table, made by `make` beside its export) into `folder` when it
    was made for the encoder there and `folder` has none; False when nothing was copied. Without one, a question's
    rare words are embedded in its forward pass, as before (the same vectors, ~2x the pass)."""
    from ingest import word_table

    source = installed_copy()
    try:
        if word_table.load(folder) is not None or not (source / word_table.INDEX).is_file() \
                or word_table.load(source) is None or word_table.made_for(source) != word_table.made_for(folder):
            return False
        for name in (word_table.VECTORS, word_table.INDEX):  # the index last: without it the vectors are not read
            tmp = folder / f"{name}.{os.getpid()}.tmp"
            shutil.copyfile(source / name, tmp)
            tmp.replace(folder / name)
    except (OSError, ValueError):
        return False
    return True


def installed_copy() -> Path:
    """The installation's export: in the virtual environment, named by what the file is made from and for (the
    model's files, onnxruntime, torch), so another version of any of them is exported again."""
    made_from = json.dumps([source_stamp(model_path()), version("torch")], sort_keys=True)
    return Path(sys.prefix) / "share" / "twitchqa" / f"encoder-{hashlib.sha256(made_from.encode()).hexdigest()[:16]}"


def copy_installed(folder: Path) -> bool:
    """Copy the installation's export into `folder` (a data directory's encoder folder); False when there is none.

    Copied, not linked: the data directory's file is its own. It was checked against torch when it was exported,
    and every start checks it again (onnx_embed.load); a copy that can't be made is exported as before."""
    source = installed_copy()
    try:
        meta = json.loads((source / META_FILE).read_text(encoding="utf-8"))
        if meta.get("source") != source_stamp(model_path()) or not (source / ONNX_FILE).is_file():
            return False
        folder.mkdir(parents=True, exist_ok=True)
        for name in (ONNX_FILE, META_FILE):  # the meta last: without it the file is not used (onnx_embed.load)
            tmp = folder / f"{name}.{os.getpid()}.tmp"
            shutil.copyfile(source / name, tmp)
            tmp.replace(folder / name)
    except (OSError, ValueError):
        return False
    return True


def keep_installed(folder: Path) -> None:
    """Leave a copy of the export in `folder` as the installation's (best effort: a read-only installation
    only means each new data directory exports its own)."""
    target = installed_copy()
    if (target / META_FILE).exists():
        return
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
        tmp.chmod(0o755)  # mkdtemp's is the creator's alone; an installation's is everyone's who runs it
        for name in (ONNX_FILE, META_FILE):
            shutil.copyfile(folder / name, tmp / name)
        tmp.rename(target)  # whole or not at all; another process may have just done the same
    except OSError:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":  # `make` runs this when it installs the packages: the installation's export
    if not (installed_copy() / META_FILE).exists():
        with tempfile.TemporaryDirectory() as scratch:
            export(Embedder(), Path(scratch))
            keep_installed(Path(scratch) / FOLDER)
    from ingest import word_table

    if (installed_copy() / META_FILE).exists():  # and its word table (~1 CPU-ms a word, 40,000 words): an ingest copies it
        word_table.ensure(installed_copy())
    print(installed_copy())
