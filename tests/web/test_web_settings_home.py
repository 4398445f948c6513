from django.conf import settings


def test_tests_never_use_the_users_data_folder():
    assert "littlegiant-test-home-" in str(settings.LITTLEGIANT_HOME)
