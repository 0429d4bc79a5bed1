"""Dependencies run one way (the layers of ``[tool.importlinter]`` in pyproject.toml).

``lint-imports`` (``make lint``) checks every import, at module level or inside a function. What
it cannot see is a model looked up by name: ``apps.get_model("articles", "Article")`` in a lower
layer is an upward dependency all the same. This test reads the source with ``ast`` and fails on
such a lookup, and on an import of a higher app inside a function, outside the exceptions that
the contract itself lists (``ignore_imports``).
"""

import ast
import tomllib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = next(
    contract
    for contract in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    if contract["type"] == "layers"
)
# App -> depth: 0 is the top layer. Siblings share a depth: independent ones ("people | tags")
# may not use each other either, others ("a : b") may.
DEPTH = {
    app.strip(): depth
    for depth, layer in enumerate(CONTRACT["layers"])
    for app in layer.replace(":", "|").split("|")
}
INDEPENDENT = {
    app.strip(): "|" in layer
    for layer in CONTRACT["layers"]
    for app in layer.replace(":", "|").split("|")
}
IGNORED = [tuple(part.strip() for part in rule.split("->")) for rule in CONTRACT["ignore_imports"]]


class Upward(NamedTuple):
    module: str
    line: int
    target: str  # the higher module it reaches
    how: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} {self.how} {self.target}"


def is_ignored(importer: str, imported: str) -> bool:
    """Whether the contract's ``ignore_imports`` allows ``importer`` -> ``imported``."""
    for source, target in IGNORED:
        if importer != source:
            continue
        if target == "**" or imported == target or imported.startswith(f"{target}."):
            return True
    return False


def upward_references(module: str, source: str) -> list[Upward]:
    """Model lookups by name of a higher app (or an independent sibling), and imports of one
    inside a function, in the source of ``module`` (a dotted name whose first part is its app)."""
    own_app = module.split(".")[0]
    own = DEPTH[own_app]

    def higher(app: str) -> bool:
        if app not in DEPTH or app == own_app:
            return False
        return DEPTH[app] < own or (DEPTH[app] == own and INDEPENDENT[app])

    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node.func) == "get_model" and node.args:
            label = node.args[0]
            if isinstance(label, ast.Constant) and isinstance(label.value, str):
                app = label.value.split(".")[0]
                if higher(app):
                    found.append(Upward(module, node.lineno, f"{app}.models", "get_model"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if higher(name.split(".")[0]):
                    found.append(Upward(module, node.lineno, name, "imports in a function"))
    return [ref for ref in found if not is_ignored(ref.module, ref.target)]


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def project_modules():
    """(dotted name, path) of every module of the layered apps, migrations left out (they
    name models of other apps by design: the state of the schema at that step)."""
    for app in DEPTH:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def test_no_module_reaches_a_higher_layer_by_model_name_or_function_level_import():
    found = [
        str(ref)
        for module, path in project_modules()
        for ref in upward_references(module, path.read_text())
    ]
    assert found == []


def test_the_check_sees_a_lookup_by_name_and_an_import_hidden_in_a_function():
    source = (
        "from django.apps import apps\n"
        "def article_model():\n"
        "    return apps.get_model('articles', 'Article')\n"
        "def story():\n"
        "    from storylines.models import Storyline\n"
        "    return apps.get_model('people.Person'), Storyline\n"
    )
    assert [str(ref) for ref in upward_references("tags.models", source)] == [
        "tags.models:3 get_model articles.models",
        "tags.models:6 get_model people.models",  # an independent sibling
        "tags.models:5 imports in a function storylines.models",
    ]
    # Downward is fine: articles may use people.
    assert upward_references("articles.models", source) == [
        Upward("articles.models", 5, "storylines.models", "imports in a function")
    ]


def test_the_project_wiring_may_import_anything():
    source = "def patterns():\n    from alerts import urls\n    return urls\n"
    assert upward_references("newsroom.urls", source) == []
    assert upward_references("newsroom.views", source) != []
