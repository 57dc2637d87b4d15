"""Helpers shared by every test module: how a visitor reads a page, how a catalogue is read.

App-specific helpers live beside their tests (tests/<app>/helpers.py), factories in
tests/factories.py and tests/<app>/factories.py.
"""

import ast
import html
import re
from dataclasses import dataclass

TAG = re.compile(r"<[^>]+>")
PO_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def visible_text(markup: str) -> str:
    """What a visitor reads: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def text_of(response) -> str:
    """The visible text of the whole page."""
    return visible_text(response.content.decode())


def main_text(response) -> str:
    """The visible text of <main> only (no header, menus or footer)."""
    page = response.content.decode()
    return visible_text(page[page.index("<main") : page.index("</main>")])


def html_of(client, url, params=None) -> str:
    """The page's HTML, after checking it answered 200."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


@dataclass
class PoEntry:
    context: str | None
    msgid: str
    plural: str | None
    strings: list[str]
    flags: str


def po_entries(po_path) -> list[PoEntry]:
    """The live entries of a .po file (not the header, not obsolete `#~` ones)."""
    found = []
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fields, current = {}, None
        for line in lines:
            match = PO_LINE.match(line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            found.append(
                PoEntry(
                    context=fields.get("msgctxt"),
                    msgid=fields["msgid"],
                    plural=fields.get("msgid_plural"),
                    strings=[value for key, value in fields.items() if key.startswith("msgstr")],
                    flags=" ".join(line for line in lines if line.startswith("#,")),
                )
            )
    return found
