"""The built wheel works on its own: migrations and seeds ship inside it, and
``policytrack`` runs from any directory, not only from a source checkout.

The wheel is built from a copy of the checkout (so the build leaves nothing in
the working tree) and installed with ``--no-deps`` into a fresh virtual
environment. Its dependencies come from this interpreter's site-packages through
a ``.pth`` file, which adds those directories to ``sys.path`` without running
their own ``.pth`` files, so the editable install of this checkout stays out.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import SEED_ARTICLE

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "README.md", "LICENSE", "policytrack", "migrations", "seeds")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.db", "*.db-wal", "*.db-shm")


def run(*args, cwd: Path, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "POLICYTRACK_DB", "PYTHONSTARTUP")}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    source.mkdir()
    for name in SHIPPED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=IGNORE)
        elif path.exists():
            shutil.copy2(path, source / name)
    if not (source / "README.md").exists():
        # test_checkout_has_the_readme_the_build_needs reports this; build the rest anyway.
        (source / "README.md").write_text("# policytrack\n")
    built = run(sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", source, cwd=work, check=False)
    if built.returncode != 0 and "setuptools" in built.stdout + built.stderr and "Could not" in built.stdout + built.stderr:
        # No index to fetch the build backend from: build with the one installed here.
        built = run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check",
                    "--outdir", work / "dist", source, cwd=work, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (work / "dist").glob("policytrack-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv_bin(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel installed (dependencies borrowed)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=home).stdout.strip())
    # Plain directory lines: their own .pth files (the editable finder among them) are not run.
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "_policytrack_test_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel,
        cwd=home)
    return home / "bin"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working directory outside the checkout."""
    directory = tmp_path / "elsewhere"
    directory.mkdir()
    assert ROOT not in directory.resolve().parents
    return directory


def test_checkout_has_the_readme_the_build_needs():
    assert 'readme = "README.md"' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "README.md").is_file(), "pyproject.toml names README.md as the readme: no wheel without it"


def test_wheel_ships_the_migrations_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "policytrack/migrations/env.py",
        "policytrack/migrations/script.py.mako",
        "policytrack/migrations/versions/0001_initial_schema.py",
        "policytrack/migrations/versions/0002_views.py",
        "policytrack/seeds/__init__.py",
        "policytrack/cli/app.py",
    } <= names
    for path in (ROOT / "seeds").iterdir():
        if path.suffix in (".yaml", ".txt"):
            assert f"policytrack/seeds/{path.name}" in names
    assert not any(name.startswith(("tests/", "migrations/", "seeds/")) for name in names)


def test_the_installed_package_comes_from_the_new_venv(venv_bin, outside):
    found = run(venv_bin / "python", "-c", "import policytrack, policytrack.migrations as m; print(policytrack.__file__);"
                " print(m.__file__)", cwd=outside).stdout.split()
    venv_home = venv_bin.parent.resolve()
    assert all(venv_home in Path(path).resolve().parents for path in found), found


def test_installed_policytrack_initialises_and_records_from_any_directory(venv_bin, outside):
    policytrack = venv_bin / "policytrack"
    assert run(policytrack, "--version", cwd=outside).stdout.strip() == "policytrack 0.1.0"
    run(policytrack, "init", cwd=outside)
    assert (outside / "policytrack.db").is_file()
    run(policytrack, "actor", "add", "biden-admin", "--name", "Biden administration", "--kind", "government",
        cwd=outside)
    run(policytrack, "scale", "add", "apl-policy", "--name", "Landmine policy", "--level=-1=restrict",
        "--level", "0=no stated policy", "--level", "2=supply", cwd=outside)
    run(policytrack, "topic", "add", "apl-use", "--name", "Use of landmines", "--scale", "apl-policy", cwd=outside)
    source = run(policytrack, "source", "add", "--title", "Caliber.Az", "--slug", "caliber",
                 "--text-file", SEED_ARTICLE, cwd=outside).stdout.strip()
    position = run(policytrack, "record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "supply",
                   "--on", "2024-11", "--source", source, "--quote", "they've kind of changed their tactics",
                   cwd=outside).stdout.strip()
    assert position == "1"
    [row] = json.loads(run(policytrack, "timeline", "-f", "json", cwd=outside).stdout)
    assert (row["actor"], row["stance_label"], row["effective_on"]) == ("biden-admin", "supply", "2024-11-01")


def test_installed_policytrack_runs_its_migrations_commands(venv_bin, outside):
    policytrack = venv_bin / "policytrack"
    run(policytrack, "--db", "x.db", "db", "upgrade", cwd=outside)
    assert "0001 -> " in run(policytrack, "--db", "x.db", "db", "history", cwd=outside).stdout
    run(policytrack, "--db", "x.db", "db", "downgrade", "base", cwd=outside)
    assert run(policytrack, "--db", "x.db", "db", "current", cwd=outside).stdout.startswith("base")


def test_python_dash_m_policytrack_works_in_the_venv(venv_bin, outside):
    assert "Usage:" in run(venv_bin / "python", "-m", "policytrack", "--help", cwd=outside).stdout


def test_installed_policytrack_loads_the_bundled_seed_data(venv_bin, outside):
    if not (ROOT / "seeds" / "landmines.yaml").exists():
        pytest.skip("seeds/landmines.yaml is not written yet")
    policytrack = venv_bin / "policytrack"
    run(policytrack, "--db", "seeded.db", "init", "--seed", cwd=outside)
    assert json.loads(run(policytrack, "--db", "seeded.db", "timeline", "-f", "json", cwd=outside).stdout)
    # Idempotent: seeding again adds nothing.
    before = run(policytrack, "--db", "seeded.db", "timeline", "-f", "json", cwd=outside).stdout
    run(policytrack, "--db", "seeded.db", "init", "--seed", cwd=outside)
    assert run(policytrack, "--db", "seeded.db", "timeline", "-f", "json", cwd=outside).stdout == before


def test_wheel_ships_the_site_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "policytrack" / "publish" / "templates"
    assert {f"policytrack/publish/templates/{path.name}" for path in templates.iterdir()} <= names
