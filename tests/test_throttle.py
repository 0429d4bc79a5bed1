"""Sign-in throttling: per account-and-address pair, per address, a shared cache, unlocking."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import forms as auth_forms
from django.test import override_settings

from newsroom.checks import check_shared_cache_for_sign_in_throttling
from newsroom.throttle import ThrottledAdminAuthenticationForm
from tests.factories import make_editor, make_reporter

RIGHT = "the right password 1"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
    }
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def locked(response) -> bool:
    return "Too many failed sign-in attempts" in response.content.decode()


# --- A shared cache in production ----------------------------------------------------------


def error_ids(**overrides) -> list[str]:
    with override_settings(**overrides):
        return [error.id for error in check_shared_cache_for_sign_in_throttling(None)]


def test_production_with_a_per_process_cache_fails_the_deploy_check():
    assert error_ids(DEBUG=False, CACHES=LOCMEM, SINGLE_PROCESS=False) == ["newsroom.E002"]


def test_production_with_a_shared_cache_passes_the_throttle_check():
    assert error_ids(DEBUG=False, CACHES=REDIS, SINGLE_PROCESS=False) == []


def test_an_operator_running_one_process_may_keep_the_local_cache():
    assert error_ids(DEBUG=False, CACHES=LOCMEM, SINGLE_PROCESS=True) == []


def test_development_is_not_asked_for_redis():
    assert error_ids(DEBUG=True, CACHES=LOCMEM, SINGLE_PROCESS=False) == []


# --- Counting per account and address -------------------------------------------------------


@pytest.mark.django_db
def test_a_stranger_elsewhere_cannot_lock_an_editor_out(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_editor("desk", password=RIGHT)
    for _ in range(10):
        login(client, "desk", "wrong", address="198.51.100.66")
    assert locked(login(client, "desk", RIGHT, address="198.51.100.66"))
    assert login(client, "desk", RIGHT, address="192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_the_attackers_own_address_stays_locked_for_that_account(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_editor("desk", password=RIGHT)
    for _ in range(3):
        login(client, "desk", "wrong", address="198.51.100.66")
    response = login(client, "desk", RIGHT, address="198.51.100.66")
    assert locked(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signing_in_to_ones_own_account_does_not_reset_the_address_ceiling(client, settings):
    settings.LOGIN_ADDRESS_LIMIT = 4
    make_editor("mine", password=RIGHT)
    make_editor("victim", password="the right password 2")
    for n in range(3):
        login(client, f"guess{n}", "wrong", address="198.51.100.9")
    assert login(client, "mine", RIGHT, address="198.51.100.9").status_code == 302
    client.logout()
    login(client, "victim", "wrong", address="198.51.100.9")
    assert locked(login(client, "victim", "the right password 2", address="198.51.100.9"))


@pytest.mark.django_db
def test_parallel_attempts_cannot_all_slip_under_the_limit(rf, settings, monkeypatch):
    """Thirty requests in flight at once (several workers, a burst): each new one arrives while
    the earlier passwords are still being checked. Only the limit's worth are checked."""
    settings.LOGIN_FAILURE_LIMIT = 5
    make_editor("desk", password=RIGHT)
    checked = []
    remaining = 30
    real_authenticate = auth_forms.authenticate

    def arrive_next():
        nonlocal remaining
        if not remaining:
            return
        remaining -= 1
        before = len(checked)
        request = rf.post("/admin/login/", REMOTE_ADDR="198.51.100.7")
        ThrottledAdminAuthenticationForm(
            request, data={"username": "desk", "password": "wrong"}
        ).is_valid()
        if len(checked) == before:  # refused at once: the next request arrives all the same
            arrive_next()

    def slow_authenticate(request, **credentials):
        checked.append(credentials["username"])
        arrive_next()  # the next request arrives while this password is being checked
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)
    arrive_next()
    assert remaining == 0
    assert len(checked) == 5


# --- Unlocking --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_clears_a_colleagues_lockout_and_it_is_recorded(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    colleague = make_reporter("colleague", password=RIGHT)
    for _ in range(2):
        login(client, "colleague", "wrong", address="192.0.2.44")
    assert locked(login(client, "colleague", RIGHT, address="192.0.2.44"))

    editor = make_editor("chief")
    client.force_login(editor)
    page = client.get("/admin/sign-in-lockouts/", {"username": "colleague"})
    assert "192.0.2.44" in page.content.decode()
    response = client.post("/admin/sign-in-lockouts/", {"username": "colleague"})
    assert response.status_code == 302
    client.logout()

    assert login(client, "colleague", RIGHT, address="192.0.2.44").status_code == 302
    entry = LogEntry.objects.get(object_id=str(colleague.pk))
    assert entry.user == editor
    assert "Cleared the sign-in lockout" in entry.change_message


@pytest.mark.django_db
def test_a_reporter_cannot_clear_lockouts(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_editor("desk", password=RIGHT)
    for _ in range(2):
        login(client, "desk", "wrong", address="192.0.2.44")
    client.force_login(make_reporter("someone"))
    assert client.post("/admin/sign-in-lockouts/", {"username": "desk"}).status_code == 403
    client.logout()
    assert locked(login(client, "desk", RIGHT, address="192.0.2.44"))


def test_anonymous_visitors_are_sent_to_sign_in_from_the_lockouts_page(client):
    response = client.get("/admin/sign-in-lockouts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
