import secrets

from django.db import models


class PathRedirect(models.Model):
    """A permanent redirect left behind when a slug changes or two records merge.

    Looked up only when a request would otherwise be a 404, so it costs nothing on the
    pages readers normally hit. ``new_path`` is always a path on this site.
    """

    old_path = models.CharField(max_length=300, unique=True)
    new_path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} -> {self.new_path}"

    @classmethod
    def record(cls, *, old_path: str, new_path: str) -> None:
        """Send ``old_path`` (and anything that already led to it) to ``new_path``."""
        if not old_path or old_path == new_path:
            return
        cls.objects.filter(new_path=old_path).update(new_path=new_path)
        cls.objects.filter(old_path=new_path).delete()  # the path is live again
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


def new_epoch() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    """A single row that changes whenever anything readers can see changes.

    Cached pages and ETags carry its counter, so one write invalidates every cached page on
    every app server at once (the row lives in the shared database). ``next_publication_at``
    is the earliest scheduled story: when that moment passes, the next reader bumps the
    counter, so a scheduled story appears on time, not a cache lifetime later.
    """

    counter = models.BigIntegerField(default=0)
    # Random per database: a restored or recreated database never reuses old cache keys.
    epoch = models.CharField(max_length=16, default=new_epoch)
    changed_at = models.DateTimeField()
    next_publication_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"content version {self.counter}"

    @property
    def tag(self) -> str:
        """What cache keys and ETags carry."""
        return f"{self.epoch}-{self.counter}"
