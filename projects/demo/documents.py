"""Small but valid sample files for the demo projects: a PDF report and an XLSX workbook.

Both are built by hand from the standard library, so the demo needs no PDF or spreadsheet
package: the PDF has a correct cross-reference table (readers open it without repairing it),
and the workbook is a minimal Office Open XML package that Excel and LibreOffice open. Every
file says on its face that it is a demonstration copy, not an official document.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

DEMO_NOTICE = (
    "Demonstration copy generated for the Pak-China E-Mining Platform demo data. "
    "Not an official geological, technical or financial document."
)

# --- PDF -------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LEADING = 14
WRAP_COLUMNS = 92  # Helvetica 10 pt fits about this many characters between the margins
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING - 2


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (the standard fonts' encoding)."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_info_text(text: str) -> bytes:
    """Document information is PDFDocEncoding, not WinAnsi: keep it to plain ASCII."""
    plain = unicodedata.normalize("NFKD", text.replace("–", "-").replace("—", "-"))
    return _pdf_text(plain.encode("ascii", errors="ignore").decode())


def _pdf_date(moment: datetime) -> bytes:
    return _pdf_text(f"D:{moment.astimezone(UTC):%Y%m%d%H%M%S}Z")


def _layout(title: str, sections: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Lines of (font, text), split into pages."""
    lines: list[tuple[str, str]] = [("F2", line) for line in textwrap.wrap(title, 70)]
    lines.append(("F1", ""))
    for heading, body in sections:
        lines.append(("F2", heading))
        for paragraph in body.split("\n"):
            lines.extend(("F1", line) for line in textwrap.wrap(paragraph, WRAP_COLUMNS) or [""])
        lines.append(("F1", ""))
    lines.extend(("F1", line) for line in textwrap.wrap(DEMO_NOTICE, WRAP_COLUMNS))
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def _page_stream(lines: list[tuple[str, str]], number: int, total: int) -> bytes:
    parts = [b"BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td {LEADING} TL".encode()]
    for font, text in lines:
        size = 12 if font == "F2" else 10
        parts.append(f"/{font} {size} Tf".encode() + b" " + _pdf_text(text) + b" Tj T*")
    parts.append(b"ET")
    footer = f"Page {number} of {total}"
    parts.append(b"BT /F1 8 Tf " + f"{MARGIN} {MARGIN // 2} Td ".encode())
    parts.append(_pdf_text(footer) + b" Tj ET")
    return b"\n".join(parts)


def build_pdf(
    title: str, sections: Sequence[tuple[str, str]], *, created: datetime | None = None
) -> bytes:
    """A PDF 1.4 file: title, then (heading, text) sections, on as many A4 pages as needed."""
    pages = _layout(title, sections)
    # Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page and its content
    # stream for each page.
    first_page = 6
    page_ids = [first_page + 2 * i for i in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
        + f"] /Count {len(pages)} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
        5: b"<< /Title "
        + _pdf_info_text(title)
        + b" /Producer (Pak-China E-Mining Platform demo data) /CreationDate "
        + _pdf_date(created or timezone.now())
        + b" >>",
    }
    for index, (page_id, lines) in enumerate(zip(page_ids, pages, strict=True), start=1):
        stream = _page_stream(lines, index, len(pages))
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] ".encode()
            + b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            + f"/Contents {page_id + 1} 0 R >>".encode()
        )
        objects[page_id + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )

    out = io.BytesIO()
    # The second line holds bytes above 127 so that tools treat the file as binary.
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref_at = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n".encode())
    out.write(b"0000000000 65535 f\r\n")  # each entry is exactly 20 bytes
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n\r\n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\n".encode())
    out.write(f"startxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()


# --- XLSX ------------------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Cell = str | int | float | None


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _cell(reference: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("="):
        return f'<c r="{reference}"><f>{escape(value[1:])}</f></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    )


def build_xlsx(sheet_name: str, rows: Sequence[Sequence[Cell]]) -> bytes:
    """A one-sheet workbook. Strings starting with "=" are formulas (recalculated on open)."""
    sheet_name = sheet_name[:31]
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_column(c)}{r}", value) for c, value in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    parts = {
        # [Content_Types].xml first: content sniffers recognise OOXML packages by it.
        "[Content_Types].xml": (
            f"{_XML}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        # calcPr follows <sheets> in the schema's order: formulas are computed on opening.
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
            '<calcPr fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'{_XML}<worksheet xmlns="{_MAIN_NS}"><sheetData>{"".join(body)}</sheetData>'
            "</worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            # A fixed timestamp: the same rows always give the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode())
    return out.getvalue()
