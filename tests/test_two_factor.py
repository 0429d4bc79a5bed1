"""Two-step sign-in for staff: who must use it, enrolment, the code step, backup codes,
throttling, enforcement on every admin URL, and the superuser's reset command."""

import io
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import PUBLISH_PERMISSION
from newsroom.checks import check_two_step_sign_in
from newsroom.models import AuditEvent
from newsroom.two_factor import confirm_authenticator
from tests.factories import make_article, make_editor, make_reporter, make_user

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"  # tests.factories.make_user's default
ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/add/",
    "/admin/people/person/",
    "/admin/autocomplete/?app_label=articles&model_name=article&field_name=tags",
    "/admin/sign-in-lockouts/",
    "/admin/password_change/",
]


@pytest.fixture(autouse=True)
def required(settings):
    """2FA on, as in production (the rest of the suite runs with it off)."""
    settings.REQUIRE_2FA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def with_authenticator(user) -> TOTPDevice:
    """An enrolled user: a confirmed authenticator and ten backup codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    confirm_authenticator(device)
    device.refresh_from_db()
    return device


def sign_in_with_password(client, username: str, address: str = "203.0.113.7"):
    response = client.post(
        "/admin/login/",
        {"username": username, "password": PASSWORD, "next": "/admin/articles/article/"},
        REMOTE_ADDR=address,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enter_code(client, code: str, next_url: str = "/admin/articles/article/"):
    return client.post(
        "/admin/two-step/", {"token": code, "next": next_url}, REMOTE_ADDR="203.0.113.7"
    )


# --- Who must use it ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_editor_without_a_device_is_sent_to_set_one_up_from_every_admin_page(client, path):
    client.force_login(make_editor("desk"))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-step/set-up/?next=")


@pytest.mark.django_db
def test_a_superuser_without_a_device_is_sent_to_set_one_up(client):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    assert client.get("/admin/auth/user/")["Location"].startswith("/admin/two-step/set-up/")


@pytest.mark.django_db
def test_reporters_are_not_forced_to_set_up_a_second_factor(client):
    client.force_login(make_reporter("cub"))
    assert client.get("/admin/articles/article/").status_code == 200


@pytest.mark.django_db
def test_turning_the_requirement_off_lets_an_editor_in_with_the_password_alone(client, settings):
    settings.REQUIRE_2FA = False
    make_editor("desk")
    sign_in_with_password(client, "desk")
    assert client.get("/admin/articles/article/").status_code == 200


def show_setting(**env) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    base.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **env)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.REQUIRE_2FA)",
        ],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "0"}, "True"),
        ({"DJANGO_DEBUG": "0", "DJANGO_REQUIRE_2FA": "0"}, "False"),
        ({"DJANGO_DEBUG": "1"}, "False"),
    ],
)
def test_two_step_sign_in_is_required_in_production_unless_turned_off(env, expected):
    assert show_setting(**env) == expected


def test_the_deploy_check_warns_when_production_turns_two_step_sign_in_off(settings):
    settings.DEBUG = False
    settings.REQUIRE_2FA = False
    assert [w.id for w in check_two_step_sign_in(None)] == ["newsroom.W002"]
    settings.REQUIRE_2FA = True
    assert check_two_step_sign_in(None) == []


# --- Enrolment ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_set_up_page_shows_the_key_and_a_qr_code_without_inline_script(client):
    client.force_login(make_editor("desk"))
    response = client.get("/admin/two-step/set-up/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "otpauth://totp/Newsroom%3Adesk?secret=" in html
    assert "<svg" in html and "<path" in html
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "base-uri 'none'" in policy


@pytest.mark.django_db
def test_confirming_the_app_shows_ten_backup_codes_once_and_opens_the_admin(client):
    editor = make_editor("desk")
    client.force_login(editor)
    client.get("/admin/two-step/set-up/")
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(
        "/admin/two-step/set-up/",
        {"token": current_code(pending), "next": "/admin/articles/article/"},
    )
    assert response.status_code == 200
    codes = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/articles/article/").status_code == 200
    again = client.get("/admin/two-step/set-up/")
    assert again.status_code == 302
    assert not any(code in again.content.decode() for code in codes)


@pytest.mark.django_db
def test_a_wrong_code_does_not_confirm_the_app(client):
    editor = make_editor("desk")
    client.force_login(editor)
    client.get("/admin/two-step/set-up/")
    response = client.post("/admin/two-step/set-up/", {"token": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/articles/article/")["Location"].startswith("/admin/two-step/")


@pytest.mark.django_db
def test_a_reporter_may_set_up_a_second_factor_and_is_then_asked_for_it(client):
    reporter = make_reporter("cub")
    client.force_login(reporter)
    assert client.get("/admin/two-step/set-up/").status_code == 200
    with_authenticator(reporter)
    client.logout()
    sign_in_with_password(client, "cub")
    assert client.get("/admin/articles/article/")["Location"].startswith("/admin/two-step/?")


@pytest.mark.django_db
def test_a_password_alone_cannot_add_an_app_to_an_account_that_has_backup_codes(client):
    editor = make_editor("desk")
    with_authenticator(editor)
    TOTPDevice.objects.filter(user=editor).delete()  # the app is gone; backup codes remain
    sign_in_with_password(client, "desk")
    response = client.get("/admin/two-step/set-up/")
    assert response["Location"].startswith("/admin/two-step/?")
    assert not TOTPDevice.objects.filter(user=editor).exists()


# --- The code step -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_with_a_device_the_password_alone_reaches_no_admin_page(client, path):
    with_authenticator(make_editor("desk"))
    sign_in_with_password(client, "desk")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-step/?next=")


@pytest.mark.django_db
def test_with_a_device_the_password_alone_cannot_change_anything(client):
    with_authenticator(make_editor("desk"))
    article = make_article(headline="Before")
    sign_in_with_password(client, "desk")
    response = client.post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response["Location"].startswith("/admin/two-step/")
    article.refresh_from_db()


@pytest.mark.django_db
def test_the_password_step_leads_to_the_code_step(client):
    with_authenticator(make_editor("desk"))
    response = sign_in_with_password(client, "desk")
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith("/admin/two-step/?next=")
    assert "Enter the code from your authenticator app" in page.content.decode()


@pytest.mark.django_db
def test_a_correct_code_from_the_app_gets_in(client):
    device = with_authenticator(make_editor("desk"))
    sign_in_with_password(client, "desk")
    response = enter_code(client, current_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/"
    assert client.get("/admin/articles/article/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_get_in(client):
    with_authenticator(make_editor("desk"))
    sign_in_with_password(client, "desk")
    response = enter_code(client, "123456")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/articles/article/").status_code == 302


@pytest.mark.django_db
def test_a_backup_code_works_once(client):
    editor = make_editor("desk")
    with_authenticator(editor)
    code = StaticToken.objects.filter(device__user=editor).first().token
    sign_in_with_password(client, "desk")
    assert enter_code(client, code.upper()).status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200
    client.logout()
    sign_in_with_password(client, "desk")
    assert "That code is not right" in enter_code(client, code).content.decode()
    assert StaticToken.objects.filter(device__user=editor).count() == 9


@pytest.mark.django_db
def test_the_code_step_goes_only_to_this_site(client):
    device = with_authenticator(make_editor("desk"))
    sign_in_with_password(client, "desk")
    response = enter_code(client, current_code(device), next_url="https://evil.example/")
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_wrong_codes_are_throttled_like_passwords(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    # django-otp's own growing per-device delay is off here, to show our throttle alone.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    device = with_authenticator(make_editor("desk"))
    sign_in_with_password(client, "desk")
    for _ in range(3):
        enter_code(client, "000000")
    response = enter_code(client, current_code(device))
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/admin/articles/article/").status_code == 302


# --- Recovery ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_superuser_resets_a_lost_device_from_the_command_line(client, caplog):
    editor = make_editor("desk")
    with_authenticator(editor)
    with caplog.at_level(logging.WARNING, logger="newsroom.security"):
        call_command("reset_2fa", "desk", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert "Two-step sign-in reset for desk" in caplog.text
    event = AuditEvent.objects.get(action="reset_2fa")
    assert (event.arguments, event.counts) == (["desk"], {"devices removed": 2})
    sign_in_with_password(client, "desk")
    assert client.get("/admin/")["Location"].startswith("/admin/two-step/set-up/")


@pytest.mark.django_db
def test_reset_2fa_dry_run_reports_the_devices_and_removes_none(caplog):
    editor = make_editor("desk")
    with_authenticator(editor)
    out = io.StringIO()
    with caplog.at_level(logging.WARNING, logger="newsroom.security"):
        call_command("reset_2fa", "desk", "--dry-run", stdout=out)
    assert out.getvalue() == "Dry run, nothing written: would remove 2 device(s) of desk.\n"
    assert TOTPDevice.objects.filter(user=editor).exists()
    assert StaticDevice.objects.filter(user=editor).exists()
    assert "Two-step sign-in reset" not in caplog.text
    assert not AuditEvent.objects.filter(action="reset_2fa").exists()


@pytest.mark.django_db
def test_resetting_an_unknown_account_fails_clearly():
    with pytest.raises(CommandError, match="No account named 'nobody'"):
        call_command("reset_2fa", "nobody")


@pytest.mark.django_db
def test_every_admin_page_links_to_two_step_sign_in_and_editors_to_lockouts(client, settings):
    settings.REQUIRE_2FA = False
    client.force_login(make_editor("desk"))
    html = client.get("/admin/").content.decode()
    assert 'href="/admin/two-step/set-up/"' in html
    assert 'href="/admin/sign-in-lockouts/"' in html
    client.force_login(make_reporter("cub"))
    html = client.get("/admin/").content.decode()
    assert 'href="/admin/two-step/set-up/"' in html
    assert "sign-in-lockouts" not in html


def test_the_permission_that_requires_the_second_step_is_the_one_that_publishes():
    # newsroom may not import articles: the setting names the permission instead.
    assert settings.EDITOR_PERMISSION == PUBLISH_PERMISSION
