// The linking run page: reads the run's progress every two seconds until it is finished, then
// reloads once so the counts are shown. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("link-run");
  if (!box || box.dataset.finished === "1") {
    return;
  }
  var url = box.dataset.statusUrl;
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        document.getElementById("link-run-status").textContent = data.status_label;
        document.getElementById("link-run-stage").textContent = data.stage;
        document.getElementById("link-run-progress").value = data.percent;
        document.getElementById("link-run-percent").textContent = data.percent_fa;
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(tick, 2000);
        }
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 1000);
})();
