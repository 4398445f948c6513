"""Each stored re-evaluation run gets a job of its own, with the owner, state, progress, error and dates
it had. A migration of its own: PostgreSQL cannot alter a table with pending trigger events in the same
transaction (0004 drops the old columns)."""

from django.db import migrations

_STATUS = {"pending": "queued", "running": "running", "done": "done", "failed": "failed"}


def runs_to_jobs(apps, schema_editor):
    EvaluationRun = apps.get_model("assessments", "EvaluationRun")
    Job = apps.get_model("jobs", "Job")
    for run in EvaluationRun.objects.all().iterator():
        job = Job.objects.create(
            kind="evaluation_run",
            owner_id=run.started_by_id,
            status=_STATUS.get(run.state, "failed"),
            progress_done=run.progress_done,
            progress_total=run.progress_total,
            params={
                "programme": run.programme,
                "base_version": run.base_version,
                "new_version": run.new_version,
                "as_of": run.as_of.isoformat(),
            },
            error=run.error,
            started_at=run.created_at,
            finished_at=run.finished_at,
            heartbeat_at=run.finished_at or run.created_at,
        )
        Job.objects.filter(pk=job.pk).update(
            created_at=run.created_at
        )  # auto_now_add set it to now
        EvaluationRun.objects.filter(pk=run.pk).update(job=job)


def jobs_to_runs(apps, schema_editor):
    EvaluationRun = apps.get_model("assessments", "EvaluationRun")
    state = {value: key for key, value in _STATUS.items()}
    for run in EvaluationRun.objects.select_related("job").iterator():
        job = run.job
        EvaluationRun.objects.filter(pk=run.pk).update(
            started_by_id=job.owner_id,
            state=state.get(job.status, "failed"),
            progress_done=job.progress_done,
            progress_total=job.progress_total,
            error=job.error,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_evaluationrun_job")]

    operations = [migrations.RunPython(runs_to_jobs, jobs_to_runs)]
