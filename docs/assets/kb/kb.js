/* Learn Something Harder: starts the page's parts (store.js and quiz.js on every page;
   review.js and assess.js, loaded from here, on their own pages) and keeps the due counts
   current: the "N due" badge in the header of every page, due counts on the map. */
(() => {
  "use strict";

  var KB = window.KB = window.KB || {};
  var S = KB.store, U = KB.ui;
  var LABELS = U.LEVEL_LABELS;

  function topics() { return (window.KB_DATA || { topics: [] }).topics; }

  /* the "N due" badge in the header, linking to /review/ */
  function badge(data, now) {
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var a = header.querySelector(".kb-due-badge");
    var n = S.dueKeys(data, now, topics()).length;
    if (!a) {
      a = U.el("a", "kb-due-badge");
      a.href = U.pageUrl("review");
      var search = header.querySelector(".md-search");
      header.insertBefore(a, search || null);
    }
    a.textContent = n ? n + " due" : "Review";
    a.classList.toggle("kb-due-badge--none", !n);
    a.setAttribute("aria-label", n ? n + (n === 1 ? " question" : " questions") + " due for review"
                                   : "Review: nothing due");
  }

  /* mastery and due counts on the map's nodes */
  function map(data, now) {
    var byId = {};
    topics().forEach((t) => { byId[t.id] = t; });
    document.querySelectorAll(".kb-map-node[data-topic]").forEach((n) => {
      var id = n.getAttribute("data-topic");
      var level = S.mastery(data, id);
      Object.keys(LABELS).forEach((l) => { n.classList.remove("kb-mastery--" + l); });
      n.classList.add("kb-mastery--" + level);
      var title = n.querySelector("title");
      if (!title.hasAttribute("data-title")) title.setAttribute("data-title", title.textContent);
      var due = byId[id] ? byId[id].questions.filter((q) => S.isDue(data.questions[id + "/" + q], now)).length : 0;
      title.textContent = title.getAttribute("data-title") + ": " + LABELS[level] +
        (due ? ", " + due + " due for review" : "");
      var mark = n.querySelector(".kb-map-due");
      if (!due) { if (mark) mark.remove(); return; }
      if (!mark) {
        var rect = n.querySelector("rect");
        mark = document.createElementNS("http://www.w3.org/2000/svg", "text");
        mark.setAttribute("class", "kb-map-due");
        mark.setAttribute("x", +rect.getAttribute("x") + +rect.getAttribute("width") - 18);
        mark.setAttribute("y", +rect.getAttribute("y") + +rect.getAttribute("height") - 5);
        mark.setAttribute("text-anchor", "end");
        n.appendChild(mark);
      }
      mark.textContent = due + " due";
    });
  }

  /* Redraw the counts (after an answer, an import, or a write in another tab). */
  function refresh() {
    var data = S.load(), now = new Date();
    badge(data, now);
    map(data, now);
  }

  function start() {
    document.documentElement.classList.add("kb-js");
    S.load(); /* migrates an old record, reports unreadable or unsaveable storage */
    document.querySelectorAll(".kb-quiz[data-topic]").forEach((q) => { new KB.Quiz(q); });
    document.querySelectorAll(".kb-reading[data-cite]").forEach(KB.readingStatus);
    page("review", "kb-review", "Review");
    page("assess", "kb-assess", "Assessment");
    refresh();
    KB.showNotices();
  }

  /* The review and assessment pages' scripts load only there (topic pages stay light). */
  function page(name, id, make) {
    var root = document.getElementById(id);
    if (!root) return;
    var go = () => { new KB[make](root); KB.showNotices(); };
    if (KB[make]) { go(); return; }
    var script = document.createElement("script");
    script.src = new URL("assets/kb/" + name + ".js", U.root).href;
    script.addEventListener("load", go);
    document.body.appendChild(script);
  }

  KB.refresh = refresh;
  window.addEventListener("storage", (e) => { if (e.key === S.KEY) refresh(); });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
