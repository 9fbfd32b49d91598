/*
 * Web workers for a copy of the site opened from disk (file://).
 *
 * Why: browsers refuse `new Worker(...)` on file:// pages, and Material's search runs in a
 * worker. The offline build (`make offline`, HANDBOOK_OFFLINE=true) loads this file before
 * Material's scripts, in place of the shim Material would fetch from a CDN, so search works
 * in a downloaded copy with no network at all. Over http(s) it does nothing.
 *
 * How: the worker's script runs in a hidden iframe of the page's own origin. Its global
 * postMessage() is replaced by one that hands the data to the page's worker object, and the
 * page's messages arrive as "message" events on the iframe's window, where a worker script
 * listens. importScripts() loads scripts in order and returns a promise (a real worker's is
 * synchronous; Material's search worker only uses it for languages this site does not set),
 * and messages wait until the worker's scripts have loaded.
 */
(function () {
  "use strict";

  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.title = "search worker";
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      document.body.appendChild(frame);
      this.frame = frame;
      var scope = frame.contentWindow;
      var worker = this;
      var pending = [];

      scope.postMessage = function (data) {
        worker.deliver(structuredClone(data));
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        var loaded = urls.reduce(function (previous, src) {
          return previous.then(function () { return load(scope, src); });
        }, Promise.resolve());
        pending.push(loaded);
        return loaded;
      };
      scope.addEventListener("error", function (event) {
        worker.fail(event.message, event.error);
      });

      var settle = function () {
        /* Scripts may import more scripts while loading: wait until none is left. */
        var waiting = pending.splice(0);
        return waiting.length ? Promise.all(waiting).then(settle) : Promise.resolve();
      };
      this.ready = load(scope, new URL(url, document.baseURI).href).then(settle);
      this.ready.catch(function (error) { worker.fail(String(error), error); });
    }

    postMessage(data) {
      var scope = this.frame.contentWindow;
      var copy = structuredClone(data);
      this.ready.then(function () {
        if (scope) scope.dispatchEvent(new scope.MessageEvent("message", { data: copy }));
      });
    }

    terminate() {
      this.frame.remove();
    }

    deliver(data) {
      var worker = this;
      /* Asynchronous, as a worker's messages are. */
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data });
        if (typeof worker.onmessage === "function") worker.onmessage(event);
        worker.dispatchEvent(event);
      }, 0);
    }

    fail(message, error) {
      var event = new ErrorEvent("error", { message: message, error: error });
      if (typeof this.onerror === "function") this.onerror(event);
      this.dispatchEvent(event);
    }
  }

  function load(scope, src) {
    return new Promise(function (resolve, reject) {
      var script = scope.document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      (scope.document.body || scope.document.documentElement).appendChild(script);
    });
  }

  window.Worker = FileWorker;
})();
