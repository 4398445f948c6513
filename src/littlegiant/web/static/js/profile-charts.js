/* Enterprise profile charts: revenue and R&D expense (万元), R&D intensity (%). ECharts from our own static files. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#1d4ed8", "#f59e0b", "#059669"];
  var base = {
    color: palette,
    grid: { left: 64, right: 24, top: 48, bottom: 32 },
    tooltip: { trigger: "axis" },
    legend: { top: 8 },
    xAxis: { type: "category", data: data.years }
  };
  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, option));
    return chart;
  }
  var charts = [
    draw("chart-money", {
      legend: { top: 0, left: 0 },
      grid: { left: 72, right: 64, top: 64, bottom: 32 },
      // R&D expense is a few percent of revenue: on the same axis its bars would vanish, so it
      // gets its own axis (right, also 万元) and is drawn as a line.
      yAxis: [
        { type: "value", name: "营业收入", nameTextStyle: { align: "right" } },
        { type: "value", name: "研发费用", nameTextStyle: { align: "left" }, splitLine: { show: false } }
      ],
      series: [
        { name: data.labels.revenue, type: "bar", data: data.revenue, barMaxWidth: 36, yAxisIndex: 0 },
        { name: data.labels.rd_expense, type: "line", data: data.rd_expense, yAxisIndex: 1, symbolSize: 8,
          connectNulls: false, z: 3,
          label: { show: true, position: "top", backgroundColor: "#fff", padding: [1, 4], borderRadius: 3,
                   formatter: function (p) { return Number(p.value).toLocaleString("zh-CN", { maximumFractionDigits: 1 }); } } }
      ]
    }),
    draw("chart-intensity", {
      color: [palette[2]],
      legend: { top: 0, left: 0 },
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [{ name: data.labels.rd_intensity, type: "line", data: data.rd_intensity, connectNulls: false,
                 symbolSize: 8, label: { show: true, formatter: "{c}%" } }]
    })
  ];
  window.addEventListener("resize", function () { charts.forEach(function (c) { if (c) { c.resize(); } }); });
})();
