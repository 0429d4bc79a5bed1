"""Remove a staff member's two-step sign-in devices, for someone who lost their phone."""

import getpass
import logging

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django_otp import devices_for_user

from newsroom.audit import AuditedCommand
from newsroom.two_factor import reset_devices

logger = logging.getLogger("newsroom.security")


class Command(AuditedCommand):
    help = (
        "Delete every two-step sign-in device (authenticator apps and backup codes) of one "
        "account. At their next sign-in they set up a new authenticator, which editors and "
        "superusers must do before using the admin. Check who is asking first (SECURITY.md). "
        "The reset is written to the log and the audit trail, with the operating-system user "
        "who ran it. --dry-run counts the devices and removes, logs and records nothing."
    )
    audit_target = "auth.User"

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account to reset.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many devices would go; delete none."
        )

    def handle(self, *args, username: str, dry_run: bool, verbosity: int = 1, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        if dry_run:
            count = len(list(devices_for_user(user, confirmed=None)))
            if verbosity >= 1:
                self.stdout.write(
                    f"Dry run, nothing written: would remove {count} device(s) of {username}."
                )
            return
        count = reset_devices(user)
        self.audit_counts = {"devices removed": count}
        logger.warning(
            "Two-step sign-in reset for %s: %d device(s) removed by %s with reset_2fa.",
            username,
            count,
            getpass.getuser(),
        )
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Removed {count} device(s) of {username}. They set up a new authenticator "
                    "at their next sign-in."
                )
            )
