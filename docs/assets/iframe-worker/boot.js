/* Runs first in each iframe the iframe-worker shim makes (see csp-patch.py): the globals a
   worker script expects, posting to and loading for the page that started it. */
(function () {
  "use strict";
  var url = document.currentScript.getAttribute("data-url");
  self.postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
  self.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (done, src) {
      return done.then(function () {
        return new Promise(function (resolve) {
          var s = document.createElement("script");
          s.src = src;
          s.onload = resolve;
          document.body.appendChild(s);
        });
      });
    }, Promise.resolve());
  };
  self.addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: url, error: event.error }));
  });
})();
