import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from clearpath.cli import main
from conftest import ROOT

EXAMPLE = str(ROOT / "src" / "clearpath" / "examples" / "example-person.json")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_json_contract() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-03-01", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"as_of", "law_version", "person_id", "determinations", "issues", "plan"}
    assert doc["as_of"] == "2026-03-01"
    assert doc["person_id"] == "example-1"
    det = doc["determinations"][0]
    assert set(det) == {"remedy", "case_id", "count_ids", "status", "relief", "eligible_on", "automatic",
                        "discretionary", "reasons", "questions"}
    remedies = {x["remedy"] for x in doc["determinations"]}
    assert {"HS 11361.8", "PC 1170.18", "PC 1203.4"} <= remedies


def test_check_text_is_plain_language() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-03-01")
    assert code == 0
    assert "YOU CAN ASK NOW" in out
    assert "legal information, not legal advice" in out
    assert "HS 11361.8" in out


def test_as_of_defaults_to_today() -> None:
    code, out, _ = run("check", EXAMPLE, "--format", "json")
    assert code == 0
    import datetime as dt
    assert json.loads(out)["as_of"] == dt.date.today().isoformat()


def test_bad_date_is_a_usage_error() -> None:
    code, _, err = run("check", EXAMPLE, "--as-of", "03/01/2026")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_malformed_json_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "clearpath-record/1", "person": ')
    code, out, err = run("check", str(bad))
    assert code == 2
    assert "not valid JSON" in err
    assert "Traceback" not in err + out


def test_schema_violation_names_the_field(tmp_path: Path) -> None:
    doc = json.loads(Path(EXAMPLE).read_text())
    doc["cases"][1]["counts"][0]["disposition"] = "guilty-ish"
    doc["cases"][0]["counts"][0]["sentence"]["probation_months"] = -3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, _, err = run("check", str(bad))
    assert code == 2
    assert "cases[1].counts[0].disposition" in err
    assert "cases[0].counts[0].sentence.probation_months" in err


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    doc = json.loads(Path(EXAMPLE).read_text())
    doc["person"]["pending_cases"] = False  # a typo must not silently become "unknown"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, _, err = run("check", str(bad))
    assert code == 2
    assert "person.pending_cases" in err


def test_wrong_format_and_missing_file(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    assert run("check", str(other))[0] == 2
    assert run("check", str(tmp_path / "nope.json"))[0] == 2


def test_unknown_offense_is_an_issue_not_a_traceback(tmp_path: Path) -> None:
    doc = json.loads(Path(EXAMPLE).read_text())
    doc["cases"][1]["counts"][0]["offense"] = "SEE COMMENT FOR CHARGE"
    path = tmp_path / "rec.json"
    path.write_text(json.dumps(doc))
    code, out, _ = run("check", str(path), "--as-of", "2026-03-01", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert any(i["code"] == "offense_unreadable" and i["case_id"] == "2012-theft" for i in result["issues"])
    dismissal = next(x for x in result["determinations"]
                     if x["case_id"] == "2012-theft" and x["remedy"] == "PC 1203.4")
    assert dismissal["status"] == "needs_info"
    assert any(q["fact"] == "count.offense" for q in dismissal["questions"])


def test_remedy_filter_and_unknown_remedy() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-03-01", "--format", "json", "--remedy", "PC 1203.4")
    assert code == 0
    assert {x["remedy"] for x in json.loads(out)["determinations"]} == {"PC 1203.4"}
    assert run("check", EXAMPLE, "--remedy", "PC 9999")[0] == 2


def test_rules_lists_every_remedy(pack) -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [r["remedy"] for r in doc] == [r.remedy for r in pack.remedies]
    for r in doc:
        assert r["citation"] and r["reasons"] and r["needs"]
    code, text, _ = run("rules")
    assert "PC 1203.41" in text and "pc1203_41_waiting_period" in text


def test_installed_entry_point() -> None:
    exe = Path(sys.executable).parent / "clearpath"
    proc = subprocess.run([str(exe), "check", EXAMPLE, "--as-of", "2026-03-01", "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["person_id"] == "example-1"


def test_automatic_relief_needs_no_filing() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-11-22")
    assert code == 0
    block = out.split("(PC 1203.425)", 1)[1].split("  * ", 1)[0]
    assert "No filing needed" in block
    assert "File in" not in block
