/* Learn Something Harder: the review session (/review/). The cards due now across all
   topics, most overdue first, then new cards from topics the learner has started (up to a
   daily limit), answered in place with the topic pages' controls. A card rated Again comes
   back once at the end of the session. Keys: a–j choose an option, Space checks or
   reveals, 1–4 rate, Enter continues. */
(() => {
  "use strict";

  var KB = window.KB = window.KB || {};
  var S = KB.store, U = KB.ui;

  function Review(root) {
    var self = this;
    this.root = root;
    this.topics = (window.KB_DATA || { topics: [] }).topics;
    this.byId = {};
    this.topics.forEach((t) => { self.byId[t.id] = t; });
    this.cards = {};
    document.querySelectorAll(".kb-review-card[data-key]").forEach((n) => {
      self.cards[n.getAttribute("data-key")] = n;
    });
    this.pool = document.querySelector(".kb-review-cards");
    this.stage = root.querySelector(".kb-review-stage");
    this.status = root.querySelector(".kb-review-status");
    this.summary = root.querySelector(".kb-review-summary");
    this.limit = root.querySelector("#kb-new-per-day");
    this.go = U.button("Continue", "kb-continue", () => { self.next(); });
    this.go.hidden = true;
    this.stage.parentNode.insertBefore(this.go, this.stage.nextSibling);
    this.done = {};
    this.retried = {};
    this.stats = { reviewed: 0, again: 0 };
    this.current = null;
    root.hidden = false;
    var data = S.load();
    this.limit.value = data.settings.newPerDay;
    this.limit.addEventListener("change", () => { self.setLimit(); });
    window.addEventListener("keydown", (e) => { self.key(e); }, true);
    this.queue = this.plan(data);
    this.next();
  }

  /* The cards to review: due ones (most overdue first), then new ones up to the limit. */
  Review.prototype.plan = function (data) {
    var now = new Date(), self = this;
    var due = S.dueKeys(data, now, this.topics).filter((k) => self.cards[k] && !self.done[k]);
    var room = Math.max(0, data.settings.newPerDay - S.newToday(data, now));
    var fresh = [];
    this.topics.forEach((t) => {
      var started = t.questions.some((q) => data.questions[t.id + "/" + q]);
      if (!started) return;
      t.questions.forEach((q) => {
        var k = t.id + "/" + q;
        if (!data.questions[k] && self.cards[k] && !self.done[k]) fresh.push(k);
      });
    });
    this.fresh = fresh.slice(0, room);
    return due.concat(this.fresh);
  };

  Review.prototype.setLimit = function () {
    var n = parseInt(this.limit.value, 10);
    if (!(n >= 0 && n <= 999)) { this.limit.value = S.load().settings.newPerDay; return; }
    var data = S.update((d) => { d.settings.newPerDay = n; });
    var retries = this.queue.filter((k) => this.retried[k]);
    this.queue = this.plan(data).filter((k) => retries.indexOf(k) < 0).concat(retries);
    if (!this.current) this.next();
    else this.say();
  };

  Review.prototype.say = function () {
    var left = this.queue.length + (this.current && this.current.result === null ? 1 : 0);
    this.status.textContent = this.current
      ? left + (left === 1 ? " card" : " cards") + " left in this session \u00b7 " +
        this.stats.reviewed + " reviewed"
      : "";
  };

  Review.prototype.next = function () {
    this.go.hidden = true;
    if (this.current) {
      var old = this.current.node.parentNode;
      old.hidden = true;
      this.pool.appendChild(old);
    }
    var key = this.queue.shift();
    if (!key) { this.current = null; this.say(); this.finish(); return; }
    this.summary.textContent = "";
    var card = this.cards[key];
    if (!card.question) {
      card.question = new KB.Question(card.querySelector(".kb-question"),
                                      card.getAttribute("data-topic"), this);
    } else if (card.question.result !== null) {
      card.question.reset();
    }
    this.current = card.question;
    this.stage.appendChild(card);
    card.hidden = false;
    this.say();
    var input = card.querySelector(".kb-numeric input");
    if (input) input.focus();
    else { card.tabIndex = -1; card.focus(); }
  };

  Review.prototype.graded = function (question, rating) {
    var now = new Date();
    var data = S.update((d) => { S.review(d, question.key, rating, now); });
    this.done[question.key] = true;
    this.stats.reviewed++;
    if (rating === S.Rating.again) {
      this.stats.again++;
      if (!this.retried[question.key]) { this.retried[question.key] = true; this.queue.push(question.key); }
    }
    this.go.hidden = false;
    this.go.textContent = this.queue.length ? "Continue" : "Finish";
    this.go.focus();
    this.say();
    if (KB.refresh) KB.refresh();
    return data;
  };

  Review.prototype.key = function (e) {
    var q = this.current, t = e.target || {};
    if (!q || e.ctrlKey || e.metaKey || e.altKey) return;
    if (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
        (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox")) return;
    var control = t.tagName === "BUTTON" || t.tagName === "INPUT" || t.tagName === "A" ||
                  t.tagName === "SUMMARY";
    var handled = false;
    if (q.result === null) {
      if (/^[a-j]$/.test(e.key) && q.options) handled = q.choose(e.key.charCodeAt(0) - 97);
      else if (/^[1-4]$/.test(e.key) && q.revealed()) { q.grade(+e.key); handled = true; }
      else if (e.key === " " && !control) {
        if (q.judge) q.show(); else q.check();
        handled = true;
      }
    } else if (e.key === "Enter" && !control) {
      this.next();
      handled = true;
    }
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  };

  Review.prototype.link = function (t) {
    var a = U.el("a", null, t.title);
    a.href = U.pageUrl("topics/" + t.id);
    return a;
  };

  Review.prototype.finish = function () {
    var data = S.load(), now = new Date(), self = this;
    var box = this.summary;
    box.textContent = "";
    var next = S.nextDue(data, this.topics);
    var when = next ? (next <= now ? "now" : S.inText(next - now)) + " (" +
      next.toISOString().slice(0, 16).replace("T", " ") + " UTC)" : null;
    if (this.stats.reviewed) {
      box.appendChild(U.el("h2", null, "Session complete"));
      box.appendChild(U.el("p", "kb-review-done", "Reviewed " + this.stats.reviewed +
        (this.stats.reviewed === 1 ? " card" : " cards") + ", " + this.stats.again +
        " answered Again." + (when ? " Next card due " + when + "." : "")));
    } else if (when) {
      box.appendChild(U.el("h2", null, "Nothing is due"));
      box.appendChild(U.el("p", "kb-review-done", "Nothing to review now. The next card is due " +
        when + "."));
    } else {
      box.appendChild(U.el("h2", null, "No cards yet"));
      box.appendChild(U.el("p", "kb-review-done", "Every quiz question you answer on a topic " +
        "page becomes a card here, scheduled to come back just before you would forget it."));
    }
    var learn = S.learnNext(data, this.topics).slice(0, 3);
    if (learn.length) {
      var p = U.el("p", "kb-review-learn", "Learn next: ");
      learn.forEach((t, i) => {
        if (i) p.appendChild(document.createTextNode(", "));
        p.appendChild(self.link(t));
      });
      p.appendChild(document.createTextNode("."));
      box.appendChild(p);
    }
    box.hidden = false;
  };

  KB.Review = Review;
})();
