"""Scale-out on Ray Data: chunks as rows, `map_batches` over a pool of actors that each hold
one pipeline (one spaCy model). Ray is optional (`pip install 'eventatlas[ray]'`) and only
imported here. `--ray local` starts a Ray here, an address joins that cluster, and `auto`
joins the cluster this machine belongs to or, when there is none, starts a local one. On a
multi-node cluster `--out` must be a path every node can write."""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from eventatlas.batch.worker import ChunkReport, ChunkTask, new_extractor, process_chunk
from eventatlas.errors import OptionError

log = logging.getLogger(__name__)
LOCAL, AUTO = "local", "auto"
RAY_MISSING = ("--ray needs Ray, an optional extra: pip install 'ray[data]==2.60.0' "
               "(or eventatlas[ray])")


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # the Data library comes with the ray[data] extra only
    except ImportError as error:
        raise OptionError(RAY_MISSING) from error
    return ray


class ChunkActor:
    """A Ray actor: builds its pipeline once, then processes one chunk per call."""

    def __init__(self, published: str | None) -> None:
        self.extractor = new_extractor(date.fromisoformat(published) if published else None)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        reports = [process_chunk(pickle.loads(task), self.extractor)
                   for task in batch["task"]]
        return {"report": [json.dumps(report.as_dict()) for report in reports]}


def run_ray(tasks: Iterable[ChunkTask], workers: int, published: date | None,
            address: str) -> Iterator[ChunkReport]:
    """Chunk reports as Ray finishes them (streamed, so progress shows as it goes)."""
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _init(ray, address, workers)
    try:
        items = [{"task": pickle.dumps(task)} for task in tasks]
        dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        reports = dataset.map_batches(
            ChunkActor, batch_size=1, num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            fn_constructor_kwargs={"published": published.isoformat() if published else None},
        )
        for row in reports.iter_rows():
            yield ChunkReport(**json.loads(row["report"]))
    finally:
        if started_here:
            ray.shutdown()


def _init(ray: Any, address: str, workers: int) -> None:
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # no per-second progress lines
    ray.data.DataContext.get_current().enable_progress_bars = False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                               "logging_level": logging.WARNING}
    if address == LOCAL:
        ray.init(num_cpus=workers, **options)
        return
    try:
        ray.init(address=address, **options)
    except ConnectionError as error:
        if address != AUTO:
            raise OptionError(f"--ray {address}: no Ray cluster there ({error})") from error
        # What `auto` means to a user on one machine: use the cluster if any, else this one.
        log.info("no Ray cluster found: starting a local Ray with %d workers", workers)
        ray.init(num_cpus=workers, **options)
