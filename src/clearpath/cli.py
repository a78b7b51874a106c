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
from clearpath.records.io import RecordError, load_record

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


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="Analysis date, YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--remedy", "remedies", multiple=True, help="Only this remedy (statute id); repeatable.")
def check(path: Path, as_of: str | None, fmt: str, remedies: tuple[str, ...]) -> None:
    """What relief the law offers for each conviction in the record at PATH."""
    day = _as_of(as_of)
    try:
        record = load_record(path)
    except RecordError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    pack = california()
    known = {r.remedy for r in pack.remedies}
    unknown = [r for r in remedies if r not in known]
    if unknown:
        click.echo(f"error: unknown remedy {', '.join(unknown)}; see `clearpath rules`", err=True)
        sys.exit(EXIT_BAD_INPUT)
    result = run_check(record, day, pack, list(remedies) or None)
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render.text_report(result, record, pack))


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
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("schemas"), show_default=True)
def schema(out: Path) -> None:
    """Write the JSON Schemas of the record format and the check output."""
    from clearpath.schemas import write_schemas

    for path in write_schemas(out):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
