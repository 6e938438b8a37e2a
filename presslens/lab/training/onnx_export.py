"""Exporting a BERT-style encoder to ONNX, then int8 (shared by every model presslens ships)."""
from __future__ import annotations

from pathlib import Path


def export_int8(bert_model, out_file: Path) -> None:
    """``bert_model`` (a transformers ``BertModel``) as an int8 ONNX graph at ``out_file``.

    The graph returns ``last_hidden_state``; batch and sequence axes are
    dynamic. Weights are quantised per channel on the unfused fp32 graph
    (quantising after transformer fusion fails; per channel keeps cosine ≥ 0.98).
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Encoder(torch.nn.Module):  # keyword arguments only: BertModel's positional order changed across versions
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    bert_model.eval()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = out_file.with_suffix(".fp32.onnx")
    torch.onnx.export(Encoder(bert_model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                      dynamo=False, opset_version=17,
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in
                                    ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
    quantize_dynamic(str(fp32), str(out_file), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()  # ~90 MB; the int8 graph is what ships
