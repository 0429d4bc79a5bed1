"""The admin's sign-in pages after the password: the second step, enrolment, and lockouts.

Mounted under /admin/ (before the admin's own URLs) with the namespace ``sign_in``.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp import login as otp_login

from newsroom import throttle, two_factor


def _next_url(request) -> str:
    """Where to go after this step: the ``next`` the admin asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), "next": _next_url(request), **extra}


@never_cache
@sensitive_post_parameters("token")
@staff_member_required
def verify(request):
    """Ask a signed-in staff member for a code from their authenticator app or a backup code."""
    step = two_factor.next_step(request.user)
    if step != "verify":
        if step == "enrol":
            return redirect(f"{reverse('sign_in:enrol')}?{request.GET.urlencode()}")
        return redirect(_next_url(request))
    form = two_factor.ThrottledTokenForm(
        request.POST or None,
        request=request,
        devices=list(devices_for_user(request.user, confirmed=True, for_verify=True)),
    )
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return render(
        request,
        "admin/two_factor/verify.html",
        _context(request, form=form, title="Two-step sign-in"),
    )


@never_cache
@sensitive_post_parameters("token")
@staff_member_required
def enrol(request):
    """Set up an authenticator app: show its secret and QR code, confirm it with a code, then
    show ten backup codes once."""
    user = request.user
    if not user.is_verified() and two_factor.has_second_factor(user):
        # A password alone must not add a device to an account that already has one.
        return redirect(f"{reverse('sign_in:verify')}?{request.GET.urlencode()}")
    if two_factor.has_authenticator(user):
        messages.info(
            request,
            "You already use an authenticator app. To replace it, ask a superuser to reset "
            "your two-step sign-in (see SECURITY.md).",
        )
        return redirect(_next_url(request))
    device = two_factor.pending_authenticator(user)
    form = two_factor.ThrottledTokenForm(request.POST or None, request=request, devices=[device])
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(device)
        otp_login(request, device)
        return render(
            request,
            "admin/two_factor/backup_codes.html",
            _context(request, codes=codes, title="Your backup codes"),
        )
    secret = b32encode(device.bin_key).decode()  # what the apps call "key" or "secret"
    return render(
        request,
        "admin/two_factor/enrol.html",
        _context(
            request,
            form=form,
            title="Set up two-step sign-in",
            required=two_factor.second_factor_required(user),
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            config_url=device.config_url,
            qr_svg=two_factor.qr_svg(device.config_url),
        ),
    )


class UnlockForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="The account that cannot sign in. Its lockout is cleared from every address.",
    )


@never_cache
def lockouts(request):
    """Editors look up an account's failed sign-ins and clear its lockout (recorded in the
    account's history)."""
    if not (request.user.is_superuser or two_factor.is_editor(request.user)):
        raise PermissionDenied
    form = UnlockForm(request.POST or request.GET or None)
    rows = []
    if form.is_valid():
        username = form.cleaned_data["username"]
        if request.method == "POST":
            cleared = throttle.unlock(username=username)
            account = get_user_model().objects.filter(username__iexact=username).first()
            if account is not None:
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[account],
                    action_flag=CHANGE,
                    change_message=f"Cleared the sign-in lockout ({cleared} address(es)).",
                    single_object=True,
                )
            messages.success(request, f"Cleared the sign-in lockout of “{username}”.")
            return redirect(f"{reverse('sign_in:lockouts')}?{urlencode({'username': username})}")
        rows = throttle.lockouts(username=username)
    return render(
        request,
        "admin/sign_in_lockouts.html",
        _context(request, form=form, rows=rows, title="Sign-in lockouts"),
    )


app_name = "sign_in"
urlpatterns = [
    path("two-step/", verify, name="verify"),
    path("two-step/set-up/", enrol, name="enrol"),
    path("sign-in-lockouts/", admin.site.admin_view(lockouts), name="lockouts"),
]
