"""The emails readers get: HTML and plain text from templates, no tracking of any kind.

Every email to a subscriber carries their signed manage link and the RFC 8058 one-click
unsubscribe headers (mail clients POST ``List-Unsubscribe=One-Click`` to the address).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts import tokens
from alerts.models import Subscriber


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _message(*, to: str, subject: str, template: str, context: dict, headers=None):
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def subscriber_links(subscriber: Subscriber) -> dict:
    token = tokens.subscriber_token(subscriber)
    return {
        "manage_url": absolute(reverse("alerts:manage", args=[token])),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[token])),
    }


def _to_subscriber(subscriber: Subscriber, *, subject: str, template: str, context: dict):
    links = subscriber_links(subscriber)
    headers = {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return _message(
        to=subscriber.email,
        subject=subject,
        template=template,
        context={**context, **links},
        headers=headers,
    )


def confirmation(*, email: str, kind: str, target_id: int, description: str):
    """Asks the owner of ``email`` to confirm following something. Identical whether or not
    the address is already subscribed: the page and the mail must not tell anyone that."""
    token = tokens.confirmation_token(email=email, kind=kind, target_id=target_id)
    return _message(
        to=email,
        subject=f"Confirm: email alerts for {description}",
        template="confirm",
        context={
            "description": description,
            "confirm_url": absolute(reverse("alerts:confirm", args=[token])),
            "days": settings.ALERTS_CONFIRM_MAX_AGE_SECONDS // 86400,
        },
    )


def story_card(article) -> dict:
    """What an email shows of a story. Reads its bylines: one query per story."""
    return {
        "headline": article.headline,
        "standfirst": article.dek,
        "byline": ", ".join(b.person.name for b in article.bylines.all()),
        "url": absolute(article.get_absolute_url()),
    }


def alert(subscriber: Subscriber, story: dict):
    """One story (a ``story_card``), as soon as it is published."""
    return _to_subscriber(
        subscriber, subject=story["headline"], template="alert", context={"story": story}
    )


def digest(subscriber: Subscriber, stories: list[dict], day):
    """A day's stories (``story_card``s) in one email."""
    return _to_subscriber(
        subscriber,
        subject=f"{settings.SITE_NAME}: your daily digest, {day:%-d %B %Y}",
        template="digest",
        context={"stories": stories, "day": day},
    )


def newsletter(subscriber: Subscriber, newsletter, stories: list[dict]):
    """An edition of ``newsletter`` (its ``story_card``s)."""
    return _to_subscriber(
        subscriber,
        subject=f"{newsletter.name}: {stories[0]['headline']}" if stories else newsletter.name,
        template="newsletter",
        context={"newsletter": newsletter, "stories": stories},
    )
