"""The README's configuration table keeps up with the settings."""

from __future__ import annotations

from pathlib import Path

from dentin.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_configuration_table_lists_every_setting() -> None:
    text = README.read_text()
    table = text[text.index("## Configuration") :]
    missing = [
        f"DENTIN_{name.upper()}"
        for name in Settings.model_fields
        if f"`DENTIN_{name.upper()}`" not in table
    ]
    assert not missing, f"README.md's configuration table does not list {missing}"
