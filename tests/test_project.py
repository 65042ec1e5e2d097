"""Project hygiene: dependency lists in step, notebooks committed clean."""

import json
import re
import tomllib

import pytest
import yaml

from .conftest import PROJECT

NOTEBOOKS = sorted((PROJECT / "notebooks").glob("*.ipynb"))


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_lists_the_pyproject_dependencies():
    py = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r for r in py["dependencies"] + py["optional-dependencies"]["dev"]}
    env = yaml.safe_load((PROJECT / "environment.yml").read_text())
    conda = {
        _name(d): d
        for d in env["dependencies"]
        if isinstance(d, str) and _name(d) not in ("python", "pip")
    }
    assert set(conda) == set(wanted), "environment.yml and pyproject.toml list different packages"
    for name, req in wanted.items():
        assert conda[name].replace(" ", "") == req.replace(" ", ""), (
            f"{name}: version bounds differ"
        )
    assert "python>=3.11" in env["dependencies"]
    assert py["requires-python"] == ">=3.11"


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in code:
        assert cell["outputs"] == [], f"{path.name}: a cell has outputs"
        assert cell["execution_count"] is None
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert nb["cells"][0] is tagged[0], "the parameters cell comes first"


def test_data_readme_lists_every_key():
    from nplv_analysis.data.schema import KEYS

    readme = (PROJECT / "data" / "README.md").read_text(encoding="utf-8")
    catalogue = readme[readme.index("## The key catalogue") :]
    listed = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", catalogue, flags=re.M))
    assert listed == set(KEYS)
