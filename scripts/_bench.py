"""What the benchmark scripts share: one step timed the same way in each.

Imported by the scripts/benchmark_*.py scripts (run from this directory).
"""

import os
import statistics
import time
from dataclasses import dataclass


@dataclass
class Figures:
    """What one step took."""

    seconds: float
    queries: int
    # CPU seconds of this Odoo process and of its PostgreSQL backend: on a
    # machine shared with other work, steadier than the wall time.
    cpu: float
    pg_cpu: float | None
    # The machine's load average (1 minute) when the step ended.
    load: float


def backend_pid(cr):
    cr.execute("SELECT pg_backend_pid()")
    return cr.fetchone()[0]


def process_cpu(pid):
    """CPU seconds (user + system) of a local process, None when its
    /proc entry cannot be read (PostgreSQL on another machine or user)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average():
    with open("/proc/loadavg") as loadavg:
        return float(loadavg.read().split()[0])


def measure(env, func, invalidate=True, commit_hooks=False):
    """Run ``func()`` and return (its result, its ``Figures``): the ORM's
    pending writes flushed before and after; the cache emptied first unless
    ``invalidate`` is False; with ``commit_hooks``, what a commit would run
    first (the pre-commit hooks: mail tracking...) counted in, though the
    benchmark rolls back."""
    cr = env.cr
    pid = backend_pid(cr)
    env.flush_all()
    if invalidate:
        env.invalidate_all()
    start_count = cr.sql_log_count
    start_pg = process_cpu(pid)
    start = time.perf_counter()
    start_cpu = time.process_time()
    result = func()
    env.flush_all()
    if commit_hooks:
        cr.precommit.run()
    cpu = time.process_time() - start_cpu
    seconds = time.perf_counter() - start
    end_pg = process_cpu(pid)
    figures = Figures(
        seconds=seconds,
        queries=cr.sql_log_count - start_count,
        cpu=cpu,
        pg_cpu=None if start_pg is None or end_pg is None else end_pg - start_pg,
        load=load_average(),
    )
    return result, figures


def median_seconds(env, func, runs):
    """``func()`` run ``runs`` times, each measured as ``measure`` does:
    (the median wall seconds, the most queries of one run, the last
    result)."""
    measured = [measure(env, func) for _run in range(runs)]
    figures = [run_figures for _result, run_figures in measured]
    return (
        statistics.median(run_figures.seconds for run_figures in figures),
        max(run_figures.queries for run_figures in figures),
        measured[-1][0],
    )


def median_of(figures_list):
    """The run of median wall time among repeated runs of one step."""
    ordered = sorted(figures_list, key=lambda figures: figures.seconds)
    return ordered[len(ordered) // 2]


def row(label, figures):
    """A line of the scripts' tables: label, seconds, queries, CPU seconds
    of Odoo and of PostgreSQL, load average."""
    pg_cpu = "-" if figures.pg_cpu is None else f"{figures.pg_cpu:.2f}"
    return (
        f"{label:34}{figures.seconds:10.2f}{figures.queries:10d}"
        f"{figures.cpu:10.2f}{pg_cpu:>10}{figures.load:8.1f}"
    )


HEADER = (
    f"{'':34}{'seconds':>10}{'queries':>10}{'CPU s':>10}{'PG CPU s':>10}{'load':>8}"
)
