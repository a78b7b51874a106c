"""County- and state-scale runs: ``run_bulk`` (see ``bulk.run``)."""

from clearpath.bulk.run import BulkError, run_bulk

__all__ = ["BulkError", "run_bulk"]
