/* report.js — the hover boxes of the contact strip, in `parley report` files and
   on the live page of `parley serve` (embedded in both at build time). A contact
   mark (g.contact[data-contact=N]) shows the hidden block #tip-contact-N (its
   events, evidence sentences and source documents) on hover, focus or tap.
   The marks' <title> stays as the browser's own tooltip without script. */
(function () {
  "use strict";
  function tipBox() {
    var tip = document.getElementById("parley-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "parley-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }
  function place(tip, x, y) {
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var vw = window.innerWidth, vh = window.innerHeight;
    var left = x + 14, top = y + 14;
    if (left + w > vw - 8) left = Math.max(8, x - w - 14);
    if (top + h > vh - 8) top = Math.max(8, y - h - 14);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function show(mark, x, y) {
    var root = mark.closest("main") || document;
    var body = root.querySelector("#tip-contact-" + mark.getAttribute("data-contact"));
    if (!body) return;
    var tip = tipBox();
    tip.innerHTML = body.innerHTML;
    tip.hidden = false;
    mark.classList.add("active");
    if (x === undefined) {
      var r = mark.getBoundingClientRect();
      x = r.right;
      y = r.bottom;
    }
    place(tip, x, y);
  }
  function hide(mark) {
    var tip = document.getElementById("parley-tip");
    if (tip) tip.hidden = true;
    if (mark) mark.classList.remove("active");
  }
  function bind(root) {
    var marks = (root || document).querySelectorAll("g.contact[data-contact]");
    Array.prototype.forEach.call(marks, function (m) {
      if (m.getAttribute("data-bound")) return;
      m.setAttribute("data-bound", "1");
      m.addEventListener("mouseenter", function (e) { show(m, e.clientX, e.clientY); });
      m.addEventListener("mousemove", function (e) { place(tipBox(), e.clientX, e.clientY); });
      m.addEventListener("mouseleave", function () { hide(m); });
      m.addEventListener("focus", function () { show(m); });
      m.addEventListener("blur", function () { hide(m); });
      m.addEventListener("click", function (e) { show(m, e.clientX, e.clientY); });
    });
    return marks.length;
  }
  window.parleyBindTips = bind;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { bind(document); });
  else bind(document);
})();
