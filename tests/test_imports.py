"""``import blitzgame`` must not import optional or heavy dependencies."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("matplotlib", "pandas", "dask", "distributed", "hypothesis", "xarray", "pygambit",
             "quantecon", "tqdm", "IPython")

SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
import blitzgame
elapsed = time.perf_counter() - t0
g = blitzgame.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
blitzgame.solve(g, method="pure")
roots = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"modules": roots, "seconds": elapsed}))
"""


def _run(script: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_blitzgame_pulls_in_no_optional_dependency():
    info = _run(SCRIPT)
    loaded = [m for m in FORBIDDEN if m in info["modules"]]
    assert loaded == [], f"import blitzgame imported optional modules: {loaded}"
    # measured, not asserted: the import time depends on the machine
    print(f"import blitzgame took {info['seconds']:.3f} s")


def test_io_and_cli_stay_light():
    info = _run(SCRIPT.replace("import blitzgame\n", "import blitzgame, blitzgame.io, "
                               "blitzgame.cli, blitzgame.interop\n"))
    loaded = [m for m in FORBIDDEN if m in info["modules"]]
    assert loaded == [], f"blitzgame.io/cli/interop imported optional modules: {loaded}"


def test_testing_is_lazy_and_imports_hypothesis():
    info = _run(SCRIPT.replace("import blitzgame\n", "import blitzgame\nblitzgame.testing\n"))
    assert "hypothesis" in info["modules"]


def test_lazy_names_are_declared_for_type_checkers():
    """Every lazily imported top-level name is also imported under ``TYPE_CHECKING``.

    So ``bg.support_enumeration`` and the rest are typed (IDEs, mypy) although
    ``import blitzgame`` loads them only on first use.
    """
    import ast
    from pathlib import Path

    import blitzgame

    tree = ast.parse(Path(blitzgame.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If)
                 and getattr(n.test, "id", None) == "TYPE_CHECKING")
    declared = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        module = "blitzgame." + node.module if node.module else "blitzgame"
        for alias in node.names:
            declared[alias.asname or alias.name] = (module, alias.name)
    for name, module in blitzgame._LAZY.items():
        assert declared.get(name) == (module, name), name
    for name in blitzgame._LAZY_MODULES:
        assert name in declared, name
    assert set(blitzgame._LAZY) <= set(blitzgame.__all__)
