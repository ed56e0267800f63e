/* Learn Something Harder: progress stored under a former topic or question id moves to the
   current id, so renaming a topic or a question in a pull request loses no one's progress.
   The map of former ids comes with every page (<script type="application/json"
   id="kb-aliases">, made from the topics' `aliases`); kb.js calls kbMigrate on the progress
   it loads. Keys are topic ids ("ica") or question keys ("ica/gaussian-sources"); when both
   a former and a current key hold a record, the one practised last is kept. */
(() => {
  "use strict";

  var has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  var isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  var map = null;

  function aliases() {
    if (map) return map;
    map = { topics: {}, questions: {} };
    var node = document.getElementById("kb-aliases");
    try {
      var data = JSON.parse(node ? node.textContent : "{}");
      if (isObject(data.topics)) map.topics = data.topics;
      if (isObject(data.questions)) map.questions = data.questions;
    } catch (e) { /* no map: nothing to move */ }
    return map;
  }

  function rename(key) {
    var a = aliases();
    var slash = key.indexOf("/");
    if (slash < 0) return has(a.topics, key) ? a.topics[key] : key;
    var topic = key.slice(0, slash);
    var full = (has(a.topics, topic) ? a.topics[topic] : topic) + key.slice(slash);
    return has(a.questions, full) ? a.questions[full] : full;
  }

  /* The latest ISO date among a record's own values: which of two records is newer. */
  function stamp(record) {
    var latest = "";
    if (!isObject(record)) return latest;
    Object.keys(record).forEach((k) => {
      var v = record[k];
      if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) && v > latest) latest = v;
    });
    return latest;
  }

  /* Rewrites, in place, the keys of every part of a parsed progress record (questions,
     topics, cards …) that are former ids; reading statuses are keyed by BibTeX key and
     stay as they are. Returns the record. */
  window.kbMigrate = function (progress) {
    if (!isObject(progress)) return progress;
    var a = aliases();
    if (!Object.keys(a.topics).length && !Object.keys(a.questions).length) return progress;
    Object.keys(progress).forEach((part) => {
      var records = progress[part];
      if (part === "readings" || !isObject(records)) return;
      Object.keys(records).forEach((key) => {
        var now = rename(key);
        if (now === key) return;
        if (!has(records, now) || stamp(records[key]) > stamp(records[now])) {
          records[now] = records[key];
        }
        delete records[key];
      });
    });
    return progress;
  };
})();
