"""The project's own promises: the README's commands are what CI runs, checker/ ships alone."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

STDLIB_ONLY = ROOT / "checker"


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("```"), "the README must start with the two set-up commands"
    return lines[1:3]


def test_ci_runs_the_readme_test_command():
    serve, test = readme_commands()
    assert "mkdocs serve" in serve and "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_checker_imports_only_the_standard_library():
    for path in sorted(STDLIB_ONLY.glob("*.py")):
        if path.name == "__main__.py":
            continue  # the command line's hand-over to the build side, left out of the wheel (tests/test_layers.py)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            for name in names:
                top = name.split(".")[0]
                assert top == "checker" or top in sys.stdlib_module_names, \
                    f"{path.name} imports {name}"


def test_checker_runs_without_yaml_installed(tmp_path):
    blocker = tmp_path / "yaml.py"
    blocker.write_text("raise ImportError('yaml is not available in the browser')\n")
    code = "import checker, sitebuild.rules.proof, sitebuild.rules.schema, sitebuild.rules.outcome_table; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": f"{tmp_path}:{ROOT}"})
    assert done.stdout.strip() == "ok", done.stderr


def test_no_eval_or_exec_in_the_rules():
    for path in STDLIB_ONLY.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"eval", "exec", "compile", "__import__"}, path.name


def test_json_schemas_are_current():
    done = subprocess.run([sys.executable, "-m", "checker", "schema", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_data_file_declares_its_schema():
    for path in sorted((ROOT / "data").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{path.stem}.schema.json", path.name


def test_schemas_accept_the_real_data():
    import json

    import jsonschema

    for path in sorted((ROOT / "data").glob("*.yml")):
        schema = json.loads((ROOT / "schemas" / f"{path.stem}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(_yaml12(path), schema)


def _yaml12(path):
    """The data as an editor reads it (YAML 1.2: yes/no are text)."""
    from sitebuild.source.yaml_source import read_file

    problems: list = []
    value, _ = read_file(path, path.name, problems)
    assert not problems
    return value
