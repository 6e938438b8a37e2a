"""Training code. Needs the ``train`` extra (PyTorch, transformers); inference never imports it."""
