import { describe, expect, it } from "vitest";
import { notebookSource, runDetector } from "@watchtower/tester";
import { detector } from "../src/index.js";
import { TEST_DB, located } from "./helpers.js";

async function scanCells(...cells: (string | { source: string; cellType?: "code" | "markdown" | "raw" })[]) {
  const src = notebookSource(
    "nb/train.ipynb",
    cells.map((c) => (typeof c === "string" ? { source: c } : c)),
  );
  const result = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
  return { ...result, src, found: located(src, result.reports) };
}

describe("notebook install lines", () => {
  it("finds !pip, %pip, python -m pip, pip3 and uv pip installs, pointing into the cell source", async () => {
    const { found, reports } = await scanCells(
      "!pip install torch==2.0.1 -q\nimport torch",
      "%pip install --upgrade pillow==8.4.0",
      "!python -m pip install 'pyyaml==5.3'",
      "! pip3 install -U numpy",
      "!uv pip install --system \"jinja2==3.0.0\"",
      "!{sys.executable} -m pip install pytoch",
    );
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.0.1", severity: "critical" },
      { rule: "dependencies/vulnerable", text: "pillow==8.4.0", severity: "critical" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.3", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy" },
      { rule: "dependencies/vulnerable", text: "jinja2==3.0.0", severity: "medium" },
      { rule: "dependencies/malicious", text: "pytoch" },
    ]);
    expect(reports.map((r) => r.at.kind === "cell" && r.at.cellIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reports[3]!.data?.reason).toBe("upgrade");
  });

  it("skips option values (-r, --index-url, -f, -c) and reads several packages per line", async () => {
    const { found } = await scanCells(
      "!pip install -q --index-url https://download.pytorch.org/whl/cu118 torch==2.1.0 torchvision==0.16.0 -f https://x/y.html -r reqs.txt",
    );
    expect(found).toEqual([{ rule: "dependencies/vulnerable", text: "torch==2.1.0", severity: "critical" }]);
  });

  it("reads %%bash / %%sh / %%capture cells, && chains and line continuations", async () => {
    const { found } = await scanCells(
      "%%bash\npip install numpy==1.26.4\npython -m pip install \\\n    torch==2.0.0 && echo done",
      "%%capture\n!pip install pyyaml==5.1",
      "%%sh\napt-get install -y git && pip install -U scipy",
    );
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.0.0", severity: "critical" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.1", severity: "critical" },
      { rule: "dependencies/unpinned", text: "scipy" },
    ]);
  });

  it("reads %conda install with conda name mapping and channels", async () => {
    const { found } = await scanCells("%conda install -c pytorch -y pytorch=1.13.0 cudatoolkit=11.7", "!conda install --yes numpy");
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "pytorch=1.13.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy" },
    ]);
  });

  it("reads %%writefile requirements.txt cells as a requirements file", async () => {
    const { found } = await scanCells("%%writefile requirements.txt\ntorch==2.0.0\nnumpy\n");
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.0.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy" },
    ]);
  });

  it("ignores markdown, comments, strings, pip uninstall, local installs and templated names", async () => {
    const { reports } = await scanCells(
      { source: "Run `!pip install torch==1.0.0` first", cellType: "markdown" },
      "# !pip install torch==1.0.0\nprint('!pip install torch==1.0.0')",
      "!pip uninstall -y torch",
      "!pip install -e . && pip install ./vendor/pkg.whl",
      "!pip install {package} $PKG",
      "%%html\n<p>pip install torch==1.0.0</p>",
    );
    expect(reports).toEqual([]);
  });

  it("does not mistake shell redirections for packages", async () => {
    const { found } = await scanCells("!pip install torch==2.5.1 > /dev/null 2>&1");
    expect(found).toEqual([{ rule: "dependencies/vulnerable", text: "torch==2.5.1", severity: "critical" }]);
  });

  it("reads poetry add and uv add", async () => {
    const { found } = await scanCells("!poetry add torch@2.0.0 numpy@latest", "!uv add 'pyyaml==5.3'");
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch@2.0.0", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy@latest" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.3", severity: "critical" },
    ]);
  });
});

describe("installs run from Python code", () => {
  it("reads subprocess argv lists and os.system strings", async () => {
    const { found } = await scanCells(
      'import subprocess, sys\nsubprocess.check_call([sys.executable, "-m", "pip", "install", "torch==2.0.1", "-q"])',
      'subprocess.run(\n    ["pip", "install", "--upgrade", "numpy"],\n    check=True,\n)',
      "import os\nos.system('pip install pyyaml==5.3')",
      'get_ipython().system("pip install -q jinja2==3.0.0")',
    );
    expect(found).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==2.0.1", severity: "critical" },
      { rule: "dependencies/unpinned", text: "numpy" },
      { rule: "dependencies/vulnerable", text: "pyyaml==5.3", severity: "critical" },
      { rule: "dependencies/vulnerable", text: "jinja2==3.0.0", severity: "medium" },
    ]);
  });

  it("skips computed arguments and commands that are not installs", async () => {
    const { reports } = await scanCells(
      'subprocess.check_call([sys.executable, "-m", "pip", "install", pkg])',
      'subprocess.run(["pip", "uninstall", "-y", "torch"])',
      'os.system(f"pip install {name}")',
      '# subprocess.run(["pip", "install", "torch==1.0"])',
      'print("subprocess.run([\'pip\', \'install\', \'torch==1.0\'])")',
    );
    expect(reports).toEqual([]);
  });
});
