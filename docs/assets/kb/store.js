/* Learn Something Harder: the progress store and the review scheduler.
   Progress lives in localStorage under one versioned key (format version 2: per question
   the last result and its FSRS card). Version 1 records and files are migrated on load.
   Storage that is missing or full never breaks a page: the record is kept in memory for
   the visit and a notice says so. Every write re-reads first (another tab may have written).
   Scheduling is the vendored ts-fsrs (global FSRS), FSRS-6 default parameters, no fuzz. */
(() => {
  "use strict";

  var KB = window.KB = window.KB || {};
  var KEY = "learn-something-harder/progress";
  var SCHEMA = KEY;
  var VERSION = 2;
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var STATUSES = ["to-read", "reading", "read"];
  var LEVELS = ["not-started", "attempted", "familiar", "proficient", "mastered"];
  var DAY = 86400000;
  var NEW_PER_DAY = 10;

  /* scheduling */

  var Rating = { again: 1, hard: 2, good: 3, easy: 4 };
  var scheduler = window.FSRS ? window.FSRS.fsrs(window.FSRS.generatorParameters({ enable_fuzz: false }))
                              : null;

  function cardIn(j) {
    return {
      due: new Date(j.due), stability: j.stability, difficulty: j.difficulty,
      elapsed_days: j.elapsed_days, scheduled_days: j.scheduled_days,
      learning_steps: j.learning_steps, reps: j.reps, lapses: j.lapses, state: j.state,
      last_review: j.last_review ? new Date(j.last_review) : undefined
    };
  }

  function cardOut(c) {
    return {
      due: c.due.toISOString(), stability: c.stability, difficulty: c.difficulty,
      elapsed_days: c.elapsed_days, scheduled_days: c.scheduled_days,
      learning_steps: c.learning_steps, reps: c.reps, lapses: c.lapses, state: c.state,
      last_review: c.last_review ? new Date(c.last_review).toISOString() : null
    };
  }

  /* The card after one review: `card` is a stored card or null for a new one. */
  function schedule(card, rating, when) {
    var start = card ? cardIn(card) : window.FSRS.createEmptyCard(when);
    return cardOut(scheduler.next(start, when, rating).card);
  }

  /* When the card would come back after each rating: {1: Date, 2: …, 3: …, 4: …}. */
  function preview(card, when) {
    var start = card ? cardIn(card) : window.FSRS.createEmptyCard(when);
    var all = scheduler.repeat(start, when), out = {};
    [1, 2, 3, 4].forEach((r) => { out[r] = all[r].card.due; });
    return out;
  }

  /* The predicted chance of recalling the card at `when` (0…1). */
  function recall(card, when) {
    if (!card || !card.last_review) return null;
    return scheduler.get_retrievability(cardIn(card), when, false);
  }

  /* the record */

  function empty() {
    return { schema: SCHEMA, version: VERSION, questions: {}, topics: {}, readings: {},
             readingDates: {}, settings: { newPerDay: NEW_PER_DAY }, exported: null };
  }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function isDate(x) { return typeof x === "string" && x.length >= 10 && !isNaN(Date.parse(x)); }
  function isCount(x) { return typeof x === "number" && isFinite(x) && x >= 0; }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  function cardProblem(c) {
    if (!isObject(c) || !isDate(c.due) || !isCount(c.stability) || typeof c.difficulty !== "number" ||
        !isFinite(c.difficulty) || [0, 1, 2, 3].indexOf(c.state) < 0 || !isCount(c.reps) ||
        !isCount(c.lapses) || !isCount(c.scheduled_days) || !isCount(c.learning_steps) ||
        !isCount(c.elapsed_days) || (c.last_review !== null && !isDate(c.last_review)))
      return "its card state is malformed";
    return null;
  }

  /* Null when `data` is a well-formed progress record (version 1 or 2), else what is wrong.
     Ids must match the id pattern, even when this site does not know them (a topic may
     have been renamed since), and every date must parse. */
  function problem(data) {
    if (!isObject(data)) return "it is not a JSON object";
    if (data.schema !== SCHEMA) return "it is not a Learn Something Harder progress record";
    if (data.version !== 1 && data.version !== 2) return "it has version " +
      JSON.stringify(data.version) + ", this site reads versions 1 and 2";
    var parts = ["questions", "topics", "readings"].concat(data.version === 2 ? ["readingDates"] : []);
    for (var i = 0; i < parts.length; i++) {
      if (!isObject(data[parts[i]])) return "its '" + parts[i] + "' part is missing or malformed";
    }
    var k, v, why;
    for (k in data.questions) {
      v = data.questions[k];
      var ids = k.split("/");
      if (ids.length !== 2 || !ID.test(ids[0]) || !ID.test(ids[1])) return "question id '" + k +
        "' is not of the form topic-id/question-id";
      if (!isObject(v) || (v.result !== "right" && v.result !== "wrong") || !isDate(v.at))
        return "question '" + k + "' is malformed";
      if (data.version === 2) {
        if (v.first !== undefined && !isDate(v.first)) return "question '" + k + "' has a bad date";
        if ((why = cardProblem(v.card))) return "question '" + k + "': " + why;
      }
    }
    for (k in data.topics) {
      v = data.topics[k];
      if (!ID.test(k)) return "topic id '" + k + "' is not a valid id";
      if (!isObject(v) || typeof v.best !== "number" || !(v.best >= 0 && v.best <= 1) ||
          !isCount(v.attempts) || !Array.isArray(v.perfectDays) || !v.perfectDays.every(isDate) ||
          (v.last !== null && !isDate(v.last)))
        return "topic '" + k + "' is malformed";
    }
    for (k in data.readings) {
      if (!ID.test(k)) return "paper id '" + k + "' is not a valid id";
      if (STATUSES.indexOf(data.readings[k]) < 0) return "reading '" + k + "' has an unknown status";
    }
    for (k in data.readingDates || {}) {
      if (!ID.test(k) || !isDate(data.readingDates[k])) return "the date of reading '" + k + "' is malformed";
    }
    if (data.exported !== undefined && data.exported !== null && !isDate(data.exported))
      return "its export date is malformed";
    if (data.settings !== undefined && (!isObject(data.settings) ||
        !(Number.isInteger(data.settings.newPerDay) && data.settings.newPerDay >= 0)))
      return "its settings are malformed";
    return null;
  }

  /* Version 1 → 2: each recorded result becomes a first review at its timestamp. */
  function migrate(data) {
    if (data.version === 2) return data;
    var out = empty();
    out.topics = data.topics;
    out.readings = data.readings;
    Object.keys(data.questions).forEach((k) => {
      var v = data.questions[k];
      out.questions[k] = { result: v.result, at: v.at, first: v.at,
        card: schedule(null, v.result === "right" ? Rating.good : Rating.again, new Date(v.at)) };
    });
    return out;
  }

  function fill(data) { /* optional parts of version 2 */
    if (!isObject(data.settings)) data.settings = { newPerDay: NEW_PER_DAY };
    if (data.exported === undefined) data.exported = null;
    return data;
  }

  /* merging: the newer review of each card wins, so no file can erase newer work */

  function reviewed(q) { return q ? Date.parse(q.card && q.card.last_review || q.at) : -Infinity; }

  function mergeTopic(a, b) {
    if (!a || !b) return clone(a || b);
    var days = a.perfectDays.concat(b.perfectDays.filter((d) => a.perfectDays.indexOf(d) < 0)).sort();
    var last = [a.last, b.last].filter(Boolean).sort().pop() || null;
    return { best: Math.max(a.best, b.best), attempts: a.attempts + b.attempts, last: last,
             perfectDays: days };
  }

  /* `into` (the current record) merged with `from`; both version 2. Returns what changed. */
  function merge(into, from) {
    var changed = { cards: 0, topics: 0, readings: 0 };
    Object.keys(from.questions).forEach((k) => {
      if (reviewed(from.questions[k]) > reviewed(into.questions[k])) {
        into.questions[k] = clone(from.questions[k]);
        changed.cards++;
      }
    });
    Object.keys(from.topics).forEach((k) => {
      into.topics[k] = mergeTopic(into.topics[k], from.topics[k]);
      changed.topics++;
    });
    var papers = Object.keys(from.readings).concat(Object.keys(from.readingDates));
    papers.forEach((k) => {
      var mine = into.readingDates[k] ? Date.parse(into.readingDates[k]) : -Infinity;
      var theirs = from.readingDates[k] ? Date.parse(from.readingDates[k]) : -Infinity;
      if (theirs > mine || (theirs === mine && !(k in into.readings) && k in from.readings)) {
        if (k in from.readings) into.readings[k] = from.readings[k];
        else delete into.readings[k];
        if (from.readingDates[k]) into.readingDates[k] = from.readingDates[k];
        changed.readings++;
      }
    });
    return changed;
  }

  /* Renamed topics and questions: {topics: {old: new}, questions: {"t/q": "t2/q2"}}.
     Applied on every load, so progress follows a rename without losing anything. */
  function applyAliases(data, aliases) {
    if (!aliases) return data;
    var topics = aliases.topics || {}, questions = aliases.questions || {};
    Object.keys(data.questions).forEach((k) => {
      var t = k.split("/")[0];
      var moved = topics[t] ? topics[t] + k.slice(t.length) : k;  /* topic renamed … */
      var to = questions[moved] || questions[k] || moved;         /* … then the question */
      if (to === k) return;
      var q = data.questions[k];
      delete data.questions[k];
      if (reviewed(q) > reviewed(data.questions[to])) data.questions[to] = q;
    });
    Object.keys(data.topics).forEach((k) => {
      if (!topics[k] || topics[k] === k) return;
      data.topics[topics[k]] = mergeTopic(data.topics[topics[k]], data.topics[k]);
      delete data.topics[k];
    });
    return data;
  }

  /* Parse, check and bring up to date a record from storage or a file. */
  function read(text) {
    var data, why;
    try { data = JSON.parse(text); why = problem(data); } catch (e) { why = "it is not valid JSON"; }
    if (why) return { problem: why };
    return { data: applyAliases(fill(migrate(data)), (window.KB_DATA || {}).aliases),
             migrated: data.version !== VERSION };
  }

  /* storage */

  var notices = [];
  var memory = null; /* the record for this visit when storage cannot be used */

  function notice(text) {
    if (notices.indexOf(text) < 0) notices.push(text);
    if (KB.showNotices) KB.showNotices();
  }

  var UNAVAILABLE = "This browser does not let the site store data (private browsing or a " +
    "privacy setting), so progress cannot be saved: your answers count for this visit only.";
  var FULL = "Progress cannot be saved: this browser's storage is full or refused the write. " +
    "Your answers count for this visit only; export your progress on the assessment page " +
    "to keep it.";

  function storage() {
    try {
      var s = window.localStorage;
      s.getItem(KEY);
      return s;
    } catch (e) { return null; }
  }

  function load() {
    if (memory) return clone(memory);
    var store = storage();
    if (!store) {
      notice(UNAVAILABLE);
      memory = empty();
      return clone(memory);
    }
    var raw = store.getItem(KEY);
    if (raw === null) return empty();
    var got = read(raw);
    if (got.data) {
      if (got.migrated) save(got.data);
      return got.data;
    }
    var aside = KEY + "/set-aside/" + new Date().toISOString();
    try { store.setItem(aside, raw); store.removeItem(KEY); } catch (e) { /* kept as it was */ }
    notice("Saved progress in this browser could not be read (" + got.problem + "). It was set " +
           "aside under the key \u201c" + aside + "\u201d and a fresh record was started.");
    return empty();
  }

  function save(data) {
    if (memory) { memory = clone(data); return false; }
    var store = storage();
    try {
      if (!store) throw new Error("no storage");
      store.setItem(KEY, JSON.stringify(data));
      return true;
    } catch (e) {
      memory = clone(data);
      notice(store ? FULL : UNAVAILABLE);
      return false;
    }
  }

  /* Read the current record, change it with `change`, write it back; returns the record. */
  function update(change) {
    var data = load();
    change(data);
    save(data);
    return data;
  }

  /* questions as cards */

  function today(date) { return (date || new Date()).toISOString().slice(0, 10); }

  /* Record one review of question `key` ("topic/question") at `when`. */
  function review(data, key, rating, when) {
    var old = data.questions[key];
    data.questions[key] = {
      result: rating > Rating.again ? "right" : "wrong", at: when.toISOString(),
      first: old ? (old.first || old.at) : when.toISOString(),
      card: schedule(old ? old.card : null, rating, when)
    };
    return data.questions[key];
  }

  function isDue(q, when) { return !!(q && q.card && Date.parse(q.card.due) <= when.getTime()); }

  /* New cards first reviewed on the learner's (local) day of `when`. */
  function newToday(data, when) {
    var day = when.toDateString();
    return Object.keys(data.questions).filter((k) => {
      var first = data.questions[k].first;
      return !!first && new Date(first).toDateString() === day;
    }).length;
  }

  /* The known questions (from the site's data) that are due at `when`, most overdue first. */
  function dueKeys(data, when, topics) {
    var keys = [];
    (topics || []).forEach((t) => {
      t.questions.forEach((q) => {
        var k = t.id + "/" + q;
        if (isDue(data.questions[k], when)) keys.push(k);
      });
    });
    return keys.sort((a, b) => Date.parse(data.questions[a].card.due) -
                               Date.parse(data.questions[b].card.due));
  }

  function nextDue(data, topics) {
    var best = null;
    (topics || []).forEach((t) => {
      t.questions.forEach((q) => {
        var c = data.questions[t.id + "/" + q];
        if (c && c.card && (best === null || Date.parse(c.card.due) < best)) best = Date.parse(c.card.due);
      });
    });
    return best === null ? null : new Date(best);
  }

  /* topic summaries */

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

  /* Mean predicted recall of a topic's answered questions at `when`, or null. */
  function topicRecall(data, topic, when) {
    var values = topic.questions.map((q) => recall((data.questions[topic.id + "/" + q] || {}).card, when))
      .filter((x) => x !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }

  /* Not yet proficient, every prerequisite at least familiar: started ones first, then in
     learning order (the order of `topics`). */
  function learnNext(data, topics) {
    var byId = {};
    topics.forEach((t) => { byId[t.id] = t; });
    var rank = (id) => LEVELS.indexOf(mastery(data, id));
    return topics.filter((t) => {
      return rank(t.id) < 3 && t.prerequisites.every((p) => !byId[p] || rank(p) >= 2);
    }).sort((a, b) => {
      var ua = rank(a.id) > 0 ? 0 : 1, ub = rank(b.id) > 0 ? 0 : 1;
      return ua - ub || topics.indexOf(a) - topics.indexOf(b);
    });
  }

  /* "in 10 min", "in 3 days" */
  function inText(ms) {
    var m = Math.round(ms / 60000);
    if (m < 1) return "now";
    if (m < 60) return "in " + m + " min";
    var h = Math.round(m / 60);
    if (h < 24) return "in " + h + (h === 1 ? " hour" : " hours");
    var d = Math.round(ms / DAY);
    if (d < 31) return "in " + d + (d === 1 ? " day" : " days");
    var mo = Math.round(d / 30.44);
    if (mo < 12) return "in " + mo + (mo === 1 ? " month" : " months");
    var y = Math.round(d / 36.525) / 10;
    return "in " + y + (y === 1 ? " year" : " years");
  }

  KB.store = {
    KEY: KEY, LEVELS: LEVELS, STATUSES: STATUSES, Rating: Rating, DAY: DAY,
    empty: empty, problem: problem, read: read, load: load, save: save, update: update,
    merge: merge, applyAliases: applyAliases, notices: notices, notice: notice,
    schedule: schedule, preview: preview, recall: recall, review: review, isDue: isDue,
    dueKeys: dueKeys, nextDue: nextDue, newToday: newToday, today: today,
    topicRecord: topicRecord, mastery: mastery, topicRecall: topicRecall, learnNext: learnNext,
    inText: inText
  };
})();
