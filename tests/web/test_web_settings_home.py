import os
from pathlib import Path

from django.conf import settings


def test_tests_never_use_the_users_data_folder():
    users_folder = (
        Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "littlegiant"
    )
    home = Path(settings.LITTLEGIANT_HOME).resolve()
    assert home != users_folder.resolve()
    assert os.environ[
        "LITTLEGIANT_HOME"
    ]  # set by the caller (CI) or, failing that, by the settings for pytest
