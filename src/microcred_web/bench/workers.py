"""Real queue workers, started as an operator starts them (README "Several workers on PostgreSQL
and Redis"), for the benchmarks and the tests that need several: ``manage.py db_worker`` on the
database queue, ``manage.py rqworker`` on RQ. Each is named (``MICROCRED_WORKER_NAME``), so the
items it claims say which worker did the work (``BatchItem.claimed_by``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MANAGE = ROOT / "manage.py"


def worker_command(queue: str) -> list[str]:
    """The command line of one worker of ``queue`` (``database`` or ``rq``)."""
    if queue == "rq":
        return [sys.executable, str(MANAGE), "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    return [sys.executable, str(MANAGE), "db_worker", "--no-startup-delay", "--interval", "0.05"]


def _descendants(pid: int) -> list[int]:
    """``pid`` and its children, grandchildren... (RQ forks a process per task)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def _high_water_kib(pid: int) -> int:
    """The peak resident memory of a process (``VmHWM``), 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int, *, children: bool) -> float:
    """User + system CPU seconds of a process (and of its children it waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (proc(5), fields 14 and 15)
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Workers:
    """Worker processes started by ``start_workers``."""

    queue: str
    processes: list[subprocess.Popen[bytes]]
    names: list[str]
    peak_kib: int = 0
    logs: list[Path] = field(default_factory=list)

    def sample_memory(self) -> int:
        """Update and return the largest peak resident memory seen of any one worker process."""
        for process in self.processes:
            for pid in _descendants(process.pid):
                self.peak_kib = max(self.peak_kib, _high_water_kib(pid))
        return self.peak_kib

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the workers and every process they started."""
        total = 0.0
        for process in self.processes:
            pids = _descendants(process.pid)
            total += _cpu_seconds(pids[0], children=True) + sum(
                _cpu_seconds(p, children=False) for p in pids[1:]
            )
        return total

    def wait_idle(self, timeout: float = 60, quiet: float = 0.05) -> bool:
        """Wait until the workers have started (their CPU use falls below ``quiet`` seconds per
        half second): start-up is not the pipeline's work."""
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - last < quiet:
                return True
            last = now
        return False

    def alive(self) -> int:
        return sum(process.poll() is None for process in self.processes)

    def stop(self, timeout: float = 30) -> list[int | None]:
        """Ask every worker to stop (SIGTERM: each finishes its item first), then kill what is
        left after ``timeout`` seconds. Returns the exit codes."""
        self.sample_memory()
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        return [process.returncode for process in self.processes]

    def log_tail(self, chars: int = 1500) -> str:
        return "\n".join(log.read_text("utf-8", "replace")[-chars:] for log in self.logs if log.exists())


def start_workers(
    *, queue: str, count: int, env: Mapping[str, str], log_dir: Path, prefix: str = "worker"
) -> Workers:
    """Start ``count`` workers of ``queue`` with ``env``, named ``<prefix>-1``..., each logging to
    ``log_dir``."""
    processes, names, logs = [], [], []
    for n in range(1, count + 1):
        name = f"{prefix}-{n}"
        log = log_dir / f"{name}.log"
        with log.open("wb") as out:
            extra = ["--name", f"{name}-{os.getpid()}"] if queue == "rq" else []
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own manage.py, arguments built here
                    [*worker_command(queue), *extra],
                    cwd=ROOT,
                    env={**env, "MICROCRED_WORKER_NAME": name},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        names.append(name)
        logs.append(log)
    return Workers(queue=queue, processes=processes, names=names, logs=logs)


def wait_until_listening(workers: Workers, redis_url: str, timeout: float = 60) -> bool:
    """For RQ: wait until every worker has registered with Redis (so each takes a task as soon
    as one is enqueued). The database queue has no registry: its workers poll the table."""
    if workers.queue != "rq":
        return True
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    wanted = {f"{name}-{os.getpid()}" for name in workers.names}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wanted <= {w.name for w in Worker.all(connection=connection)}:
            return True
        if workers.alive() < len(workers.processes):
            return False
        time.sleep(0.1)
    return False
