"""The layers hold: site (alliance87) → apps → kernel (common), never the other way round.

Read from the source (every import statement of every module, migrations and management
commands included, parsed with `ast`), so a forbidden import fails here even in a module no
other test loads. Reading settings goes through `django.conf.settings`, which is no import of
the site layer.

What an import check cannot see, and is allowed on purpose: the kernel names some apps' labels
as data — the content apps (`common/registry.py`), the roles' permission table
(`common/roles.py`), the folders of uploaded files (`common/media.py`) and the partner list a
theme links to (`Theme.get_absolute_url`). Those are declarations the site could one day pass
in; no code of an app runs because of them.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "common"
SITE = "alliance87"
APPS = (
    "partners",
    "pathfinders",
    "actiongroups",
    "events",
    "countries",
    "api",
    "search",
    "accounts",
    "mailer",
    "relay",
    "translations",
)

# Imports the rules below allow although they cross a layer the wrong way, each with its why.
# (module, imported package): today there are none.
ALLOWED = {}

# The content apps link to each other (an event lists its partners, a partner page its events,
# a pathfinder its partners and events...), so their packages import each other both ways. These
# are the app pairs that lie on such a cycle today (issue 11 left them: breaking them means
# moving models, not modules). A new app-to-app import that closes a cycle fails the test below.
KNOWN_CYCLIC_EDGES = {
    ("actiongroups", "events"),
    ("events", "actiongroups"),
    ("events", "countries"),
    ("events", "partners"),
    ("events", "pathfinders"),
    ("partners", "actiongroups"),
    ("partners", "countries"),
    ("partners", "events"),
    ("partners", "pathfinders"),
    ("pathfinders", "actiongroups"),
    ("pathfinders", "countries"),
    ("pathfinders", "events"),
    ("pathfinders", "partners"),
    ("countries", "events"),
    ("countries", "partners"),
    ("countries", "pathfinders"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path):
    """Every module an import statement of this file names (relative ones made absolute)."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module
            if node.module is None:  # `from . import roles` imports a module of the package
                yield from (f"{module}.{alias.name}" for alias in node.names)


def modules_of(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield module_name(path), path


def top(module: str) -> str:
    return module.split(".")[0]


def crossings(packages, forbidden):
    """(module, imported package) for each import from `packages` into `forbidden`."""
    found = set()
    for name, path in modules_of(*packages):
        for imported in imported_modules(path):
            if top(imported) in forbidden and top(imported) != top(name):
                found.add((name, top(imported)))
    return found - set(ALLOWED)


def test_the_packages_the_rules_speak_of_exist():
    for package in (KERNEL, SITE, *APPS):
        assert (ROOT / package / "__init__.py").exists(), package


def test_the_kernel_imports_no_app_and_not_the_site():
    assert crossings([KERNEL], {SITE, *APPS}) == set()


def test_no_app_imports_the_site_layer():
    assert crossings(APPS, {SITE}) == set()


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The parser finds absolute, dotted and relative imports (else the rules prove nothing)."""
    package = tmp_path / "common"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "sneaky.py").write_text(
        "import partners.models\nfrom alliance87 import views\nfrom . import roles\n"
        "def later():\n    from events.models import Event\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert set(imported_modules(package / "sneaky.py")) >= {
        "partners.models",
        "alliance87",
        "common.roles",
        "events.models",
    }
    assert crossings([KERNEL], {SITE, *APPS}) == {
        ("common.sneaky", "partners"),
        ("common.sneaky", "alliance87"),
        ("common.sneaky", "events"),
    }


def app_graph():
    graph = {app: set() for app in APPS}
    for name, path in modules_of(*APPS):
        for imported in imported_modules(path):
            if top(imported) in APPS and top(imported) != top(name):
                graph[top(name)].add(top(imported))
    return graph


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for following in graph[todo.pop()]:
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


def cyclic_edges(graph):
    """The edges a → b for which b leads back to a."""
    return {(a, b) for a, targets in graph.items() for b in targets if a in reachable(graph, b)}


def test_no_new_import_cycle_between_apps():
    new = cyclic_edges(app_graph()) - KNOWN_CYCLIC_EDGES
    assert new == set(), f"these app imports close a cycle: {sorted(new)}"


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, set()),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, {("a", "b"), ("b", "c"), ("c", "a")}),
    ],
)
def test_cycle_finder(graph, expected):
    assert cyclic_edges(graph) == expected
