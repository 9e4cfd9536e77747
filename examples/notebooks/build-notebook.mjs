#!/usr/bin/env node
// Recipe for train.ipynb (run: node examples/notebooks/build-notebook.mjs).
// Fake credentials are written with a JSON \u escape for their first character: Jupyter and
// watchtower-hook decode the JSON and see the key, while raw-text secret scanners pointed at this
// repository do not (the repository itself stays clean under gitleaks and friends).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lines = (text) => text.split(/(?<=\n)/);
const keyId = ["AKIA", "4MZQ7XKJ", "2W5RNHBV"].join("");
const secretKey = ["wJa9", "Xk2LpQ7vR8sT3nB5mC1d", "F6gH0jK4lZ9xW2yE"].join("");
const people = [
  ["Maria Gonzalez", "maria.gonzalez@gmail.com", "512-34-8871", "1984-03-12"],
  ["James O'Connor", "jim.oconnor@outlook.com", "498-22-1357", "1979-11-02"],
  ["Aisha Rahman", "aisha.rahman@yahoo.com", "233-61-9042", "1991-07-25"],
];
const plain = [
  "             name                     email          ssn         dob",
  ...people.map((p, i) => `${i}  ${p[0].padStart(15)}  ${p[1].padStart(24)}  ${p[2]}  ${p[3]}`),
].join("\n");
const html = [
  '<table border="1" class="dataframe">',
  "  <thead><tr><th></th><th>name</th><th>email</th><th>ssn</th><th>dob</th></tr></thead>",
  "  <tbody>",
  ...people.map((p, i) => `    <tr><th>${i}</th><td>${p[0]}</td><td>${p[1]}</td><td>${p[2]}</td><td>${p[3]}</td></tr>`),
  "  </tbody>",
  "</table>",
].join("\n");

const code = (id, source, outputs = [], count = null) => ({
  cell_type: "code",
  execution_count: count,
  id,
  metadata: {},
  outputs,
  source: lines(source),
});
const nb = {
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: lines("# Churn model\nTrains and evaluates the churn classifier.") },
    code("install", "!pip install torch==1.13.0 transformers==4.30.0 pytoch\n%pip install -U scikit-learn", [], 1),
    code(
      "env",
      "!env | grep AWS",
      [{ name: "stdout", output_type: "stream", text: [`AWS_ACCESS_KEY_ID=${keyId}\n`, `AWS_SECRET_ACCESS_KEY=${secretKey}\n`, "AWS_DEFAULT_REGION=eu-west-1\n"] }],
      2,
    ),
    code(
      "data",
      "import pandas as pd\ncustomers = pd.read_csv('customers.csv')\ncustomers.head(3)",
      [
        {
          data: { "text/html": lines(html), "text/plain": lines(plain) },
          execution_count: 3,
          metadata: {},
          output_type: "execute_result",
        },
      ],
      3,
    ),
    code(
      "model",
      "import pickle\nimport torch\nfrom transformers import AutoModel\n\nclf = pickle.load(open('../models/classifier.pkl', 'rb'))\nckpt = torch.load('checkpoint.pt')\nbert = AutoModel.from_pretrained('some-org/custom-bert', trust_remote_code=True)\nmodel.eval()  # not a finding",
      [],
      4,
    ),
    code("shell", "!curl -sSL https://install.example.net/setup.sh | bash", [], 5),
  ],
  metadata: {
    kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
    language_info: { name: "python", version: "3.11.7" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
let json = JSON.stringify(nb, null, 1) + "\n";
json = json.replaceAll(keyId, "\\u0041" + keyId.slice(1)).replaceAll(secretKey, "\\u0077" + secretKey.slice(1));
writeFileSync(join(here, "train.ipynb"), json);
console.log("wrote train.ipynb");
