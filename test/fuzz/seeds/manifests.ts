/**
 * Dependency-manifest seeds, one or more per kind detector-dependencies reads: requirements files
 * (pins, extras, markers, hashes, includes, VCS/URL requirements, continuations), pyproject.toml
 * (PEP 621, Poetry, uv/PDM), Pipfile and Pipfile.lock, conda environment.yml, setup.py, setup.cfg.
 */
import type { Seed } from "./mutate.js";

export interface ManifestSeed extends Seed {
  path: string;
}

const enc = new TextEncoder();

const SEEDS: [string, string, string][] = [
  [
    "requirements",
    "requirements.txt",
    `# training stack
--index-url https://pypi.org/simple
-r base.txt
-c constraints.txt
torch==1.13.0 ; python_version >= "3.8"
numpy>=1.24,<2 \\
    --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
requests[security,socks]~=2.31.0
pyyaml===5.3
-e git+https://github.com/org/lib.git@v1.2#egg=lib
https://files.example.com/pkg-1.0-py3-none-any.whl
pillow @ https://example.com/pillow-9.0.0.tar.gz
deepseeek==0.0.8
transformers  # unpinned
`,
  ],
  ["requirements-include", "base.txt", "scipy==1.10.0\n-r requirements.txt\n"],
  [
    "pyproject-pep621",
    "pyproject.toml",
    `[build-system]
requires = ["setuptools>=61", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "demo"
version = "0.1.0"
license = { text = "GPL-3.0-only" }
dependencies = ["torch==2.0.1", "numpy>=1.24", 'pyyaml<5.4; python_version<"3.12"']

[project.optional-dependencies]
dev = ["pytest>=7", "mlflow"]

[dependency-groups]
test = ["coverage[toml]>=7", { include-group = "dev" }]
`,
  ],
  [
    "pyproject-poetry",
    "pyproject.toml",
    `[tool.poetry]
name = "demo"

[tool.poetry.dependencies]
python = "^3.10"
torch = "^1.13"
numpy = { version = "~1.24", extras = ["dev"] }
lib = { git = "https://github.com/org/lib.git", rev = "main" }

[tool.poetry.group.dev.dependencies]
pyyaml = "5.3"

[tool.uv]
dev-dependencies = ["ruff==0.1.0"]
`,
  ],
  [
    "pipfile",
    "Pipfile",
    `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
torch = "==2.0.1"
requests = "*"
numpy = {version = ">=1.24", extras = ["dev"]}

[dev-packages]
pyyaml = "==5.3"
`,
  ],
  [
    "pipfile-lock",
    "Pipfile.lock",
    JSON.stringify(
      {
        _meta: { hash: { sha256: "x" }, requires: { python_version: "3.11" } },
        default: { torch: { hashes: ["sha256:a"], version: "==2.1.2" }, numpy: { version: "==1.26.0", markers: "python_version >= '3.9'" } },
        develop: { pyyaml: { version: "==5.4.1" } },
      },
      null,
      4,
    ),
  ],
  [
    "conda",
    "environment.yml",
    `name: train
channels:
  - pytorch
  - conda-forge
dependencies:
  - python=3.10
  - pytorch=1.13.0
  - cudatoolkit=11.7
  - "pillow>=8.0,<9"
  - conda-forge::numpy
  - py-xgboost=1.7.6=cuda_0
  - pip
  - pip:
    - pyyaml==5.3.1
    - "git+https://github.com/org/lib.git"
    - -r requirements.txt
`,
  ],
  [
    "setup-py",
    "setup.py",
    `import os
from setuptools import setup, find_packages

REQUIRED = [
    "torch==2.0.0",
    'numpy',  # unpinned
]

setup(
    name="demo",
    packages=find_packages(),
    install_requires=REQUIRED + ["requests>=2"],
    extras_require={"yaml": ["pyyaml<5.4,>=5.1"], "dev": ["pytest>=7"]},
    setup_requires=["setuptools_scm"],
    tests_require=[f"lib{os.sep}"],
)
`,
  ],
  [
    "setup-cfg",
    "setup.cfg",
    `[metadata]
name = demo
license = AGPL-3.0

[options]
install_requires =
    torch==1.13.0
    numpy>=1.24
    pyyaml ; python_version<"3.12"

[options.extras_require]
dev =
    pytest>=7
    mlflow
`,
  ],
];

export function manifestSeeds(): ManifestSeed[] {
  return SEEDS.map(([name, path, text]) => ({ name, path, bytes: enc.encode(text) }));
}

/** Every manifest path the detector recognises, for running any bytes as any kind. */
export const MANIFEST_PATHS = [...new Set(SEEDS.map(([, path]) => path)), "requirements/dev.in", "constraints.txt", "conda-gpu.yaml"];

/** Deeply nested documents of each syntax the manifests use. */
export function deepManifests(depth: number): { path: string; text: string }[] {
  return [
    { path: "pyproject.toml", text: `[project]\ndependencies = ${"[".repeat(depth)}"torch==1.0"${"]".repeat(depth)}\n` },
    { path: "pyproject.toml", text: `[project]\noptional-dependencies = ${"{a = ".repeat(depth)}1${" }".repeat(depth)}\n` },
    { path: "Pipfile", text: `[packages]\ntorch = ${"{v = ".repeat(depth)}"1"${"}".repeat(depth)}\n` },
    { path: "environment.yml", text: `dependencies:\n  - ${"[".repeat(depth)}pytorch=1.13.0${"]".repeat(depth)}\n` },
    { path: "environment.yml", text: `dependencies:\n${Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${"  ".repeat(i + 1)}- pip:`).join("\n")}\n` },
    // "Billion laughs": each alias doubles the expansion.
    {
      path: "environment.yml",
      text: `a0: &a0 ["pytorch=1.13.0", "numpy"]\n${Array.from({ length: 40 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`).join("\n")}\ndependencies: *a40\n`,
    },
    { path: "Pipfile.lock", text: `{"default": ${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}` },
    { path: "setup.py", text: `setup(install_requires=${"[".repeat(depth)}"torch==1.0"${"]".repeat(depth)})\n` },
    { path: "setup.py", text: `setup(install_requires=${"(".repeat(depth)}"torch==1.0"${")".repeat(depth)})\n` },
    { path: "requirements.txt", text: `${"-r requirements.txt\n".repeat(Math.min(depth, 10_000))}torch==1.0\n` },
    { path: "requirements.txt", text: `torch==1.0 \\\n${"  \\\n".repeat(depth)}\n` },
  ];
}
