"""Documents (images, PDFs... in the patient's image folder): their details as Open Dental's
apidocuments page shows them, and the changes it allows (Image Info, delete).

``GET /documents`` lists a patient's documents (Open Dental adds mounts, which dentin does not
keep) with ``filePath``, the PatNum and ProvNum as strings and ``serverDateTime``, as its page
prints them; ``GET /documents/{DocNum}`` has the single shape. Tooth numbers are sent as
ranges ("12-15,20") and kept, and shown, one by one ("12,13,14,15,20").
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import Defs
from dentin.office.document_files import locate, shown_path
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import Document, Patient, Provider
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import od_datetime as datetime_text

od_bool = enums.od_bool
IMG_TYPE = enums.OdEnum(
    "ImageType", {"Document": 0, "Radiograph": 1, "Photo": 2, "File": 3, "Attachment": 4}
)
IMAGE_CATEGORIES = 18  # Open Dental's DefCat ImageCats
NOTE = 65_000


def document(d: Any, defs: Defs) -> Row:
    return {
        "DocNum": d.DocNum,
        "Description": d.Description,
        "DateCreated": datetime_text(d.DateCreated),
        "DocCategory": d.DocCategory,
        "docCategory": defs.name(d.DocCategory),
        "PatNum": d.PatNum,
        "FileName": d.FileName,
        "ImgType": IMG_TYPE.text(d.ImgType),
        "ToothNumbers": d.ToothNumbers,
        "DateTStamp": datetime_text(d.DateTStamp),
        "ProvNum": d.ProvNum,
        "PrintHeading": od_bool(d.PrintHeading),
    }


def listed(d: Any, patient: Any, defs: Defs, images: Any, server: str) -> Row:
    """A row of ``GET /documents?PatNum=``: Open Dental's list shape, mount fields included."""
    return {
        "DocNum": d.DocNum,
        "MountNum": 0,
        "filePath": shown_path(images, d, patient),
        "Description": d.Description,
        "PatNum": str(d.PatNum),
        "Note": "" if d.Note.startswith(("_rawBase64_:", "_download_:")) else d.Note,
        "DateCreated": datetime_text(d.DateCreated),
        "docCategory": defs.name(d.DocCategory),
        "DocCategory": d.DocCategory,
        "ToothNumbers": d.ToothNumbers,
        "ProvNum": str(d.ProvNum),
        "PrintHeading": od_bool(d.PrintHeading),
        "DateTStamp": datetime_text(d.DateTStamp),
        "serverDateTime": server,
    }


def tooth_numbers(raw: str) -> str:
    """ "12-15,20,21" → "12,13,14,15,20,21"; 400 for anything but teeth 1-32 and ranges."""
    teeth: list[int] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})(?:\s*-\s*(\d{1,2}))?", part)
        first = int(match.group(1)) if match else 0
        last = int(match.group(2) or first) if match else 0
        if not match or not 1 <= first <= last <= 32:
            raise BadRequest(
                "ToothNumbers must be tooth numbers 1 to 32 separated by commas, with ranges "
                f"written low-high (for example '12-15,20'), got {raw!r}."
            )
        teeth += [t for t in range(first, last + 1) if t not in teeth]
    return ",".join(str(t) for t in teeth)


def _apply(session: Session, row: Document, f: Fields) -> None:
    description = f.text("Description")
    if description is not None:
        row.Description = description
    sent, when = f.datetime("DateCreated")
    if sent:
        if when is None:
            raise BadRequest("DateCreated may not be 0001-01-01 00:00:00: send when it was made.")
        row.DateCreated = when
    category = f.number("DocCategory")
    if category is not None:
        row.DocCategory = Defs.load(session).require(category, IMAGE_CATEGORIES, "DocCategory")
    kind = f.enum("ImgType", IMG_TYPE)
    if kind is not None:
        row.ImgType = kind
    teeth = f.text("ToothNumbers")
    if teeth is not None:
        row.ToothNumbers = tooth_numbers(teeth)
    prov = f.number("ProvNum")
    if prov is not None:
        if prov:
            provider = get_or_404(session, Provider, prov, "ProvNum")
            if provider.IsHidden:
                raise BadRequest(f"ProvNum {prov} is hidden; choose a provider in use.")
        row.ProvNum = prov
    heading = f.flag("PrintHeading")
    if heading is not None:
        row.PrintHeading = int(heading)


def update_document(db: OfficeDatabase, num: int, f: Fields) -> None:
    for fixed in ("PatNum", "FileName"):
        if f.has(fixed):
            raise BadRequest(f"{fixed} cannot be changed through the API (Image Info only).")
    with db.transaction() as session:
        row = get_or_404(session, Document, num, "DocNum")
        _apply(session, row, f)
        row.DateTStamp = office_now(db, session)


def delete_document(db: OfficeDatabase, num: int) -> None:
    """The row, and its file when the office keeps images and the file is there."""
    with db.transaction() as session:
        row = get_or_404(session, Document, num, "DocNum")
        patient = session.get(Patient, row.PatNum)
        if db.images is not None and patient is not None and row.FileName:
            try:
                path = locate(db.images, row, patient)
            except (BadRequest, NotFound):
                path = None  # an unsafe name or a missing file: only the row goes
            if path is not None:
                path.unlink(missing_ok=True)
        session.delete(row)
