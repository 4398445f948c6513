"""Long jobs of every app (archive imports, 数字化 answer-sheet checks, batch re-evaluations) on one model.

``services.start_job`` records a job and runs it through ``runner.submit`` (a background thread today; a
task queue later — only ``runner`` changes); the job reports progress and keeps a heartbeat; pages read it
through ``queries.job_for`` and render ``jobs/_progress.html``.
"""
