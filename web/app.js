/* app.js — the live page of `parley serve`: reads the filters, asks the server
   for the report of the dyad (GET /report?...&fragment=1: the same HTML and SVG
   as `parley report`), puts it in #report and binds the hover boxes. Actor
   fields complete from GET /api/actors?q= (names in either language). The
   filters live in the address (?a=USA&b=RUS&from=…), so a view can be shared.
   body[data-state] is loading, ready or error (the browser test waits on it). */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var status = document.getElementById("status");
  var out = document.getElementById("report");
  var FIELDS = ["a", "b", "vs", "from", "to", "by", "code", "quad", "unit"];

  function setState(state, message) {
    document.body.setAttribute("data-state", state);
    status.textContent = message || "";
    status.className = state === "error" ? "error" : "";
  }

  function params() {
    var p = new URLSearchParams();
    FIELDS.forEach(function (k) {
      var el = form.elements[k];
      var v = el ? el.value.trim() : "";
      if (!v || (k === "by" && v === "auto") || (k === "unit" && v === "events")) return;
      if (k === "vs") {
        v.split(/[,，;；]/).forEach(function (x) { x = x.trim(); if (x) p.append("vs", x); });
      } else {
        p.set(k, v);
      }
    });
    return p;
  }

  function fill(p) {
    FIELDS.forEach(function (k) {
      var el = form.elements[k];
      if (!el) return;
      var v = k === "vs" ? p.getAll("vs").join(", ") : p.get(k);
      if (v) el.value = v;
    });
  }

  function errorText(res, text) {
    try {
      var j = JSON.parse(text);
      if (j && j.error) return j.error.message || String(j.error);
    } catch (e) { /* not JSON */ }
    return "HTTP " + res.status;
  }

  function load() {
    var p = params();
    if (!p.get("a") || !p.get("b")) {
      setState("error", "请填写两个行为体 · give two actors");
      return;
    }
    history.replaceState(null, "", "?" + p.toString());
    setState("loading", "载入中 · loading…");
    p.set("fragment", "1");
    fetch("report?" + p.toString(), { headers: { Accept: "text/html" } })
      .then(function (res) {
        return res.text().then(function (text) {
          if (!res.ok) throw new Error(errorText(res, text));
          out.innerHTML = text;
          var n = window.parleyBindTips ? window.parleyBindTips(out) : 0;
          var main = out.querySelector("main");
          setState("ready", main ? (n + " 个接触日 contact days") : "");
        });
      })
      .catch(function (e) {
        out.innerHTML = "";
        setState("error", e.message);
      });
  }

  var timers = {};
  function complete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var q = input.value.split(/[,，;；]/).pop().trim();
    clearTimeout(timers[input.id]);
    if (!q) return;
    timers[input.id] = setTimeout(function () {
      fetch("api/actors?limit=12&q=" + encodeURIComponent(q))
        .then(function (res) { return res.ok ? res.json() : { actors: [] }; })
        .then(function (j) {
          list.innerHTML = "";
          (j.actors || []).forEach(function (a) {
            var o = document.createElement("option");
            o.value = a.code;
            o.label = [a.code, a.name, a.matched && a.matched !== a.name ? "(" + a.matched + ")" : ""].join(" ").trim();
            list.appendChild(o);
          });
        })
        .catch(function () { /* completion is optional */ });
    }, 180);
  }

  ["f-a", "f-b", "f-vs"].forEach(function (id) {
    var el = document.getElementById(id);
    el.addEventListener("input", function () { complete(el); });
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    load();
  });

  fetch("api/summary?top=1")
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (s) {
      if (s) {
        document.getElementById("db-summary").textContent =
          s.documents + " 篇文档 documents · " + s.event_rows + " 条事件 event rows · " +
          (s.first_day || "–") + " … " + (s.last_day || "–");
      }
      var p = new URLSearchParams(location.search);
      if (!p.get("a") && s && s.top_dyads && s.top_dyads.length) {
        p.set("a", s.top_dyads[0].a);
        p.set("b", s.top_dyads[0].b);
      }
      fill(p);
      if (p.get("a") && p.get("b")) load();
      else setState("ready", "数据库为空 · the database has no dyads yet");
    })
    .catch(function (e) { setState("error", e.message); });
})();
