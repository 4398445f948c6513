import os
from pathlib import Path

import pytest
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


def test_logs_can_be_json_one_object_a_line(capsys):
    import json
    import logging.config

    from littlegiant.web.config.environment import logging_config

    logging.config.dictConfig(logging_config("json", "info"))
    try:
        logging.getLogger("littlegiant.test").warning("任务 %s 失败", "甲", extra={"job": "abc"})
        line = capsys.readouterr().err.strip().splitlines()[-1]
        entry = json.loads(line)
        assert entry["message"] == "任务 甲 失败" and entry["level"] == "WARNING"
        assert entry["logger"] == "littlegiant.test" and entry["job"] == "abc" and "time" in entry
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)


@pytest.mark.parametrize(("log_format", "level"), [("xml", "INFO"), ("json", "LOUD")])
def test_a_bad_log_setting_is_refused_in_chinese(log_format, level):
    from littlegiant.web.config.environment import ConfigurationError, logging_config

    with pytest.raises(ConfigurationError, match="LITTLEGIANT_LOG_"):
        logging_config(log_format, level)


def test_the_embedded_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    from littlegiant.web.config.environment import database_from_url

    entry = database_from_url(f"sqlite:///{tmp_path}/lg.db")
    assert entry["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in entry["OPTIONS"]["init_command"]
