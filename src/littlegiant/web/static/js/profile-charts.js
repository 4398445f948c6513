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
      title: { text: "营业收入与研发费用（万元）", left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 8, right: 0 },
      yAxis: { type: "value", name: "万元" },
      series: [
        { name: data.labels.revenue, type: "bar", data: data.revenue, barMaxWidth: 36 },
        { name: data.labels.rd_expense, type: "bar", data: data.rd_expense, barMaxWidth: 36 }
      ]
    }),
    draw("chart-intensity", {
      color: [palette[2]],
      title: { text: "研发费用占营业收入比重（%）", left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 8, right: 0 },
      yAxis: { type: "value", name: "%", axisLabel: { formatter: "{value}%" } },
      series: [{ name: data.labels.rd_intensity, type: "line", data: data.rd_intensity, connectNulls: false,
                 symbolSize: 8, label: { show: true, formatter: "{c}%" } }]
    })
  ];
  window.addEventListener("resize", function () { charts.forEach(function (c) { if (c) { c.resize(); } }); });
})();
