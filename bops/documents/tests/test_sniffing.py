import io
import random
import zipfile

import pytest

from bops.documents.sniffing import (
    ALLOWED_TYPES,
    DOC,
    DOCM,
    DOCX,
    ELF,
    ENCRYPTED_OFFICE,
    EXE,
    EXTENSIONS,
    HTML,
    OLE,
    PPTM,
    PPTX,
    XLSM,
    XLSX,
    ZIP,
    FileCheckError,
    check_claim,
    sniff,
)
from bops.documents.tests.fake_file_server import (
    SAMPLES,
    SIGN_IN_PAGE,
    sample_csv,
    sample_docx,
    sample_gif,
    sample_heic,
    sample_jpeg,
    sample_ole,
    sample_pdf,
    sample_png,
    sample_pptx,
    sample_text,
    sample_tiff,
    sample_webp,
    sample_xlsx,
    sample_zip,
)

PE_PROGRAM = b"MZ" + bytes(0x3A) + (0x40).to_bytes(4, "little") + b"PE\x00\x00" + bytes(64)
ELF_PROGRAM = b"\x7fELF\x02\x01\x01" + bytes(57)
RANDOM = bytes(range(256)) * 4  # NUL bytes and no magic number
LATIN_1 = "Fee paid: £258, café".encode("latin-1")
MP4 = sample_heic(b"isom", (b"isom", b"mp42"))
GENERIC_OLE = sample_ole("\x05SummaryInformation")
HINT = "send PDF, images or Office documents"


def xlsm() -> bytes:
    """An .xlsx whose parts include a VBA project (a renamed .xlsm)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00")
    return buffer.getvalue()


SNIFFED = [
    ("pdf", sample_pdf(), "application/pdf"),
    ("pdf after blank lines", b"\r\n\n%PDF-1.7\n...", "application/pdf"),
    ("pdf after binary junk", b"\x00\x01\x02junk%PDF-1.5\n", "application/pdf"),
    ("png", sample_png(), "image/png"),
    ("jpeg", sample_jpeg(), "image/jpeg"),
    ("gif", sample_gif(), "image/gif"),
    ("tiff little-endian", sample_tiff("II"), "image/tiff"),
    ("tiff big-endian", sample_tiff("MM"), "image/tiff"),
    ("bigtiff", b"II+\x00\x08\x00\x00\x00" + bytes(16), "image/tiff"),
    ("webp", sample_webp(), "image/webp"),
    ("heic", sample_heic(), "image/heic"),
    ("heic by compatible brand", sample_heic(b"mif1", (b"mif1", b"heic")), "image/heic"),
    ("heif", sample_heic(b"mif1", (b"mif1",)), "image/heif"),
    ("docx", sample_docx(), DOCX),
    ("xlsx", sample_xlsx(), XLSX),
    ("pptx", sample_pptx(), PPTX),
    ("docm", sample_docx(macros=True), DOCM),
    ("xlsx with a VBA project", xlsm(), XLSM),
    ("plain zip", sample_zip(), ZIP),
    ("damaged zip", b"PK\x03\x04" + b"\x00" * 40, ZIP),
    ("doc", sample_ole("WordDocument", "\x05SummaryInformation"), DOC),
    ("xls", sample_ole("\x05SummaryInformation", "Workbook"), "application/vnd.ms-excel"),
    ("xls (Excel 5)", sample_ole("Book"), "application/vnd.ms-excel"),
    ("ppt", sample_ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ("password-protected docx", sample_ole("EncryptedInfo", "EncryptedPackage"), ENCRYPTED_OFFICE),
    ("ole of another kind", GENERIC_OLE, OLE),
    ("ole header only", sample_ole()[:8] + bytes(100), OLE),
    ("html doctype", SIGN_IN_PAGE, HTML),
    ("html tag after whitespace", b"\n\n  <HTML><body>Sign in</body></html>", HTML),
    ("html after a byte order mark", b"\xef\xbb\xbf<!doctype html><title>x</title>", HTML),
    ("xhtml", b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"><html/>', HTML),
    ("html after a comment", b"<!-- login page -->\n<html></html>", HTML),
    ("windows program", PE_PROGRAM, EXE),
    ("linux program", ELF_PROGRAM, ELF),
    ("text", sample_text(), "text/plain"),
    ("csv", sample_csv(), "text/plain"),
    ("text that mentions a PDF header", b"Make sure each file starts %PDF-1.4\n", "text/plain"),
    ("text starting MZ", b"MZ Architects: drawing schedule\n", "text/plain"),
    ("json error", b'{"error": "Unauthorised"}', "text/plain"),
    ("empty", b"", None),
    ("random bytes", RANDOM, None),
    ("latin-1 text", LATIN_1, None),
    ("text with a NUL", b"abc\x00def", None),
    ("mp4 video", MP4, None),
    ("avif", sample_heic(b"avif", (b"avif", b"mif1", b"miaf")), None),
]


@pytest.mark.parametrize(("content", "expected"), [case[1:] for case in SNIFFED], ids=[case[0] for case in SNIFFED])
def test_sniff(content, expected):
    assert sniff(content) == expected


ACCEPTED = [
    ("plan.pdf", "application/pdf", sample_pdf(), "application/pdf"),
    ("PLAN.PDF", None, sample_pdf(), "application/pdf"),
    ("plan.pdf", "Application/PDF; qs=0.9", sample_pdf(), "application/pdf"),
    ("plan.pdf", "application/x-pdf", sample_pdf(), "application/pdf"),
    ("plan.pdf", "application/octet-stream", sample_pdf(), "application/pdf"),
    ("plan.pdf", "binary/octet-stream", sample_pdf(), "application/pdf"),
    ("plan.pdf", "", sample_pdf(), "application/pdf"),
    ("plan", "application/pdf", sample_pdf(), "application/pdf"),
    ("plan", None, sample_pdf(), "application/pdf"),
    ("C:\\fakepath\\plan.pdf", None, sample_pdf(), "application/pdf"),
    ("elevations.png", "image/png", sample_png(), "image/png"),
    ("photo.jpg", "image/jpeg", sample_jpeg(), "image/jpeg"),
    ("photo.jpeg", "image/jpg", sample_jpeg(), "image/jpeg"),
    ("photo.JPG", "image/pjpeg", sample_jpeg(), "image/jpeg"),
    ("sketch.gif", "image/gif", sample_gif(), "image/gif"),
    ("survey.tif", "image/tiff", sample_tiff("II"), "image/tiff"),
    ("survey.tiff", None, sample_tiff("MM"), "image/tiff"),
    ("photo.webp", "image/webp", sample_webp(), "image/webp"),
    ("IMG_0001.HEIC", "image/heic", sample_heic(), "image/heic"),
    ("IMG_0001.heif", "image/heif", sample_heic(), "image/heic"),
    ("IMG_0002.heif", None, sample_heic(b"mif1", (b"mif1",)), "image/heif"),
    ("statement.docx", DOCX, sample_docx(), DOCX),
    ("statement.docx", "application/zip", sample_docx(), DOCX),
    ("fees.xlsx", XLSX, sample_xlsx(), XLSX),
    ("slides.pptx", None, sample_pptx(), PPTX),
    ("statement.doc", "application/msword", sample_ole("WordDocument"), DOC),
    ("statement.doc", None, GENERIC_OLE, DOC),
    ("fees.xls", "application/vnd.ms-excel", sample_ole("Workbook"), "application/vnd.ms-excel"),
    ("fees.xls", None, GENERIC_OLE, "application/vnd.ms-excel"),
    ("slides.ppt", None, sample_ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ("notes.txt", "text/plain; charset=utf-8", sample_text(), "text/plain"),
    ("data.csv", "text/csv", sample_csv(), "text/csv"),
    ("data.csv", "text/plain", sample_csv(), "text/csv"),
    ("data.csv", "application/vnd.ms-excel", sample_csv(), "text/csv"),
    ("data.csv", None, sample_csv(), "text/csv"),
    ("data", "text/csv", sample_csv(), "text/csv"),
]


@pytest.mark.parametrize(("filename", "declared", "content", "expected"), ACCEPTED)
def test_check_claim_accepts(filename, declared, content, expected):
    assert check_claim(filename=filename, declared_type=declared, content=content) == expected


REFUSED = [
    # The classic: a sign-in page saved under the file's name.
    ("site-plan.pdf", "text/html; charset=utf-8", SIGN_IN_PAGE, "site-plan.pdf is an HTML page, not a PDF"),
    ("site-plan.pdf", "application/pdf", SIGN_IN_PAGE, "site-plan.pdf is an HTML page, not a PDF"),
    ("plan", "application/pdf", SIGN_IN_PAGE, "plan is an HTML page, not a PDF"),
    ("plan", None, SIGN_IN_PAGE, f"plan is an HTML page, which is not accepted: {HINT}"),
    ("plan", "text/html", SIGN_IN_PAGE, f"plan is an HTML page, which is not accepted: {HINT}"),
    # Empty.
    ("plans.pdf", "application/pdf", b"", "plans.pdf is empty"),
    ("", None, b"", "The file is empty"),
    # Extensions that are never accepted.
    ("notes.exe", None, PE_PROGRAM, f"The file type of notes.exe is not accepted: {HINT}"),
    ("plan.pdf.exe", "application/pdf", sample_pdf(), f"The file type of plan.pdf.exe is not accepted: {HINT}"),
    ("plans.zip", "application/zip", sample_zip(), f"The file type of plans.zip is not accepted: {HINT}"),
    ("page.html", "text/html", SIGN_IN_PAGE, f"The file type of page.html is not accepted: {HINT}"),
    ("drawing.svg", "image/svg+xml", b"<svg/>", f"The file type of drawing.svg is not accepted: {HINT}"),
    ("statement.docm", None, sample_docx(macros=True), f"The file type of statement.docm is not accepted: {HINT}"),
    ("empty.exe", None, b"", f"The file type of empty.exe is not accepted: {HINT}"),
    # Content of another accepted type than the extension says.
    ("photo.jpg", "image/jpeg", sample_png(), "photo.jpg is a PNG image, not a JPEG image"),
    ("photo.jpg", "image/png", sample_png(), "photo.jpg is a PNG image, not a JPEG image"),
    ("elevations.png", None, sample_jpeg(), "elevations.png is a JPEG image, not a PNG image"),
    ("plan.pdf", None, sample_png(), "plan.pdf is a PNG image, not a PDF"),
    ("survey.tif", None, sample_gif(), "survey.tif is a GIF image, not a TIFF image"),
    ("photo.heic", None, sample_jpeg(), "photo.heic is a JPEG image, not a HEIC image"),
    ("statement.docx", None, sample_pdf(), "statement.docx is a PDF, not a Word document"),
    ("statement.docx", None, sample_xlsx(), "statement.docx is an Excel spreadsheet, not a Word document"),
    (
        "statement.docx",
        None,
        sample_ole("WordDocument"),
        "statement.docx is a Word 97-2003 document, not a Word document",
    ),
    (
        "fees.xls",
        None,
        sample_ole("WordDocument"),
        "fees.xls is a Word 97-2003 document, not an Excel 97-2003 spreadsheet",
    ),
    ("fees.xlsx", None, sample_ole("Workbook"), "fees.xlsx is an Excel 97-2003 spreadsheet, not an Excel spreadsheet"),
    ("slides.pptx", None, sample_docx(), "slides.pptx is a Word document, not a PowerPoint presentation"),
    ("plan.pdf", None, sample_text(), "plan.pdf is a text file, not a PDF"),
    ("notes.txt", None, sample_pdf(), "notes.txt is a PDF, not a text file"),
    ("data.csv", None, sample_png(), "data.csv is a PNG image, not a CSV file"),
    # Content of a kind that is never accepted.
    ("plans.pdf", "application/pdf", sample_zip(), "plans.pdf is a ZIP archive, not a PDF"),
    (
        "statement.docx",
        None,
        sample_docx(macros=True),
        "statement.docx is a macro-enabled Word document, not a Word document",
    ),
    ("fees.xlsx", None, xlsm(), "fees.xlsx is a macro-enabled Excel spreadsheet, not an Excel spreadsheet"),
    (
        "statement.docx",
        None,
        sample_ole("EncryptedInfo", "EncryptedPackage"),
        "statement.docx is protected by a password: send a copy without one",
    ),
    (
        "statement.docx",
        None,
        GENERIC_OLE,
        "statement.docx is an Office 97-2003 file of an unknown kind, not a Word document",
    ),
    ("setup.pdf", "application/pdf", PE_PROGRAM, "setup.pdf is a Windows program, not a PDF"),
    ("tool.png", None, ELF_PROGRAM, "tool.png is a Linux program, not a PNG image"),
    ("tool", None, ELF_PROGRAM, f"tool is a Linux program, which is not accepted: {HINT}"),
    # Content that is not recognised at all.
    (
        "plan.pdf",
        "application/pdf",
        RANDOM,
        "plan.pdf does not look like a PDF: its contents are not a type of file we recognise",
    ),
    (
        "photo.heic",
        None,
        MP4,
        "photo.heic does not look like a HEIC image: its contents are not a type of file we recognise",
    ),
    ("plan", None, RANDOM, f"The type of plan could not be recognised: {HINT}"),
    ("plan", "application/x-unknown", RANDOM, f"The type of plan could not be recognised: {HINT}"),
    ("notes.txt", "text/plain", LATIN_1, "notes.txt is not a readable text file: save it as UTF-8 text"),
    ("data.csv", None, b"a,b\x00,c", "data.csv is not a readable CSV file: save it as UTF-8 text"),
    # Content that agrees with the extension, but not with the declared Content-Type.
    (
        "plan.pdf",
        "text/html; charset=utf-8",
        sample_pdf(),
        "plan.pdf is a PDF, but is labelled as an HTML page (text/html)",
    ),
    ("photo.jpg", "image/png", sample_jpeg(), "photo.jpg is a JPEG image, but is labelled as a PNG image (image/png)"),
    (
        "photo.jpg",
        "image/x-png",
        sample_jpeg(),
        "photo.jpg is a JPEG image, but is labelled as a PNG image (image/x-png)",
    ),
    ("plan.pdf", "application/x-foo", sample_pdf(), "plan.pdf is a PDF, but is labelled as application/x-foo"),
    ("plan", "image/png", sample_pdf(), "plan is a PDF, but is labelled as a PNG image (image/png)"),
    (
        "notes.txt",
        "application/pdf",
        sample_text(),
        "notes.txt is a text file, but is labelled as a PDF (application/pdf)",
    ),
    (
        "plan.pdf",
        "application/zip",
        sample_pdf(),
        "plan.pdf is a PDF, but is labelled as a ZIP archive (application/zip)",
    ),
]


@pytest.mark.parametrize(("filename", "declared", "content", "message"), REFUSED)
def test_check_claim_refuses(filename, declared, content, message):
    with pytest.raises(FileCheckError) as caught:
        check_claim(filename=filename, declared_type=declared, content=content)
    assert caught.value.message == message
    assert str(caught.value) == message


@pytest.mark.parametrize("extension", sorted(set(SAMPLES) - {"zip", "html"}))
def test_every_served_sample_passes_its_own_check(extension):
    content, content_type = SAMPLES[extension]
    assert check_claim(filename=f"file.{extension}", declared_type=content_type, content=content) in ALLOWED_TYPES


def test_allowed_types_are_planning_documents_only():
    assert set(EXTENSIONS) == set(ALLOWED_TYPES)
    for refused in (HTML, ZIP, EXE, ELF, DOCM, XLSM, PPTM, OLE, ENCRYPTED_OFFICE, "image/svg+xml"):
        assert refused not in ALLOWED_TYPES
    assert ALLOWED_TYPES["application/pdf"] == "PDF"
    assert ALLOWED_TYPES["image/jpeg"] == "JPEG image"
    assert ALLOWED_TYPES[DOCX] == "Word document"
    assert EXTENSIONS["image/jpeg"] == ("jpg", "jpeg")
    assert EXTENSIONS["image/tiff"] == ("tif", "tiff")


def test_sniff_never_raises_on_damaged_containers():
    for content in (
        sample_ole("WordDocument")[:600],  # directory sector cut short
        sample_ole()[:8] + b"\xff" * 600,  # every field nonsense
        b"PK\x05\x06" + bytes(18),  # an empty ZIP
        sample_docx()[:200],  # a Word document cut short
        sample_heic()[:10],
        b"\x00\x00\xff\xffftyp" + b"heic" * 3,  # a box size far past the end
        random.Random(7).randbytes(4096),
    ):
        sniff(content)


def test_a_large_text_file_is_still_text():
    content = b"reference,fee\n" + b"24/00001/HAPP,258\n" * 200_000
    assert check_claim(filename="fees.csv", declared_type="text/csv", content=content) == "text/csv"
