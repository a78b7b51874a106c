"""`clearpath ...`: one entry point for every job. The analysis date defaults to today only here."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from clearpath import render
from clearpath.check import check as run_check
from clearpath.law.ca import california
from clearpath.law.ca.plan import build_plan
from clearpath.law.result import Issue
from clearpath.readers.issues import ParseIssue
from clearpath.readers.load import InputError, LoadedRecord, load_input

EXIT_BAD_INPUT = 2


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()  # the CLI edge is the only place the clock is read
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint="--as-of") from None


@click.group()
@click.version_option(package_name="clearpath")
def main() -> None:
    """clearpath: California criminal-record relief. Legal information, not legal advice."""


def _load(path: Path) -> LoadedRecord:
    try:
        return load_input(path)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _as_issue(p: ParseIssue) -> Issue:
    shown = f" ({p.text.strip()[:80]!r})" if p.text.strip() else ""
    return Issue(code=p.code, field=p.field, line=p.line or None, text=f"{p.message}{shown}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="Analysis date, YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--remedy", "remedies", multiple=True, help="Only this remedy (statute id); repeatable.")
@click.option("--goal", "goals", multiple=True, type=click.Choice(["certificate"]),
              help="What the person wants most; shapes the plan's warnings.")
def check(path: Path, as_of: str | None, fmt: str, remedies: tuple[str, ...], goals: tuple[str, ...]) -> None:
    """What relief the law offers for each conviction in PATH: a record JSON, or a RAP sheet (.txt, .pdf,
    or a photo)."""
    day = _as_of(as_of)
    loaded = _load(path)
    record = loaded.record
    pack = california()
    known = {r.remedy for r in pack.remedies}
    unknown = [r for r in remedies if r not in known]
    if unknown:
        click.echo(f"error: unknown remedy {', '.join(unknown)}; see `clearpath rules`", err=True)
        sys.exit(EXIT_BAD_INPUT)
    result = run_check(record, day, pack, list(remedies) or None)
    if loaded.issues:
        # What the reader could not read comes first: it limits everything after it.
        result = result.model_copy(update={"issues": [*map(_as_issue, loaded.issues), *result.issues]})
    result = result.model_copy(update={"plan": build_plan(record, result, pack, frozenset(goals))})
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render.text_report(result, record, pack))


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="Analysis date, YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--goal", "goals", multiple=True, type=click.Choice(["certificate"]),
              help="What the person wants most; shapes the plan's warnings.")
def plan(path: Path, as_of: str | None, fmt: str, goals: tuple[str, ...]) -> None:
    """One ordered relief plan for the person in PATH: what to do first, what waits until when, where."""
    day = _as_of(as_of)
    loaded = _load(path)
    pack = california()
    result = run_check(loaded.record, day, pack)
    the_plan = build_plan(loaded.record, result, pack, frozenset(goals))
    if fmt == "json":
        click.echo(the_plan.model_dump_json(indent=2))
    else:
        click.echo(render.plan_text(the_plan))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
def rules(fmt: str) -> None:
    """Every remedy, with its citations, the facts it needs, and its reason codes."""
    pack = california()
    if fmt == "markdown":
        from clearpath.lawdoc import law_markdown

        click.echo(law_markdown(pack))
    elif fmt == "json":
        click.echo(json.dumps(render.rules_data(pack), indent=2, default=str))
    else:
        click.echo(render.rules_text(pack))


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--to", "to", type=click.Choice(["record-json"]), default="record-json", show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="File to write.")
def convert(input_path: Path, to: str, out: Path) -> None:
    """Read a RAP sheet (or record) and write it as record JSON, so a person can check and correct it.

    What could not be read is listed on stderr; those facts are left unknown in the output."""
    loaded = _load(input_path)
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(loaded.record.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)  # never leave a half-written record behind
    for issue in loaded.issues:
        click.echo(f"{input_path}:{issue.line}: {issue.severity}: {issue.message}", err=True)
    counts = sum(len(c.counts) for c in loaded.record.cases)
    click.echo(f"wrote {out}: {len(loaded.record.cases)} cases, {counts} counts, "
               f"{len(loaded.issues)} reading issues ({loaded.source})", err=True)


@main.group()
def synth() -> None:
    """Fabricated, realistic test data (no real person's data)."""


@synth.command("doj")
@click.option("--people", type=click.IntRange(min=1), required=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
@click.option("--no-header", is_flag=True, help="Omit the header row.")
@click.option("--messy", type=click.FloatRange(0, 1), default=0.01, show_default=True,
              help="Share of rows with realistic defects.")
def synth_doj(people: int, seed: int, out: Path, no_header: bool, messy: float) -> None:
    """A synthetic DOJ research file."""
    from clearpath.synth.doj import write_synthetic_doj

    rows = write_synthetic_doj(out, people=people, seed=seed, header=not no_header, messy=messy)
    click.echo(f"wrote {out}: {rows} rows for {people} people", err=True)


@synth.command("rapsheet")
@click.option("--people", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="A .txt file for one person, or a folder for several.")
def synth_rapsheet(people: int, seed: int, out: Path) -> None:
    """Synthetic RAP sheets (text)."""
    from clearpath.synth.rapsheet import synth_rapsheet as make

    sheets = make(people, seed)
    if people == 1 and out.suffix:
        out.write_text(sheets[0], encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
        return
    out.mkdir(parents=True, exist_ok=True)
    for i, sheet in enumerate(sheets, 1):
        (out / f"rapsheet-{i:05d}.txt").write_text(sheet, encoding="utf-8")
    click.echo(f"wrote {len(sheets)} RAP sheets to {out}", err=True)


@main.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="Analysis date, YYYY-MM-DD (default: today).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the outputs.")
@click.option("--county", help="Report only this county's cases (each person's whole history still counts).")
@click.option("--policy", type=click.Path(path_type=Path), help="A DA policy profile (YAML); see docs/bulk.md.")
@click.option("--remedies", "remedies", multiple=True,
              help="Only these remedies (statute ids, comma-separated or repeated); default: all.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (with --engine dask); default: a local 2-worker cluster.")
@click.option("--batch-rows", type=click.IntRange(min=1000), default=200_000, show_default=True,
              help="Source rows per batch (memory is bounded by a batch).")
@click.option("--level-from-toc", is_flag=True,
              help="Read a blank conviction level as the type of charge, as earlier tools did (reported).")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Show rows done, rows/s and time left (default: when stderr is a terminal).")
def bulk(inputs: tuple[Path, ...], as_of: str | None, out: Path, county: str | None, policy: Path | None,
         remedies: tuple[str, ...], engine: str, scheduler: str | None, batch_rows: int, level_from_toc: bool,
         show_progress: bool | None) -> None:
    """Run DOJ research files (or record-v1 JSON lines, .jsonl) through every remedy and write
    determinations, a condensed per-conviction file, per-person figures, a summary, an HTML report, the
    rejected rows and a manifest into OUT."""
    from clearpath.bulk import BulkError, run_bulk
    from clearpath.bulk.policy import PolicyError
    from clearpath.readers.doj import DojFormatError

    day = _as_of(as_of)
    chosen = [r.strip() for item in remedies for r in item.split(",") if r.strip()]
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    try:
        manifest = run_bulk(list(inputs), day, out, county=county, policy=policy, remedies=chosen or None,
                            engine="dask" if engine == "dask" else "local", scheduler=scheduler,
                            show_progress=show_progress, batch_rows=batch_rows, level_from_toc=level_from_toc)
    except (BulkError, PolicyError, DojFormatError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"{manifest['rows_in']:,} rows in = {manifest['rows_out']:,} read + {manifest['rows_rejected']:,} rejected; "
        f"{manifest['people']:,} people, {manifest['convictions']:,} convictions, "
        f"{manifest['determinations']:,} determinations in {manifest['seconds']:.1f} s -> {out}", err=True)


@main.command()
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("schemas"), show_default=True)
def schema(out: Path) -> None:
    """Write the JSON Schemas of the record format and the check output."""
    from clearpath.schemas import write_schemas

    for path in write_schemas(out):
        click.echo(str(path))


def _register() -> None:
    """Commands kept in their own packages (documents, web) join the one entry point here."""
    from clearpath.documents.commands import forms, motions, papers
    from clearpath.web.commands import serve

    main.add_command(papers)
    main.add_command(forms)
    main.add_command(motions)
    main.add_command(serve)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
