"""``clearpath bulk``: a county's (or the state's) files in, every determination out, with a manifest.

The run streams person-complete batches (``bulk.inputs``) through ``bulk.process.process_batch`` — the same
rules ``clearpath check`` runs — locally or on Dask, and writes the outputs as it goes (``bulk.outputs``), so
memory is bounded by a batch, not by the file.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Literal

import polars as pl

from clearpath.bulk.inputs import REJECT_SCHEMA, Batch, batches, input_kind
from clearpath.bulk.outputs import MANIFEST, Staging, TableWriter, describe_outputs, sha256_file
from clearpath.bulk.policy import Policy, describe, load_policy
from clearpath.bulk.process import (
    CONVICTIONS_SCHEMA,
    DETERMINATIONS_SCHEMA,
    PERSONS_SCHEMA,
    BatchOutput,
    process_batch,
    reason_codes,
)
from clearpath.bulk.progress import Progress, estimate_lines
from clearpath.bulk.report import render_report
from clearpath.bulk.summary import Summary
from clearpath.law.ca import california
from clearpath.law.pack import LawPack
from clearpath.readers.doj import ISSUE_SCHEMA

Engine = Literal["local", "dask"]
# Source rows per batch: memory is bounded by about two batches in flight (one evaluated, one being read).
DEFAULT_BATCH_ROWS = 200_000
ISSUES_SCHEMA = {"source": pl.String, **ISSUE_SCHEMA}


class BulkError(ValueError):
    """A run that cannot start (unknown remedy, bad policy, missing input); the message says why."""


def run_bulk(
    inputs: Sequence[Path],
    as_of: date,
    out_dir: Path,
    *,
    county: str | None = None,
    policy: Path | None = None,
    remedies: Sequence[str] | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    show_progress: bool = False,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    level_from_toc: bool = False,
    title: str | None = None,
) -> dict[str, Any]:
    """Run every input through the law on ``as_of`` and write the outputs into ``out_dir``; returns the
    manifest. ``progress`` is called with the number of source rows done after each batch."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    pack = california()
    inputs = [Path(p) for p in inputs]
    missing = [str(p) for p in inputs if not p.is_file()]
    if missing:
        raise BulkError(f"input not found: {', '.join(missing)}")
    known = {r.remedy for r in pack.remedies}
    bad = [r for r in remedies or [] if r not in known]
    if bad:
        raise BulkError(f"unknown remedy {', '.join(bad)}; see `clearpath rules`")
    chosen = list(remedies) if remedies else None
    profile = load_policy(policy, pack) if policy is not None else None

    staging = Staging(out_dir)
    hasher = ThreadPoolExecutor(max_workers=1)  # input checksums are read beside the run, not before it
    digests = [hasher.submit(sha256_file, p) for p in inputs]
    tables = {
        "determinations": TableWriter(staging, "determinations", DETERMINATIONS_SCHEMA),
        "convictions": TableWriter(staging, "convictions", CONVICTIONS_SCHEMA),
        "persons": TableWriter(staging, "persons", PERSONS_SCHEMA),
        "rejected": TableWriter(staging, "rejected", REJECT_SCHEMA, parquet=False),
        "issues": TableWriter(staging, "issues", ISSUES_SCHEMA, parquet=False),
    }
    summary = Summary()
    meter = Progress(estimate_lines(inputs), enabled=show_progress)
    per_input: list[dict[str, Any]] = []
    timing = {"wait_for_input": 0.0, "law": 0.0, "write": 0.0}  # write: time the run waited for the writer
    # Outputs are written in a thread while the next batch is evaluated (both mostly release the GIL); at
    # most one batch waits to be written, so memory stays bounded.
    writer = ThreadPoolExecutor(max_workers=1)
    writing: Future[None] | None = None

    def write(batch: Batch, out: BatchOutput) -> None:
        tables["determinations"].write(out.determinations)
        tables["convictions"].write(out.convictions)
        tables["persons"].write(out.persons)
        tables["rejected"].write(batch.rejects)
        tables["issues"].write(batch.issues.with_columns(source=pl.lit(batch.source)))
        summary.add(out)

    def wait_for_writes() -> None:
        if writing is not None:
            t = time.perf_counter()
            writing.result()
            timing["write"] += time.perf_counter() - t

    try:
        for path in inputs:
            read = rejected = 0
            stream = batches(path, batch_rows, level_from_toc)
            for batch, out in _engine(engine, scheduler)(stream, as_of, chosen, profile, county, timing):
                wait_for_writes()
                writing = writer.submit(write, batch, out)
                read += batch.lines_read
                rejected += batch.rejects.height
                meter.advance(batch.lines)
                if progress is not None:
                    progress(meter.done)
            per_input.append({"path": str(path), "name": path.name, "kind": input_kind(path),
                              "bytes": path.stat().st_size, "rows_in": read + rejected, "rows_read": read,
                              "rows_rejected": rejected})
        wait_for_writes()
        for table in tables.values():
            table.close()
        meter.finish()
        for entry, digest in zip(per_input, digests, strict=True):
            entry["sha256"] = digest.result()
        seconds = time.perf_counter() - clock
        manifest = _manifest(per_input, tables, as_of, pack.law_version(as_of), pack.digest, engine, chosen,
                             county, policy, profile, started, seconds)
        report_title = title or (f"{county} County" if county else ", ".join(p.name for p in inputs))
        _write_reports(staging, pack, profile, summary, manifest, report_title, timing)
        rows = {f"{name}.{ext}": w.rows for name, w in tables.items() for ext in ("csv", "parquet")}
        written = {name: entry for w in tables.values() for name, entry in w.written().items()}
        manifest["outputs"] = describe_outputs(staging, rows, written)
        manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        staging.path(MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        staging.publish()
        return manifest
    except BaseException:
        writer.shutdown(wait=True, cancel_futures=True)
        for table in tables.values():
            table.close()
        staging.abort()
        raise
    finally:
        writer.shutdown(wait=False)
        hasher.shutdown(wait=False, cancel_futures=True)


def _write_reports(staging: Staging, pack: LawPack, profile: Policy | None, summary: Summary,
                   manifest: dict[str, Any], title: str, timing: dict[str, float]) -> None:
    """``reasons.csv`` (the code key, policy rules included), ``summary.json`` and ``report.html``."""
    seconds = manifest["seconds"]
    summary_doc = {
        "format": "clearpath-bulk-summary/1", "title": title, "as_of": manifest["as_of"],
        "law_version": manifest["law_version"], "people": manifest["people"], "rows_in": manifest["rows_in"],
        "rows_rejected": manifest["rows_rejected"], "figures": summary.figures(), "policy_reasons": describe(profile),
        "timing": {"seconds": seconds, "rows_per_second": round(manifest["rows_in"] / max(seconds, 1e-9), 1),
                   **{f"{k}_seconds": round(v, 3) for k, v in timing.items()}},
    }
    codes = reason_codes(pack)
    extra = [(None, code, profile.name if profile else None, text) for code, text in describe(profile).items()]
    if extra:
        codes = pl.concat([codes, pl.DataFrame(extra, schema=codes.schema, orient="row")])
    codes.write_csv(staging.path("reasons.csv"))
    staging.path("summary.json").write_text(json.dumps(summary_doc, indent=2, default=str) + "\n")
    texts = {f: q.text for f, q in pack.facts.items()}
    staging.path("report.html").write_text(render_report(summary_doc, manifest, texts), encoding="utf-8")


def _manifest(per_input: list[dict[str, Any]], tables: dict[str, TableWriter], as_of: date, law_version: str,
              digest: str, engine: Engine, remedies: list[str] | None, county: str | None, policy_path: Path | None,
              profile: Policy | None, started: datetime, seconds: float) -> dict[str, Any]:
    rows_in = sum(i["rows_in"] for i in per_input)
    rows_out = sum(i["rows_read"] for i in per_input)
    rejected = sum(i["rows_rejected"] for i in per_input)
    if rows_in != rows_out + rejected:  # the accounting every output rests on; never write a run that breaks it
        raise AssertionError(f"rows in {rows_in} != rows out {rows_out} + rejected {rejected}")
    return {
        "format": "clearpath-bulk-manifest/1",
        "program": "clearpath",
        "version": package_version("clearpath"),
        "as_of": as_of.isoformat(),
        "law_version": law_version,
        "law_pack_digest": digest,
        "engine": engine,
        "remedies": remedies or "all",
        "county": county,
        "policy": None if profile is None or policy_path is None else {
            "path": str(policy_path), "name": profile.name, "office": profile.office,
            "sha256": sha256_file(policy_path), "rules": [r.id for r in profile.rules]},
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "inputs": per_input,
        "rows_in": rows_in,
        "rows_out": rows_out,
        "rows_rejected": rejected,
        "people": tables["persons"].rows,
        "convictions": tables["convictions"].rows,
        "determinations": tables["determinations"].rows,
        "issues": tables["issues"].rows,
    }


Runner = Callable[[Iterator[Batch], date, list[str] | None, Policy | None, str | None, dict[str, float]],
                  Iterator[tuple[Batch, BatchOutput]]]


def _engine(engine: Engine, scheduler: str | None) -> Runner:
    if engine == "dask":
        from clearpath.bulk.dask_engine import dask_runner

        runner: Runner = dask_runner(scheduler)
        return runner
    return _local


def _local(stream: Iterator[Batch], as_of: date, remedies: list[str] | None, policy: Policy | None,
           county: str | None, timing: dict[str, float]) -> Iterator[tuple[Batch, BatchOutput]]:
    # Read the next batch in a thread while this one is evaluated (Polars releases the GIL in both).
    with ThreadPoolExecutor(max_workers=1) as ahead:
        pending: Future[Batch | None] = ahead.submit(next, stream, None)
        while True:
            t = time.perf_counter()
            batch = pending.result()
            timing["wait_for_input"] += time.perf_counter() - t
            if batch is None:
                return
            pending = ahead.submit(next, stream, None)
            t = time.perf_counter()
            out = process_batch(batch.counts, batch.people, as_of, remedies, policy, county=county)
            timing["law"] += time.perf_counter() - t
            yield batch, out
