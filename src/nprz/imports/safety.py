"""Is an uploaded file safe to hand to a reader? Checked on the raw bytes, before any parsing.

Pure: no Django, no disk. The web upload reads the size limit from the settings and passes it
in; the bytes stay in memory and are never executed or served back.

What the content is decides, not the name: a workbook is a zip with `[Content_Types].xml` and
`xl/workbook.xml`; a CSV is text (UTF-8, or Windows-1252 as Dutch Excel saves it) without NUL
bytes. Everything else is refused, whatever the name says: an old .xls (OLE2, also how Excel
stores a password-protected workbook), a macro workbook, other zips (.docx, .ods), PDFs,
images, programs, web pages. The name only must not lie in a dangerous way: it has to end in
.csv, .txt or .xlsx (so "cijfers.xlsm" or "cijfers.xlsx.exe" is refused even when the content
is harmless). A harmless lie between those (a CSV named .xlsx) is a warning; the content is
read as what it is (`reading_name` gives the reader a name that says so).

Zip bombs are caught from the central directory, without decompressing: the number of members,
the total declared size and each member's compression ratio. Those declared sizes are a real
bound: Python's `zipfile` (which openpyxl reads through) stops decompressing a member at its
declared size and fails its CRC check. Entries that overlap (one compressed stream referred to
by many entries, the "non-recursive" zip bomb), duplicate names and zips inside the zip are
refused too. Only after that are the XML parts read, in bounded chunks: a DOCTYPE or ENTITY
anywhere is refused (openpyxl parses with the standard library, which would expand entities),
as are external links and data connections (a workbook that fetches from elsewhere when opened).
A part is XML by its name, by its content type, because a relationship points at it, or
because its first bytes look like XML: openpyxl follows the relationships, so a worksheet
renamed `sheet1.bin` is parsed as one. (The reader also refuses a cell longer than Excel
allows, `nprz.imports.tables.MAX_CELL_CHARS`: whatever slips through cannot grow a note of
megabytes.)

Hyperlinks in cells are external relationships too, but nobody follows them while reading:
they are allowed, so a sheet that cites its source URL can be imported. See
tests/uploads/test_safety.py for one crafted file per defect.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO
from xml.etree import ElementTree

from nprz.core.problems import Location, Problem, Severity

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # NPRZ_UPLOAD_MAX_BYTES; a delivery of a few thousand cells is ~100 kB


@dataclass(frozen=True)
class ZipLimits:
    """What a workbook may unpack to. openpyxl's own workbooks compress 7-10x (measured on
    1,000 to 20,000 rows); very repetitive sheets reach a few dozen; a zip bomb ~1000x."""

    members: int = 500
    uncompressed: int = 50 * MB  # all members together, as declared
    ratio: int = 100  # uncompressed / compressed, per member ...
    ratio_from: int = 1 * MB  # ... that unpacks to more than this (small parts vary wildly)
    xml_part: int = 50 * MB  # never read more of one XML part than this while scanning


LIMITS = ZipLimits()

# Stable codes and what they mean; the tests name each one.
CODES = {
    "bestand-leeg": "het bestand is leeg",
    "bestand-te-groot": "het bestand is groter dan de grens voor uploads",
    "bestandsnaam": "de naam eindigt niet op .csv, .txt of .xlsx",
    "naam-past-niet": "de naam zegt CSV en de inhoud is een werkmap, of omgekeerd (waarschuwing)",
    "bestandstype": "de inhoud is geen CSV en geen Excel-werkmap (PDF, afbeelding, programma …)",
    "oud-excel": "een .xls-bestand (of een werkmap met wachtwoord)",
    "tekstcodering": "tekst die geen UTF-8 of Windows-1252 is",
    "geen-werkmap": "een zip-archief dat geen Excel-werkmap (.xlsx) is",
    "macro": "een werkmap met macro's, ActiveX of ingesloten objecten",
    "zip-beschadigd": "een zip-archief dat niet te lezen is",
    "zip-versleuteld": "een versleuteld zip-lid",
    "zip-te-veel-bestanden": "meer delen dan een werkmap heeft",
    "zip-te-groot": "uitgepakt groter dan de grens",
    "zip-verhouding": "een deel dat verdacht sterk is samengeperst (zip-bom)",
    "zip-overlap": "delen die elkaar overlappen of dezelfde naam hebben",
    "zip-genest": "een zip-archief in het archief",
    "externe-koppeling": "een koppeling naar een ander bestand of een gegevensverbinding",
    "xml-entiteit": "een XML-deel met DOCTYPE of ENTITY",
    "xml-codering": "een XML-deel dat niet in UTF-8 is",
}

ALLOWED_SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Recognised by their first bytes, so the message can say what the file is.
_MAGIC = (
    (b"%PDF-", "een PDF-document"),
    (b"\x89PNG\r\n\x1a\n", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF87a", "een GIF-afbeelding"),
    (b"GIF89a", "een GIF-afbeelding"),
    (b"MZ", "een Windows-programma"),
    (b"\x7fELF", "een programma"),
    (b"\xcf\xfa\xed\xfe", "een programma"),
    (b"\xca\xfe\xba\xbe", "een programma"),
    (b"#!", "een script"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (b"{\\rtf", "een RTF-document"),
)
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
# Control characters that plain text never holds (tab, newlines and form feed are fine).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']""")
_DANGEROUS_WORDS = (b"<!doctype", b"<!entity")
_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (skipped), name length, extra length
# Parts of a workbook that run or fetch something when Excel opens it.
_ACTIVE_PARTS = ("xl/activex/", "xl/embeddings/", "xl/macrosheets/", "xl/vbaproject", "customui/")
_LINK_PARTS = ("xl/externallinks/", "xl/connections.xml", "xl/querytables/")
# The relationship type of a cell hyperlink, in transitional and in strict Office Open XML.
_HYPERLINK = "/relationships/hyperlink"


def inspect_upload(
    data: bytes, name: str, max_bytes: int = MAX_BYTES, limits: ZipLimits = LIMITS
) -> list[Problem]:
    """Every reason not to read `data` (uploaded as `name`); empty: hand it to the reader."""
    where = Location(file=name)
    if not data:
        return [_problem("bestand-leeg", "Het bestand is leeg.", where)]
    if len(data) > max_bytes:
        return [too_big(len(data), name, max_bytes)]
    problems = _check_name(name, where)
    kind = kind_of(data)
    found = _check_workbook(data, where, limits) if kind == "xlsx" else _check_text(data, where)
    if not found and problems == [] and _claimed(name) not in ("", kind):
        problems.append(
            _problem(
                "naam-past-niet",
                f"De naam {name!r} past niet bij de inhoud; het bestand wordt gelezen als "
                f"{'CSV' if kind == 'csv' else 'Excel-werkmap'}.",
                where,
                Severity.WAARSCHUWING,
            )
        )
    return problems + found


def inspect_content(data: bytes, name: str, limits: ZipLimits = LIMITS) -> list[Problem]:
    """The checks of a workbook's content (zip bombs, macros, links, XML entities) for a file
    that is not an upload: `nprz import file` reads what an analyst chose, so no size limit
    and no rule on its name, but a workbook is opened by the same openpyxl. Text: nothing."""
    if kind_of(data) != "xlsx":
        return []
    return _check_workbook(data, Location(file=name), limits)


def too_big(size: int, name: str, max_bytes: int) -> Problem:
    """The problem of a file of `size` bytes over the limit (the web upload also uses it
    when the request alone is too big to read)."""
    return _problem(
        "bestand-te-groot",
        f"Het bestand is {size_text(size)}; de grens is {size_text(max_bytes)}.",
        Location(file=name),
    )


def kind_of(data: bytes) -> str:
    """What `inspect_upload` takes the content for: "xlsx" (a zip) or "csv" (anything else)."""
    return "xlsx" if data.startswith(_ZIP) else "csv"


def reading_name(name: str, data: bytes) -> str:
    """`name` with the suffix its content has, for a reader that picks its format by name."""
    kind = kind_of(data)
    if _claimed(name) == kind:
        return name
    path = PurePosixPath(name or "upload")
    return str(path.with_suffix(".xlsx" if kind == "xlsx" else ".csv"))


# --- the name -----------------------------------------------------------------------------


def _claimed(name: str) -> str:
    return ALLOWED_SUFFIXES.get(PurePosixPath(name).suffix.lower(), "")


def _check_name(name: str, where: Location) -> list[Problem]:
    if _claimed(name):
        return []
    return [
        _problem(
            "bestandsnaam",
            f"De naam {name!r} eindigt niet op .csv, .txt of .xlsx; alleen CSV-bestanden en "
            "Excel-werkmappen (.xlsx) kunnen worden ingelezen.",
            where,
        )
    ]


# --- text ---------------------------------------------------------------------------------


def _check_text(data: bytes, where: Location) -> list[Problem]:
    if data.startswith(_OLE2):
        return [
            _problem(
                "oud-excel",
                "Dit is een oud Excel-bestand (.xls) of een werkmap met een wachtwoord. Sla "
                "het in Excel op als Excel-werkmap (.xlsx) of CSV UTF-8, zonder wachtwoord.",
                where,
            )
        ]
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return [
                _problem(
                    "tekstcodering",
                    f"Deze tekst is in {encoding} opgeslagen; sla het bestand op als CSV UTF-8.",
                    where,
                )
            ]
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return [_not_a_table(what, where)]
    if _CONTROL.search(data.rstrip(b"\x1a")):  # ^Z: the end-of-file mark of old DOS tools
        return [_not_a_table("een binair bestand", where)]
    text = _decode(data)
    if text is None:
        return [
            _problem(
                "tekstcodering",
                "De tekst is geen UTF-8 en geen Windows-1252; sla het bestand op als CSV UTF-8.",
                where,
            )
        ]
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return [_not_a_table("een webpagina of XML-bestand", where)]
    return []


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _not_a_table(what: str, where: Location) -> Problem:
    return _problem(
        "bestandstype",
        f"Dit bestand is {what}, geen CSV-bestand of Excel-werkmap (.xlsx).",
        where,
    )


# --- workbooks ----------------------------------------------------------------------------


def _check_workbook(data: bytes, where: Location, limits: ZipLimits) -> list[Problem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return [_problem("zip-beschadigd", "Het zip-archief is beschadigd.", where)]
    with archive:
        # The central directory alone first: nothing is decompressed before it passes.
        problems = _check_directory(data, archive, members, where, limits)
        if problems:
            return problems
        problems = _check_parts(members, where)
        if problems:
            return problems
        try:
            return _check_xml(archive, members, where, limits)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            return [_problem("zip-beschadigd", "Een deel van de werkmap is beschadigd.", where)]


def _check_directory(
    data: bytes,
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    where: Location,
    limits: ZipLimits,
) -> list[Problem]:
    if len(members) > limits.members:
        return [
            _problem(
                "zip-te-veel-bestanden",
                f"Het archief heeft {len(members)} delen; een werkmap heeft er hoogstens "
                f"{limits.members}.",
                where,
            )
        ]
    problems = []
    total = sum(m.file_size for m in members)
    if total > limits.uncompressed:
        problems.append(
            _problem(
                "zip-te-groot",
                f"Uitgepakt is het archief {size_text(total)}; de grens is "
                f"{size_text(limits.uncompressed)}.",
                where,
            )
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_from and ratio > limits.ratio:
            problems.append(
                _problem(
                    "zip-verhouding",
                    f"Het deel {member.filename!r} pakt uit van {size_text(member.compress_size)} "
                    f"tot {size_text(member.file_size)} ({ratio:.0f} keer); dat is een zip-bom.",
                    where,
                )
            )
        if member.flag_bits & 0x1:
            problems.append(
                _problem(
                    "zip-versleuteld",
                    f"Het deel {member.filename!r} is versleuteld.",
                    where,
                )
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(
                _problem(
                    "zip-beschadigd",
                    f"Het deel {member.filename!r} gebruikt een compressie die Excel niet kent.",
                    where,
                )
            )
    return problems + _check_layout(data, archive, members, where)


def _check_layout(
    data: bytes, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], where: Location
) -> list[Problem]:
    """Each member's bytes once and in their own place: no two entries share (part of) a
    compressed stream, no name occurs twice, and nothing reaches into the directory."""
    names = [m.filename.lower() for m in members]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        return [_problem("zip-overlap", f"Het archief heeft dubbele delen: {twice}.", where)]
    directory = getattr(archive, "start_dir", len(data))
    spans = []
    for member in members:
        start = member.header_offset
        header = data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            return [_problem("zip-beschadigd", "Het zip-archief is beschadigd.", where)]
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            return [_problem("zip-beschadigd", "Het zip-archief is beschadigd.", where)]
        end = start + _LOCAL_HEADER.size + name_length + extra_length + member.compress_size
        spans.append((start, end, member.filename))
    spans.sort()
    previous_end, previous = 0, ""
    for start, end, name in spans:
        if start < previous_end:
            return [
                _problem(
                    "zip-overlap",
                    f"De delen {previous!r} en {name!r} overlappen; zo is een zip-bom gebouwd.",
                    where,
                )
            ]
        previous_end, previous = end, name
    if previous_end > directory:
        return [_problem("zip-overlap", "Een deel overlapt de inhoudsopgave van de zip.", where)]
    return []


def _check_parts(members: list[zipfile.ZipInfo], where: Location) -> list[Problem]:
    names = {m.filename.lower(): m.filename for m in members}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        return [
            _problem(
                "geen-werkmap",
                "Dit zip-archief is geen Excel-werkmap (.xlsx); sla het bestand in Excel op als "
                "Excel-werkmap of als CSV UTF-8.",
                where,
            )
        ]
    problems = []
    for lower, original in names.items():
        if lower.endswith("vbaproject.bin") or lower.startswith(_ACTIVE_PARTS):
            problems.append(
                _problem(
                    "macro",
                    f"De werkmap bevat macro's of ingesloten objecten ({original!r}); sla haar "
                    "op als Excel-werkmap (.xlsx) zonder macro's.",
                    where,
                )
            )
        elif lower.startswith(_LINK_PARTS):
            problems.append(
                _problem(
                    "externe-koppeling",
                    f"De werkmap haalt gegevens van elders ({original!r}); verbreek de "
                    "koppelingen en sla de waarden op.",
                    where,
                )
            )
        elif lower.endswith((".zip", ".xlsx", ".xlsm", ".docx", ".jar")):
            problems.append(
                _problem("zip-genest", f"Het archief bevat een archief: {original!r}.", where)
            )
    return problems


def _check_xml(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], where: Location, limits: ZipLimits
) -> list[Problem]:
    """Scan every part that is XML, whatever its name: the package's index first (the content
    types and the relationships, which say what the other parts are), then every part they
    declare as XML, and every other part whose first bytes look like XML. openpyxl follows
    the relationships, not the names: a worksheet renamed `sheet1.bin` is parsed all the same
    (`tests/uploads/test_safety.py::test_a_worksheet_under_another_name_is_scanned`)."""
    index = [m for m in members if _is_index(m.filename)]
    problems = [p for m in index if (p := _scan_part(archive, m, True, where, limits))]
    if problems:
        return problems
    try:
        declared = _declared_xml(archive, index, {m.filename for m in members})
    except ElementTree.ParseError:
        return [_problem("zip-beschadigd", "De inhoudsopgave van de werkmap is geen XML.", where)]
    for member in members:
        if not _is_index(member.filename):
            problem = _scan_part(archive, member, member.filename in declared, where, limits)
            if problem:
                problems.append(problem)
    if problems:
        return problems
    for member in index:
        if member.filename.lower().endswith(".rels"):
            problems.extend(_external_relations(archive, member, where))
        elif b"macroenabled" in archive.read(member).lower():
            problems.append(
                _problem("macro", "De werkmap is opgeslagen met macro's (.xlsm).", where)
            )
    return problems


def _is_index(name: str) -> bool:
    lower = name.lower()
    return lower == "[content_types].xml" or lower.endswith(".rels")


def _declared_xml(
    archive: zipfile.ZipFile, index: list[zipfile.ZipInfo], names: set[str]
) -> set[str]:
    """The parts that are XML by their name, by their content type, or because a relationship
    points at them without a content type saying what they are. Parsed only after the index
    passed `_scan_xml`."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    targets: set[str] = set()
    for member in index:
        root = ElementTree.fromstring(archive.read(member))
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
            elif tag == "Override":
                part = element.get("PartName", "").lstrip("/").lower()
                overrides[part] = element.get("ContentType", "")
            elif tag == "Relationship" and element.get("TargetMode", "").lower() != "external":
                targets.add(_target(member.filename, element.get("Target", "")))
    declared = set()
    for name in names:
        lower = name.lower()
        content_type = overrides.get(lower) or defaults.get(PurePosixPath(lower).suffix[1:], "")
        if (
            lower.endswith(_XML_SUFFIXES)
            or content_type.lower().endswith("xml")
            or (lower in targets and not content_type)
        ):
            declared.add(name)
    return declared


def _target(rels: str, target: str) -> str:
    """A relationship's target as a member name: "xl/_rels/workbook.xml.rels" points from
    "xl/workbook.xml", so "worksheets/sheet1.xml" is "xl/worksheets/sheet1.xml"."""
    if target.startswith("/"):
        return target.lstrip("/").lower()
    base = PurePosixPath(rels).parent.parent  # "xl/_rels/x.rels" -> "xl"
    return posixpath.normpath(str(base / target)).lower()


def _scan_part(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    declared: bool,
    where: Location,
    limits: ZipLimits,
) -> Problem | None:
    name = member.filename
    with archive.open(member) as stream:
        head = stream.read(_CHUNK)
        if head.startswith(_ZIP):
            return _problem("zip-genest", f"Het archief bevat een archief: {name!r}.", where)
        if declared and head.strip() and not _looks_like_xml(head):
            return _problem("xml-codering", f"Het deel {name!r} is geen XML in UTF-8.", where)
        if not declared and not _looks_like_xml(head):
            return None  # an image, printer settings: binary, and nobody parses it as XML
        return _scan_xml(name, head, stream, where, limits)


def _looks_like_xml(head: bytes) -> bool:
    """Could an XML parser take these first bytes for the start of a document? After a
    byte-order mark and white space a "<", or a "<" beside a NUL byte (UTF-16 without a
    mark, which expat recognises)."""
    if head.startswith(tuple(_BOMS)):
        return True
    start = head[:4]
    if b"<" in start and b"\x00" in start:
        return True
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<")


def _scan_xml(
    name: str, head: bytes, stream: IO[bytes], where: Location, limits: ZipLimits
) -> Problem | None:
    """Read one XML part in chunks (its declared size bounds it) for DOCTYPE and ENTITY;
    a part not in UTF-8 could hide them from this scan, so it is refused too."""
    declared = _ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    if (
        head.startswith(tuple(_BOMS))
        or b"\x00" in head
        or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8"))
    ):
        return _problem("xml-codering", f"Het deel {name!r} is niet in UTF-8.", where)
    chunk, tail, seen = head, b"", len(head)
    while chunk and seen <= limits.xml_part:
        window = tail + chunk.lower()
        if any(word in window for word in _DANGEROUS_WORDS):
            return _problem(
                "xml-entiteit",
                f"Het deel {name!r} bevat een DOCTYPE of ENTITY; een werkmap uit Excel heeft "
                "die niet, en ze kunnen de server laten vastlopen.",
                where,
            )
        tail = window[-16:]  # a word split over two chunks
        chunk = stream.read(_CHUNK)
        seen += len(chunk)
    return None


def _external_relations(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: Location
) -> list[Problem]:
    """Relationships that point outside the workbook, other than cell hyperlinks (nobody
    follows those while reading). Parsed only after `_scan_xml` found no DOCTYPE."""
    try:
        root = ElementTree.fromstring(archive.read(member))
    except ElementTree.ParseError:
        return [_problem("zip-beschadigd", f"Het deel {member.filename!r} is geen XML.", where)]
    problems = []
    for relation in root.iter():
        if relation.get("TargetMode", "").lower() != "external":
            continue
        if relation.get("Type", "").endswith(_HYPERLINK):
            continue
        target = relation.get("Target", "")
        problems.append(
            _problem(
                "externe-koppeling",
                f"De werkmap verwijst naar {target!r} buiten het bestand ({member.filename}); "
                "verbreek de koppeling en sla de waarden op.",
                where,
            )
        )
    return problems


# --- helpers ------------------------------------------------------------------------------


def _problem(
    code: str, message: str, where: Location, severity: Severity = Severity.FOUT
) -> Problem:
    assert code in CODES, code
    return Problem(code=code, message=message, location=where, severity=severity)


def size_text(count: int) -> str:
    """Bytes in words, Dutch: "4,8 MB", "512 kB", "12 bytes"."""
    if count >= MB:
        return f"{count / MB:.1f} MB".replace(".", ",")
    if count >= 1024:
        return f"{count // 1024} kB"
    return f"{count} bytes"
