// 数字化水平评测答卷: "无" excludes the other options of a multi-choice question; live answered count.
(function () {
  "use strict";
  var form = document.getElementById("dq-form");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "checkbox" || !input.checked) { updateCount(); return; }
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + input.name + '"]');
    boxes.forEach(function (box) {
      if (box === input) { return; }
      if (input.dataset.exclusive === "1" || box.dataset.exclusive === "1") { box.checked = false; }
    });
    updateCount();
  });
  function updateCount() {
    var cards = form.querySelectorAll("[data-question]");
    var answered = 0;
    cards.forEach(function (card) { if (card.querySelector("input:checked")) { answered += 1; } });
    var counter = document.getElementById("answered-count");
    if (counter) { counter.textContent = String(answered); }
  }
})();
