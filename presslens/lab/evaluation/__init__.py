"""Honest evaluation utilities: scorers run on data the models never trained on."""
