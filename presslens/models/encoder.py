"""The shared sentence encoder, served with ONNX Runtime and ``tokenizers`` (no PyTorch).

One encoder pass per document: the encoder stage (:mod:`presslens.heads.stage`) runs it once and writes the
token vectors onto the ``Document``, so that every head reads the same pass.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..budget import check_deadline
from .windows import TokenizedText, Window, line_units, make_windows, pad_batch, tokenize_units

# The encoder every neural analysis reads, once per article (``presslens train encoder`` writes it).
SHARED_ENCODER_DIR = Path(__file__).resolve().parent / "shared-encoder"
MAX_TOKENS = 126   # word pieces per window, plus [CLS] and [SEP]
OVERLAP = 32       # tokens shared by consecutive windows of one long paragraph
# One window per ONNX run: int8 activations are quantised per run, so batching windows together
# would make a paragraph's spans depend on the other paragraphs batched with it. It is also the
# fastest here (73 ms per PTC article against 84 ms for batches of 16).
BATCH_SIZE = 1


def cores_per_worker(workers: int) -> int:
    """Encoder threads for each of ``workers`` processes sharing this machine's cores."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def use_threads(threads: int | None) -> None:
    """In a worker process, before any model loads: its encoders take ``threads`` cores, not all of them."""
    if threads:
        os.environ["PRESSLENS_THREADS"] = str(threads)


def default_threads() -> int:
    """``PRESSLENS_THREADS`` (set by batch and server workers sharing the cores), else up to 4 cores."""
    return int(os.environ.get("PRESSLENS_THREADS", "0")) or min(os.cpu_count() or 1, 4)


UNHELPFUL_FUSIONS = ["SkipLayerNormFusion"]


def onnx_session(path: Path, threads: int | None = None):
    """An ONNX Runtime CPU session whose operators use ``threads`` threads (default: :func:`default_threads`)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # The fused SkipLayerNormalization kernel takes 0.25 ms per call on a 128-token window here, where the Add
    # and LayerNormalization it replaces take 0.05 ms together: without that one fusion a window runs in
    # 9.8 ms instead of 11.0 (profiled with ONNX Runtime's own profiler; vectors differ by under 2e-3).
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"],
                                disabled_optimizers=UNHELPFUL_FUSIONS)


class OnnxEncoder:
    """Token vectors for windows of a tokenised text, from an exported encoder.

    Windows run one per call, so a window's vectors never depend on which others share its call (the int8
    graph quantises activations per call). With several threads, several windows run at once, each on one
    thread: on 2 cores that takes an article's encoder pass from about 125 ms to 70 ms, where ONNX Runtime's
    own threads inside one window's small matrix products gained under 5 %.
    """

    def __init__(self, folder: str | Path, threads: int | None = None):
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.config = json.loads((folder / "config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.session = onnx_session(folder / self.config["encoder_file"], threads=1)
        self.lanes = threads or default_threads()
        self._pool = None  # threads running windows side by side, started on first use
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")

    def tokenize(self, text: str, units: list[tuple[int, int]]) -> TokenizedText:
        return tokenize_units(self.tokenizer, text, units)

    def encode(self, tokens: TokenizedText, windows: list[Window]) -> np.ndarray:
        if self.lanes < 2 or len(windows) < 2:
            return stitch(tokens, windows, self._run)
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.lanes, thread_name_prefix="presslens-encoder")
        return stitch(tokens, windows, self._run, map_batches=self._pool.map)

    def encode_text(self, text: str, units: list[tuple[int, int]] | None = None) -> tuple[TokenizedText, np.ndarray]:
        """Tokens and token vectors of ``units`` of ``text`` (default: its non-empty lines, as in PTC files)."""
        tokens = self.tokenize(text, line_units(text) if units is None else units)
        return tokens, self.encode(tokens, windows_for(tokens))

    def _run(self, tokens: TokenizedText, batch: list[Window]) -> np.ndarray:
        ids, mask = pad_batch(tokens, batch, self.cls_id, self.sep_id)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in {i.name for i in self.session.get_inputs()}:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return self.session.run(None, feeds)[0]


def stitch(tokens: TokenizedText, windows: list[Window], run_batch, batch_size: int = BATCH_SIZE,
           map_batches=map) -> np.ndarray:
    """Run ``run_batch`` over windows (similar lengths batched together; ``map_batches``, e.g. a thread
    pool's ``map``, may run several batches at once) and put each token's vector from its own window into one
    ``[n_tokens, dim]`` array."""
    hidden: np.ndarray | None = None
    order = sorted(range(len(windows)), key=lambda i: windows[i].end - windows[i].start)
    batches = [[windows[i] for i in order[first:first + batch_size]] for first in range(0, len(order), batch_size)]
    for batch, output in zip(batches, map_batches(lambda batch: run_batch(tokens, batch), batches)):
        check_deadline()
        if hidden is None:
            hidden = np.zeros((len(tokens), output.shape[-1]), dtype=np.float32)
        for row, window in enumerate(batch):
            offset = 1 + window.own_start - window.start  # +1 for [CLS]
            hidden[window.own_start:window.own_end] = output[row, offset:offset + window.own_end - window.own_start]
    if hidden is None:
        hidden = np.zeros((0, 0), dtype=np.float32)
    return hidden


def windows_for(tokens: TokenizedText) -> list[Window]:
    return make_windows(tokens.units, MAX_TOKENS, OVERLAP)


@lru_cache(maxsize=4)
def load_encoder(folder: str) -> OnnxEncoder:
    return OnnxEncoder(folder)


def file_fingerprint(path: Path) -> str:
    """A short hash of a model file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def encoder_fingerprint(folder: Path) -> str:
    """A short hash of the encoder graph in ``folder``: heads fitted on one encoder record it."""
    config = json.loads((Path(folder) / "config.json").read_text())
    return file_fingerprint(Path(folder) / config["encoder_file"])


def encoder_folder_of(model_folder: Path) -> Path:
    """Where the encoder of a model folder is: its own (a self-contained model, as ``presslens train techniques``
    writes), the one its config names relative to it (``"encoder": "../shared-encoder"``, as ``presslens train``
    writes beside every head), or the shipped shared encoder. Resolved, so that every analysis of a process
    shares one encoder instance, hence one pass per article."""
    folder = Path(model_folder).resolve()
    config_file = folder / "config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    if config.get("encoder_file") and (folder / config["encoder_file"]).is_file():
        return folder
    named = (folder / config["encoder"]).resolve() if config.get("encoder") else None
    if named is not None and (named / "config.json").is_file():
        return named
    return SHARED_ENCODER_DIR


def encoder_beside(head_folder: Path) -> Path:
    """The encoder that heads written to ``head_folder`` are fitted to: ``../shared-encoder`` beside it when there is
    one (a models folder trained as a whole, ``presslens train encoder --out DIR``), else the shipped one."""
    beside = (Path(head_folder) / ".." / "shared-encoder").resolve()
    return beside if (beside / "config.json").is_file() else SHARED_ENCODER_DIR


def load_shared_encoder(folder: str | Path | None = None) -> "OnnxEncoder":
    """The shared encoder (one instance per process and folder, so every analysis's pass is the same cached one)."""
    from ..errors import ModelMissing

    folder = Path(folder) if folder else SHARED_ENCODER_DIR
    if not (folder / "config.json").is_file():
        raise ModelMissing(f"no encoder in {folder}: rebuild it with `presslens train encoder`")
    return load_encoder(str(folder))


def check_fitted_to(head_config: dict, head_folder: Path, encoder_folder: Path, rebuild: str) -> None:
    """Refuse heads fitted to another encoder than the one they are served with (a retrained encoder)."""
    from ..errors import ModelMissing

    if head_config.get("encoder_fingerprint") != encoder_fingerprint(encoder_folder):
        raise ModelMissing(f"the heads in {head_folder} were fitted to another encoder than the one in "
                           f"{encoder_folder}: refit them with `{rebuild}`")
