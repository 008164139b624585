"""Reading a paper (PDF) back in a test: its text, and whether its fonts travel with it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts whose program is inside the file (a TrueType `FontFile2`), on any page."""
    found: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]))
    return found


def assert_font_embedded(pdf: bytes) -> None:
    fonts = embedded_fonts(pdf)
    assert any("WenQuanYiMicroHei" in f for f in fonts), fonts
