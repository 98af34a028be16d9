"""What a file really is, from its first bytes, and whether that matches what it claims to be.

Intake downloads the files a submission lists and officers upload files by hand. Either way the name
("site-plan.pdf") and the Content-Type are only claims: a login page saved as site-plan.pdf or a PNG
renamed photo.jpg must be caught before it is stored as a planning document.

    sniff(content)            -> the MIME type the bytes show, or None
    check_claim(filename=..., declared_type=..., content=...)
                              -> the sniffed MIME type, or FileCheckError with words an officer can act on
"""

from __future__ import annotations

import io
import struct
import zipfile

__all__ = ["ALLOWED_TYPES", "EXTENSIONS", "FileCheckError", "check_claim", "sniff"]

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TIFF = "image/tiff"
WEBP = "image/webp"
HEIC = "image/heic"
HEIF = "image/heif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
TEXT = "text/plain"
CSV = "text/csv"

# Recognised so that they can be named in an error, never accepted.
HTML = "text/html"
ZIP = "application/zip"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.12"
OLE = "application/x-ole-storage"  # an Office 97-2003 container whose kind could not be told
ENCRYPTED_OFFICE = "application/x-encrypted-office"  # a password-protected Office document
EXE = "application/x-msdownload"
ELF = "application/x-executable"

ALLOWED_TYPES: dict[str, str] = {
    PDF: "PDF",
    PNG: "PNG image",
    JPEG: "JPEG image",
    GIF: "GIF image",
    TIFF: "TIFF image",
    WEBP: "WebP image",
    HEIC: "HEIC image",
    HEIF: "HEIF image",
    DOCX: "Word document",
    XLSX: "Excel spreadsheet",
    PPTX: "PowerPoint presentation",
    DOC: "Word 97-2003 document",
    XLS: "Excel 97-2003 spreadsheet",
    PPT: "PowerPoint 97-2003 presentation",
    TEXT: "text file",
    CSV: "CSV file",
}

# The first extension is the usual one; a MIME type's content is accepted under any of them.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    GIF: ("gif",),
    TIFF: ("tif", "tiff"),
    WEBP: ("webp",),
    HEIC: ("heic", "heif"),
    HEIF: ("heif", "heic"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    PPTX: ("pptx",),
    DOC: ("doc",),
    XLS: ("xls",),
    PPT: ("ppt",),
    TEXT: ("txt",),
    CSV: ("csv",),
}

_OTHER_NAMES: dict[str, str] = {
    HTML: "HTML page",
    ZIP: "ZIP archive",
    DOCM: "macro-enabled Word document",
    XLSM: "macro-enabled Excel spreadsheet",
    PPTM: "macro-enabled PowerPoint presentation",
    OLE: "Office 97-2003 file of an unknown kind",
    ENCRYPTED_OFFICE: "password-protected Office document",
    EXE: "Windows program",
    ELF: "Linux program",
}
_NAMES = {**ALLOWED_TYPES, **_OTHER_NAMES}
_LOWERCASE_NAMES = {mime.lower(): mime for mime in _NAMES}


def _extension_types() -> dict[str, str]:
    """Extension -> the MIME type it claims: each type's usual extension first, then the others."""
    types = {extensions[0]: mime for mime, extensions in EXTENSIONS.items()}
    for mime, extensions in EXTENSIONS.items():
        for extension in extensions:
            types.setdefault(extension, mime)
    return types


_EXTENSION_TYPES = _extension_types()

ACCEPTED_HINT = "send PDF, images or Office documents"

# Content-Types that say nothing about the content.
_NO_CLAIM = {
    "application/octet-stream",
    "binary/octet-stream",
    "application/force-download",
    "application/x-download",
    "application/download",
    "application/unknown",
}
# Other names in use for the same types.
_ALIASES = {
    "application/x-pdf": PDF,
    "application/acrobat": PDF,
    "image/x-png": PNG,
    "image/jpg": JPEG,
    "image/pjpeg": JPEG,
    "image/x-tiff": TIFF,
    "image/heic-sequence": HEIC,
    "image/heif-sequence": HEIF,
    "application/vnd.msword": DOC,
    "application/doc": DOC,
    "application/x-msexcel": XLS,
    "application/x-excel": XLS,
    "application/excel": XLS,
    "application/mspowerpoint": PPT,
    "application/x-mspowerpoint": PPT,
    "application/csv": CSV,
    "text/x-csv": CSV,
    "text/comma-separated-values": CSV,
    "application/x-zip-compressed": ZIP,
    "application/xhtml+xml": HTML,
}
_OOXML = {DOCX, XLSX, PPTX}
_LEGACY_OFFICE = {DOC, XLS, PPT}


class FileCheckError(ValueError):
    """The file is not what it claims to be, or not a kind of file that is accepted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Sniffing ------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}


def sniff(content: bytes) -> str | None:
    """The MIME type the bytes show, or None when they are not a kind of file recognised here.

    Any UTF-8 text without NUL bytes is "text/plain"; check_claim accepts it only as a .txt or .csv.
    """
    if not content:
        return None
    head = content[:64]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return TIFF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _heif_kind(content)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(content)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(content)
    if head.startswith(b"\x7fELF"):
        return ELF
    if head.startswith(b"MZ") and _is_windows_program(content):
        return EXE
    if _looks_like_html(content):
        return HTML
    if _has_late_pdf_header(content):
        return PDF
    if _is_text(content):
        return TEXT
    return None


def _heif_kind(content: bytes) -> str | None:
    """HEIC/HEIF from the ISO base media "ftyp" box: major brand, then the compatible brands."""
    box_size = int.from_bytes(content[0:4], "big")
    end = min(box_size if box_size >= 16 else 16, len(content), 4096)
    brands = [content[8:12]] + [content[i : i + 4] for i in range(16, end - 3, 4)]
    if any(brand in _HEIC_BRANDS for brand in brands):
        return HEIC
    if any(brand in _AVIF_BRANDS for brand in brands):
        return None
    if any(brand in _HEIF_BRANDS for brand in brands):
        return HEIF
    return None  # an MP4, MOV, AVIF or other ISO media file


def _zip_kind(content: bytes) -> str:
    """Word, Excel or PowerPoint (2007 and later) from the parts a ZIP holds; otherwise a plain ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names:
                return ZIP
            info = archive.getinfo("[Content_Types].xml")
            content_types = archive.read(info).lower() if info.file_size <= 1024 * 1024 else b""
    except Exception:  # a damaged or unusual archive is still a ZIP: never let sniffing crash
        return ZIP
    macros = b"macroenabled" in content_types or any(name.lower().endswith("vbaproject.bin") for name in names)
    for prefix, plain, with_macros in (("word/", DOCX, DOCM), ("xl/", XLSX, XLSM), ("ppt/", PPTX, PPTM)):
        if any(name.startswith(prefix) for name in names):
            return with_macros if macros else plain
    return ZIP


def _ole_kind(content: bytes) -> str:
    """Word, Excel or PowerPoint 97-2003 from the streams in an OLE2 compound file's directory."""
    names = _ole_stream_names(content)
    if "EncryptedPackage" in names:  # a password-protected .docx/.xlsx/.pptx is stored this way
        return ENCRYPTED_OFFICE
    if "WordDocument" in names:
        return DOC
    if "Workbook" in names or "Book" in names:
        return XLS
    if "PowerPoint Document" in names:
        return PPT
    return OLE


_FREE_OR_END = 0xFFFFFFFA  # sector numbers from here up are markers, not sectors


def _ole_stream_names(content: bytes) -> set[str]:
    """The names in a compound file's directory; an empty set when it cannot be read."""
    try:
        if len(content) < 512:
            return set()
        sector_shift = struct.unpack_from("<H", content, 0x1E)[0]
        if sector_shift not in (9, 12):
            return set()
        size = 1 << sector_shift
        ids_per_sector = size // 4

        def sector(number: int) -> bytes:
            offset = (number + 1) * size
            return content[offset : offset + size]

        fat_sectors = [n for n in struct.unpack_from("<109I", content, 0x4C) if n < _FREE_OR_END]
        difat, seen = struct.unpack_from("<I", content, 0x44)[0], set[int]()
        while difat < _FREE_OR_END and difat not in seen and len(seen) < 1000:
            seen.add(difat)
            data = sector(difat)
            if len(data) < size:
                break
            ids = struct.unpack(f"<{ids_per_sector}I", data)
            fat_sectors += [n for n in ids[:-1] if n < _FREE_OR_END]
            difat = ids[-1]

        fat: list[int] = []
        for number in fat_sectors[:4096]:
            data = sector(number)
            if len(data) == size:
                fat.extend(struct.unpack(f"<{ids_per_sector}I", data))

        names: set[str] = set()
        current, visited = struct.unpack_from("<I", content, 0x30)[0], set[int]()
        while current < _FREE_OR_END and current not in visited and len(visited) < 10_000:
            visited.add(current)
            data = sector(current)
            for start in range(0, len(data) - 127, 128):
                entry = data[start : start + 128]
                name_length, kind = struct.unpack_from("<HB", entry, 0x40)
                if kind in (1, 2) and 2 <= name_length <= 64:  # a storage or a stream
                    names.add(entry[: name_length - 2].decode("utf-16-le", errors="replace"))
            current = fat[current] if current < len(fat) else _FREE_OR_END
        return names
    except struct.error:
        return set()


def _is_windows_program(content: bytes) -> bool:
    if len(content) < 0x40:
        return False
    pe_offset = struct.unpack_from("<I", content, 0x3C)[0]
    return content[pe_offset : pe_offset + 4] == b"PE\x00\x00"


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"<?xml"):  # XHTML
        head = head.partition(b"?>")[2].lstrip()
    for _ in range(5):
        if not head.startswith(b"<!--"):
            break
        head = head.partition(b"-->")[2].lstrip()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _has_late_pdf_header(content: bytes) -> bool:
    """PDF readers accept a little junk (blank lines, stray binary) before "%PDF-" in the first 1024 bytes.

    A text file that merely mentions "%PDF-" is still text.
    """
    index = content.find(b"%PDF-", 0, 1024)
    if index < 0:
        return False
    junk = content[:index].removeprefix(b"\xef\xbb\xbf").strip()
    return not junk or not _is_text(junk)


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- Checking a claim ----------------------------------------------------------------------------


def check_claim(*, filename: str, declared_type: str | None, content: bytes) -> str:
    """The sniffed MIME type when the content is an accepted kind of file and agrees with its claims.

    The claims are the file's extension and, when given, its declared Content-Type (parameters such as
    "; charset=" are ignored; application/octet-stream and the like claim nothing). A file without an
    extension is judged by its content and declared type alone. Raises FileCheckError otherwise.
    """
    name = filename.strip() or "The file"
    extension = _extension(filename)
    if extension and extension not in _EXTENSION_TYPES:
        raise FileCheckError(f"The file type of {name} is not accepted: {ACCEPTED_HINT}")
    if not content:
        raise FileCheckError(f"{name} is empty")

    declared = _declared(declared_type)
    expected = _EXTENSION_TYPES[extension] if extension else declared
    expected = expected if expected in _NAMES else None

    sniffed = sniff(content)
    if sniffed == OLE and expected in _LEGACY_OFFICE:
        sniffed = expected
    if sniffed == TEXT and expected == CSV:
        sniffed = CSV

    if sniffed is None:
        if expected in (TEXT, CSV):
            raise FileCheckError(f"{name} is not a readable {_NAMES[expected]}: save it as UTF-8 text")
        if expected:
            raise FileCheckError(
                f"{name} does not look like {_a(expected)}: its contents are not a type of file we recognise"
            )
        raise FileCheckError(f"The type of {name} could not be recognised: {ACCEPTED_HINT}")
    if sniffed == ENCRYPTED_OFFICE:
        raise FileCheckError(f"{name} is protected by a password: send a copy without one")
    if sniffed not in ALLOWED_TYPES:
        if expected and expected != sniffed:
            raise FileCheckError(f"{name} is {_a(sniffed)}, not {_a(expected)}")
        raise FileCheckError(f"{name} is {_a(sniffed)}, which is not accepted: {ACCEPTED_HINT}")
    if extension and extension not in EXTENSIONS[sniffed]:
        raise FileCheckError(f"{name} is {_a(sniffed)}, not {_a(_EXTENSION_TYPES[extension])}")
    if declared and not _agrees(declared, sniffed):
        raise FileCheckError(f"{name} is {_a(sniffed)}, but is labelled as {_label(declared, declared_type)}")
    return sniffed


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


def _declared(declared_type: str | None) -> str | None:
    """The declared MIME type in its usual spelling, or None when it claims nothing."""
    mime = (declared_type or "").split(";", 1)[0].strip().lower()
    if not mime or mime in _NO_CLAIM:
        return None
    canonical = _LOWERCASE_NAMES.get(mime, mime)
    return _ALIASES.get(canonical, canonical)


def _agrees(declared: str, sniffed: str) -> bool:
    if declared == sniffed:
        return True
    if sniffed in (TEXT, CSV):  # text/plain for a CSV, and what Windows calls a CSV when Excel is installed
        return declared in (TEXT, CSV) or (sniffed == CSV and declared == XLS)
    if sniffed in _OOXML:  # an Office 2007 file is a ZIP, and some servers say so
        return declared == ZIP
    return {declared, sniffed} == {HEIC, HEIF}


def _label(declared: str, raw: str | None) -> str:
    shown = (raw or "").split(";", 1)[0].strip()
    return f"{_a(declared)} ({shown})" if declared in _NAMES else shown


def _a(mime: str) -> str:
    """'a PDF', 'an HTML page', 'an Excel spreadsheet'."""
    name = _NAMES[mime]
    article = "an" if name[0] in "AEIOUaeiou" or name.startswith("HTML") else "a"
    return f"{article} {name}"
