"""``littlegiant worker | cleanup-uploads``: run the background jobs, apply the upload retention rule.

The worker is django-tasks' database worker (``db_worker``) plus a maintenance thread that, every minute,
queues again (or marks failed) the jobs whose process died, and every hour deletes the uploads past
their retention. ``littlegiant demo`` and ``serve`` start one worker themselves (:func:`worker_process`);
a production deployment runs it as its own service (``docs/deploy.md``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from typing import Any

import typer

from littlegiant.cli.main import app

__all__ = ["cleanup_uploads", "maintenance_pass", "worker", "worker_process"]


def maintenance_pass(*, clean: bool) -> tuple[int, int]:
    """One pass as the system user: recover dead jobs, and (``clean``) apply the upload retention rule;
    returns (jobs recovered, files deleted)."""
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.jobs.services import cleanup_uploads as clean_uploads
    from littlegiant.web.jobs.services import recover_stale_jobs

    user = system_user()
    recovered = recover_stale_jobs(user=user)
    deleted = len(clean_uploads(user=user)) if clean else 0
    return recovered, deleted


def _maintain(every: float, clean_every: float, stop: threading.Event) -> None:
    import logging

    from django.db import connection

    logger = logging.getLogger("littlegiant.worker")
    last_clean = 0.0
    while True:
        try:
            clean = time.monotonic() - last_clean >= clean_every
            recovered, deleted = maintenance_pass(clean=clean)
            if clean:
                last_clean = time.monotonic()
            if recovered or deleted:
                logger.info("maintenance: %d jobs recovered, %d old uploads deleted",
                            recovered, deleted)  # fmt: skip
        except Exception:  # the worker keeps running; the next pass tries again
            logger.exception("maintenance pass failed")
        finally:
            connection.close()
        if stop.wait(every):
            return


@app.command()
def worker(
    interval: float = typer.Option(1.0, help="队列为空时每隔多少秒查看一次新任务"),
    maintenance: float = typer.Option(60.0, help="每隔多少秒检查中断的任务"),
    batch: bool = typer.Option(False, "--batch", help="处理完队列中的任务后退出"),
) -> None:
    """运行后台任务（档案导入、数字化答卷校验、批量重评）的工作进程；中断的任务自动重新排队。"""
    from littlegiant.cli.web import setup_django  # not at import: cli.web imports this module's app

    setup_django()
    from django.core.management import call_command

    stop = threading.Event()
    thread = threading.Thread(
        target=_maintain, args=(maintenance, 3600.0, stop), name="maintenance", daemon=True
    )
    thread.start()
    try:
        options: dict[str, Any] = {"interval": interval, "startup_delay": False, "batch": batch}
        call_command("db_worker", **options)
    finally:
        stop.set()


@app.command("cleanup-uploads")
def cleanup_uploads() -> None:
    """按保留期限删除过期的上传文件及其报告（LITTLEGIANT_UPLOAD_RETENTION_DAYS，默认 7 天）。"""
    from littlegiant.cli.web import console, setup_django

    setup_django()
    recovered, deleted = maintenance_pass(clean=True)
    console.print(f"已删除 {deleted} 个过期文件；{recovered} 个中断的任务已重新排队或标记失败")


def _die_with_parent() -> None:
    """In the child, before it runs: on Linux, ask for SIGTERM when the parent dies (even by kill -9)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's finally block is all there is
        pass


def worker_process(*extra: str) -> subprocess.Popen[bytes]:
    """Start ``littlegiant worker`` as a child process of this one (same interpreter and environment);
    it ends when this process ends, however that happens."""
    command = [
        sys.executable,
        "-c",
        "from littlegiant.cli.main import app; app()",
        "worker",
        *extra,
    ]
    # our own interpreter and arguments; the pre-exec hook only sets the parent-death signal
    return subprocess.Popen(command, preexec_fn=_die_with_parent)  # noqa: S603
