"""Run outputs that appear atomically: everything is written into a hidden staging folder inside the output
folder and moved into place only when the run has finished, the manifest last. An interrupted run leaves its
staging folder (removed by the next run) and never a half-written file under a real name; a manifest in the
folder means the files beside it are one complete run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, cast

import polars as pl
import pyarrow.parquet as pq

STAGING_PREFIX = ".clearpath-run-"
MANIFEST = "manifest.json"


class Staging:
    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale(out_dir)
        self.out_dir = out_dir
        self.dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))

    def path(self, name: str) -> Path:
        return self.dir / name

    def publish(self) -> list[Path]:
        """Move every staged file into the output folder; the manifest goes last (and an old one first away,
        so a crash half-way through publishing never leaves a manifest beside a mix of two runs)."""
        (self.out_dir / MANIFEST).unlink(missing_ok=True)
        names = sorted(p.name for p in self.dir.iterdir() if p.name != MANIFEST)
        moved = []
        for name in [*names, MANIFEST]:
            if (self.dir / name).exists():
                os.replace(self.dir / name, self.out_dir / name)
                moved.append(self.out_dir / name)
        self.dir.rmdir()
        return moved

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _remove_stale(out_dir: Path) -> None:
    """Staging folders of runs that are no longer running (their process is gone)."""
    for d in out_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int(d.name[len(STAGING_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class HashingFile:
    """A binary file that keeps the SHA-256 of what is written to it: the large outputs are hashed as they are
    written (in the writer thread, beside the run) instead of read back once the run is over."""

    def __init__(self, path: Path) -> None:
        self._f = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._hash = hashlib.sha256()
        self.bytes = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._hash.update(data)
        n = self._f.write(data)
        self.bytes += n
        return n

    def tell(self) -> int:
        return self.bytes

    def flush(self) -> None:
        self._f.flush()

    def close(self) -> None:
        if not self.closed:
            self._f.close()
            self.closed = True

    def digest(self) -> str:
        return self._hash.hexdigest()


class TableWriter:
    """One table written batch by batch as CSV and Parquet (same columns, same rows, same order)."""

    def __init__(self, staging: Staging, stem: str, schema: dict[str, Any], csv: bool = True,
                 parquet: bool = True) -> None:
        self.schema = schema
        self.rows = 0
        # Min/max statistics where a reader can use them to skip row groups (dates, numbers, flags); on the long
        # text columns (reasons, ids) they cost a third of the Parquet writing and prune nothing.
        self._statistics = [c for c, t in schema.items() if t != pl.String]
        self.names = [f"{stem}.csv"] * csv + [f"{stem}.parquet"] * parquet
        self._csv = HashingFile(staging.path(f"{stem}.csv")) if csv else None
        self._parquet_file = HashingFile(staging.path(f"{stem}.parquet")) if parquet else None
        self._parquet: pq.ParquetWriter | None = None
        if csv or parquet:
            self.write(pl.DataFrame(schema=schema))  # the header and schema even when no row comes

    def write(self, frame: pl.DataFrame) -> None:
        frame = frame.select(list(self.schema))
        if self._csv is not None and (frame.height or self._csv.tell() == 0):
            frame.write_csv(cast(IO[bytes], self._csv), include_header=self._csv.tell() == 0, date_format="%Y-%m-%d")
        if self._parquet_file is not None:
            table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._parquet_file, table.schema, compression="snappy",
                                                 write_statistics=self._statistics)
            if frame.height:
                self._parquet.write_table(table)
        self.rows += frame.height

    def close(self) -> None:
        if self._csv is not None:
            self._csv.close()
        if self._parquet is not None:
            self._parquet.close()
        if self._parquet_file is not None:
            self._parquet_file.close()

    def written(self) -> dict[str, tuple[int, str]]:
        """Bytes and SHA-256 of each file, once closed."""
        files = [f for f in (self._csv, self._parquet_file) if f is not None]
        return {name: (f.bytes, f.digest()) for name, f in zip(self.names, files, strict=True)}


def sha256_file(path: Path, chunk: int = 8 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def describe_outputs(staging: Staging, rows: dict[str, int], written: dict[str, tuple[int, str]] | None = None
                     ) -> dict[str, dict[str, Any]]:
    """Bytes, SHA-256 and (for tables) row counts of every staged file but the manifest; ``written`` gives
    (bytes, SHA-256) already known for files hashed as they were written."""
    known = written or {}
    out: dict[str, dict[str, Any]] = {}
    for p in sorted(staging.dir.iterdir()):
        if p.name == MANIFEST:
            continue
        size, digest = known.get(p.name) or (p.stat().st_size, sha256_file(p))
        entry: dict[str, Any] = {"bytes": size, "sha256": digest}
        with contextlib.suppress(KeyError):
            entry["rows"] = rows[p.name]
        out[p.name] = entry
    return out
