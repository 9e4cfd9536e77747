// The page's only script (served from /assets/app.js; the CSP forbids inline script). It sends the
// form to the local API, follows the scan through Server-Sent Events and shows the finished report
// in a sandboxed frame. Every value from the server is written with textContent, never as HTML.
"use strict";

(function () {
  // The token came in the URL once; the server has set an HttpOnly cookie, so drop it from the
  // address bar and the history.
  if (window.location.search.indexOf("token=") >= 0) window.history.replaceState(null, "", "/");

  var KINDS = {
    folder: {
      label: "Folder",
      placeholder: "examples  or  /home/me/projects/model-repo",
      hint: "A folder on this machine (relative paths start from where watchtower-hook ui was started). Every file is scanned; .gitignore is honoured.",
      ref: null,
    },
    git: {
      label: "Git repository URL",
      placeholder: "https://github.com/owner/repo.git",
      hint: "An http(s) URL, shallow-cloned into a temporary folder that is removed afterwards. Private repositories: start watchtower-hook with GIT_TOKEN set.",
      ref: "Branch, tag or commit (optional)",
    },
    s3: {
      label: "S3 prefix",
      placeholder: "s3://bucket/models/v1",
      hint: "Objects under the prefix are streamed with the standard AWS credential chain of the watchtower-hook process.",
      ref: null,
    },
    hf: {
      label: "Hugging Face repo",
      placeholder: "owner/name  or  datasets/owner/name",
      hint: "A model or dataset repository on the Hugging Face Hub. Private or gated repositories: start watchtower-hook with HF_TOKEN set.",
      ref: "Revision (optional, default main)",
    },
  };
  var SEVERITIES = ["critical", "high", "medium", "low", "info"];
  var STATE_TEXT = {
    running: "Scanning",
    cancelling: "Cancelling",
    done: "Finished",
    failed: "Failed",
    cancelled: "Cancelled",
  };

  function $(id) {
    return document.getElementById(id);
  }

  var form = $("scan-form");
  var target = $("target");
  var ref = $("ref");
  var scanButton = $("scan-button");
  var cancelButton = $("cancel-button");
  var shownReport = null;
  var current = null;
  var ticker = null;

  function kind() {
    var checked = form.querySelector('input[name="kind"]:checked');
    return checked ? checked.value : "folder";
  }

  function updateKind() {
    var k = KINDS[kind()];
    $("target-label").textContent = k.label;
    target.placeholder = k.placeholder;
    $("hint").textContent = k.hint;
    $("ref-field").hidden = !k.ref;
    if (k.ref) $("ref-label").textContent = k.ref;
  }

  function number(n) {
    return Number(n || 0).toLocaleString("en-US");
  }

  function bytes(n) {
    n = Number(n || 0);
    if (n < 1024) return n + " B";
    var units = ["KiB", "MiB", "GiB", "TiB"];
    var v = n / 1024;
    var i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return v.toFixed(v < 10 ? 1 : 0) + " " + units[i];
  }

  function seconds(ms) {
    var s = Math.max(0, ms) / 1000;
    return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  }

  function showError(message) {
    var el = $("error");
    el.textContent = message || "";
    el.hidden = !message;
    if (message) $("status").hidden = false;
  }

  function busy(view) {
    return !!view && (view.state === "running" || view.state === "cancelling");
  }

  function renderElapsed() {
    if (!current) return;
    var ms = busy(current) ? current.elapsedMs + (Date.now() - current.receivedAt) : current.elapsedMs;
    $("p-elapsed").textContent = seconds(ms);
  }

  function render(view) {
    // Replies and events can cross: never go back to an older state.
    if (view && current && view.seq < current.seq) return;
    current = view;
    if (view) view.receivedAt = Date.now();
    var running = busy(view);
    scanButton.disabled = running;
    cancelButton.disabled = !view || view.state !== "running";
    if (ticker && !running) {
      clearInterval(ticker);
      ticker = null;
    }
    if (running && !ticker) ticker = setInterval(renderElapsed, 250);
    if (!view) return;

    $("status").hidden = false;
    var badge = $("state-badge");
    badge.className = "state " + view.state;
    badge.textContent = view.state;
    var what = view.kind + " " + view.target + (view.ref ? " @ " + view.ref : "");
    var stage = view.progress.stage && running ? " (" + view.progress.stage + ")" : "";
    $("state-text").textContent = (STATE_TEXT[view.state] || view.state) + ": " + what + stage;
    var p = view.progress;
    $("p-files").textContent = p.total ? number(p.files) + " / " + number(p.total) : number(p.files);
    $("p-bytes").textContent = bytes(p.bytes);
    $("p-findings").textContent = number(p.findings);
    var bar = $("progress-bar");
    if (running && p.total) {
      bar.max = p.total;
      bar.value = Math.min(p.files, p.total);
    } else if (running) {
      bar.removeAttribute("value");
    } else {
      bar.max = 1;
      bar.value = view.state === "done" ? 1 : 0;
    }
    bar.hidden = !running && view.state !== "done";
    renderElapsed();
    showError(view.state === "failed" ? view.error || "The scan failed." : view.state === "cancelled" ? "The scan was cancelled." : "");

    if (view.state === "done" && view.links) showResults(view);
    else if (running) $("results").hidden = true;
  }

  function showResults(view) {
    var s = view.summary || {};
    var verdict = $("verdict");
    verdict.className = "verdict " + (s.verdict || "");
    verdict.textContent =
      (s.verdict === "fail" ? "FAIL" : s.verdict === "pass" ? "PASS" : "DONE") +
      " · " + number(s.findings) + " findings, " + number(s.blocking) + " blocking · " +
      number(s.filesScanned) + " files scanned" + (s.incomplete ? ", " + number(s.incomplete) + " incomplete" : "");
    var counts = $("counts");
    counts.textContent = "";
    SEVERITIES.forEach(function (x) {
      var n = s.bySeverity ? s.bySeverity[x] : 0;
      var el = document.createElement("span");
      el.className = "count sev-" + x;
      el.textContent = number(n) + " " + x;
      counts.appendChild(el);
    });
    $("download-json").href = view.links.json;
    $("download-html").href = view.links.html;
    var sarif = $("download-sarif");
    if (view.links.sarif) sarif.href = view.links.sarif;
    else sarif.removeAttribute("href");
    sarif.hidden = !view.links.sarif;
    $("results").hidden = false;
    if (shownReport !== view.id) {
      shownReport = view.id;
      $("report-frame").src = view.links.view;
    }
  }

  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!res.ok) throw new Error(data.error || "HTTP " + res.status);
          return data;
        });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var k = kind();
    var request = { kind: k, target: target.value.trim() };
    if (KINDS[k].ref && ref.value.trim()) request.ref = ref.value.trim();
    if (!request.target) {
      showError("Enter " + KINDS[k].label.toLowerCase() + ".");
      target.focus();
      return;
    }
    scanButton.disabled = true;
    showError("");
    api("POST", "/api/scan", request)
      .then(function (data) {
        render(data.scan);
      })
      .catch(function (e) {
        scanButton.disabled = busy(current);
        showError(e.message);
      });
  });

  cancelButton.addEventListener("click", function () {
    cancelButton.disabled = true;
    api("POST", "/api/scan/cancel")
      .then(function (data) {
        render(data.scan);
      })
      .catch(function (e) {
        showError(e.message);
      });
  });

  Array.prototype.forEach.call(form.querySelectorAll('input[name="kind"]'), function (radio) {
    radio.addEventListener("change", updateKind);
  });
  updateKind();

  function connect() {
    var source = new EventSource("/api/events");
    source.addEventListener("scan", function (event) {
      $("connection").textContent = "";
      render(JSON.parse(event.data));
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        $("connection").textContent = "Disconnected from watchtower-hook (was it stopped?). Start it again and open the new URL it prints.";
      } else {
        $("connection").textContent = "Reconnecting…";
      }
    });
  }
  connect();
})();
