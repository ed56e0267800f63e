/* Learn Something Harder: quizzes, progress and the skill assessment page.
   No framework, no server: progress lives in localStorage under one versioned key.
   Every text that comes from the knowledge base is set with textContent, never as HTML. */
(() => {
  "use strict";

  var KEY = "learn-something-harder/progress";
  var SCHEMA = "learn-something-harder/progress";
  var VERSION = 1;
  var STATUSES = ["to-read", "reading", "read"];
  var STATUS_LABELS = { "to-read": "To read", reading: "Reading", read: "Read" };
  var LEVELS = ["not-started", "attempted", "familiar", "proficient", "mastered"];
  var LEVEL_LABELS = {
    "not-started": "Not started", attempted: "Attempted", familiar: "Familiar",
    proficient: "Proficient", mastered: "Mastered"
  };
  var REVIEW_DAYS = 14;

  /* progress store */

  function empty() {
    return { schema: SCHEMA, version: VERSION, questions: {}, topics: {}, readings: {} };
  }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  /* Returns null when `data` is a valid progress record, else what is wrong with it. */
  function problem(data) {
    if (!isObject(data)) return "it is not a JSON object";
    if (data.schema !== SCHEMA) return "it is not a Learn Something Harder progress record";
    if (data.version !== VERSION) return "it has version " + JSON.stringify(data.version) +
      ", this site reads version " + VERSION;
    var parts = ["questions", "topics", "readings"];
    for (var i = 0; i < parts.length; i++) {
      if (!isObject(data[parts[i]])) return "its '" + parts[i] + "' part is missing or malformed";
    }
    var k, v;
    for (k in data.questions) {
      v = data.questions[k];
      if (!isObject(v) || (v.result !== "right" && v.result !== "wrong") || typeof v.at !== "string")
        return "question '" + k + "' is malformed";
    }
    for (k in data.topics) {
      v = data.topics[k];
      if (!isObject(v) || typeof v.best !== "number" || v.best < 0 || v.best > 1 ||
          typeof v.attempts !== "number" || v.attempts < 0 || !Array.isArray(v.perfectDays) ||
          (v.last !== null && typeof v.last !== "string"))
        return "topic '" + k + "' is malformed";
    }
    for (k in data.readings) {
      if (STATUSES.indexOf(data.readings[k]) < 0) return "reading '" + k + "' has an unknown status";
    }
    return null;
  }

  var notices = [];

  function notice(text) {
    notices.push(text);
    showNotices();
  }

  function showNotices() {
    var article = document.querySelector("article");
    if (!article || !notices.length) return;
    var box = article.querySelector(".kb-notice");
    if (!box) {
      box = el("div", "admonition warning kb-notice");
      attrs(box, { role: "alert" });
      box.appendChild(el("p", "admonition-title", "Your progress"));
      article.insertBefore(box, article.firstChild);
    }
    while (box.childNodes.length > 1) box.removeChild(box.lastChild);
    notices.forEach((t) => { box.appendChild(el("p", null, t)); });
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function load() {
    var store = storage();
    if (!store) return empty();
    var raw;
    try { raw = store.getItem(KEY); } catch (e) { return empty(); }
    if (raw === null) return empty();
    var data, why;
    try { data = JSON.parse(raw); why = problem(data); } catch (e) { why = "it is not valid JSON"; }
    if (!why) return window.kbMigrate ? window.kbMigrate(data) : data; /* aliases.js */
    var aside = KEY + "/set-aside/" + new Date().toISOString();
    try { store.setItem(aside, raw); store.removeItem(KEY); } catch (e) { /* kept as it was */ }
    notice("Saved progress in this browser could not be read (" + why + "). It was set aside " +
           "under the key \u201c" + aside + "\u201d and a fresh record was started.");
    return empty();
  }

  function save(data) {
    var store = storage();
    try {
      if (!store) throw new Error("no storage");
      store.setItem(KEY, JSON.stringify(data));
      return true;
    } catch (e) {
      notice("Progress could not be saved in this browser (storage is full or disabled).");
      return false;
    }
  }

  function today(date) { return (date || new Date()).toISOString().slice(0, 10); }

  function topicRecord(data, topic) {
    return data.topics[topic] || { best: 0, attempts: 0, last: null, perfectDays: [] };
  }

  function answered(data, topic) {
    var prefix = topic + "/";
    return Object.keys(data.questions).some((k) => k.indexOf(prefix) === 0);
  }

  function mastery(data, topic) {
    var t = data.topics[topic];
    if (!t || !t.attempts) return answered(data, topic) ? "attempted" : "not-started";
    if (t.perfectDays.length >= 2) return "mastered";
    if (t.best >= 1) return "proficient";
    if (t.best >= 0.7) return "familiar";
    return "attempted";
  }

  /* small DOM helpers */

  function attrs(e, map) {
    for (const k in map) e.setAttribute(k, map[k]);
    return e;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function button(text, cls, onclick) {
    var b = el("button", "kb-button " + (cls || ""), text);
    b.type = "button";
    b.addEventListener("click", onclick);
    return b;
  }

  function percent(x) { return Math.round(x * 100) + "%"; }

  function dateText(iso) { return iso ? iso.slice(0, 10) : "never"; }

  /* quizzes */

  function shuffle(nodes) {
    var parent = nodes[0].parentNode;
    var list = Array.from(nodes);
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    list.forEach((n) => { parent.appendChild(n); });
  }

  function Question(node, quiz) {
    this.node = node;
    this.quiz = quiz;
    this.type = node.getAttribute("data-type");
    this.qid = node.getAttribute("data-qid");
    this.key = quiz.topic + "/" + this.qid;
    this.base = "kb-" + quiz.topic + "-" + this.qid;
    this.answer = node.querySelector(".kb-answer");
    this.result = null;
    var prompt = node.querySelector(".kb-prompt");
    prompt.id = this.base + "-prompt";
    var controls = el("div", "kb-controls");
    this.status = el("p", "kb-result");
    attrs(this.status, { id: this.base + "-result", role: "status", "aria-live": "polite" });
    var self = this;
    if (this.type === "single" || this.type === "multiple") {
      var group = node.querySelector(".kb-options");
      attrs(group, { role: this.type === "single" ? "radiogroup" : "group",
                     "aria-labelledby": prompt.id });
      this.options = Array.from(group.querySelectorAll(".kb-option"));
      this.options.forEach((opt, i) => {
        var input = el("input");
        input.type = self.type === "single" ? "radio" : "checkbox";
        input.name = self.base;
        input.id = self.base + "-" + i;
        input.value = String(i);
        var label = el("label");
        label.htmlFor = input.id;
        while (opt.firstChild) label.appendChild(opt.firstChild);
        opt.appendChild(input);
        opt.appendChild(label);
        opt.correct = opt.getAttribute("data-correct") === "true";
      });
      if (node.getAttribute("data-shuffle") === "true") shuffle(this.options);
      controls.appendChild(button("Check", "kb-check", () => { self.check(); }));
    } else if (this.type === "numeric") {
      var field = el("div", "kb-numeric");
      var label = el("label", null, "Your answer");
      this.input = el("input");
      this.input.type = "number";
      this.input.step = "any";
      this.input.inputMode = "decimal";
      this.input.id = this.base + "-input";
      this.input.setAttribute("aria-describedby", prompt.id);
      label.htmlFor = this.input.id;
      this.input.addEventListener("keydown", (e) => { if (e.key === "Enter") self.check(); });
      field.appendChild(label);
      field.appendChild(this.input);
      prompt.parentNode.insertBefore(field, prompt.nextSibling);
      controls.appendChild(button("Check", "kb-check", () => { self.check(); }));
    } else {
      this.reveal = button("Show the model answer", "kb-reveal", () => {
        self.answer.open = true;
        self.reveal.hidden = true;
        self.judge.hidden = false;
        self.judge.querySelector("button").focus();
      });
      this.judge = el("div", "kb-judge");
      this.judge.appendChild(el("span", null, "Did your answer match it? "));
      this.judge.appendChild(button("I got it right", "kb-right", () => { self.grade(true); }));
      this.judge.appendChild(button("I got it wrong", "kb-wrong", () => { self.grade(false); }));
      this.judge.hidden = true;
      controls.appendChild(this.reveal);
      controls.appendChild(this.judge);
    }
    controls.appendChild(this.status);
    node.insertBefore(controls, this.answer);
    var last = quiz.progress.questions[this.key];
    if (last) {
      this.lastNote = el("p", "kb-last", "Last time (" + dateText(last.at) + "): " +
                         (last.result === "right" ? "right" : "wrong") + ".");
      node.insertBefore(this.lastNote, controls);
    }
  }

  Question.prototype.check = function () {
    if (this.result !== null) return;
    var right;
    if (this.options) {
      var chosen = this.options.filter((o) => o.querySelector("input").checked);
      if (!chosen.length) { this.say("Choose an option first."); return; }
      right = this.options.every((o) => {
        return o.correct === o.querySelector("input").checked;
      });
      this.options.forEach((o) => {
        var picked = o.querySelector("input").checked;
        var mark = o.correct ? (picked ? "Correct answer, you chose it." : "Correct answer, you missed it.")
                             : (picked ? "Wrong, you chose it." : "");
        o.classList.add(o.correct ? "kb-option--correct" : (picked ? "kb-option--wrong" : "kb-option--other"));
        if (mark) o.appendChild(el("span", "kb-mark", mark));
        o.querySelector("input").disabled = true;
      });
    } else {
      var text = this.input.value.trim();
      var value = parseFloat(text);
      if (text === "" || !isFinite(value)) { this.say("Enter a number first."); return; }
      var answer = parseFloat(this.node.getAttribute("data-answer"));
      var tol = parseFloat(this.node.getAttribute("data-tolerance")) || 0;
      right = Math.abs(value - answer) <= tol + 1e-9 * Math.max(1, Math.abs(answer));
      this.input.disabled = true;
      this.node.classList.add(right ? "kb-numeric--right" : "kb-numeric--wrong");
    }
    var check = this.node.querySelector(".kb-check");
    if (check) check.disabled = true;
    this.grade(right);
  };

  Question.prototype.say = function (text) { this.status.textContent = text; };

  Question.prototype.grade = function (right) {
    if (this.result !== null) return;
    this.result = right;
    this.answer.open = true;
    if (this.judge) this.judge.hidden = true;
    this.node.classList.add(right ? "kb-question--right" : "kb-question--wrong");
    this.say(right ? "Right. The explanation is below." :
             "Not quite. The answer and its explanation are below.");
    this.quiz.record(this, right);
  };

  Question.prototype.reset = function () {
    this.result = null;
    this.answer.open = false;
    this.say("");
    this.node.classList.remove("kb-question--right", "kb-question--wrong",
                               "kb-numeric--right", "kb-numeric--wrong");
    var check = this.node.querySelector(".kb-check");
    if (check) check.disabled = false;
    if (this.options) {
      this.options.forEach((o) => {
        o.classList.remove("kb-option--correct", "kb-option--wrong", "kb-option--other");
        o.querySelectorAll(".kb-mark").forEach((m) => { m.remove(); });
        var input = o.querySelector("input");
        input.checked = false;
        input.disabled = false;
      });
      if (this.node.getAttribute("data-shuffle") === "true") shuffle(this.options);
    } else if (this.input) {
      this.input.value = "";
      this.input.disabled = false;
    } else {
      this.reveal.hidden = false;
      this.judge.hidden = true;
    }
  };

  function Quiz(node, progress) {
    var self = this;
    this.node = node;
    this.topic = node.getAttribute("data-topic");
    this.progress = progress;
    this.summary = el("p", "kb-quiz-progress");
    node.insertBefore(this.summary, node.firstChild);
    this.questions = Array.from(node.querySelectorAll(".kb-question"), (q) => new Question(q, self));
    var footer = el("div", "kb-quiz-footer");
    this.score = el("p", "kb-score");
    attrs(this.score, { role: "status", "aria-live": "polite" });
    this.retry = button("Try the quiz again", "kb-retry", () => { self.restart(); });
    this.retry.hidden = true;
    footer.appendChild(this.score);
    footer.appendChild(this.retry);
    node.appendChild(footer);
    this.showProgress();
    this.showScore();
  }

  Quiz.prototype.showProgress = function () {
    var t = topicRecord(this.progress, this.topic);
    var level = mastery(this.progress, this.topic);
    this.summary.textContent = "Your mastery: " + LEVEL_LABELS[level] +
      (t.attempts ? " \u00b7 best score " + percent(t.best) + " \u00b7 " + t.attempts +
        (t.attempts === 1 ? " attempt" : " attempts") + " \u00b7 last practised " + dateText(t.last) : "");
  };

  Quiz.prototype.showScore = function () {
    var done = this.questions.filter((q) => q.result !== null);
    var right = done.filter((q) => q.result).length;
    var total = this.questions.length;
    if (!done.length) {
      this.score.textContent = total + (total === 1 ? " question." : " questions.") +
        " Answer them all to record a score.";
    } else if (done.length < total) {
      this.score.textContent = "Score so far: " + right + " of " + done.length + " right, " +
        (total - done.length) + " to go.";
    } else {
      var t = topicRecord(this.progress, this.topic);
      this.score.textContent = "Quiz complete: " + right + " of " + total + " right (" +
        percent(right / total) + "). Best score: " + percent(t.best) + ".";
    }
  };

  Quiz.prototype.record = function (question, right) {
    var now = new Date().toISOString();
    var data = load(); /* re-read: another tab may have written since */
    data.questions[question.key] = { result: right ? "right" : "wrong", at: now };
    var done = this.questions.filter((q) => q.result !== null);
    if (done.length === this.questions.length) {
      var score = done.filter((q) => q.result).length / done.length;
      var t = topicRecord(data, this.topic);
      t.best = Math.max(t.best, score);
      t.attempts += 1;
      t.last = now;
      if (score === 1 && t.perfectDays.indexOf(today()) < 0) t.perfectDays.push(today());
      data.topics[this.topic] = t;
      this.retry.hidden = false;
    }
    save(data);
    this.progress = data;
    this.showProgress();
    this.showScore();
  };

  Quiz.prototype.restart = function () {
    this.questions.forEach((q) => { q.reset(); });
    this.retry.hidden = true;
    this.showScore();
    var first = this.node.querySelector(".kb-question input, .kb-question button");
    if (first) first.focus();
  };

  /* reading status */

  function readingStatus(span) {
    var cite = span.getAttribute("data-cite");
    var select = el("select", "kb-reading-select");
    select.id = "kb-reading-" + cite + "-" + Math.random().toString(36).slice(2, 8);
    var label = el("label", "kb-reading-label", "Reading status");
    label.htmlFor = select.id;
    STATUSES.forEach((s) => {
      var o = el("option", null, STATUS_LABELS[s]);
      o.value = s;
      select.appendChild(o);
    });
    select.value = load().readings[cite] || "to-read";
    select.addEventListener("change", () => {
      var data = load();
      if (select.value === "to-read") delete data.readings[cite];
      else data.readings[cite] = select.value;
      save(data);
    });
    span.appendChild(label);
    span.appendChild(select);
  }

  /* the assessment page */

  function Assessment(root) {
    this.root = root;
    this.kb = JSON.parse(root.getAttribute("data-kb"));
    this.byId = {};
    var self = this;
    this.kb.topics.forEach((t) => { self.byId[t.id] = t; });
    root.hidden = false;
    root.querySelector(".kb-export").addEventListener("click", () => { self.exportFile(); });
    root.querySelector(".kb-import").addEventListener("change", (e) => { self.importFile(e.target); });
    root.querySelector(".kb-reset").addEventListener("click", () => { self.reset(); });
    this.render();
  }

  Assessment.prototype.link = function (topic) {
    var row = document.querySelector('.kb-mastery tr[data-topic="' + topic.id + '"] a');
    var a = el("a", null, topic.title);
    a.href = row ? row.getAttribute("href") : "../topics/" + topic.id + "/";
    return a;
  };

  Assessment.prototype.render = function () {
    var data = load();
    var self = this;
    var levels = {};
    this.kb.topics.forEach((t) => { levels[t.id] = mastery(data, t.id); });
    var rank = function (id) { return LEVELS.indexOf(levels[id]); };

    /* the table of every topic (rows rendered at build time) */
    document.querySelectorAll(".kb-mastery tr[data-topic]").forEach((row) => {
      var id = row.getAttribute("data-topic");
      var t = topicRecord(data, id);
      row.querySelector(".kb-level-cell").textContent = LEVEL_LABELS[levels[id]];
      row.querySelector(".kb-best-cell").textContent = t.attempts ? percent(t.best) : "\u2014";
      row.querySelector(".kb-last-cell").textContent = t.attempts ? dateText(t.last) : "\u2014";
      row.className = "kb-row--" + levels[id];
    });

    /* summary */
    var counts = {};
    LEVELS.forEach((l) => { counts[l] = 0; });
    this.kb.topics.forEach((t) => { counts[levels[t.id]] += 1; });
    var papers = {};
    this.kb.topics.forEach((t) => { t.readings.forEach((k) => { papers[k] = true; }); });
    var read = 0, reading = 0, total = Object.keys(papers).length;
    Object.keys(papers).forEach((k) => {
      if (data.readings[k] === "read") read++;
      else if (data.readings[k] === "reading") reading++;
    });
    var summary = this.root.querySelector(".kb-assess-summary");
    summary.textContent = LEVELS.slice().reverse().map((l) => {
      return counts[l] + " " + LEVEL_LABELS[l].toLowerCase();
    }).join(" \u00b7 ") + " (of " + this.kb.topics.length + " topics). Readings: " + read +
      " read, " + reading + " in progress, of " + total + ".";

    /* profile per area */
    var profile = this.root.querySelector(".kb-profile");
    profile.textContent = "";
    var table = el("table", "kb-profile-table");
    var head = el("tr");
    ["Area", "Score", "Topics familiar or better"].forEach((h) => {
      var th = el("th", null, h);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    this.kb.areas.forEach((area) => {
      var topics = self.kb.topics.filter((t) => t.area === area.id);
      if (!topics.length) return;
      var sum = 0, good = 0;
      topics.forEach((t) => {
        sum += topicRecord(data, t.id).best;
        if (rank(t.id) >= 2) good++;
      });
      var score = sum / topics.length;
      var tr = el("tr");
      var th = el("th", null, area.title);
      th.scope = "row";
      tr.appendChild(th);
      var cell = el("td", "kb-bar-cell");
      var bar = el("span", "kb-bar");
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "kb-bar-fill");
      fill.style.width = percent(score);
      bar.appendChild(fill);
      cell.appendChild(bar);
      cell.appendChild(el("span", "kb-bar-value", percent(score)));
      tr.appendChild(cell);
      tr.appendChild(el("td", null, good + " of " + topics.length));
      body.appendChild(tr);
    });
    profile.appendChild(table);

    /* learn next: not yet proficient, every prerequisite at least familiar; topics already
       under way first, then in learning order (the order of kb.topics) */
    var next = this.kb.topics.filter((t) => {
      return rank(t.id) < 3 && t.prerequisites.every((p) => {
        return !self.byId[p] || rank(p) >= 2;
      });
    });
    next.sort((a, b) => {
      var ua = rank(a.id) > 0 ? 0 : 1, ub = rank(b.id) > 0 ? 0 : 1;
      return ua - ub || self.kb.topics.indexOf(a) - self.kb.topics.indexOf(b);
    });
    this.list(".kb-next", next.slice(0, 6), (t) => {
      return rank(t.id) > 0 ? LEVEL_LABELS[levels[t.id]] + ", best " +
        percent(topicRecord(data, t.id).best) :
        (t.prerequisites.length ? "prerequisites done" : "no prerequisites");
    }, "Nothing to suggest: every topic whose prerequisites you know is proficient.");

    /* review: proficient or mastered, not practised for a while, oldest first */
    var cutoff = Date.now() - REVIEW_DAYS * 86400000;
    var review = this.kb.topics.filter((t) => {
      var last = topicRecord(data, t.id).last;
      return rank(t.id) >= 3 && last && Date.parse(last) < cutoff;
    }).sort((a, b) => {
      return Date.parse(topicRecord(data, a.id).last) - Date.parse(topicRecord(data, b.id).last);
    });
    this.list(".kb-review", review, (t) => {
      return "last practised " + dateText(topicRecord(data, t.id).last);
    }, "Nothing to review: no proficient topic has gone " + REVIEW_DAYS + " days without practice.");
  };

  Assessment.prototype.list = function (selector, topics, note, none) {
    var box = this.root.querySelector(selector);
    box.textContent = "";
    if (!topics.length) { box.appendChild(el("p", null, none)); return; }
    var ol = el("ol");
    var self = this;
    topics.forEach((t) => {
      var li = el("li");
      li.appendChild(self.link(t));
      li.appendChild(document.createTextNode(" \u2014 " + note(t)));
      ol.appendChild(li);
    });
    box.appendChild(ol);
  };

  Assessment.prototype.say = function (text) {
    this.root.querySelector(".kb-io-status").textContent = text;
  };

  Assessment.prototype.exportFile = function () {
    var data = load();
    data.exported = new Date().toISOString();
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "learn-something-harder-progress-" + today() + ".json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => { URL.revokeObjectURL(a.href); }, 1000);
    this.say("Exported your progress to " + a.download + ".");
  };

  Assessment.prototype.importFile = function (input) {
    var file = input.files && input.files[0];
    var self = this;
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      input.value = "";
      var data, why;
      try { data = JSON.parse(reader.result); why = problem(data); } catch (e) { why = "it is not valid JSON"; }
      if (why) { self.say("Could not import " + file.name + ": " + why + ". Nothing was changed."); return; }
      delete data.exported;
      var current = load();
      var hasAny = Object.keys(current.questions).length || Object.keys(current.readings).length;
      if (hasAny && !window.confirm("Replace the progress in this browser with the file's?")) {
        self.say("Import cancelled. Nothing was changed.");
        return;
      }
      if (save(data)) {
        self.render();
        self.say("Imported " + file.name + ": " + Object.keys(data.topics).length + " topics, " +
                 Object.keys(data.questions).length + " answered questions, " +
                 Object.keys(data.readings).length + " reading statuses.");
      }
    };
    reader.onerror = function () { self.say("Could not read " + file.name + "."); };
    reader.readAsText(file);
  };

  Assessment.prototype.reset = function () {
    if (!window.confirm("Erase all your quiz progress and reading statuses in this browser? " +
                        "Export them first if you may want them back.")) {
      this.say("Reset cancelled.");
      return;
    }
    save(empty());
    this.render();
    this.say("All progress in this browser was erased.");
  };

  /* start */

  function start() {
    document.documentElement.classList.add("kb-js");
    notices = [];
    var progress = load();
    document.querySelectorAll(".kb-quiz[data-topic]").forEach((q) => { new Quiz(q, progress); });
    document.querySelectorAll(".kb-reading[data-cite]").forEach(readingStatus);
    document.querySelectorAll(".kb-map-node[data-topic]").forEach((n) => { /* map overlay */
      const level = mastery(progress, n.getAttribute("data-topic"));
      n.classList.add("kb-mastery--" + level);
      n.querySelector("title").textContent += ": " + LEVEL_LABELS[level];
    });
    var assess = document.getElementById("kb-assess");
    if (assess) new Assessment(assess);
    showNotices();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
