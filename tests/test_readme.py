"""The README's code works as written, with only the extras the README names.

Its Python blocks run top to bottom in a fresh interpreter, in an empty folder
(one namespace, as a reader pasting them into a session would); the "Testing
your own models" recipe, the last block, is saved as ``test_models.py`` in an
empty folder and run by plain ``pytest -W error``, with no project
configuration and no pytest plugins, as in a user's own project.

Both run with the packages that only the ``test`` extra brings (the peers
pygambit and quantecon, nbmake, xdist, ...) made unimportable, so a block
that silently needs one of them fails here: the blocks may use the core and the
``analysis`` extra the README asks for, and the recipe pytest besides.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
RECIPE = next(b for b in BLOCKS if "from blitzgame.testing import" in b)


#: Packages of the test extra (and what they bring) that a README reader does not have.
#: (dask is the README's documented cluster extra, and xarray probes for it, so it stays.)
TEST_ONLY = ("pygambit", "quantecon", "numba", "llvmlite", "nbmake", "xdist", "execnet",
             "array_api_strict", "ipykernel", "mypy")

#: Run first in each interpreter: refuse imports of the test-only packages.
BLOCKER = f"""
import sys
class _TestOnly:
    names = {TEST_ONLY!r}
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ImportError(f"{{name}} is not in the extras the README asks for")
        return None
sys.meta_path.insert(0, _TestOnly())
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS"))}
    env["MPLBACKEND"] = "Agg"
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"   # a user's plain pytest: no xdist, no nbmake
    return env


def test_readme_has_the_blocks_it_promises():
    assert len(BLOCKS) >= 5 and RECIPE is BLOCKS[-1]
    text = README.read_text(encoding="utf-8")
    assert "blitzgame report" in text and "pytest" in text


@pytest.mark.slow
def test_python_blocks_run_as_written(tmp_path):
    script = "\n\n".join([BLOCKER, *(b for b in BLOCKS if b is not RECIPE)])
    res = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]


@pytest.mark.slow
def test_testing_recipe_passes_under_plain_pytest(tmp_path):
    (tmp_path / "test_models.py").write_text(RECIPE, encoding="utf-8")
    run = BLOCKER + ("import pytest\nraise SystemExit(pytest.main(['-q', '-W', 'error', '-p', "
                     "'no:cacheprovider', 'test_models.py']))")
    res = subprocess.run([sys.executable, "-c", run], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "2 passed" in res.stdout


def test_the_blocker_refuses_test_only_packages(tmp_path):
    res = subprocess.run([sys.executable, "-c", BLOCKER + "import pygambit"], cwd=tmp_path,
                         env=_env(), capture_output=True, text=True, timeout=60)
    assert res.returncode != 0 and "not in the extras the README asks for" in res.stderr
