"""Named entities read from the shared encoder pass: the entity head, its decoder, the type map, abbreviations."""
