"""Peak memory of a build: the dbt process tree (sampled RSS, and the kernel's max RSS of
finished children) plus the PostgreSQL backends serving the build's database (sampled PSS, so
shared buffers are not counted once per backend)."""

from __future__ import annotations

import contextlib
import resource
import threading

import psutil

MB = 1024 * 1024


def _postmaster(cursor) -> psutil.Process | None:
    """The server's postmaster, when it runs on this machine and we may inspect it."""
    try:
        cursor.execute("select pg_backend_pid()")
        backend = psutil.Process(cursor.fetchone()[0])
        parent = backend.parent()
        backend.cmdline()
        return parent
    except (psutil.Error, OSError):
        return None


class PeakSampler:
    """Samples every `interval` seconds while a build runs (use as a context manager)."""

    def __init__(self, cursor, database: str, interval: float = 0.25):
        self.database = database
        self.interval = interval
        self.postmaster = _postmaster(cursor)
        self.me = psutil.Process()
        self.peak_client_rss = 0
        self.peak_server_pss = 0
        self.peak_total = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _client_rss(self) -> int:
        total = 0
        for child in self.me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total

    def _server_pss(self) -> int:
        if self.postmaster is None:
            return 0
        ours, workers = [], []
        try:
            children = self.postmaster.children()
        except psutil.Error:
            return 0
        for child in children:
            with contextlib.suppress(psutil.Error):
                title = " ".join(child.cmdline())
                if f" {self.database} " in f" {title} ":
                    ours.append(child)
                elif "parallel worker for PID" in title:
                    workers.append((child, title.rsplit(" ", 1)[-1]))
        leaders = {str(process.pid) for process in ours}
        ours += [process for process, leader in workers if leader in leaders]
        total = 0
        for process in ours:
            with contextlib.suppress(psutil.Error):
                info = process.memory_full_info()
                total += getattr(info, "pss", info.rss)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            client, server = self._client_rss(), self._server_pss()
            self.peak_client_rss = max(self.peak_client_rss, client)
            self.peak_server_pss = max(self.peak_server_pss, server)
            self.peak_total = max(self.peak_total, client + server)
            self.samples += 1
            self._stop.wait(self.interval)

    def result(self) -> dict:
        children_maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {
            "dbt_peak_rss_mb": round(self.peak_client_rss / MB, 1),
            "dbt_children_maxrss_mb": round(children_maxrss_kb / 1024, 1),
            "postgres_backends_peak_pss_mb": round(self.peak_server_pss / MB, 1) if self.postmaster else None,
            "peak_total_mb": round(self.peak_total / MB, 1),
            "samples": self.samples,
        }
