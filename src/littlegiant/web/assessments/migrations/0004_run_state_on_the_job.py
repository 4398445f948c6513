"""A run's owner, state, progress, error and dates live on its job only; every run has one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_runs_to_jobs")]

    operations = [
        migrations.AlterModelOptions(
            name="evaluationrun",
            options={
                "ordering": ["-job__created_at", "-pk"],
                "verbose_name": "批量重评",
                "verbose_name_plural": "批量重评",
            },
        ),
        migrations.RemoveField(model_name="evaluationrun", name="started_by"),
        migrations.RemoveField(model_name="evaluationrun", name="state"),
        migrations.RemoveField(model_name="evaluationrun", name="progress_done"),
        migrations.RemoveField(model_name="evaluationrun", name="progress_total"),
        migrations.RemoveField(model_name="evaluationrun", name="error"),
        migrations.RemoveField(model_name="evaluationrun", name="created_at"),
        migrations.RemoveField(model_name="evaluationrun", name="finished_at"),
        migrations.AlterField(
            model_name="evaluationrun",
            name="job",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluation_run",
                to="jobs.job",
                verbose_name="后台任务",
            ),
        ),
    ]
