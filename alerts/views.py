"""The reader's alert pages. None of them is cached and none shows whether an address is
subscribed: the follow page answers every address alike.

The follow *form* lives on its own small page (``/follow/<kind>/<slug>/``), linked from person,
tag, section and author pages: those pages stay in the shared page cache, which a per-visitor
CSRF token in them would break (and a cached token would be someone else's).
"""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import services, tokens
from alerts.forms import FollowForm, PreferencesForm
from alerts.models import Newsletter
from newsroom.throttle import client_address


def _private(response: HttpResponse) -> HttpResponse:
    # These addresses carry a signed token: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    target = services.find_target(kind, slug=slug)
    if target is None:
        raise Http404("Nothing to follow here.")
    description = services.describe(kind, target.pk)
    form = FollowForm(request.POST or None, address=client_address(request))
    if request.method == "POST" and form.is_valid():
        services.request_follow(email=form.cleaned_data["email"], kind=kind, target_id=target.pk)
        return render(request, "alerts/check_email.html", {"description": description})
    status = 429 if form.has_error("__all__", "throttled") else 200
    return render(
        request, "alerts/follow.html", {"form": form, "description": description}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    payload = tokens.read_confirmation(token)
    description = payload and services.describe(payload["k"], payload["t"])
    if not description:
        return _private(render(request, "alerts/link_expired.html", status=404))
    if request.method == "POST":
        subscriber = services.confirm_follow(
            email=payload["e"], kind=payload["k"], target_id=payload["t"]
        )
        if subscriber is None:
            return _private(render(request, "alerts/link_expired.html", status=404))
        return redirect("alerts:manage", tokens.subscriber_token(subscriber))
    return _private(render(request, "alerts/confirm.html", {"description": description}))


def _subscriber_or_404(token: str):
    subscriber = tokens.subscriber_from_token(token)
    if subscriber is None:
        raise Http404("This link is not valid any more.")
    return subscriber


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber_or_404(token)
    labels = services.follow_labels(subscriber)
    initial = {"frequency": subscriber.frequency, "keep": list(subscriber.follows.all())}
    form = PreferencesForm(
        request.POST or None, initial=initial, subscriber=subscriber, labels=labels
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        services.update_preferences(subscriber, **form.cleaned_data)
        saved = True
        labels = services.follow_labels(subscriber)
        form = PreferencesForm(
            initial={"frequency": subscriber.frequency, "keep": list(subscriber.follows.all())},
            subscriber=subscriber,
            labels=labels,
        )
    context = {"form": form, "subscriber": subscriber, "token": token, "saved": saved}
    return _private(render(request, "alerts/manage.html", context))


@never_cache
@require_http_methods(["POST"])
def export(request: HttpRequest, token: str) -> HttpResponse:
    """Everything stored about the subscriber, as a JSON download."""
    subscriber = _subscriber_or_404(token)
    response = HttpResponse(
        json.dumps(subscriber.export(), indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-alerts-data.json"'
    return _private(response)


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here with no CSRF token; the signed
# token in the address is what proves the request comes from the subscriber's mailbox.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST (the page's button, or a mail client's one-click) deletes the
    subscriber and everything they follow. A second POST answers the same."""
    subscriber = tokens.subscriber_from_token(token)
    if request.method == "POST":
        if subscriber is not None:
            services.unsubscribe(subscriber)
        return _private(render(request, "alerts/unsubscribed.html"))
    if subscriber is None:
        return _private(render(request, "alerts/unsubscribed.html"))
    return _private(render(request, "alerts/unsubscribe.html", {"subscriber": subscriber}))


def newsletters(request: HttpRequest) -> HttpResponse:
    """The newsletters readers may subscribe to; each links to its follow page. Cacheable:
    no form here (see the module docstring)."""
    return render(request, "alerts/newsletters.html", {"newsletters": Newsletter.objects.active()})
