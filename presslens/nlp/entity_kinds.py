"""Which spaCy entity labels a claim card counts as its actors, places and figures (one list for the card,
the verifier and the news calibration's cues)."""
ACTOR_LABELS = ("PERSON", "ORG", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
FIGURE_LABELS = ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY")
