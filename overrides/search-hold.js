(function () {
  var index = /\/search\/search_index\.json$/, xhr = XMLHttpRequest.prototype;
  var open = xhr.open, send = xhr.send, held = new WeakSet(), release;
  var wanted = new Promise(function (resolve) { release = resolve; });
  xhr.open = function (method, url) {
    if (index.test(new URL(String(url), location.href).pathname)) held.add(this);
    else held.delete(this);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this, args = arguments;
    if (!held.has(request)) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };
  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target instanceof Element && target.closest(".md-search, label[for='__search']")) release();
    }, { passive: true, capture: true });
  });
  if (new URLSearchParams(location.search).has("h")) release();
})();
