// The desk's few enhancements; every page works without them.
// - A story page listens for new dossier versions (server-sent events) and offers the new one.
// - The Add page takes dropped files into its file input.
// - A list of jobs refreshes their states until none is queued or running.
"use strict";

function followStory(band) {
  if (!window.EventSource) return;
  var shown = band.getAttribute("data-version");
  var events = new EventSource(band.getAttribute("data-events"));
  events.addEventListener("version", function (event) {
    if (event.data !== shown && event.data !== "0") {
      band.classList.remove("hidden");
      if (shown === "0") window.location.reload();  // the first dossier: show it at once
    }
  });
}

function takeDrops(zone) {
  var input = document.getElementById(zone.getAttribute("data-input"));
  if (!input) return;
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    input.files = event.dataTransfer.files;
    var told = document.getElementById(zone.getAttribute("data-status"));
    if (told) told.textContent = input.files.length + " file(s) ready to upload";
  });
}

function followJobs(table) {
  var ids = table.getAttribute("data-jobs");
  if (!ids) return;
  function refresh() {
    fetch("/api/jobs?ids=" + encodeURIComponent(ids), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (listed) {
        if (!listed) return;
        var pending = false;
        listed.items.forEach(function (job) {
          var row = document.getElementById("job-" + job.id);
          if (!row) return;
          var state = row.querySelector(".state");
          state.textContent = job.state;
          state.className = "state state-" + job.state;
          var why = row.querySelector(".why");
          if (why) why.textContent = job.last_error || "";
          var result = row.querySelector(".result");
          if (result && job.article_id) {
            result.textContent = "";
            var link = document.createElement("a");
            link.href = "/articles/" + job.article_id;
            link.textContent = "article " + job.article_id;
            result.appendChild(link);
          }
          if (job.state === "queued" || job.state === "running") pending = true;
        });
        if (pending) window.setTimeout(refresh, 1500);
      })
      .catch(function () { window.setTimeout(refresh, 5000); });
  }
  refresh();
}

document.addEventListener("DOMContentLoaded", function () {
  var band = document.getElementById("live");
  if (band) followStory(band);
  document.querySelectorAll("[data-input]").forEach(takeDrops);
  document.querySelectorAll("table[data-jobs]").forEach(followJobs);
});
