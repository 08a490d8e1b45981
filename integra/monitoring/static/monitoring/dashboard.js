// Draws the dashboard's charts with Chart.js from the data embedded beside each
// canvas (json_script), and offers each chart as a PNG. Progressive enhancement:
// every figure is in the table under its chart, with or without this file.
(function () {
  "use strict";

  // Okabe-Ito: told apart by people with any common colour-vision deficiency.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

  // A white page behind the chart, so that the PNG is not transparent.
  var paper = {
    id: "integraPaper",
    beforeDraw: function (chart) {
      var context = chart.canvas.getContext("2d");
      context.save();
      context.globalCompositeOperation = "destination-over";
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, chart.width, chart.height);
      context.restore();
    }
  };

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var line = data.kind === "line";
    var stacked = data.kind === "stacked";
    var rtl = document.documentElement.getAttribute("dir") === "rtl";
    var datasets = data.series.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: series.label,
        data: series.data, // null: suppressed, a gap; never a number
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        spanGaps: false,
        pointRadius: line ? 3 : 0
      };
    });
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      plugins: [paper],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || undefined,
        scales: {
          x: { stacked: stacked, reverse: rtl },
          y: {
            stacked: stacked,
            beginAtZero: true,
            position: rtl ? "right" : "left",
            title: { display: Boolean(data.unit), text: data.unit }
          }
        },
        plugins: {
          legend: { display: datasets.length > 1, rtl: rtl },
          tooltip: { rtl: rtl }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function offerPng(button) {
    var canvas = document.getElementById(button.getAttribute("data-canvas"));
    if (!canvas || canvas.getAttribute("data-drawn") !== "true") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      canvas.toBlob(function (blob) {
        if (!blob) { return; }
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-filename") || "chart.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }, "image/png");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll("button.download-png").forEach(offerPng);
  });
})();
