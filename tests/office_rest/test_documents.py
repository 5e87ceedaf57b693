"""``/documents``: a patient's documents, their Image Info, and their files, which are read
from the office's image folder only and never from outside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from dentin.config import Settings
from dentin.errors import BadRequest
from dentin.office.document_files import relative_path
from dentin.office.models import Definition, Document
from dentin.office.registry import OfficeRegistry
from tests.office.conftest import STAMP
from tests.office_rest.conftest import API, Practice

FIELDS = [
    *("DocNum", "Description", "DateCreated", "DocCategory", "docCategory", "PatNum"),
    *("FileName", "ImgType", "ToothNumbers", "DateTStamp", "ProvNum", "PrintHeading"),
]
LIST_FIELDS = [
    *("DocNum", "MountNum", "filePath", "Description", "PatNum", "Note", "DateCreated"),
    *("docCategory", "DocCategory", "ToothNumbers", "ProvNum", "PrintHeading", "DateTStamp"),
    "serverDateTime",
]
JPEG = b"\xff\xd8\xff\xe0 a small picture"


@pytest.fixture
def docs(practice: Practice) -> dict[str, int]:
    """Image categories (definition category 18); Jane's x-ray and photo, Tommy's form."""
    with practice.db.transaction() as s:
        xray = Definition(Category=18, ItemOrder=0, ItemName="Xrays", ItemValue="")
        photos = Definition(Category=18, ItemOrder=1, ItemName="Patient Pictures", ItemValue="")
        s.add_all([xray, photos])
        s.flush()

        def doc(pat: int, name: str, cat: int, day: int, **kw: object) -> Document:
            row = Document(
                PatNum=pat,
                FileName=name,
                DocCategory=cat,
                Description=name,
                DateCreated=dt.datetime(2024, 1, day, 9),
                DateTStamp=STAMP,
                **kw,
            )
            s.add(row)
            return row  # fmt: skip

        photo = doc(1, "SmithJane1_photo.jpg", photos.DefNum, 20, ImgType=2)
        pano = doc(1, "SmithJane1_pano.jpg", xray.DefNum, 5, ImgType=1, ToothNumbers="1,2")
        form = doc(2, "SmithTommy2_form.pdf", xray.DefNum, 7)
        s.flush()
        return {"pano": pano.DocNum, "photo": photo.DocNum, "form": form.DocNum,
                "xray": xray.DefNum, "photos": photos.DefNum}  # fmt: skip


@pytest.fixture
def images(practice: Practice, tmp_path: Path) -> Path:
    """The office's image folder, holding Jane's pano (her photo's file is missing)."""
    root = tmp_path / "images" / "office_a"
    folder = root / "S" / "SmithJane1"
    folder.mkdir(parents=True)
    (folder / "SmithJane1_pano.jpg").write_bytes(JPEG)
    practice.db.images = root
    return root


async def test_a_patients_documents_list_by_date_created_in_open_dentals_list_shape(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents", headers=practice.a(), params={"PatNum": 1})
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [row["DocNum"] for row in rows] == [docs["pano"], docs["photo"]]
    pano = rows[0]
    assert list(pano) == LIST_FIELDS
    assert (pano["PatNum"], pano["ProvNum"], pano["MountNum"]) == ("1", "0", 0)
    assert pano["filePath"] == str(images / "S" / "SmithJane1" / "SmithJane1_pano.jpg")
    assert (pano["docCategory"], pano["ToothNumbers"]) == ("Xrays", "1,2")
    page = await client.get(f"{API}/documents", headers=practice.a(),
                            params={"PatNum": 1, "Offset": 1})  # fmt: skip
    assert [row["DocNum"] for row in page.json()] == [docs["photo"]]


async def test_the_list_needs_a_patient_that_exists(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents", headers=practice.a())
    assert r.status_code == 400
    assert r.json()["message"].startswith("PatNum is required")
    r = await client.get(f"{API}/documents", headers=practice.a(), params={"PatNum": 999})
    assert r.status_code == 404 and "PatNum 999" in r.json()["message"]


async def test_without_an_image_folder_the_list_shows_no_file_paths(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    rows = (await client.get(f"{API}/documents", headers=practice.a(),
                             params={"PatNum": 2})).json()  # fmt: skip
    assert [(row["DocNum"], row["filePath"]) for row in rows] == [(docs["form"], "")]


async def test_one_document_has_open_dentals_single_shape(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents/{docs['photo']}", headers=practice.a())
    assert r.status_code == 200
    body = r.json()
    assert list(body) == FIELDS
    assert (body["PatNum"], body["ImgType"], body["docCategory"]) == (
        1,
        "Photo",
        "Patient Pictures",
    )
    assert (body["DateCreated"], body["PrintHeading"]) == ("2024-01-20 09:00:00", "false")
    r = await client.get(f"{API}/documents/999", headers=practice.a())
    assert r.status_code == 404 and "DocNum 999" in r.json()["message"]


async def test_image_info_is_changed_and_tooth_ranges_spelled_out(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.put(
        f"{API}/documents/{docs['photo']}",
        headers=practice.a(),
        json={"Description": "Pano", "DateCreated": "2024-01-25 07:45:35",
              "DocCategory": docs["xray"], "ImgType": "Radiograph",
              "ToothNumbers": "12-15,20,21", "ProvNum": 2, "PrintHeading": "true"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["Description"], body["DateCreated"], body["docCategory"]) == (
        "Pano", "2024-01-25 07:45:35", "Xrays",
    )  # fmt: skip
    assert (body["ImgType"], body["ToothNumbers"]) == ("Radiograph", "12,13,14,15,20,21")
    assert (body["ProvNum"], body["PrintHeading"]) == (2, "true")


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [({"DocCategory": 19}, 400, "DocCategory"), ({"ImgType": "Sketch"}, 400, "ImgType"),
     ({"ToothNumbers": "15-12"}, 400, "ToothNumbers"), ({"ToothNumbers": "33"}, 400,
     "ToothNumbers"), ({"ProvNum": 999}, 404, "ProvNum 999"), ({"PatNum": 2}, 400, "PatNum"),
     ({"FileName": "x.jpg"}, 400, "FileName"), ({"DateCreated": "1/25/2024"}, 400,
     "DateCreated"), ({"PrintHeading": "yes"}, 400, "PrintHeading")],
)  # fmt: skip
async def test_bad_image_info_is_refused_naming_the_field(
    practice: Practice,
    docs: dict[str, int],
    client: httpx.AsyncClient,
    body: dict[str, object],
    status: int,
    names: str,
) -> None:
    r = await client.put(f"{API}/documents/{docs['photo']}", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_a_documents_file_is_read_from_the_image_folder(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents/{docs['pano']}/Download", headers=practice.a())
    assert r.status_code == 200
    assert r.content == JPEG
    assert r.headers["content-type"] == "image/jpeg"
    assert 'filename="SmithJane1_pano.jpg"' in r.headers["content-disposition"]


async def test_a_missing_file_is_a_404_that_names_it(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents/{docs['photo']}/Download", headers=practice.a())
    assert r.status_code == 404
    assert "SmithJane1_photo.jpg" in r.json()["message"]


async def test_a_deployment_without_images_explains_its_400(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/documents/{docs['pano']}/Download", headers=practice.a())
    assert r.status_code == 400
    assert "keeps no images" in r.json()["message"]
    assert "DENTIN_OFFICE_IMAGES_DIR" in r.json()["message"]


@pytest.mark.parametrize(
    "file_name",
    [
        "../../secret.txt",
        "..",
        "/etc/passwd",
        "..\\..\\secret.txt",
        "C:secret.txt",
        "a/../b",
        "",
    ],
)
async def test_a_file_name_that_would_leave_the_folder_is_never_opened(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient,
    file_name: str,
) -> None:  # fmt: skip
    secret = images.parent / "secret.txt"
    secret.write_text("not for the API")
    with practice.db.transaction() as s:
        row = s.get(Document, docs["pano"])
        assert row is not None
        row.FileName = file_name
    r = await client.get(f"{API}/documents/{docs['pano']}/Download", headers=practice.a())
    assert r.status_code == 400, r.text
    assert "not for the API" not in r.text
    assert "cannot be read safely" in r.json()["message"]


async def test_a_patient_name_that_would_leave_the_folder_is_never_opened(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    (images.parent / "1").mkdir()
    (images.parent / "1" / "SmithJane1_pano.jpg").write_bytes(b"outside")
    r = await client.put(f"{API}/patients/1", headers=practice.a(), json={"LName": "../.."})
    assert r.status_code == 200, r.text
    r = await client.get(f"{API}/documents/{docs['pano']}/Download", headers=practice.a())
    assert r.status_code == 400, r.text
    assert b"outside" not in r.content


async def test_a_symlink_out_of_the_folder_is_refused(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    outside = images.parent / "outside.jpg"
    outside.write_bytes(b"outside")
    link = images / "S" / "SmithJane1" / "SmithJane1_pano.jpg"
    link.unlink()
    link.symlink_to(outside)
    r = await client.get(f"{API}/documents/{docs['pano']}/Download", headers=practice.a())
    assert r.status_code == 400, r.text
    assert "outside the office's image folder" in r.json()["message"]


async def test_deleting_a_document_removes_its_row_and_its_file(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    path = images / "S" / "SmithJane1" / "SmithJane1_pano.jpg"
    r = await client.delete(f"{API}/documents/{docs['pano']}", headers=practice.a())
    assert (r.status_code, r.content) == (200, b"")
    assert not path.exists()
    r = await client.get(f"{API}/documents/{docs['pano']}", headers=practice.a())
    assert r.status_code == 404
    r = await client.delete(f"{API}/documents/{docs['photo']}", headers=practice.a())
    assert r.status_code == 200  # its file was already missing: the row goes all the same


async def test_another_offices_documents_are_404s(
    practice: Practice, docs: dict[str, int], images: Path, client: httpx.AsyncClient
) -> None:
    b = practice.b()
    for method, path in (("GET", f"/documents/{docs['pano']}"),
                         ("GET", f"/documents/{docs['pano']}/Download"),
                         ("PUT", f"/documents/{docs['pano']}"),
                         ("DELETE", f"/documents/{docs['pano']}")):  # fmt: skip
        body = {"Description": "x"} if method == "PUT" else None
        r = await client.request(method, f"{API}{path}", headers=b, json=body)
        assert r.status_code == 404, (method, path, r.text)
    assert (images / "S" / "SmithJane1" / "SmithJane1_pano.jpg").exists()


def test_a_nul_in_a_file_name_is_refused_before_any_path_is_built() -> None:
    """PostgreSQL cannot store a NUL; SQLite can, so the check does not rely on either."""
    doc = SimpleNamespace(DocNum=9, FileName="x\x00.jpg")
    patient = SimpleNamespace(LName="Smith", FName="Jane", PatNum=1)
    with pytest.raises(BadRequest, match="cannot be read safely"):
        relative_path(doc, patient)


def test_each_office_gets_its_own_image_folder_under_the_setting(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, office_images_dir=tmp_path / "img")
    registry = OfficeRegistry(settings, lambda _office: None)
    assert registry.images_for(7) == tmp_path / "img" / "office_7"
    assert OfficeRegistry(Settings(data_dir=tmp_path), lambda _o: None).images_for(7) is None


async def test_a_shortquery_reads_document(
    practice: Practice, docs: dict[str, int], client: httpx.AsyncClient
) -> None:
    sql = "SELECT DocNum, FileName FROM document WHERE PatNum = 2"
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"DocNum": docs["form"], "FileName": "SmithTommy2_form.pdf"}]
