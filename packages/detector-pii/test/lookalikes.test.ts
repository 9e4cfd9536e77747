/**
 * Precision: lookalike families from DETECTION-POLICY.md. None may be reported at medium or above;
 * most must not be reported at all.
 */
import { notebookSource, textSource } from "@watchtower/tester";
import { describe, expect, it } from "vitest";

import { atOrAbove, iban, ibanBroken, luhnBroken, luhnCard, mail, renderHtml, renderPlain, scan, ssn } from "./helpers.js";

const out = (text: string, mimeType = "text/plain") => notebookSource("nb.ipynb", [{ source: "x", outputs: [{ text, mimeType }] }]);
const code = (source: string) => notebookSource("nb.ipynb", [{ source }]);
const md = (source: string) => notebookSource("nb.ipynb", [{ cellType: "markdown", source }]);

async function nothing(source: Parameters<typeof scan>[0]): Promise<void> {
  const { found } = await scan(source);
  expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([]);
}

async function nothingAboveLow(source: Parameters<typeof scan>[0]): Promise<void> {
  const { found } = await scan(source);
  expect(atOrAbove(found, "medium").map((f) => [f.ruleId, f.severity, f.text])).toEqual([]);
}

describe("invalid SSNs", () => {
  it.each([
    ["area 000", ssn("000", "12", "3456")],
    ["area 666", ssn("666", "12", "3456")],
    ["area 9xx (ITIN range)", ssn("912", "70", "3456")],
    ["group 00", ssn("512", "00", "3456")],
    ["serial 0000", ssn("512", "38", "0000")],
    ["all one digit", ssn("111", "11", "1111")],
  ])("%s", async (_label, value) => {
    await nothing(out(`ssn: ${value}\n${renderPlain(["ssn"], [[value]])}`));
  });

  it("ignores masked SSNs", async () => {
    await nothing(out(renderPlain(["ssn"], [["***-**-4097"], ["XXX-XX-8850"]])));
  });

  it("does not take a 9-digit id for an SSN without context", async () => {
    await nothing(out(renderPlain(["user_id", "clicks"], [["512384097", "3"], ["623418850", "5"]])));
  });
});

describe("Luhn-invalid and id-like digit runs", () => {
  it("ignores Luhn-invalid 16-digit order ids", async () => {
    const ids = ["4539", "5425", "6011", "4916", "5105"].map((p) => luhnBroken(luhnCard(p, 16)));
    await nothing(out(renderPlain(["order_id", "total"], ids.map((id) => [id, "19.99"]))));
    await nothing(out(ids.map((id) => `order ${id} shipped`).join("\n")));
  });

  it("drops a column of ids where a few happen to pass Luhn", async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const base = luhnCard(`4${String(100 + i * 7)}`, 16);
      rows.push([i % 5 === 0 ? base : luhnBroken(base), String(i)]);
    }
    await nothingAboveLow(out(renderPlain(["ref", "n"], rows)));
  });

  it("ignores numeric arrays, tweet-sized ids, epochs and timestamps", async () => {
    const card = luhnCard("4539", 16);
    await nothingAboveLow(out(`array([${card}, ${luhnCard("4916", 16)}, 3, 4])`));
    await nothing(out("tweet_id: 1790433412345678901 retweets: 12"));
    await nothing(out(renderPlain(["tweet_id", "likes"], [["1790433412345678901", "3"], ["1790433412345678902", "9"]])));
    await nothing(out("created_at 1714572345 (epoch) / 1714572345123 ms\n2024-05-01 12:45:45.123456+00:00"));
    await nothing(out(renderPlain(["timestamp", "value"], [["2024-05-01 12:45:45", "0.1"], ["2024-05-01 12:45:46", "0.2"]])));
  });

  it("ignores array shapes, float columns and metric prints", async () => {
    await nothing(out("torch.Size([1, 28, 28])\n(60000, 28, 28) (10000,)\nshape: (1, 3, 224, 224)"));
    await nothing(
      out(renderPlain(["lr", "loss", "val_loss"], [["0.001", "0.693147", "0.701234"], ["0.0001", "0.512345", "0.523456"]])),
    );
    await nothing(out("Epoch 3/10\n1875/1875 [==============================] - 5s 3ms/step - loss: 0.0712 - accuracy: 0.9781"));
    await nothing(out("[[ 5551234567  5559876543]\n [ 2125550198  4155550132]]"));
  });
});

describe("record ids that pass Luhn", () => {
  it("ignores a bare 16-digit number introduced as an order, invoice or transaction id", async () => {
    const id = luhnCard("4539", 16);
    await nothing(out(`Processing order ${id} for customer 1002\ninvoice #${luhnCard("5425", 16)}\ntxn_id=${luhnCard("6011", 16)}`));
  });
});

describe("git log output", () => {
  it("does not report the author of a commit", async () => {
    await nothing(out(`commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f\nAuthor: Jane Roe <${mail("jane.roe", "gmail.com")}>\nDate:   Mon May 6 10:12:01 2024 +0200\n\n    Fix data loader`));
  });
});

describe("IBANs with a wrong checksum", () => {
  it("ignores them", async () => {
    const bad = ibanBroken(iban("DE", "500105175407324931"));
    const bad2 = ibanBroken(iban("GB", "WEST12345698765432"));
    await nothing(out(`IBAN: ${bad}\n${renderPlain(["iban"], [[bad2]])}`));
  });
});

describe("masked card numbers", () => {
  it("ignores them", async () => {
    await nothing(out(renderPlain(["card"], [["XXXX XXXX XXXX 1234"], ["**** **** **** 4242"], ["4539 **** **** 6467"]])));
  });
});

describe("IP lookalikes", () => {
  it("ignores private, loopback, link-local, CGNAT, multicast and documentation addresses", async () => {
    await nothing(out("10.0.0.12 192.168.1.20 172.16.5.4 127.0.0.1 169.254.10.1 100.64.0.1 224.0.0.251 0.0.0.0 255.255.255.255 ::1 fe80::1ff:fe23:4567:890a fd12:3456:789a::1 198.51.100.23"));
  });

  it("ignores version strings and user agents that look like IPs", async () => {
    await nothing(out("torch==1.2.3.4\nversion 1.2.3.4\nv2.10.1.0\nMozilla/5.0 Chrome/124.0.6367.91 Safari/537.36\nbuild 10.0.19041.3803\n1.2.3.4"));
    await nothing(code("pkg_version = '4.1.0.2'  # v4.1.0.2"));
  });

  it("ignores public DNS resolvers", async () => {
    await nothing(out("nameserver 8.8.8.8\nnameserver 1.1.1.1"));
  });
});

describe("dates, timestamps and phones", () => {
  it("does not take dates, times or decimals for phone numbers", async () => {
    await nothing(out("2023-01-15 12:30:45\n01/15/2023\n15.01.2023\n3.14159265\n1,234,567.89\n12-05-2024 10:00"));
  });

  it("does not take long digit runs in outputs for phones without context", async () => {
    await nothing(out("seed 2125550198\nids: 4155550132, 3125550100\nrow 6505550123"));
  });
});

describe("people's names that are method names", () => {
  it("ignores Adam, Pearson, Bayes and friends", async () => {
    await nothing(
      out(
        [
          "Using Adam Optimizer with Xavier Uniform init; Kaiming Normal for conv layers",
          "Pearson Correlation: 0.93, Spearman Rank: 0.91",
          "Naive Bayes accuracy 0.87; Gaussian Process; Markov Chain Monte Carlo",
          "Euler Method vs Newton Raphson; Laplace Smoothing; Poisson Regression; Bernoulli Naive Bayes",
          "Iris Setosa  Iris Versicolor  Iris Virginica",
        ].join("\n"),
      ),
    );
    await nothing(out(`{'name': 'Adam', 'learning_rate': 0.001, 'beta_1': 0.9}`));
    await nothing(out(renderPlain(["name", "value"], [["Adam", "0.001"], ["SGD", "0.01"], ["RMSprop", "0.001"]])));
  });

  it("ignores model, file and layer names in name columns", async () => {
    await nothing(out(renderPlain(["model_name", "file_name", "name"], [["resnet50", "weights.pt", "dense_1"], ["bert-base", "model.bin", "conv2d"]])));
  });
});

describe("docs and code", () => {
  it("ignores team mailing lists, noreply and git author lines in docs", async () => {
    await nothing(
      md(
        [
          `Questions: ${mail("ml-team", "acme.io")} or ${mail("support", "acme.io")}`,
          `Security issues: ${mail("security", "acme.io")}`,
          `Author: Jane Roe <${mail("jane.roe", "acme.io")}>`,
          `Co-authored-by: Sam Poe <${mail("sam", "users.noreply.github.com")}>`,
          `Notifications come from ${mail("noreply", "github.com")}`,
        ].join("\n"),
      ),
    );
    await nothing(textSource("CONTRIBUTORS.md", `- Ann Lee <${mail("ann.lee", "gmail.com")}>`));
    await nothing(textSource("setup.py", `setup(name="pkg", author="Ann Lee", author_email="${mail("ann.lee", "gmail.com")}")`));
  });

  it("ignores a single placeholder e-mail or name in code", async () => {
    await nothing(code(`def send(to="${mail("jane", "example.com")}", name="John Doe"):\n    ...`));
    await nothing(code(`assert is_email("${mail("user", "domain.com")}")`));
  });

  it("keeps code test values at low", async () => {
    await nothingAboveLow(code(`validate_card("${luhnCard("4111", 16, "1")}")\nvalidate_ssn("${ssn("078", "05", "1120")}")\nparse_iban("${iban("DE", "370400440532013000")}")`));
  });

  it("does not scan lock files", async () => {
    await nothing(textSource("package-lock.json", `{"version": "1.2.3.4", "resolved": "https://52.14.22.1/x", "integrity": "sha512-${"a".repeat(40)}"}`));
  });
});

describe("HTML renders of lookalikes", () => {
  it("stays quiet on an HTML table of ids, versions and floats", async () => {
    const ids = ["4539", "5425"].map((p) => luhnBroken(luhnCard(p, 16)));
    await nothing(out(renderHtml(["order_id", "version", "score"], [[ids[0]!, "1.2.3.4", "0.91"], [ids[1]!, "10.0.19041.3803", "0.88"]]), "text/html"));
  });
});

describe("URL credentials are not e-mail addresses", () => {
  it("ignores token@host and user:token@host in URLs, keeps a real address next to one", async () => {
    const token = ["ghp", "Zq8x2Lm4Nv7Rt1Ws5Yb3Kd6Fh9Jp0Ac2Ee4Gi6"].join("_");
    const { found } = await scan(
      out(`Cloning into 'private'...\nremote: https://${token}@github.com/acme/private.git\nhttps://jdoe:${token}@gitlab.com/acme/x.git\ncontact: ${mail("maria.gonzalez", "gmail.com")}\n`),
    );
    expect(found.map((f) => [f.ruleId, f.text])).toEqual([["pii/email", mail("maria.gonzalez", "gmail.com")]]);
  });
});
