// 数字化水平评测结果: radar chart of each dimension's share of its maximum (ECharts from our static files).
(function () {
  "use strict";
  var holder = document.getElementById("dq-radar");
  var data = document.getElementById("dq-radar-data");
  if (!holder || !data || typeof echarts === "undefined") { return; }
  var radar = JSON.parse(data.textContent);
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: {},
    radar: { indicator: radar.indicators, radius: "65%", axisName: { color: "#333" } },
    series: [{ type: "radar", name: "得分率（%）", areaStyle: { opacity: 0.25 },
               data: [{ value: radar.values, name: "得分率（%）", label: { show: true } }] }]
  });
  holder.dataset.rendered = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
