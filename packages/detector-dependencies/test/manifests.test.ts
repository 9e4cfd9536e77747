import { describe, expect, it } from "vitest";
import { runDetector, textSource } from "@watchtower/tester";
import { detector } from "../src/index.js";
import { manifestKind } from "../src/manifests.js";
import { TEST_DB, located } from "./helpers.js";

async function scan(path: string, text: string) {
  const src = textSource(path, text);
  const result = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
  return { ...result, found: located(src, result.reports) };
}

describe("manifest kinds", () => {
  it.each([
    ["requirements.txt", "requirements"],
    ["requirements-dev.txt", "requirements"],
    ["dev-requirements.txt", "requirements"],
    ["requirements_test.in", "requirements"],
    ["requirements/base.txt", "requirements"],
    ["constraints.txt", "constraints"],
    ["sub/pyproject.toml", "pyproject"],
    ["Pipfile", "pipfile"],
    ["Pipfile.lock", "pipfile-lock"],
    ["environment.yml", "conda"],
    ["binder/environment.yaml", "conda"],
    ["conda-gpu.yml", "conda"],
    ["setup.py", "setup-py"],
    ["setup.cfg", "setup-cfg"],
  ])("%s is %s", (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
  });
  it.each(["README.txt", "src/requirements.py", "docker-compose.yml", "config.yaml", "METADATA"])("%s is not a manifest", (path) => {
    expect(manifestKind(path)).toBeUndefined();
  });
});

describe("pyproject.toml", () => {
  it("reads PEP 621 dependencies, optional dependencies and dependency groups", async () => {
    const text = `[build-system]
requires = ["setuptools>=61", "wheel"]

[project]
name = "demo"
dependencies = [
  "torch==2.1.0",  # comment
  'numpy>=1.24',
  "pyyaml",
]

[project.optional-dependencies]
images = ["Pillow==8.4.0"]

[dependency-groups]
dev = ["pytest", {include-group = "lint"}]
lint = ["ruff==0.5.0"]
`;
    const { found } = await scan("pyproject.toml", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.1.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "pyyaml" },
      { rule: "dependencies/vulnerable", text: "Pillow==8.4.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "pytest" },
    ]);
  });

  it("reads Poetry tables with caret, tilde, exact and table constraints", async () => {
    const text = `[tool.poetry]
name = "demo"

[tool.poetry.dependencies]
python = "^3.10"
torch = "1.13.0"
numpy = "*"
pillow = { version = "^8.0", extras = ["webp"] }
mylib = { git = "https://github.com/org/mylib.git", branch = "main" }
local = { path = "../local" }
PyYAML = "~5.3"

[tool.poetry.group.dev.dependencies]
pytest = "^8.0"
`;
    const { found } = await scan("pyproject.toml", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: 'torch = "1.13.0"', severity: "critical" },
      { rule: "dependencies/unpinned", text: 'numpy = "*"' },
      { rule: "dependencies/vulnerable", text: 'pillow = { version = "^8.0", extras = ["webp"] }', severity: "critical" },
      { rule: "dependencies/unpinned", text: 'mylib = { git = "https://github.com/org/mylib.git", branch = "main" }' },
      { rule: "dependencies/vulnerable", text: 'PyYAML = "~5.3"', severity: "critical" },
    ]);
  });

  it("reads uv and PDM tables", async () => {
    const text = `[project]
name = "demo"
dependencies = []

[tool.uv]
dev-dependencies = ["torch==2.0.0"]
constraint-dependencies = ["numpy"]

[tool.pdm.dev-dependencies]
test = ["pyyaml==5.1"]
`;
    const { found } = await scan("pyproject.toml", text);
    expect(found.map((f) => f.text)).toEqual(["torch==2.0.0", "pyyaml==5.1"]);
  });

  it("reports a TOML syntax error as incomplete, not as a pass", async () => {
    const { incompletes, reports } = await scan("pyproject.toml", "[project\ndependencies = [");
    expect(reports).toEqual([]);
    expect(incompletes).toHaveLength(1);
  });
});

describe("Pipfile and Pipfile.lock", () => {
  it("reads [packages] and [dev-packages]", async () => {
    const text = `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
torch = "==2.0.1"
requests = "*"
numpy = {version = ">=1.24", extras = ["dev"]}

[dev-packages]
pyyaml = "==5.3"

[requires]
python_version = "3.11"
`;
    const { found } = await scan("Pipfile", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: 'torch = "==2.0.1"', severity: "critical" },
      { rule: "dependencies/unpinned", text: 'requests = "*"' },
      { rule: "dependencies/vulnerable", text: 'pyyaml = "==5.3"', severity: "critical" },
    ]);
  });

  it("reads pinned versions of Pipfile.lock", async () => {
    const text = JSON.stringify(
      {
        _meta: { hash: { sha256: "x" } },
        default: { torch: { hashes: ["sha256:a"], version: "==2.1.2" }, numpy: { version: "==1.26.0" } },
        develop: { pyyaml: { version: "==5.4.1" } },
      },
      null,
      4,
    );
    const { found } = await scan("Pipfile.lock", text);
    expect(found).toHaveLength(1);
    expect(found[0]!.text.startsWith('"torch": {')).toBe(true);
    expect(found[0]!.text.endsWith('"==2.1.2"')).toBe(true);
  });
});

describe("conda environment.yml", () => {
  it("maps conda names to PyPI, reads the pip section, skips the interpreter and CUDA packages", async () => {
    const text = `name: train
channels:
  - pytorch
  - conda-forge
dependencies:
  - python=3.10
  - pytorch=1.13.0
  - cudatoolkit=11.7
  - "pillow>=8.0,<9"
  - conda-forge::numpy
  - pip
  - pip:
    - pyyaml==5.3.1
    - "git+https://github.com/org/lib.git"
`;
    const { found } = await scan("environment.yml", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "pytorch=1.13.0", severity: "critical" },
      { rule: "dependencies/vulnerable", text: "pillow>=8.0,<9", severity: "critical" },
      { rule: "dependencies/unpinned", text: "conda-forge::numpy" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.3.1", severity: "critical" },
      { rule: "dependencies/unpinned", text: "git+https://github.com/org/lib.git" },
    ]);
  });

  it("treats fuzzy two-component conda pins as a range", async () => {
    const { reports } = await scan("environment.yml", "dependencies:\n  - pytorch=2.1\n  - py-xgboost=1.7.6=cuda_0\n");
    expect(reports.map((r) => [r.ruleId, r.data?.range ?? r.data?.version])).toEqual([["dependencies/vulnerable", "==2.1.*"]]);
  });

  it("ignores YAML files that are not environments", async () => {
    const { reports, incompletes } = await scan("env.yaml", "DATABASE_URL: x\nDEBUG: true\n");
    expect(reports).toEqual([]);
    expect(incompletes).toEqual([]);
  });
});

describe("setup.py and setup.cfg", () => {
  it("reads static install_requires and extras_require lists without running the file", async () => {
    const text = `import os
from setuptools import setup

REQUIRED = [
    "torch==2.0.0",
    'numpy',  # unpinned
]

setup(
    name="demo",
    install_requires=REQUIRED,
    extras_require={"yaml": ["pyyaml<5.4,>=5.1"], "dev": ["pytest>=7"]},
    setup_requires=["setuptools_scm"],
    tests_require=[f"lib{os.sep}"],
)
`;
    const { found } = await scan("setup.py", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.0.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy" },
      { rule: "dependencies/vulnerable", text: "pyyaml<5.4,>=5.1", severity: "critical" },
    ]);
  });

  it("reads setup.cfg options and extras", async () => {
    const text = `[metadata]
name = demo

[options]
packages = find:
install_requires =
    torch==2.1.0
    numpy>=1.24 ; python_version >= "3.9"
    requests

[options.extras_require]
yaml = pyyaml==5.3
`;
    const { found } = await scan("setup.cfg", text);
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.1.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "requests" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.3", severity: "critical" },
    ]);
  });
});

describe("unparseable manifests", () => {
  it("fails closed on a broken environment file that declares dependencies", async () => {
    const { incompletes } = await scan("environment.yml", "dependencies:\n  - numpy\n   - bad: [indent\n");
    expect(incompletes).toHaveLength(1);
  });

  it("only notes template manifests (Jinja markup) instead of failing", async () => {
    const text = '[project]\nname = "{{ cookiecutter.slug }}"\n{% if cookiecutter.torch %}dependencies = ["torch"]{% endif %}\n';
    const { incompletes, notes } = await scan("{{cookiecutter.slug}}/pyproject.toml", text);
    expect(incompletes).toEqual([]);
    expect(notes.join()).toContain("template");
  });
});
