from django import template

from articles.dashboard import desk_panels

register = template.Library()


@register.inclusion_tag("admin/_desk_dashboard.html", takes_context=True)
def desk_dashboard(context):
    """The desk's panels for the signed-in user (articles/dashboard.py)."""
    return {"panels": desk_panels(context["request"].user)}
