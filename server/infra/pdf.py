"""The one way to make a printable paper (PDF): the audit report, the acceptance form (受理单),
the relief payment roster (发放花名册), the master-apprentice agreement (师徒协议).

Chinese is set in WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0; `fonts/wqy-microhei.LICENSE`),
shipped with the project and embedded in every PDF (reportlab subsets it: only the glyphs used),
so nothing is assumed of the machine that makes the paper or the one that prints it. (A CID font
such as reportlab's STSong-Light is not embedded: the reader must supply it, and a fresh machine
often shows blank boxes.)

    story = [pdf.title("受理单"), pdf.fields([("编号", "SL-2025-0001"), ...]), pdf.signatures(["反映人", "承办人"])]
    body = pdf.render(story, title="受理单")
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

FONT = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).parent / "fonts" / "wqy-microhei.ttc"


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))


def _style(name: str, size: float, **kw: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    _register()
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.45, wordWrap="CJK", **kw)


def text(value: object, size: float = 9, **kw: Any) -> Any:
    """A paragraph of plain text (never markup: what a union typed in is escaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape("" if value is None else str(value)), _style(f"text{size}", size, **kw))


def title(value: str) -> Any:
    return text(value, 16, alignment=1, spaceAfter=8)


def heading(value: str) -> Any:
    return text(value, 12, spaceBefore=8, spaceAfter=4)


def table(rows: Sequence[Sequence[object]], widths_mm: Sequence[float], *, header: bool = True) -> Any:
    """A ruled table; the first row is a grey header repeated on every page when `header`."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    t = Table(
        [[text(v) for v in row] for row in rows], colWidths=[w * mm for w in widths_mm], repeatRows=1 if header else 0
    )
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    t.setStyle(TableStyle(style))
    return t


def fields(pairs: Sequence[tuple[str, object]], widths_mm: Sequence[float] = (40, 140)) -> Any:
    """Label and value, one per row (the head of a form)."""
    return table([[label, "—" if value in (None, "") else value] for label, value in pairs], widths_mm, header=False)


def signatures(labels: Sequence[str], width_mm: float = 180) -> Any:
    """Lines to sign and date, one per signer (反映人, 承办人, 负责人 ...)."""
    rows = [[f"{label}（签字）：", "", "日期：", "     年   月   日"] for label in labels]
    return table(rows, [width_mm * 0.25, width_mm * 0.35, width_mm * 0.12, width_mm * 0.28], header=False)


def space(height_mm: float = 4) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    return Spacer(1, height_mm * mm)


def render(story: Sequence[Any], *, title: str, landscape: bool = False) -> bytes:
    """The story on A4 pages (portrait, or landscape for wide tables), the font embedded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=turned(A4) if landscape else A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="塞上 Saishang",
    )
    doc.build(list(story))
    return buf.getvalue()


def yuan(fen: int | None) -> str:
    """¥1,300.00 from 130000 fen."""
    return "—" if fen is None else f"¥{fen / 100:,.2f}"
