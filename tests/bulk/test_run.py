"""`clearpath bulk` end to end on synthetic DOJ files: every output, the accounting, atomic outputs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from tests.conftest import ROOT

from clearpath.bulk import BulkError, run_bulk
from clearpath.bulk import process as process_module
from clearpath.bulk.outputs import STAGING_PREFIX
from clearpath.cli import main
from clearpath.readers.doj import read_batches
from clearpath.synth.doj import write_synthetic_doj

AS_OF = date(2026, 11, 22)
OUTPUTS = {"determinations.csv", "determinations.parquet", "convictions.csv", "convictions.parquet", "persons.csv",
           "persons.parquet", "rejected.csv", "issues.csv", "reasons.csv", "summary.json", "report.html",
           "manifest.json"}


@pytest.fixture(scope="module")
def doj_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("doj") / "county.dat"
    write_synthetic_doj(path, people=300, seed=11, messy=0.05)
    return path


@pytest.fixture(scope="module")
def run(doj_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("out")
    manifest = run_bulk([doj_file], AS_OF, out, batch_rows=700)  # several batches
    return out, manifest


def test_writes_every_output_and_nothing_else(run: tuple[Path, dict[str, object]]) -> None:
    out, _ = run
    assert {p.name for p in out.iterdir()} == OUTPUTS


def test_rows_in_equal_rows_out_plus_rejected(doj_file: Path, run: tuple[Path, dict[str, object]]) -> None:
    out, manifest = run
    lines = doj_file.read_bytes().count(b"\n") - 1  # minus the header
    rejected = pl.read_csv(out / "rejected.csv")
    reader_rejects = [r.line for b in read_batches(doj_file) for r in b.rejects]
    assert manifest["rows_in"] == lines == manifest["rows_out"] + manifest["rows_rejected"]  # type: ignore[operator]
    assert rejected.height == manifest["rows_rejected"] > 0
    assert sorted(rejected["line"].to_list()) == sorted(reader_rejects)
    assert rejected["reason"].null_count() == 0


def test_manifest_checksums_and_versions(doj_file: Path, run: tuple[Path, dict[str, object]]) -> None:
    out, manifest = run
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256(doj_file.read_bytes()).hexdigest()  # type: ignore[index]
    assert manifest["as_of"] == "2026-11-22"
    assert str(manifest["law_version"]).startswith("ca-") and manifest["law_pack_digest"]
    for name, entry in manifest["outputs"].items():  # type: ignore[attr-defined]
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"], name
    on_disk = json.loads((out / "manifest.json").read_text())
    assert on_disk["rows_in"] == manifest["rows_in"]


def test_csv_and_parquet_hold_the_same_rows(run: tuple[Path, dict[str, object]]) -> None:
    out, manifest = run
    for stem in ("determinations", "convictions", "persons"):
        pq = pl.read_parquet(out / f"{stem}.parquet")
        csv = pl.read_csv(out / f"{stem}.csv", schema=pq.schema)
        assert pq.height == manifest["outputs"][f"{stem}.csv"]["rows"]  # type: ignore[index]
        assert csv.equals(pq), stem


def test_determinations_match_the_engine_on_the_same_counts(doj_file: Path, run: tuple[Path, dict[str, object]]
                                                            ) -> None:
    """The bulk file is the engine's answer, batch boundaries or not."""
    from clearpath.law.ca import california
    from clearpath.law.engine import evaluate
    from clearpath.readers.doj import to_counts_frame

    out, _ = run
    counts = pl.concat([to_counts_frame(b)[0] for b in read_batches(doj_file)])
    direct = evaluate(counts, AS_OF, california()).select(
        "person_id", "case_id", "count_id", "remedy", "status", "eligible_on",
        reasons=pl.col("reasons").list.join("; "))
    bulk = pl.read_parquet(out / "determinations.parquet").select(direct.columns)
    assert bulk.sort(["person_id", "case_id", "count_id", "remedy"]).equals(
        direct.sort(["person_id", "case_id", "count_id", "remedy"]))


def test_condensed_file_has_one_row_per_conviction_with_its_best_answer(run: tuple[Path, dict[str, object]]) -> None:
    out, _ = run
    dets = pl.read_parquet(out / "determinations.parquet")
    conv = pl.read_parquet(out / "convictions.parquet")
    convicted = dets.filter(pl.col("disposition") == "convicted").select("person_id", "case_id", "count_id").unique()
    assert conv.select("person_id", "case_id", "count_id").is_unique().all()
    assert convicted.join(conv, on=["person_id", "case_id", "count_id"], how="anti").height == 0
    assert conv["name"].null_count() < conv.height  # names come through for motions
    # A conviction eligible under some remedy leads with an eligible answer.
    eligible = dets.filter(pl.col("status") == "eligible").select("person_id", "case_id", "count_id").unique()
    lead = eligible.join(conv, on=["person_id", "case_id", "count_id"])
    assert lead.height and (lead["status"] == "eligible").all()


def test_persons_and_summary_add_up(run: tuple[Path, dict[str, object]]) -> None:
    out, manifest = run
    persons = pl.read_parquet(out / "persons.parquet")
    conv = pl.read_parquet(out / "convictions.parquet")
    summary = json.loads((out / "summary.json").read_text())
    assert persons.height == manifest["people"] == persons["person_id"].n_unique()
    assert int(persons["convictions"].sum()) == conv.height
    leading = summary["figures"]["convictions_by_leading_status"]
    assert sum(leading.values()) == conv.height
    assert leading["eligible"] == conv.filter(pl.col("status") == "eligible").height
    assert sum(r["people"] for r in summary["figures"]["by_race"]) == persons.height
    assert sum(r["people"] for r in summary["figures"]["by_age_band"]) == persons.height
    assert summary["timing"]["seconds"] > 0


def test_report_is_a_self_contained_page_with_charts(run: tuple[Path, dict[str, object]]) -> None:
    out, manifest = run
    html = (out / "report.html").read_text()
    assert html.count("<svg") >= 4 and "legal information, not legal advice" in html
    assert f"{manifest['people']:,} people" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_interrupted_run_leaves_no_output(doj_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_bulk([doj_file], AS_OF, out, batch_rows=700)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = {"n": 0}
    real = process_module.process_batch

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("clearpath.bulk.run.process_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        run_bulk([doj_file], date(2027, 1, 1), out, batch_rows=700)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier run, untouched


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(doj_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f"{STAGING_PREFIX}{int(dead.stdout)}-abc"
    stale.mkdir()
    (stale / "determinations.csv").write_text("half")
    run_bulk([doj_file], AS_OF, out, batch_rows=5000)
    assert not stale.exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert os.path.exists(out / "manifest.json")


def test_county_reports_that_countys_cases_from_whole_histories(doj_file: Path, run: tuple[Path, dict[str, object]],
                                                                tmp_path: Path) -> None:
    full, _ = run
    dets = pl.read_parquet(full / "determinations.parquet")
    county = dets["county"].drop_nulls().mode().sort()[0]
    run_bulk([doj_file], AS_OF, tmp_path, county=county.upper(), batch_rows=700)
    part = pl.read_parquet(tmp_path / "determinations.parquet")
    assert part.height and (part["county"] == county).all()
    # Same answers as in the full run: the other counties' history was still read.
    expect = dets.filter(pl.col("county") == county)
    assert part.sort(["person_id", "case_id", "count_id", "remedy"]).equals(
        expect.sort(["person_id", "case_id", "count_id", "remedy"]))
    persons = pl.read_parquet(tmp_path / "persons.parquet")
    assert set(part["person_id"]) <= set(persons["person_id"])
    assert persons.height < pl.read_parquet(full / "persons.parquet").height


def test_remedies_option_limits_the_run(doj_file: Path, tmp_path: Path) -> None:
    run_bulk([doj_file], AS_OF, tmp_path, remedies=["HS 11361.8"])
    dets = pl.read_parquet(tmp_path / "determinations.parquet")
    assert dets.height and set(dets["remedy"]) == {"HS 11361.8"}
    with pytest.raises(BulkError, match="unknown remedy"):
        run_bulk([doj_file], AS_OF, tmp_path / "x", remedies=["PC 9999"])


def test_cli_bulk_reports_the_accounting_and_exit_codes(doj_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["bulk", str(doj_file), "--as-of", "2026-11-22", "--out", str(tmp_path / "o"),
                              "--remedies", "HS 11361.8,PC 1170.18", "--progress"])
    assert ok.exit_code == 0, ok.output
    assert "rows in =" in ok.output and "rows/s" in ok.output  # the progress line and the accounting
    bad = runner.invoke(main, ["bulk", str(tmp_path / "missing.dat"), "--as-of", "2026-11-22", "--out",
                               str(tmp_path / "p")])
    assert bad.exit_code == 2 and "input not found" in bad.output


def test_record_lines_input_rejects_what_it_cannot_read(tmp_path: Path) -> None:
    good = (ROOT / "src/clearpath/examples/example-person.json").read_text()
    lines = [json.dumps(json.loads(good)), "{not json", "", json.dumps({"format": "clearpath-record/1"}),
             json.dumps({**json.loads(good), "person": {**json.loads(good)["person"], "id": "second"}})]
    src = tmp_path / "people.jsonl"
    src.write_text("\n".join(lines) + "\n")
    manifest = run_bulk([src], AS_OF, tmp_path / "out")
    assert (manifest["rows_in"], manifest["rows_out"], manifest["rows_rejected"]) == (5, 2, 3)
    rejected = pl.read_csv(tmp_path / "out/rejected.csv")
    assert rejected["line"].to_list() == [2, 3, 4]
    assert rejected["reason"][0].startswith("not JSON") and rejected["reason"][1] == "blank line"
    assert "person" in rejected["reason"][2]  # names the missing field
    assert set(pl.read_parquet(tmp_path / "out/persons.parquet")["person_id"]) == {"example-1", "second"}
