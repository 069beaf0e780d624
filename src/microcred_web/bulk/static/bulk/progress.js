// Live progress of a bulk issuing batch (ADR 1101): polls GET /studio/bulk/<uuid>/progress.json
// every 1.5 s and updates the figures; reloads the page once when the batch is finished, so the
// outcome of every learner shows. Without JavaScript the page has a "Refresh" link.
(function () {
  "use strict";
  var section = document.getElementById("bulk-progress");
  if (!section || section.getAttribute("data-finished") === "1") { return; }
  var url = section.getAttribute("data-progress-url");
  var bar = document.getElementById("bulk-bar");
  function show(name, value) {
    var node = section.querySelector('[data-field="' + name + '"]');
    if (node) { node.textContent = value === null || value === undefined ? "—" : String(value); }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        ["done", "total", "issued", "failed", "rate_per_second", "seconds_left"].forEach(function (name) {
          show(name, data[name]);
        });
        if (bar) { bar.max = data.total; bar.value = data.done; }
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
