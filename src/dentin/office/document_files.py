"""Where a document's file lives in the office's image folder, and nowhere else.

Open Dental keeps each patient's files in ``<A to Z folder>/<first letter>/<patient folder>/``,
the patient folder being LName + FName + PatNum (as ``GET /patients`` shows ``ImageFolder``).
Names come from the database, so they are checked, not trusted: the patient folder and the
file name must each be one plain path component, and the resolved path (symlinks followed)
must stay inside the office's folder; anything else is refused, never opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dentin.errors import BadRequest, NotFound

_FORBIDDEN = set("/\\:\x00")


def patient_folder(lname: str, fname: str, pat_num: int) -> str:
    return f"{lname}{fname}{pat_num}".replace(" ", "")


def _component(name: str, what: str, doc_num: int) -> str:
    if not name or name in (".", "..") or any(c in _FORBIDDEN for c in name):
        raise BadRequest(
            f"DocNum {doc_num}'s {what} {name!r} is not a plain file or folder name, so its file "
            "cannot be read safely; correct the document's FileName."
        )
    return name


def relative_path(doc: Any, patient: Any) -> Path:
    """``<letter>/<patient folder>/<FileName>`` for a document and its patient."""
    folder = _component(
        patient_folder(patient.LName, patient.FName, patient.PatNum), "patient folder", doc.DocNum
    )
    name = _component(doc.FileName, "FileName", doc.DocNum)
    return Path(folder[0].upper()) / folder / name


def locate(images: Path | None, doc: Any, patient: Any) -> Path:
    """The file's path inside ``images``; 400 when no images are kept, 404 when it is missing."""
    if images is None:
        raise BadRequest(
            "This deployment keeps no images (DENTIN_OFFICE_IMAGES_DIR is unset), so document "
            f"files cannot be read; DocNum {doc.DocNum}'s details are at "
            f"GET /documents/{doc.DocNum}."
        )
    root = images.resolve()
    path = (root / relative_path(doc, patient)).resolve()
    if not path.is_relative_to(root):
        raise BadRequest(
            f"DocNum {doc.DocNum}'s file resolves outside the office's image folder, so it "
            "cannot be read."
        )
    if not path.is_file():
        raise NotFound(
            f"DocNum {doc.DocNum}'s file {doc.FileName!r} is not in the office's image folder."
        )
    return path


def shown_path(images: Path | None, doc: Any, patient: Any) -> str:
    """``filePath`` as ``GET /documents`` lists it: the file's full path, "" when none is kept."""
    if images is None:
        return ""
    try:
        return str(images / relative_path(doc, patient))
    except BadRequest:
        return ""
