"""The same run on Dask: each person-complete batch is one task running ``process_batch`` on a worker.

The driver reads the input (it is where the file is) and writes the outputs in input order; workers run the
law. A few batches are in flight at once, so memory stays bounded on the driver too. Without a scheduler
address a local cluster of two worker processes is started for the run (``--engine dask``); with one
(``--scheduler tcp://host:8786``) the run uses that cluster, whose workers need clearpath installed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from datetime import date
from typing import Any

from clearpath.bulk.inputs import Batch
from clearpath.bulk.policy import Policy
from clearpath.bulk.process import BatchOutput, process_batch

LOCAL_WORKERS = 2


def dask_runner(scheduler: str | None, workers: int = LOCAL_WORKERS, in_flight: int = 3) -> Any:
    def run(stream: Iterator[Batch], as_of: date, remedies: list[str] | None, policy: Policy | None,
            county: str | None, timing: dict[str, float]) -> Iterator[tuple[Batch, BatchOutput]]:
        from dask.distributed import Client, LocalCluster

        cluster = None
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
        client = Client(scheduler if scheduler is not None else cluster)
        try:
            queue: deque[tuple[Batch, Any]] = deque()
            for batch in stream:
                future = client.submit(process_batch, batch.counts, batch.people, as_of, remedies, policy,
                                       county=county, pure=False)
                queue.append((batch, future))
                if len(queue) >= in_flight:
                    yield _result(queue, timing)
            while queue:
                yield _result(queue, timing)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def _result(queue: deque[tuple[Batch, Any]], timing: dict[str, float]) -> tuple[Batch, BatchOutput]:
    t = time.perf_counter()
    batch, future = queue.popleft()
    out: BatchOutput = future.result()
    timing["law"] += time.perf_counter() - t  # time the driver waited for the workers
    return batch, out
