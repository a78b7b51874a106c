"""`clearpath synth ...` writes fabricated files the readers take back."""

from pathlib import Path

from click.testing import CliRunner

from clearpath.cli import main
from clearpath.readers.doj import read_batches
from clearpath.readers.rapsheet import parse_rap_sheet


def test_synth_doj_is_deterministic_and_readable(tmp_path: Path) -> None:
    runner = CliRunner()
    a, b = tmp_path / "a.dat", tmp_path / "b.dat"
    for out in (a, b):
        result = runner.invoke(main, ["synth", "doj", "--people", "20", "--seed", "7", "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    rows = a.read_bytes().count(b"\n") - 1  # minus the header
    batches = list(read_batches(a))
    kept = sum(batch.rows.height for batch in batches)
    rejected = sum(len(batch.rejects) for batch in batches)
    assert kept + rejected == rows > 0


def test_synth_rapsheet_one_file_and_a_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    one = tmp_path / "one.txt"
    assert runner.invoke(main, ["synth", "rapsheet", "--seed", "3", "--out", str(one)]).exit_code == 0
    parsed = parse_rap_sheet(one.read_text())
    assert parsed.record.cases
    folder = tmp_path / "many"
    made = runner.invoke(main, ["synth", "rapsheet", "--people", "3", "--seed", "3", "--out", str(folder)])
    assert made.exit_code == 0
    assert len(list(folder.glob("rapsheet-*.txt"))) == 3
