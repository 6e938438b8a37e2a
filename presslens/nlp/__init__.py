"""Shared NLP machinery (spaCy), loaded once per process."""
from .spacy_pipeline import get_nlp, parse_paragraphs

__all__ = ["get_nlp", "parse_paragraphs"]
