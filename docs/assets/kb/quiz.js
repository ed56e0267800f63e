/* Learn Something Harder: quiz questions (on topic pages and in the review session), the
   page's notices and reading statuses. Every answer is a review of the question's card:
   wrong → Again, right at the first try → Good, right only after a retry → Hard; a recall
   question is rated by the learner (Again / Hard / Good / Easy).
   Every text from the knowledge base is set with textContent, never as HTML. */
(() => {
  "use strict";

  var KB = window.KB = window.KB || {};
  var S = KB.store;
  var STATUS_LABELS = { "to-read": "To read", reading: "Reading", read: "Read" };
  var LEVEL_LABELS = {
    "not-started": "Not started", attempted: "Attempted", familiar: "Familiar",
    proficient: "Proficient", mastered: "Mastered"
  };
  var RATINGS = [[1, "Again"], [2, "Hard"], [3, "Good"], [4, "Easy"]];

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

  /* The site's root URL, from this script's own address (…/assets/kb/quiz.js). */
  var ROOT = new URL("../../", document.currentScript ? document.currentScript.src : location.href);

  /* A page of the site by name ("review"), as MkDocs links it here. */
  function pageUrl(name) {
    var files = /\.html$/.test(location.pathname) || location.protocol === "file:";
    return new URL(files ? name + ".html" : name + "/", ROOT).href;
  }

  function showNotices() {
    var article = document.querySelector("article");
    if (!article || !S.notices.length) return;
    var box = article.querySelector(".kb-notice");
    if (!box) {
      box = el("div", "admonition warning kb-notice");
      attrs(box, { role: "alert" });
      box.appendChild(el("p", "admonition-title", "Your progress"));
      article.insertBefore(box, article.firstChild);
    }
    while (box.childNodes.length > 1) box.removeChild(box.lastChild);
    S.notices.forEach((t) => { box.appendChild(el("p", null, t)); });
  }

  /* questions */

  function shuffle(nodes) {
    var parent = nodes[0].parentNode;
    var list = Array.from(nodes);
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    list.forEach((n) => { parent.appendChild(n); });
  }

  /* One question. `owner.graded(question, rating)` records an answer. */
  function Question(node, topic, owner) {
    this.node = node;
    this.owner = owner;
    this.type = node.getAttribute("data-type");
    this.qid = node.getAttribute("data-qid");
    this.key = topic + "/" + this.qid;
    this.base = "kb-" + topic + "-" + this.qid;
    this.answer = node.querySelector(".kb-answer");
    this.result = null;
    this.missed = false; /* answered wrong earlier in this visit: a later right answer is Hard */
    var prompt = node.querySelector(".kb-prompt");
    prompt.id = this.base + "-prompt";
    var controls = el("div", "kb-controls");
    this.status = el("p", "kb-result");
    attrs(this.status, { id: this.base + "-result", role: "status", "aria-live": "polite" });
    this.scheduled = el("p", "kb-scheduled");
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
        opt.letter = i;
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
      this.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); self.check(); }
      });
      field.appendChild(label);
      field.appendChild(this.input);
      prompt.parentNode.insertBefore(field, prompt.nextSibling);
      controls.appendChild(button("Check", "kb-check", () => { self.check(); }));
    } else {
      this.reveal = button("Show the model answer", "kb-reveal", () => { self.show(); });
      this.judge = el("div", "kb-judge");
      this.judge.appendChild(el("span", null, "How well did you recall it? "));
      this.rates = RATINGS.map((r) => {
        var b = button(r[1], "kb-rate kb-rate--" + r[1].toLowerCase(), () => { self.grade(r[0]); });
        b.setAttribute("data-rating", r[0]);
        self.judge.appendChild(b);
        return b;
      });
      this.judge.hidden = true;
      controls.appendChild(this.reveal);
      controls.appendChild(this.judge);
    }
    controls.appendChild(this.status);
    controls.appendChild(this.scheduled);
    node.insertBefore(controls, this.answer);
    this.lastNote = el("p", "kb-last");
    node.insertBefore(this.lastNote, controls);
    this.showLast(S.load());
  }

  /* "Last time (date): right · due now" above the question. */
  Question.prototype.showLast = function (data) {
    var last = data.questions[this.key];
    this.lastNote.hidden = !last;
    this.node.classList.toggle("kb-question--due", S.isDue(last, new Date()));
    if (!last) return;
    var due = Date.parse(last.card.due) - Date.now();
    this.lastNote.textContent = "Last time (" + dateText(last.at) + "): " + last.result + " \u00b7 " +
      (due <= 0 ? "due for review now" : "next review " + S.inText(due)) + ".";
  };

  Question.prototype.show = function () {
    if (this.result !== null || !this.judge) return;
    this.answer.open = true;
    this.reveal.hidden = true;
    var now = new Date(), card = (S.load().questions[this.key] || {}).card;
    var when = S.preview(card || null, now);
    this.rates.forEach((b) => {
      var r = +b.getAttribute("data-rating");
      b.textContent = RATINGS[r - 1][1] + " \u00b7 " + S.inText(when[r] - now);
    });
    this.judge.hidden = false;
    this.rates[2].focus();
  };

  Question.prototype.revealed = function () { return !!this.judge && !this.judge.hidden; };

  /* Choose option `i` (in a–j order as printed) from the keyboard. */
  Question.prototype.choose = function (i) {
    if (!this.options || this.result !== null) return false;
    var opt = this.options.filter((o) => o.letter === i)[0];
    if (!opt) return false;
    var input = opt.querySelector("input");
    input.checked = this.type === "single" ? true : !input.checked;
    return true;
  };

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
    this.grade(!right ? S.Rating.again : this.missed ? S.Rating.hard : S.Rating.good);
  };

  Question.prototype.say = function (text) { this.status.textContent = text; };

  Question.prototype.grade = function (rating) {
    if (this.result !== null) return;
    var right = rating > S.Rating.again;
    this.result = right;
    if (!right) this.missed = true;
    this.answer.open = true;
    if (this.judge) this.judge.hidden = true;
    this.node.classList.add(right ? "kb-question--right" : "kb-question--wrong");
    this.say(right ? "Right. The explanation is below." :
             "Not quite. The answer and its explanation are below.");
    var data = this.owner.graded(this, rating);
    var card = data.questions[this.key].card;
    this.scheduled.textContent = "Rated " + RATINGS[rating - 1][1] + ": this question comes back " +
      S.inText(Date.parse(card.due) - Date.now()) + ".";
    this.showLast(data);
    this.lastNote.hidden = true;
  };

  Question.prototype.reset = function () {
    this.result = null;
    this.answer.open = false;
    this.say("");
    this.scheduled.textContent = "";
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
    this.showLast(S.load());
  };

  /* the quiz at the end of a topic page */

  function Quiz(node) {
    var self = this;
    this.node = node;
    this.topic = node.getAttribute("data-topic");
    this.summary = el("p", "kb-quiz-progress");
    node.insertBefore(this.summary, node.firstChild);
    this.questions = Array.from(node.querySelectorAll(".kb-question"),
                                (q) => new Question(q, self.topic, self));
    var footer = el("div", "kb-quiz-footer");
    this.score = el("p", "kb-score");
    attrs(this.score, { role: "status", "aria-live": "polite" });
    this.retry = button("Try the quiz again", "kb-retry", () => { self.restart(); });
    this.retry.hidden = true;
    footer.appendChild(this.score);
    footer.appendChild(this.retry);
    node.appendChild(footer);
    this.progress = S.load();
    this.showProgress();
    this.showScore();
  }

  Quiz.prototype.showProgress = function () {
    var data = this.progress, self = this;
    var t = S.topicRecord(data, this.topic);
    var level = S.mastery(data, this.topic);
    var now = new Date();
    var due = this.questions.filter((q) => S.isDue(data.questions[q.key], now)).length;
    this.summary.textContent = "Your mastery: " + LEVEL_LABELS[level] +
      (t.attempts ? " \u00b7 best score " + percent(t.best) + " \u00b7 " + t.attempts +
        (t.attempts === 1 ? " attempt" : " attempts") + " \u00b7 last practised " + dateText(t.last) : "");
    if (due) {
      this.summary.appendChild(document.createTextNode(" \u00b7 "));
      var a = el("a", "kb-quiz-due", due + (due === 1 ? " question" : " questions") + " due for review");
      a.href = pageUrl("review");
      this.summary.appendChild(a);
    }
    this.questions.forEach((q) => { if (q.result === null) q.showLast(self.progress); });
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
      var t = S.topicRecord(this.progress, this.topic);
      this.score.textContent = "Quiz complete: " + right + " of " + total + " right (" +
        percent(right / total) + "). Best score: " + percent(t.best) + ".";
    }
  };

  Quiz.prototype.graded = function (question, rating) {
    var now = new Date(), self = this;
    var done = this.questions.filter((q) => q.result !== null);
    var data = S.update((d) => { /* re-read: another tab may have written since */
      S.review(d, question.key, rating, now);
      if (done.length === self.questions.length) {
        var score = done.filter((q) => q.result).length / done.length;
        var t = S.topicRecord(d, self.topic);
        t.best = Math.max(t.best, score);
        t.attempts += 1;
        t.last = now.toISOString();
        if (score === 1 && t.perfectDays.indexOf(S.today(now)) < 0) t.perfectDays.push(S.today(now));
        d.topics[self.topic] = t;
      }
    });
    if (done.length === this.questions.length) this.retry.hidden = false;
    this.progress = data;
    this.showProgress();
    this.showScore();
    if (KB.refresh) KB.refresh();
    return data;
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
    S.STATUSES.forEach((s) => {
      var o = el("option", null, STATUS_LABELS[s]);
      o.value = s;
      select.appendChild(o);
    });
    select.value = S.load().readings[cite] || "to-read";
    select.addEventListener("change", () => {
      S.update((data) => {
        if (select.value === "to-read") delete data.readings[cite];
        else data.readings[cite] = select.value;
        data.readingDates[cite] = new Date().toISOString();
      });
    });
    span.appendChild(label);
    span.appendChild(select);
  }

  KB.showNotices = showNotices;
  KB.ui = { el: el, attrs: attrs, button: button, percent: percent, dateText: dateText,
            pageUrl: pageUrl, root: ROOT, LEVEL_LABELS: LEVEL_LABELS };
  KB.Question = Question;
  KB.Quiz = Quiz;
  KB.readingStatus = readingStatus;
})();
