"""Ray, started for a run: on this machine by default, or a cluster given by its address.

Locally Ray starts with this machine's cores (or `num_cpus`), no dashboard, and a bounded object
store: a batch streams, so the store holds a few blocks in flight, not the archive (Ray spills to
disk beyond it). On a cluster (`address`: "auto" on a node of it, or "ray://head:10001") the
cluster's own settings hold; its nodes must have crosswire installed (see docs/batch.md). A Ray
already started in this process (a notebook, a test) is used as it is and left running.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Iterator
from typing import Any

from crosswire.errors import ConfigError

log = logging.getLogger(__name__)

# The object store of a local run: blocks in flight and the duplicates map, never the archive
# (benchmarks/bench_batch_memory.py: 20,000 records stream through with it).
LOCAL_OBJECT_STORE_BYTES = 512 * 1024 * 1024


@contextlib.contextmanager
def ray_session(
    address: str | None, num_cpus: int | None, *, progress: bool = False
) -> Iterator[float]:
    """Ray for the block; yields the CPUs it offers. Ray's own progress bars with `progress`."""
    import ray

    check_ray_options(address, num_cpus)
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


def _start(address: str | None, num_cpus: int | None) -> None:
    import ray

    # Ray's workers must not each spread one task over every core (torch, BLAS): one per CPU.
    env = {"OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.WARNING,
        # Workers' logs go to Ray's session folder (/tmp/ray/session_latest/logs), not through
        # the terminal: Ray's own notices would bury the progress and the summary.
        "log_to_driver": False,
        "runtime_env": {"env_vars": env},
    }
    if address is None:
        options["num_cpus"] = num_cpus or os.cpu_count() or 1
        options["object_store_memory"] = LOCAL_OBJECT_STORE_BYTES
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
    if not progress:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
