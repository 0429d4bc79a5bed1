"""Two-factor sign-in for staff, on django-otp: who needs it, enrolment, and its enforcement.

Editors and superusers (anyone who can publish under the newsroom's name) must have a second
factor when ``REQUIRE_2FA`` is on (``DJANGO_REQUIRE_2FA``; on by default when debug is off);
reporters may enrol. Anyone who has a confirmed device is asked for a code after the password,
whether or not it is required. The factors are a TOTP authenticator app and ten single-use
backup codes (django-otp's ``otp_totp`` and ``otp_static``).

Enforcement is ``SecondFactorMiddleware``: every admin URL (lists, forms, custom views,
autocomplete, the view-on-site shortcut) is refused to a staff session that has not passed
the second step, so no view can forget it. Only the login, logout and the two-factor pages
themselves are open to such a session. Wrong codes are throttled like wrong passwords
(``newsroom/throttle.py``), on top of django-otp's own per-device delays.
"""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom import throttle

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def is_editor(user) -> bool:
    """Publishes under the newsroom's name (``settings.EDITOR_PERMISSION``)."""
    return user.is_active and user.has_perm(settings.EDITOR_PERMISSION)


def second_factor_required(user) -> bool:
    """Editors and superusers must use a second factor when REQUIRE_2FA is on."""
    return settings.REQUIRE_2FA and user.is_staff and (user.is_superuser or is_editor(user))


def has_second_factor(user) -> bool:
    """The user has a confirmed authenticator app or backup codes."""
    return user_has_device(user, confirmed=True)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def next_step(user) -> str | None:
    """Where a signed-in staff member must go before the admin: "verify", "enrol" or None."""
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    if has_second_factor(user):
        return "verify"
    if second_factor_required(user):
        return "enrol"
    return None


# --- Enrolment --------------------------------------------------------------------------


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def qr_svg(text: str) -> str:
    """``text`` as a QR code in inline SVG: shapes only, no script or text from ``text``."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=16, border=2)
    return image.to_string(encoding="unicode")


def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """Confirm a verified authenticator and issue fresh backup codes (replacing any old ones).

    Returns the codes: they are shown once and stored only as single-use tokens.
    """
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        backup = StaticDevice.objects.create(user=device.user, name=BACKUP_CODES_NAME)
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def reset_devices(user) -> int:
    """Remove every second-factor device of ``user`` (confirmed or not); returns how many."""
    devices = list(devices_for_user(user, confirmed=None))
    with transaction.atomic():
        for device in devices:
            device.delete()
    return len(devices)


# --- Forms ------------------------------------------------------------------------------


class ThrottledTokenForm(forms.Form):
    """A code from an authenticator app or a backup code, checked against ``devices``.

    Codes are counted against the account-and-address pair and the address like passwords
    (``throttle.begin_attempt``); while locked, no code is checked at all.
    """

    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )

    def __init__(self, *args, request, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.devices = devices
        self.device = None

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("token")
        if not token:
            return cleaned
        username = self.request.user.get_username()
        address = throttle.client_address(self.request)
        wait = throttle.begin_attempt(username=username, address=address)
        if wait:
            raise throttle.throttled_error(wait)
        with transaction.atomic():
            self.device = next((d for d in self.devices if d.verify_token(token)), None)
        if self.device is None:
            raise forms.ValidationError(
                "That code is not right, or it was already used. Codes from the app change "
                "every 30 seconds: enter the one it shows now.",
                code="invalid_token",
            )
        throttle.attempt_succeeded(username=username, address=address)
        return cleaned


# --- Enforcement ------------------------------------------------------------------------


class SecondFactorMiddleware:
    """Send a staff session that has not passed its second step to that step, from every
    admin URL. Needs django-otp's OTPMiddleware before it (``request.user.is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        open_paths = [
            reverse(name)
            for name in ("admin:login", "admin:logout", "sign_in:verify", "sign_in:enrol")
        ]
        step = None if request.path in open_paths else next_step(request.user)
        if step:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(f'sign_in:{step}')}?{query}")
        return self.get_response(request)
