"""Joins the two lines of 0002: the status label 待定 (main) and the runs moved onto jobs (0002 to 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_status_label_pending"),
        ("assessments", "0004_run_state_on_the_job"),
    ]

    operations = []
