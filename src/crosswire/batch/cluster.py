"""Ray, started for a run: on this machine by default, or a cluster given by its address.

Locally Ray starts with this machine's cores (or `num_cpus`), no dashboard, and a bounded object
store: a batch streams, so the store holds a few blocks in flight, not the archive (Ray spills to
disk beyond it). On a cluster (`address`: "auto" on a node of it, or "ray://head:10001") the
cluster's own settings hold; its nodes must have crosswire installed (see docs/batch.md). A Ray
already started in this process (a notebook, a test) is used as it is and left running.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from crosswire.errors import ConfigError

log = logging.getLogger(__name__)

# The object store of a local run: blocks in flight and the duplicates map, never the archive
# (benchmarks/bench_batch_memory.py: 20,000 records stream through it; at 512 MB the pages it had
# held stayed resident in the workers that wrote them).
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
IDLE_WORKER_MS = 1_000
# Ray Data 2.60 reads Parquet footers with 32 actors per read, each a process of its own: most of
# the idle processes' memory (bench_batch_memory.py). A batch's files are few and small.
RAY_DATA_ENV = {"RAY_DATA_PARQUET_FOOTER_NUM_ACTORS": "2"}
# Ray's notices that say nothing to a batch's user: that a local Ray it started itself has token
# authentication on (for a cluster's administrator), and that progress bars are off (they are,
# unless `progress`; crosswire shows its own).
QUIET_LOGGERS = (
    "ray._private.authentication.authentication_token_setup",
    "ray.data._internal.progress",
)


@contextlib.contextmanager
def ray_session(
    address: str | None, num_cpus: int | None, *, progress: bool = False
) -> Iterator[float]:
    """Ray for the block; yields the CPUs it offers. Ray's own progress bars with `progress`."""
    import ray

    check_ray_options(address, num_cpus)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    for name, value in RAY_DATA_ENV.items():  # the driver plans the reads: it reads them too
        os.environ.setdefault(name, value)
    started = not ray.is_initialized()
    if started:
        _start(address, num_cpus)
    _configure_data(progress)
    try:
        yield float(ray.cluster_resources().get("CPU", 1.0))
    finally:
        if started:
            ray.shutdown()


def check_ray_options(address: str | None, num_cpus: int | None) -> None:
    """ConfigError for options Ray cannot be started with."""
    if num_cpus is not None and num_cpus < 1:
        raise ConfigError(f"--num-cpus must be 1 or more, not {num_cpus}")
    if address is not None and num_cpus is not None:
        raise ConfigError("--num-cpus is for a local run: a cluster's nodes say their own CPUs")


def without_fsspec_http() -> None:
    """Mark fsspec's HTTP file system absent where aiohttp (which it needs) is not installed.

    Ray Data's file listing imports it from several threads at once, in the driver and in the
    workers; without aiohttp one thread then got ImportError ("cannot import name
    'HTTPFileSystem'", a half-imported module) instead of the ModuleNotFoundError Ray Data
    expects, and the run failed (benchmarks/bench_batch_equivalence.py, 2026-12-03). Marked
    absent, every thread gets ModuleNotFoundError."""
    if importlib.util.find_spec("aiohttp") is None:
        sys.modules["fsspec.implementations.http"] = None  # type: ignore[assignment]


def _start(address: str | None, num_cpus: int | None) -> None:
    import ray

    without_fsspec_http()
    # Ray's workers must not each spread one task over every core (torch, BLAS): one per CPU.
    env = {"OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false", **RAY_DATA_ENV}
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.WARNING,
        # Workers' logs go to Ray's session folder (/tmp/ray/session_latest/logs), not through
        # the terminal: Ray's own notices would bury the progress and the summary.
        "log_to_driver": False,
        "runtime_env": {
            "env_vars": env,
            "worker_process_setup_hook": "crosswire.batch.cluster.without_fsspec_http",
        },
    }
    if address is None:
        options["num_cpus"] = num_cpus or os.cpu_count() or 1
        options["object_store_memory"] = LOCAL_OBJECT_STORE_BYTES
        # Ask Ray to end idle worker processes beyond one per CPU soon: each holds what it
        # imported and loaded. What bounds the processes is the concurrency every operator of a
        # wave is given (waves.py): with one unbounded sliver-of-a-CPU step, Ray started 30
        # workers on 2 CPUs and idle ones held 3.4 GB (bench_batch_memory.py, 2026-12-03).
        options["_system_config"] = {
            "num_workers_soft_limit": options["num_cpus"],
            "idle_worker_killing_time_threshold_ms": IDLE_WORKER_MS,
        }
    else:
        options["address"] = address
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = address or "this machine"
        raise ConfigError(f"cannot start Ray on {where}: {error}") from error


def _configure_data(progress: bool) -> None:
    from ray.data import DataContext

    # Ray Data warns when a small wave gives an actor pool fewer blocks than actors: expected.
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")
    # ... and when a wave has fewer shards than extraction tasks may run at once: expected too.
    warnings.filterwarnings("ignore", message="The maximum number of concurrent tasks")
    context = DataContext.get_current()
    context.enable_progress_bars = progress
    context.enable_operator_progress_bars = progress
    context.enable_rich_progress_bars = progress
    context.use_ray_tqdm = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    # A block Ray cannot finish after its retries fails the run: a batch never loses records
    # silently (a record that fails is a failure row, written by crosswire itself).
    context.max_errored_blocks = 0
    # Ray Data's advice to request memory per worker: a batch bounds its processes by
    # concurrency instead (waves.py), and the advice, every 30 s, buried the progress.
    context.issue_detectors_config.high_memory_detector_config.detection_time_interval_s = -1
    if not progress:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
