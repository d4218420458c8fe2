"""Bounded memory: 20,000 WARC records stream through `crosswire batch --stage extract`.

    .venv/bin/python benchmarks/bench_batch_memory.py [--records 20000] [--broken-every 500]
        [--peer-records 2000] [--out out/bench/batch]   (~10 minutes on two shared cores)

The pile (batch_pile.write_pile: the development pages over and over under their own URLs, every
500th record of a file broken, the last one cut off; cached under out/bench/batch/pile-<records>/)
goes through `run_batch(files, out, stage="extract")` in a child process, so that Ray starts fresh
there and every process of the run is a descendant of it: the driver, Ray's gcs_server and raylet
and the workers the raylet starts. Every 0.5 s the memory of that whole process tree is sampled:
each process's PSS (/proc/<pid>/smaps_rollup: shared pages, the object store's among them, split
between the processes mapping them, so the sum counts them once), its RSS when PSS cannot be
read. Reported: the peak of the sum (the bar), the driver's own peak, the peak of /dev/shm in use
beyond what it held before the run (Ray's object store lives there), records/s over the run, and
the count check: every record once, articles + failures == records written.

The peer, in the same run: `crosswire extract` (pipeline.extract) reads everything into one list
before it writes. Its peak on the full pile would be large, so it is measured on the first file
of the pile (`--peer-records`, 2,000 records) in a child process, and extrapolated linearly to
the pile: its memory after imports plus (peak - that) x records / peer records.
Bar (issue 15): peak memory of the batch under 2 GB for 20,000 records.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "out" / "bench" / "batch"
PEAK_BAR_BYTES = 2 * 1024**3
SAMPLE_SECONDS = 0.5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
SHM = Path("/dev/shm")
RESULT = "RESULT "  # starts the line a child prints its result on


# --- the process tree -----------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def descendants(root: int) -> list[int]:
    """`root` and every process below it (by parent pid, read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def memory_bytes(pid: int) -> int:
    """The process's PSS (its RSS when smaps_rollup cannot be read); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss_bytes(pid)


def rss_bytes(pid: int) -> int:
    """The process's resident set (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except OSError:
        return 0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of the process so far (None once it is gone)."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def process_name(pid: int) -> str:
    """What a process is: a Ray worker's title ("ray::IDLE", "ray::MapWorker(...)"), else its
    program (and script, for Python)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode("utf-8", "replace") for a in argv if a and not a.startswith(b"-")]
    if not words:
        return command_name(pid)
    if words[0].startswith("ray::"):
        return words[0][:48]
    name = Path(words[0]).name
    if name.startswith("python") and len(words) > 1:
        return f"{name} {Path(words[1]).name}"
    return name


def shm_used() -> int:
    return shutil.disk_usage(SHM).used if SHM.exists() else 0


@dataclass(slots=True)
class TreeSampler:
    """Samples a process tree every SAMPLE_SECONDS in a thread: peak memory of the tree and of
    its root, peak /dev/shm use above the start, and the CPU seconds of every process seen
    (the last value read before it ended: up to one interval of a process's end is missed)."""

    root: int
    memory: bool = True  # False: CPU only (reading every process's PSS costs CPU itself)
    peak_total: int = 0
    peak_root: int = 0
    peak_shm: int = 0
    processes: Counter[str] = field(default_factory=Counter)
    at_peak: Counter[str] = field(default_factory=Counter)  # memory by process name
    _cpu: dict[int, float] = field(default_factory=dict)
    _cpu_before: dict[int, float] = field(default_factory=dict)
    _shm_start: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeSampler:
        self._shm_start = shm_used()
        for pid in descendants(self.root):  # CPU spent before the measurement is not counted
            self._cpu_before[pid] = cpu_seconds(pid) or 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> TreeSampler:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()
        return self

    @property
    def cpu(self) -> float:
        return sum(s - self._cpu_before.get(pid, 0.0) for pid, s in self._cpu.items())

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.sample()

    def sample(self) -> None:
        total = 0
        by_name: Counter[str] = Counter()
        for pid in descendants(self.root):
            used = memory_bytes(pid) if self.memory else 0
            total += used
            by_name[process_name(pid)] += used
            if pid == self.root:
                self.peak_root = max(self.peak_root, used)
            seconds = cpu_seconds(pid)
            if seconds is not None:
                if pid not in self._cpu:
                    self.processes[command_name(pid)] += 1
                self._cpu[pid] = seconds
        if total > self.peak_total:
            self.peak_total, self.at_peak = total, by_name
        self.peak_shm = max(self.peak_shm, shm_used() - self._shm_start)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def megabytes(size: float) -> str:
    return f"{size / 1024**2:,.0f} MB"


# --- the children -------------------------------------------------------------------------------


def batch_child(out: str, files: list[str]) -> None:
    """In the child: the batch's extract stage over the files; its summary as JSON on stdout."""
    from crosswire.batch.run import run_batch

    started = time.perf_counter()
    summary = run_batch(files, out, stage="extract")
    result = {
        "seconds": time.perf_counter() - started,
        "stages": summary.seconds,
        "records": summary.records,
        "articles": summary.articles,
        "duplicates": summary.duplicates,
        "failures": dict(summary.failures),
    }
    print(RESULT + json.dumps(result))


def peer_child(files: list[str]) -> None:
    """In the child: `crosswire extract`'s way, every result held in one list."""
    from crosswire import pipeline
    from crosswire.model import Article

    for module in ("crosswire.extract.article", "crosswire.sources.inputs"):
        importlib.import_module(module)  # what extraction loads: before the baseline, not growth
    after_imports = rss_bytes(os.getpid())  # RSS, as the peak (ru_maxrss) is
    started = time.perf_counter()
    results = pipeline.extract(files)
    seconds = time.perf_counter() - started
    articles = sum(isinstance(r, Article) for r in results)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = {
        "seconds": seconds,
        "results": len(results),
        "articles": articles,
        "after_imports": after_imports,
        "max_rss": peak,
    }
    print(RESULT + json.dumps(result))


def sampled_child(
    arguments: list[str], log: Path, *, script: Path = Path(__file__), memory: bool = True
) -> tuple[dict[str, Any], TreeSampler, float]:
    """Run `script` (this one by default) as a child with `arguments`, its tree sampled (its
    memory too with `memory`): the result it printed (the line after RESULT), the sampler, and
    the wall seconds. What else it printed (Ray's notices) goes to `log`."""
    command = [sys.executable, str(script.resolve()), *arguments]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampler = TreeSampler(child.pid, memory=memory).start()
    output, _ = child.communicate()
    sampler.stop()
    seconds = time.perf_counter() - started
    lines = output.splitlines()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("\n".join(x for x in lines if not x.startswith(RESULT)), encoding="utf-8")
    results = [x[len(RESULT) :] for x in lines if x.startswith(RESULT)]
    if child.returncode != 0 or not results:
        raise SystemExit(f"the child failed ({child.returncode}, see {log}): {' '.join(command)}")
    return json.loads(results[-1]), sampler, seconds


# --- the benchmark ------------------------------------------------------------------------------


def cached_pile(folder: Path, records: int, broken_every: int) -> tuple[list[str], int, int]:
    """The pile's files (written unless a complete one is there), records and broken records."""
    from batch_pile import write_pile

    done = folder / "pile.json"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        summary = write_pile(folder, records, broken_every=broken_every)
        written = {
            "files": [str(f.path.resolve()) for f in summary.files],
            "records": summary.records,
            "broken": summary.broken,
        }
        done.write_text(json.dumps(written), encoding="utf-8")
        print(f"pile written in {summary.seconds:.0f}s: {folder}")
    pile = json.loads(done.read_text(encoding="utf-8"))
    return pile["files"], pile["records"], pile["broken"]


def measure_batch(files: list[str], out: Path, records: int, broken: int) -> None:
    shutil.rmtree(out, ignore_errors=True)
    print(f"batch --stage extract: {len(files)} files, {records} records; load {load_average()}")
    result, sampler, seconds = sampled_child(
        ["--batch-child", str(out), *files],
        out.with_name(out.name + ".child.log"),
    )
    failures = sum(result["failures"].values())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result["failures"].items()))
    verdict = "met" if sampler.peak_total < PEAK_BAR_BYTES else "NOT met"
    print(
        f"  peak memory of the tree {megabytes(sampler.peak_total)} "
        f"(bar < {megabytes(PEAK_BAR_BYTES)}: {verdict}); driver {megabytes(sampler.peak_root)}; "
        f"/dev/shm peak +{megabytes(sampler.peak_shm)}"
    )
    print(
        f"  {records / seconds:.1f} records/s ({seconds:.0f}s wall, the child's run_batch "
        f"{result['seconds']:.0f}s: {result['stages']}); CPU {sampler.cpu:.0f}s over "
        f"{sum(sampler.processes.values())} processes ({_names(sampler.processes)}); "
        f"load after {load_average()}"
    )
    heaviest = ", ".join(
        f"{name} {megabytes(size)}" for name, size in sampler.at_peak.most_common(6)
    )
    print(f"  at the peak: {heaviest}")
    check = "every record once" if result["articles"] + failures == records else "MISMATCH"
    print(
        f"  {result['articles']} articles ({result['duplicates']} copies) + {failures} failures "
        f"= {result['articles'] + failures} of {records} records written ({broken} broken): "
        f"{check}; failures: {kinds}"
    )


def _names(processes: Counter[str]) -> str:
    return ", ".join(f"{name} x{n}" if n > 1 else name for name, n in processes.most_common(6))


def measure_peer(file: str, part_records: int, records: int, log: Path) -> None:
    print(f"peer pipeline.extract on {file} ({part_records} records); load {load_average()}")
    result, sampler, _ = sampled_child(["--peer-child", file], log)
    grown = result["max_rss"] - result["after_imports"]
    guess = result["after_imports"] + grown * records / part_records
    print(
        f"  {result['articles']} articles of {result['results']} results in "
        f"{result['seconds']:.0f}s ({part_records / result['seconds']:.1f} records/s); peak RSS "
        f"{megabytes(result['max_rss'])} (PSS sampled {megabytes(sampler.peak_total)}), "
        f"{megabytes(result['after_imports'])} after imports; load after {load_average()}"
    )
    print(
        f"  extrapolated linearly to {records} records: {megabytes(guess)} "
        f"(after imports + growth x {records / part_records:.1f}; not measured)"
    )


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--batch-child":
        batch_child(sys.argv[2], sys.argv[3:])
        return 0
    if len(sys.argv) > 2 and sys.argv[1] == "--peer-child":
        peer_child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000, help="records in the pile")
    parser.add_argument("--broken-every", type=int, default=500, help="a broken record every K")
    parser.add_argument("--peer-records", type=int, default=2000, help="records the peer reads")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="pile and batch outputs")
    args = parser.parse_args()
    from shared import DATA, absent

    if absent("the development pages", DATA):
        return 0
    folder = args.out.resolve() / f"pile-{args.records}-every-{args.broken_every}"
    files, records, broken = cached_pile(folder, args.records, args.broken_every)
    measure_batch(files, args.out.resolve() / f"memory-{args.records}", records, broken)
    if not args.no_peer:
        part = min(args.peer_records, records)
        peer_file = cached_pile(
            args.out.resolve() / f"pile-{part}-every-{args.broken_every}", part, args.broken_every
        )[0][0]
        measure_peer(peer_file, part, records, args.out.resolve() / f"memory-peer-{part}.log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
