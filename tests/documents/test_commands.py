"""The click commands, invoked directly (cli.py registers them)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.documents.conftest import EXAMPLE, pages_text

from clearpath.documents.commands import forms, motions, papers
from clearpath.documents.sample import synthetic_convictions


def test_papers_review_then_generate(tmp_path: Path) -> None:
    runner = CliRunner()
    fields = tmp_path / "fields.json"
    res = runner.invoke(papers, [str(EXAMPLE), "--as-of", "2026-11-22", "--fields-out", str(fields)])
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "out").exists()
    data = json.loads(fields.read_text())
    data["petitioner"]["name"] = "Alexandra Q. Example"  # the person corrects a field
    data["petitioner"]["address"]["street"] = "77 Corrected Way"
    fields.write_text(json.dumps(data))
    res = runner.invoke(papers, [str(EXAMPLE), "--details", str(fields), "--out", str(tmp_path / "out"),
                                 "--lang", "es"])
    assert res.exit_code == 0, res.output
    assert "legal information, not legal advice" in res.output
    index = json.loads((tmp_path / "out" / "packet.json").read_text())
    files = {d["kind"]: tmp_path / "out" / d["file"] for d in index["documents"]}
    petition = " ".join(pages_text(files["dismissal_petition"]))
    assert "ALEXANDRA Q. EXAMPLE" in petition and "77 Corrected Way" in petition
    assert "Estimado/a Alexandra Q. Example:" in " ".join(pages_text(files["letter"]))


def test_papers_needs_an_output_and_a_matching_person(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(papers, [str(EXAMPLE), "--as-of", "2026-11-22"])
    assert res.exit_code == 2 and "--out" in res.output
    fields = tmp_path / "f.json"
    runner.invoke(papers, [str(EXAMPLE), "--as-of", "2026-11-22", "--fields-out", str(fields)])
    data = json.loads(fields.read_text())
    data["person_id"] = "someone-else"
    fields.write_text(json.dumps(data))
    res = runner.invoke(papers, [str(EXAMPLE), "--details", str(fields), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "someone-else" in res.output
    res = runner.invoke(papers, [str(tmp_path / "missing.json"), "--as-of", "2026-11-22", "--out", str(tmp_path)])
    assert res.exit_code == 2


def test_forms_list_and_fields() -> None:
    runner = CliRunner()
    res = runner.invoke(forms, ["list"])
    assert res.exit_code == 0
    for form in ["CR-180", "CR-181", "CR-400", "FW-001", "MC-025", "MC-031"]:
        assert form in res.output
    res = runner.invoke(forms, ["fields", "CR-180"])
    assert "Field13\tCase number\tcase.number" in res.output and "table: 5 rows" in res.output
    assert runner.invoke(forms, ["fields", "XX-1"]).exit_code == 2


def test_forms_fill_from_a_record(tmp_path: Path, forms_dir: Path) -> None:
    out = tmp_path / "cr180.pdf"
    res = CliRunner().invoke(forms, ["fill", str(forms_dir / "CR-180.pdf"), "--form", "CR-180", "--record",
                                     str(EXAMPLE), "--as-of", "2026-11-22", "--case", "2012-theft", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "to fill by hand: Hearing date" in res.output
    from pypdf import PdfReader

    assert PdfReader(out).get_fields()["Field13"].get("/V") == "12F05678"  # type: ignore[index]
    res = CliRunner().invoke(forms, ["fill", str(forms_dir / "CR-180.pdf"), "--form", "CR-180", "--record",
                                     str(EXAMPLE), "--case", "nope", "--out", str(out)])
    assert res.exit_code == 2 and "no case 'nope'" in res.output


def test_motions_command(tmp_path: Path) -> None:
    path = tmp_path / "convictions.parquet"
    synthetic_convictions(30, seed=2).write_parquet(path)
    office = tmp_path / "office.json"
    office.write_text(json.dumps({"district_attorney": "Pat Prosecutor", "deputy": "Dee Deputy"}))
    res = CliRunner().invoke(motions, [str(path), "--as-of", "2026-11-22", "--out", str(tmp_path / "m"),
                                       "--per", "court", "--office", str(office)])
    assert res.exit_code == 0, res.output
    assert "motion(s) for" in res.output and (tmp_path / "m" / "index.csv").exists()


def test_papers_from_a_rap_sheet(tmp_path: Path) -> None:
    sheet = Path(__file__).parents[1] / "fixtures" / "rapsheet_synthetic.txt"
    res = CliRunner().invoke(papers, [str(sheet), "--as-of", "2026-11-22", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    index = json.loads((tmp_path / "packet.json").read_text())
    assert index["person_id"] and index["documents"][-1]["kind"] == "letter"
    letter = " ".join(pages_text(tmp_path / index["documents"][-1]["file"]))
    assert "What we still need to know" in letter  # the sheet leaves facts open: the letter asks, never guesses
