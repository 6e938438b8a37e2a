"""Claims: check-worthy statements, their structure, and verification against evidence."""


def format_figure(value: float) -> str:
    """A normalised number as people write it: 1800 → "1,800", 3.5e9 → "3,500,000,000", 33.333 → "33.33"."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
