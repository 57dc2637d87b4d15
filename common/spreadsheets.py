"""The one rule for CSV cells a spreadsheet opens: text is shown, never run as a formula.

Used by every CSV the portal writes (the admin's "Export selected as CSV", the directory's
public export, the pathfinder comparison) and by the partner import, which reads the quote back
off, so a file exported and re-imported is unchanged.
"""

# Excel, LibreOffice and Sheets run a cell starting with one of these as a formula (OWASP
# "CSV injection"); a leading line break hides the formula below an innocent first line.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """The value as CSV cell text, a quote put before anything a spreadsheet would run."""
    if value is None:
        return ""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def unquote_cell(value: str) -> str:
    """Undo safe_cell: the quote it put before a formula-like text is not part of the text."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
