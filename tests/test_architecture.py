"""The drawing of imports: layers, no circles, private names stay home, games stay immutable.

blitzgame is a one-way pipeline (DESIGN.md): model -> game -> solver -> result ->
analysis -> command line. These tests read every module's imports (module level and
inside functions, not ``if TYPE_CHECKING:`` blocks) and check that

* no module imports a module of a higher layer (:data:`LAYERS`);
* the modules import each other without circles;
* a private name (``_x``, or a module ``_x``) is imported only from a module in the
  same folder or a folder above the importer (its own package);
* no code outside ``blitzgame/games`` writes into a game's private cache.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "blitzgame"

#: Layer of each top-level room; a module may import only from its own layer or lower ones.
LAYERS = {
    "exceptions": 0, "_optional": 0, "exact": 0, "_display": 0, "_typing": 0, "_validate": 0,
    "games": 1,
    "results": 2,
    "solvers": 3, "model": 3, "io": 3,
    "interop": 4, "symbolic": 4,
    "analysis": 5,
    "plotting": 6, "testing": 6,
    "cli": 7,
}
#: Entry points that may import anything (the public facade, ``python -m blitzgame``).
FACADES = {"blitzgame", "blitzgame.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, imported name or None) for every runtime import of a file."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, str | None]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    mod = ".".join(base + ([child.module] if child.module else []))
                else:
                    mod = child.module or ""
                if mod.startswith("blitzgame"):
                    for alias in child.names:
                        sub = f"{mod}.{alias.name}"
                        if (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists() or (
                                PACKAGE.parent / sub.replace(".", "/")).is_dir():
                            out.append((sub, None))      # "from pkg import module"
                        else:
                            out.append((mod, alias.name))
            elif isinstance(child, ast.Import):
                out.extend((a.name, None) for a in child.names if a.name.startswith("blitzgame"))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
EDGES = {m: _imports(p) for m, p in MODULES.items()}


def _room(module: str) -> str:
    return module.split(".")[1] if "." in module else module


@pytest.mark.parametrize("module", sorted(set(MODULES) - FACADES))
def test_no_import_from_a_higher_layer(module):
    room = _room(module)
    assert room in LAYERS, f"{module}: room {room!r} has no layer in LAYERS"
    bad = sorted({dep for dep, _ in EDGES[module]
                  if dep != "blitzgame" and LAYERS[_room(dep)] > LAYERS[room]})
    assert not bad, f"{module} (layer {LAYERS[room]}) imports higher layers: {bad}"


def test_no_import_circles():
    graph = {m: {dep for dep, _ in EDGES[m] if dep in MODULES and dep != m} for m in MODULES}
    # a package's __init__ importing its own modules is not a circle back into it
    for m in graph:
        graph[m] = {d for d in graph[m] if not (d != "blitzgame" and m.startswith(d + "."))
                    and m not in FACADES}
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if d not in state:
                dfs(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            dfs(m)


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def test_private_names_stay_in_their_package():
    bad = []
    for module, deps in EDGES.items():
        here = _package_of(module)
        for dep, name in deps:
            parts = dep.split(".")
            private = next((k for k, part in enumerate(parts) if part.startswith("_")
                            and part not in ("__init__", "__main__")), None)
            if private is not None:      # a private module: home is the package holding it
                home = ".".join(parts[:private])
            elif name is not None and name.startswith("_") and name != "__version__":
                home = _package_of(dep)  # a private name: home is its module's package
            else:
                continue
            if not (here == home or here.startswith(home + ".")):
                bad.append(f"{module} imports {dep}{'' if name is None else ':' + name}")
    assert not bad, "private names imported from outside their package:\n" + "\n".join(bad)


def test_no_solver_writes_into_a_game():
    bad = [str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
           if "games" not in p.parts and "._cache[" in p.read_text(encoding="utf-8")]
    assert not bad, f"modules outside blitzgame/games write a game's cache: {bad}"
