"""The README's code works as written.

Its Python blocks run top to bottom in a fresh interpreter, in an empty folder
(one namespace, as a reader pasting them into a session would); the "Testing
your own models" recipe, the last block, is saved as ``test_models.py`` in an
empty folder and run by plain ``pytest -W error``, with no project
configuration, as in a user's own project.
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


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS"))}
    env["MPLBACKEND"] = "Agg"
    return env


def test_readme_has_the_blocks_it_promises():
    assert len(BLOCKS) >= 5 and RECIPE is BLOCKS[-1]
    text = README.read_text(encoding="utf-8")
    assert "blitzgame report" in text and "pytest" in text


@pytest.mark.slow
def test_python_blocks_run_as_written(tmp_path):
    script = "\n\n".join(b for b in BLOCKS if b is not RECIPE)
    res = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]


@pytest.mark.slow
def test_testing_recipe_passes_under_plain_pytest(tmp_path):
    (tmp_path / "test_models.py").write_text(RECIPE, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "pytest", "-q", "-W", "error", "-p",
                          "no:cacheprovider", "test_models.py"], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "2 passed" in res.stdout
