"""The shared encoder (ONNX Runtime + tokenizers) and the shipped model files.

``techniques/`` holds the fine-tuned encoder and the technique heads,
``framing/`` the genre and frame heads that read the same encoder pass. Each
folder has a MODEL_CARD.md with its data, split, figures and the command that
rebuilds it.
"""
