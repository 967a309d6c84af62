// The neighbourhood page's indicator charts: each <canvas data-chart="ID"> reads its series from
// the JSON block with that id (Django's json_script; no inline script under the site's CSP).
(function () {
  "use strict";
  function persian(value) {
    return Number(value).toLocaleString("fa-IR");
  }
  function draw() {
    if (typeof Chart === "undefined") {
      return;
    }
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) {
        return;
      }
      var series = JSON.parse(source.textContent);
      new Chart(canvas, {
        type: "line",
        data: {
          labels: series.labels,
          datasets: [{ label: series.label, data: series.values, tension: 0.2, borderColor: "#0d6efd" }],
        },
        options: {
          locale: "fa-IR",
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: { rtl: true, callbacks: { label: function (ctx) { return persian(ctx.parsed.y); } } },
          },
          scales: {
            x: { reverse: true },
            y: { position: "right", ticks: { callback: function (value) { return persian(value); } } },
          },
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
