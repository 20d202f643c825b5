"""The floor and the load loop the page and rush benchmarks share.

The floor (bench/floor/) is a bare Django project whose `/list/` renders 20
rows of a 1,000-row PostgreSQL table with one query. Benchmarks serve it
beside the app under the same gunicorn settings and report their pages as a
ratio to its requests/s measured in the same run: the two cores are shared,
so absolute figures move with whatever else runs; the ratio moves far less.

Only loopback addresses are used; every loop is bounded in requests and time.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_DIR = Path(__file__).resolve().parent / "floor"
FLOOR_PATH = "/list/"
LOOPBACK = "127.0.0.1"


def recreate_floor_database(pg_server: str, name: str) -> str:
    """Drop and re-create the floor's database, migrate it (1,000 rows)."""
    import psycopg

    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = f"{pg_server}/{name}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=FLOOR_DIR,
        env=floor_environment(url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def floor_environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SETTINGS_MODULE"] = "floorsite.settings"
    env["FLOOR_DATABASE_URL"] = database_url
    return env


def start_gunicorn(
    *,
    wsgi: str,
    port: int,
    cwd: Path,
    log: Path,
    threads: int = 1,
    env: dict[str, str] | None = None,
    probe: str = "/",
) -> subprocess.Popen:
    """gunicorn with 2 workers on 127.0.0.1:port; waits until it answers.

    ``threads`` 1 gives sync workers; more gives gthread workers.
    """
    import httpx

    handle = open(log, "w")  # noqa: SIM115 - handed to gunicorn for its lifetime
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        wsgi,
        "--workers",
        "2",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    if threads > 1:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    for _ in range(150):
        if server.poll() is not None:
            break
        try:
            httpx.get(f"http://{LOOPBACK}:{port}{probe}", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn ({wsgi}) did not start; see {log}")


def start_floor(*, port: int, database_url: str, log: Path, threads: int = 1):
    return start_gunicorn(
        wsgi="floorsite.wsgi",
        port=port,
        cwd=FLOOR_DIR,
        log=log,
        threads=threads,
        env=floor_environment(database_url),
        probe=FLOOR_PATH,
    )


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


@dataclass
class Sample:
    """What one bounded burst of GETs to one URL gave."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0
    failures: int = 0  # connections dropped or timed out

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    @property
    def bad(self) -> int:
        """Responses other than 200, and failed connections."""
        return self.failures + sum(n for s, n in self.statuses.items() if s != 200)

    def add(self, other: Sample) -> None:
        self.latencies += other.latencies
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.elapsed += other.elapsed
        self.failures += other.failures


def http_client():
    """A light client sharing the cores with the server: aiohttp, no keep-alive."""
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, force_close=True),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=60),
    )


async def burst(
    client,
    url: str,
    *,
    cookies: dict[str, str] | None = None,
    requests: int,
    seconds: float,
    concurrency: int,
) -> Sample:
    """GET ``url`` ``requests`` times, ``concurrency`` at once, within ``seconds``."""
    import aiohttp

    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    sample = Sample()
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        nonlocal issued
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            begun = time.perf_counter()
            try:
                async with client.get(
                    url, headers=headers, allow_redirects=False
                ) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError):
                sample.failures += 1
                continue
            sample.latencies.append(time.perf_counter() - begun)
            sample.statuses[status] = sample.statuses.get(status, 0) + 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    sample.elapsed = time.perf_counter() - started
    return sample


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
