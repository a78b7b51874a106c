"""Click commands for the papers: ``papers``, ``forms`` (list, fields, fill) and ``motions``.

cli.py registers them with ``main.add_command``; they read the clock only for a missing ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Literal, NoReturn

import click
from pydantic import ValidationError

from clearpath.documents.details import FieldsError, PacketFields, fields_from_record, load_fields
from clearpath.documents.fill import FormError, field_map, fill_form, known_forms
from clearpath.documents.motions import OfficeDetails, write_motion_batch
from clearpath.documents.render import render_packet

EXIT_BAD_INPUT = 2


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()  # the CLI edge is the only place the clock is read
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint="--as-of") from None


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def fields_for(path: Path, as_of: dt.date, goals: frozenset[str] = frozenset()) -> PacketFields:
    """Record JSON or RAP sheet → check → plan → the reviewable packet fields."""
    from clearpath.check import check
    from clearpath.law.ca import california
    from clearpath.law.ca.plan import build_plan
    from clearpath.readers.load import InputError, load_input

    try:
        record = load_input(path).record
    except InputError as exc:
        _fail(str(exc))
    pack = california()
    result = check(record, as_of, pack)
    return fields_from_record(record, result, build_plan(record, result, pack, goals))


def _load_fields(path: Path) -> PacketFields:
    try:
        return load_fields(path)
    except FieldsError as exc:
        _fail(str(exc))


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="Analysis date, YYYY-MM-DD (default: today).")
@click.option("--out", "out", type=click.Path(path_type=Path), help="Folder for the PDFs and packet.json.")
@click.option("--details", "details", type=click.Path(path_type=Path),
              help="Reviewed fields (from --fields-out, corrected): print exactly these.")
@click.option("--fields-out", "fields_out", type=click.Path(path_type=Path),
              help="Write the reviewable fields as JSON (to check and correct before generating).")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the letter to the person.")
@click.option("--goal", "goals", multiple=True, type=click.Choice(["certificate"]))
def papers(path: Path, as_of: str | None, out: Path | None, details: Path | None, fields_out: Path | None,
           lang: str | None, goals: tuple[str, ...]) -> None:
    """Filing-ready papers for the person in PATH (a record JSON or a RAP sheet): petitions, proposed
    orders, declaration, attachment, proof of service, fee-waiver note and a plain-language letter.

    Review first: `--fields-out FIELDS.json`, correct it, then `--details FIELDS.json --out DIR`."""
    if out is None and fields_out is None:
        raise click.UsageError("give --out DIR (generate the papers) and/or --fields-out FIELDS.json (review)")
    day = _as_of(as_of)
    fields = _load_fields(details) if details else fields_for(path, day, frozenset(goals))
    if details:
        computed = fields_for(path, fields.as_of, frozenset(goals))
        if computed.person_id != fields.person_id:
            _fail(f"{details} is for person {fields.person_id!r}, but {path} is {computed.person_id!r}")
    if lang:
        fields = fields.model_copy(update={"language": lang})
    if fields_out:
        fields.dump(fields_out)
        click.echo(f"fields: {fields_out} (review and correct, then pass it back with --details)")
    if out is not None:
        for r in render_packet(fields, out):
            click.echo(f"{r.path}  {r.paper.title}")
        click.echo("clearpath gives legal information, not legal advice. Read every paper before you sign it.")


@click.group()
def forms() -> None:
    """Official Judicial Council forms: field maps, and filling a form you downloaded from the courts."""


@forms.command("list")
def forms_list() -> None:
    """The forms clearpath has field maps for, with the revision each map was made from."""
    for form in known_forms():
        fmap = field_map(form)
        click.echo(f"{fmap.form:7} {fmap.printed_revision:32} {fmap.title}")


@forms.command("fields")
@click.argument("form")
def forms_fields(form: str) -> None:
    """Every mapped field of FORM: PDF field name, what it means, where its value comes from."""
    try:
        fmap = field_map(form)
    except FormError as exc:
        _fail(str(exc))
    click.echo(f"{fmap.form}: {fmap.title} ({fmap.printed_revision})")
    for name, spec in fmap.fields.items():
        click.echo(f"  {name}\t{spec.meaning}\t{spec.source or '(filled by hand)'}")
    if fmap.rows:
        click.echo(f"  table: {len(fmap.rows.fields)} rows from offense {fmap.rows.first + 1} - {fmap.rows.meaning}")


@forms.command("fill")
@click.argument("form_pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--form", "form", required=True, help="Which form the PDF is: " + ", ".join(known_forms()))
@click.option("--fields", "fields_path", type=click.Path(path_type=Path), help="Reviewed packet fields JSON.")
@click.option("--record", "record", type=click.Path(path_type=Path), help="Or: a record JSON or RAP sheet.")
@click.option("--as-of", "as_of", help="Analysis date with --record, YYYY-MM-DD (default: today).")
@click.option("--case", "case_id", help="Which case (case id) to fill for; default: the first case the form is for.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
def forms_fill(form_pdf: Path, form: str, fields_path: Path | None, record: Path | None, as_of: str | None,
               case_id: str | None, out: Path) -> None:
    """Fill FORM_PDF, an official form downloaded from the courts' website, and write --out."""
    if (fields_path is None) == (record is None):
        raise click.UsageError("give exactly one of --fields FIELDS.json or --record PATH")
    fields = _load_fields(fields_path) if fields_path else fields_for(record, _as_of(as_of))  # type: ignore[arg-type]
    if case_id and case_id not in {c.case_id for c in fields.cases}:
        _fail(f"no case {case_id!r} with papers; cases: {', '.join(c.case_id for c in fields.cases) or 'none'}")
    try:
        report = fill_form(form_pdf, form, fields, out, case_id)
    except FormError as exc:
        _fail(str(exc))
    click.echo(f"{out}: {report.form}, {len(report.filled)} field(s) filled")
    for meaning in report.blank:
        click.echo(f"  to fill by hand: {meaning}")
    if report.overflow:
        click.echo(f"  {report.overflow} more offense(s) do not fit: fill MC-025 (Attachment) with --form MC-025")


@click.command()
@click.argument("convictions", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--as-of", "as_of", help="Date of the motions, YYYY-MM-DD (default: today).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
@click.option("--per", type=click.Choice(["person", "court"]), default="person", show_default=True)
@click.option("--office", "office", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="JSON with the prosecuting office's details (district_attorney, deputy, bar_number, ...).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Render in N processes.")
def motions(convictions: Path, as_of: str | None, out: Path, per: Literal["person", "court"],
            office: Path | None, workers: int) -> None:
    """DA batch motions under HS 11361.9 from a bulk run's convictions.parquet: one per person (or per
    court), with index.csv (cover index) and review.csv (convictions that need a person's look)."""
    details = None
    if office:
        try:
            details = OfficeDetails.model_validate(json.loads(office.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, ValidationError) as exc:
            _fail(f"{office}: {exc}")
    try:
        summary = write_motion_batch(convictions, out, per=per, as_of=_as_of(as_of), office=details,
                                     workers=workers)
    except ValueError as exc:
        _fail(str(exc))
    click.echo(f"{summary.motions} motion(s) for {summary.people} people, {summary.convictions} conviction(s) in "
               f"{summary.courts} court(s); {summary.review_rows} to review ({summary.review_csv}); "
               f"index: {summary.index_csv}; {summary.documents_per_second:.0f} documents/s")
