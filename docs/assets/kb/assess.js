/* Learn Something Harder: the skill assessment page (/assess/): mastery and predicted
   recall per topic, a profile per area, what to learn next and review, and the progress
   file (export; import merges, so no file can erase newer work). */
(() => {
  "use strict";

  var KB = window.KB = window.KB || {};
  var S = KB.store, U = KB.ui;
  var el = U.el, percent = U.percent, dateText = U.dateText, LEVEL_LABELS = U.LEVEL_LABELS;
  var EXPORT_DAYS = 7;

  function Assessment(root) {
    this.root = root;
    this.kb = JSON.parse(root.getAttribute("data-kb"));
    var self = this;
    root.hidden = false;
    root.querySelector(".kb-export").addEventListener("click", () => { self.exportFile(); });
    root.querySelector(".kb-import").addEventListener("change", (e) => { self.importFile(e.target); });
    root.querySelector(".kb-reset").addEventListener("click", () => { self.reset(); });
    this.render();
  }

  Assessment.prototype.link = function (topic) {
    var row = document.querySelector('.kb-mastery tr[data-topic="' + topic.id + '"] a');
    var a = el("a", null, topic.title);
    a.href = row ? row.getAttribute("href") : U.pageUrl("topics/" + topic.id);
    return a;
  };

  Assessment.prototype.render = function () {
    var data = S.load(), now = new Date();
    var self = this;
    var levels = {}, recalls = {}, due = {};
    this.kb.topics.forEach((t) => {
      levels[t.id] = S.mastery(data, t.id);
      recalls[t.id] = S.topicRecall(data, t, now);
      due[t.id] = t.questions.filter((q) => S.isDue(data.questions[t.id + "/" + q], now)).length;
    });
    var rank = function (id) { return S.LEVELS.indexOf(levels[id]); };

    /* the table of every topic (rows rendered at build time) */
    document.querySelectorAll(".kb-mastery tr[data-topic]").forEach((row) => {
      var id = row.getAttribute("data-topic");
      var t = S.topicRecord(data, id);
      row.querySelector(".kb-level-cell").textContent = LEVEL_LABELS[levels[id]];
      var cell = row.querySelector(".kb-recall-cell");
      if (cell) cell.textContent = recalls[id] === null || recalls[id] === undefined ? "\u2014"
        : percent(recalls[id]) + (due[id] ? " \u00b7 " + due[id] + " due" : "");
      row.querySelector(".kb-best-cell").textContent = t.attempts ? percent(t.best) : "\u2014";
      row.querySelector(".kb-last-cell").textContent = t.attempts ? dateText(t.last) : "\u2014";
      row.className = "kb-row--" + levels[id];
    });

    /* summary */
    var counts = {};
    S.LEVELS.forEach((l) => { counts[l] = 0; });
    this.kb.topics.forEach((t) => { counts[levels[t.id]] += 1; });
    var papers = {};
    this.kb.topics.forEach((t) => { t.readings.forEach((k) => { papers[k] = true; }); });
    var read = 0, reading = 0, total = Object.keys(papers).length;
    Object.keys(papers).forEach((k) => {
      if (data.readings[k] === "read") read++;
      else if (data.readings[k] === "reading") reading++;
    });
    var summary = this.root.querySelector(".kb-assess-summary");
    summary.textContent = S.LEVELS.slice().reverse().map((l) => {
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
        sum += S.topicRecord(data, t.id).best;
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

    this.list(".kb-next", S.learnNext(data, this.kb.topics).slice(0, 6), (t) => {
      return rank(t.id) > 0 ? LEVEL_LABELS[levels[t.id]] + ", best " +
        percent(S.topicRecord(data, t.id).best) :
        (t.prerequisites.length ? "prerequisites done" : "no prerequisites");
    }, "Nothing to suggest: every topic whose prerequisites you know is proficient.");

    /* review: topics with due cards, the least likely to be recalled first */
    var review = this.kb.topics.filter((t) => due[t.id]).sort((a, b) => {
      return recalls[a.id] - recalls[b.id] || self.kb.topics.indexOf(a) - self.kb.topics.indexOf(b);
    });
    var total = review.reduce((n, t) => n + due[t.id], 0);
    var start = this.root.querySelector(".kb-review-start");
    if (start) start.hidden = !total;
    this.list(".kb-review", review, (t) => {
      return due[t.id] + (due[t.id] === 1 ? " question" : " questions") + " due, recall today " +
        percent(recalls[t.id]);
    }, "Nothing to review now: no question is due.");
    if (total) {
      this.root.querySelector(".kb-review").insertBefore(
        el("p", "kb-review-total", total + (total === 1 ? " question is" : " questions are") +
           " due for review."), this.root.querySelector(".kb-review ol"));
    }
    this.exportStatus(data, now);
  };

  /* When progress was last exported; after a week, a reminder (Safari deletes a site's
     storage after 7 days without a visit). */
  Assessment.prototype.exportStatus = function (data, now) {
    var box = this.root.querySelector(".kb-export-status");
    if (!box) return;
    var firsts = Object.keys(data.questions).map((k) => data.questions[k].first || data.questions[k].at);
    var since = data.exported || firsts.sort()[0] || null;
    var days = since ? Math.floor((now - Date.parse(since)) / S.DAY) : 0;
    box.textContent = data.exported ? "Last exported on " + dateText(data.exported) + "." :
      "You have not exported your progress from this browser yet.";
    box.classList.toggle("kb-export-due", days >= EXPORT_DAYS);
    if (days >= EXPORT_DAYS) {
      box.textContent += " It is " + days + " days since " + (data.exported ? "then" : "your first answer") +
        ": export it now and keep the file. Some browsers (Safari) delete a site's saved data " +
        "after 7 days without a visit.";
    }
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
    var now = new Date().toISOString();
    var data = S.update((d) => { d.exported = now; });
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "learn-something-harder-progress-" + S.today() + ".json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => { URL.revokeObjectURL(a.href); }, 1000);
    this.render();
    this.say("Exported your progress to " + a.download + ".");
  };

  Assessment.prototype.importFile = function (input) {
    var file = input.files && input.files[0];
    var self = this;
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      input.value = "";
      var got = S.read(reader.result);
      if (got.problem) {
        self.say("Could not import " + file.name + ": " + got.problem + ". Nothing was changed.");
        return;
      }
      var changed;
      S.update((d) => { changed = S.merge(d, got.data); });
      self.render();
      if (KB.refresh) KB.refresh();
      self.say("Merged " + file.name + " into this browser's progress: " + changed.cards +
               (changed.cards === 1 ? " card" : " cards") + " newer in the file, " +
               changed.topics + " topics, " + changed.readings + " reading statuses. " +
               "Newer reviews in this browser were kept.");
    };
    reader.onerror = function () { self.say("Could not read " + file.name + "."); };
    reader.readAsText(file);
  };

  Assessment.prototype.reset = function () {
    if (!window.confirm("Erase all your quiz progress, review schedule and reading statuses in " +
                        "this browser? Export them first if you may want them back.")) {
      this.say("Reset cancelled.");
      return;
    }
    S.save(S.empty());
    this.render();
    if (KB.refresh) KB.refresh();
    this.say("All progress in this browser was erased.");
  };

  KB.Assessment = Assessment;
})();
