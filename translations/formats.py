"""The translator's files: PO (gettext, through polib) and XLIFF 1.2 (the standard library).

Each entry carries, as its PO context or XLIFF unit id, `app.model:id:field:fingerprint`: the
record and field it belongs to and the fingerprint of the English text it was exported with.
The import checks that fingerprint against the English sent back (a changed source means a
tampered entry) and against the English in the database (a changed source means the export is
stale): a translation is only ever written over the English it was made from.
"""

import io
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import polib
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXml
from django.utils.translation import gettext as _

from .models import source_hash
from .registry import model_key

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
CONTEXT = re.compile(
    r"^(?P<model>[a-z0-9_]+\.[a-z0-9_]+):(?P<pk>\d{1,18}):(?P<field>[a-z0-9_]{1,64}):(?P<hash>[0-9a-f]{16})$"
)
# XLIFF states meaning "not translated yet": such units are left alone, as fuzzy PO entries are.
UNFINISHED_STATES = {"new", "needs-translation", "needs-review-translation", "needs-adaptation"}


class FileError(Exception):
    """The file as a whole cannot be read as a translation file; the message says why."""


@dataclass
class Unit:
    number: int  # position in the file, from 1, for messages
    context: str
    source: str
    target: str
    unfinished: bool = False


@dataclass
class ParsedFile:
    kind: str  # "po" or "xliff"
    language: str | None
    units: list[Unit] = field(default_factory=list)


def context_of(row) -> str:
    segment = row.part.segment
    return f"{model_key(segment.model)}:{row.record.pk}:{segment.field}:{source_hash(row.source)}"


def label_of(row) -> str:
    segment = row.part.segment
    record = str(row.owner) if row.owner is not row.record else ""
    parts = [str(segment.model._meta.verbose_name), record, str(row.record), segment.label]
    return " › ".join(part[:80] for part in parts if part)


# -- export ---------------------------------------------------------------------------------


def export_po(rows, language: str) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Alliance 8.7 portal content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "en",
    }
    for row in rows:
        outdated = row.state is not None
        po.append(
            polib.POEntry(
                msgctxt=context_of(row),
                msgid=row.source,
                msgstr=row.translation if outdated else "",
                comment=label_of(row),
                tcomment=_("Outdated: the English changed after this was translated.")
                if outdated
                else "",
                flags=["fuzzy"] if outdated else [],
            )
        )
    return str(po).encode("utf-8")


def export_xliff(rows, language: str) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", version="1.2")
    file_element = ET.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {
            "original": "alliance87-portal-content",
            "source-language": "en",
            "target-language": language,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(file_element, f"{{{XLIFF_NS}}}body")
    for row in rows:
        outdated = row.state is not None
        unit = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", id=context_of(row))
        ET.SubElement(unit, f"{{{XLIFF_NS}}}source").text = row.source
        # A missing translation's target is empty, without a state, so filling it in is enough.
        states = {"state": "needs-review-translation"} if outdated else {}
        target = ET.SubElement(unit, f"{{{XLIFF_NS}}}target", states)
        target.text = row.translation if outdated else ""
        ET.SubElement(unit, f"{{{XLIFF_NS}}}note").text = label_of(row)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


# -- import ---------------------------------------------------------------------------------


def parse(data: bytes) -> ParsedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _("The file is not UTF-8 text, so it is not a PO or XLIFF file.")
        ) from error
    if "\x00" in text:
        raise FileError(_("The file holds binary data: it is not a PO or XLIFF file."))
    if text.lstrip().startswith("<"):
        return _parse_xliff(text)
    return _parse_po(text)


def _parse_po(text: str) -> ParsedFile:
    # polib reads a file when given a string that names one: always hand it a file of our own.
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        try:
            po = polib.pofile(handle.name, wrapwidth=0, check_for_duplicates=True)
        except (OSError, ValueError, UnicodeError, IndexError, KeyError) as error:
            raise FileError(
                _("This is not a readable PO file (%(problem)s).") % {"problem": str(error)[:200]}
            ) from error
    units = [
        Unit(
            number=number,
            context=entry.msgctxt or "",
            source=entry.msgid,
            target=entry.msgstr,
            unfinished="fuzzy" in entry.flags,
        )
        for number, entry in enumerate((e for e in po if not e.obsolete), start=1)
    ]
    if not units and not po.metadata:
        raise FileError(_("This is not a PO file: it holds no entries."))
    return ParsedFile("po", po.metadata.get("Language", "").strip() or None, units)


def _parse_xliff(text: str) -> ParsedFile:
    try:
        root = SafeXml.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as error:
        raise FileError(_("XLIFF files with a DOCTYPE or entities are not accepted.")) from error
    except ET.ParseError as error:
        raise FileError(
            _("This is not a readable XML file (%(problem)s).") % {"problem": str(error)[:200]}
        ) from error
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "1.2":
        raise FileError(_("This is not an XLIFF 1.2 file."))
    files = root.findall(f"{{{XLIFF_NS}}}file")
    languages = {element.get("target-language") or None for element in files}
    if len(languages) > 1:
        raise FileError(_("The file mixes several target languages."))
    units = []
    for number, unit in enumerate(root.iter(f"{{{XLIFF_NS}}}trans-unit"), start=1):
        source = unit.find(f"{{{XLIFF_NS}}}source")
        target = unit.find(f"{{{XLIFF_NS}}}target")
        units.append(
            Unit(
                number=number,
                context=unit.get("id", ""),
                source="".join(source.itertext()) if source is not None else "",
                target="".join(target.itertext()) if target is not None else "",
                unfinished=target is not None and target.get("state") in UNFINISHED_STATES,
            )
        )
    return ParsedFile("xliff", languages.pop() if languages else None, units)
