"""axe-core on every kind of public page and on the admin's article form: no violation of
serious or critical impact."""

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import E2E, PUBLIC_PAGES, make_photo, sign_in
from tests.factories import make_editor, make_person, make_tag

pytestmark = E2E

BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Exemption:
    rule: str  # the axe rule id
    target: str  # a piece of the CSS selector axe reports for the element
    reason: str


# Violations we accept, each in one place only and for a reason; any other fails the test.
# All are in markup the project does not write: select2 4.0.13, which django.contrib.admin
# bundles for `autocomplete_fields`, and Django admin's own breadcrumbs. None is on a public
# page.
EXEMPTIONS = [
    Exemption(
        "aria-input-field-name",
        "select2",
        "select2 names its combobox only by the chosen value (aria-labelledby its own "
        "rendering), so an empty autocomplete has no name; the <select> it stands for is "
        "labelled. Upstream: select2/select2#6339 (closed, not fixed).",
    ),
    Exemption(
        "label",
        ".select2-search__field",
        "select2's type-to-search box inside the multiple-choice autocomplete (tags) has no "
        "label; select2 makes it anew on every change, so the admin cannot label it.",
    ),
    Exemption(
        "list",
        ".select2-selection--multiple",
        "select2 puts its 'Remove all items' <span> directly inside the <ul> of chosen tags.",
    ),
    Exemption(
        "link-in-text-block",
        ".breadcrumbs",
        "Django admin's breadcrumb trail (Home › Articles › …) is navigation, not links in "
        "running text; its colours come from Django's admin stylesheet.",
    ),
]


def exempted(rule: str, target: str) -> bool:
    return any(e.rule == rule and e.target in target for e in EXEMPTIONS)


def blocking_violations(page, name: str) -> list[str]:
    """Serious and critical axe violations on the page, minus the exemptions."""
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        nodes = [
            f"{target}: {node['html'][:160]}"
            for node in violation["nodes"]
            if not exempted(violation["id"], target := ", ".join(map(str, node["target"])))
        ]
        if nodes:
            found.append(
                f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} -> "
                + "; ".join(nodes[:6])
            )
    return found


def test_public_pages_have_no_serious_or_critical_accessibility_violations(browsing, newsroom):
    page = browsing.page()
    problems = []
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(path)
        assert response.status == (404 if name == "404" else 200), path
        problems += blocking_violations(page, name)
    assert not problems, "\n".join(problems)


def test_article_form_in_the_admin_has_no_serious_or_critical_accessibility_violations(
    browsing, newsroom
):
    from articles.models import Byline

    make_editor("eddie")
    story = newsroom.story
    Byline.objects.create(article=story, person=make_person("Brian Otieno"), role="photos", order=1)
    story.tags.add(make_tag("Floods", slug="floods"))
    assert story.lead_image_id and make_photo()  # a second photo in the library
    page = sign_in(browsing.context(), "eddie")
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    body = page.locator(".field-body .ProseMirror[contenteditable='true']")
    body.click()
    page.keyboard.type(" More to come.")  # the editor as it is while someone writes
    problems = blocking_violations(page, "admin article form")
    page.goto("/admin/articles/article/add/")
    page.locator(".field-body .ProseMirror[contenteditable='true']").wait_for()
    problems += blocking_violations(page, "admin add article form")
    assert not problems, "\n".join(problems)
