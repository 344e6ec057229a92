/* The packing explorer (docs/packing-explorer.md): what
   torch.nn.utils.rnn.pack_padded_sequence makes of a batch with the lengths
   the reader types: the padded grid, the rows of packed.data in their order,
   batch_sizes, sorted_indices, unsorted_indices and the step each h_n row
   comes from. tests/browser/test_packing_explorer.py drives this page through
   many seeded random lengths and compares every number with torch. Whatever
   the address holds, an update reads at most MAX_TEXT characters and draws
   at most MAX_N * MAX_L cells. */
(function () {
  "use strict";
  var form = document.getElementById("packing-form");
  if (!form) return;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var FLAGS = ["batch_first", "enforce_sorted"];
  var DEFAULTS = { lengths: "5, 3, 3, 1", batch_first: false, enforce_sorted: true };
  // The page's own bounds (PyTorch has none of these): a link can hold any
  // text, and the grid has N * L cells.
  var MAX_TEXT = 1000;
  var MAX_N = 32;
  var MAX_L = 16;
  var INT64_MAX = 9223372036854775807n;
  var INT64_MIN = -9223372036854775808n;

  function pytorch(kind, words) {
    return " (PyTorch raises " + kind + ": \"" + words + "\").";
  }
  var ZERO = "Length of all samples has to be greater than 0, but found an element in " +
    "'lengths' that is <= 0";
  var UNSORTED = "`lengths` array must be sorted in decreasing order when `enforce_sorted` " +
    "is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or " +
    "pack_sequence to sidestep this requirement if you do not need ONNX exportability.";

  function quote(text) {
    return JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text);
  }

  // torch.sort(lengths, descending=True) on the CPU is not stable: equal
  // lengths may change places. Its order is that of GCC's std::sort
  // (introsort) on (length, index) pairs compared by length alone, which is
  // what this follows, step for step, so that sorted_indices is torch's.
  function sortDescending(values) {
    var v = values.slice(), ix = values.map(function (_, i) { return i; });
    var before = function (a, b) { return v[a] > v[b]; }; // comp(*a, *b)
    var swap = function (a, b) {
      var t = v[a]; v[a] = v[b]; v[b] = t;
      t = ix[a]; ix[a] = ix[b]; ix[b] = t;
    };
    function linearInsert(last) { // __unguarded_linear_insert
      var val = v[last], id = ix[last], next = last - 1;
      while (val > v[next]) {
        v[last] = v[next]; ix[last] = ix[next];
        last = next;
        next--;
      }
      v[last] = val; ix[last] = id;
    }
    function insertionSort(first, last) { // __insertion_sort
      if (first === last) return;
      for (var i = first + 1; i < last; i++) {
        if (v[i] > v[first]) {
          var val = v[i], id = ix[i];
          for (var j = i; j > first; j--) { v[j] = v[j - 1]; ix[j] = ix[j - 1]; }
          v[first] = val; ix[first] = id;
        } else {
          linearInsert(i);
        }
      }
    }
    function adjustHeap(first, hole, len, val, id) { // __adjust_heap
      var top = hole, child = hole;
      while (child < Math.floor((len - 1) / 2)) {
        child = 2 * (child + 1);
        if (before(first + child, first + child - 1)) child--;
        v[first + hole] = v[first + child]; ix[first + hole] = ix[first + child];
        hole = child;
      }
      if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
        child = 2 * (child + 1);
        v[first + hole] = v[first + child - 1]; ix[first + hole] = ix[first + child - 1];
        hole = child - 1;
      }
      var parent = Math.floor((hole - 1) / 2); // __push_heap
      while (hole > top && v[first + parent] > val) {
        v[first + hole] = v[first + parent]; ix[first + hole] = ix[first + parent];
        hole = parent;
        parent = Math.floor((hole - 1) / 2);
      }
      v[first + hole] = val; ix[first + hole] = id;
    }
    function heapSort(first, last) { // __partial_sort(first, last, last)
      var len = last - first;
      if (len >= 2) {
        for (var parent = Math.floor((len - 2) / 2); parent >= 0; parent--) {
          adjustHeap(first, parent, len, v[first + parent], ix[first + parent]);
        }
      }
      while (last - first > 1) {
        last--;
        var val = v[last], id = ix[last];
        v[last] = v[first]; ix[last] = ix[first];
        adjustHeap(first, 0, last - first, val, id);
      }
    }
    function medianToFirst(result, a, b, c) { // __move_median_to_first
      if (before(a, b)) {
        if (before(b, c)) swap(result, b);
        else if (before(a, c)) swap(result, c);
        else swap(result, a);
      } else if (before(a, c)) swap(result, a);
      else if (before(b, c)) swap(result, c);
      else swap(result, b);
    }
    function partition(first, last, pivot) { // __unguarded_partition
      for (;;) {
        while (before(first, pivot)) first++;
        last--;
        while (before(pivot, last)) last--;
        if (!(first < last)) return first;
        swap(first, last);
        first++;
      }
    }
    function introsort(first, last, depth) { // __introsort_loop
      while (last - first > 16) {
        if (depth === 0) {
          heapSort(first, last);
          return;
        }
        depth--;
        var mid = first + Math.floor((last - first) / 2);
        medianToFirst(first, first + 1, mid, last - 1);
        var cut = partition(first + 1, last, first);
        introsort(cut, last, depth);
        last = cut;
      }
    }
    var n = v.length;
    if (n === 0) return ix;
    introsort(0, n, 2 * Math.floor(Math.log2(n)));
    if (n > 16) { // __final_insertion_sort
      insertionSort(0, 16);
      for (var i = 16; i < n; i++) linearInsert(i);
    } else {
      insertionSort(0, n);
    }
    return ix;
  }

  // The lengths as typed: [message] if PyTorch (or the page's bound) refuses
  // them, else {lengths, order}, order being the sequences by decreasing
  // length (sorted_indices, or 0 to N - 1 with enforce_sorted).
  function check(s) {
    var text = s.lengths;
    if (text.length > MAX_TEXT) {
      return ["The explorer reads at most " + MAX_TEXT + " characters of lengths; got " +
        text.length + ". (This bound is the page's, not PyTorch's.)"];
    }
    // As in a Python list: brackets and a trailing comma may be typed.
    var trimmed = text.trim().replace(/^\[|\]$/g, "").trim().replace(/,$/, "").trim();
    var tokens = trimmed === "" ? [] : trimmed.split(/\s*,\s*|\s+/);
    var values = [];
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (/^[+-]?[0-9]+$/.test(t)) {
        var big = BigInt(t);
        if (big > INT64_MAX || big < INT64_MIN) {
          return ["Each length must fit a 64-bit integer (at most 9223372036854775807); got " +
            quote(t) + pytorch("ValueError", "Overflow when unpacking long long")];
        }
        values.push(big);
      } else if (/^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(e[+-]?[0-9]+)?$/i.test(t)) {
        return ["Each length must be a whole number of steps; got " + quote(t) + ". " +
          "PyTorch does not refuse it: torch.as_tensor(lengths, dtype=torch.int64) " +
          "silently rounds it toward zero, so the explorer asks for a whole number."];
      } else {
        return ["Each length must be a whole number, such as 5, separated by commas; got " +
          (t ? quote(t) : "an empty item") + "."];
      }
    }
    var N = values.length;
    if (N === 0) {
      return ["lengths is empty: there is no sequence to pack" +
        pytorch("RuntimeError", "Cannot pack empty tensors.")];
    }
    var order;
    if (s.enforce_sorted) {
      // PyTorch checks the last length, then that none is larger than the
      // one before it.
      if (values[N - 1] <= 0n) {
        return ["Every length must be at least 1; the last, lengths[" + (N - 1) + "], is " +
          values[N - 1] +
          pytorch("RuntimeError", ZERO)];
      }
      for (i = N - 1; i > 0; i--) {
        if (values[i] > values[i - 1]) {
          return ["With enforce_sorted=True the lengths must not increase: lengths[" + i +
            "] = " + values[i] + " is larger than lengths[" + (i - 1) + "] = " + values[i - 1] +
            ". Sort the batch, or set enforce_sorted=False" + pytorch("RuntimeError", UNSORTED)];
        }
      }
      order = values.map(function (_, j) { return j; });
    } else {
      order = sortDescending(values);
      var least = values[order[N - 1]];
      if (least <= 0n) {
        return ["Every length must be at least 1; lengths[" + order[N - 1] + "] is " + least +
          pytorch("RuntimeError", ZERO)];
      }
    }
    var L = values[order[0]];
    if (N > MAX_N || L > BigInt(MAX_L)) {
      return ["The explorer draws at most " + MAX_N + " sequences of at most " + MAX_L +
        " steps; got " + N + " sequence" + (N === 1 ? "" : "s") + " and a longest of " + L +
        " steps. PyTorch packs these; the bound is the page's, so a link cannot freeze it."];
    }
    return { lengths: values.map(Number), order: order };
  }

  // Everything pack_padded_sequence makes, with the data row of each
  // (sequence, step): at step t the batch_sizes[t] longest sequences run, in
  // the sorted order, so their rows follow one another.
  function pack(r) {
    var lengths = r.lengths, order = r.order, N = lengths.length, L = lengths[order[0]];
    var batchSizes = [], rows = [], at = lengths.map(function () { return []; });
    for (var t = 0; t < L; t++) {
      var b = 0;
      while (b < N && lengths[order[b]] > t) {
        at[order[b]][t] = rows.length;
        rows.push([order[b], t]);
        b++;
      }
      batchSizes.push(b);
    }
    var unsorted = [];
    order.forEach(function (seq, j) { unsorted[seq] = j; });
    return { N: N, L: L, lengths: lengths, order: order, batchSizes: batchSizes, rows: rows,
      at: at, unsorted: unsorted };
  }

  function tensor(values) {
    return "tensor([" + values.join(", ") + "])";
  }

  // The tables hold numbers and fixed words only, so each is written as one
  // string of HTML: for the largest batch that is several times faster than
  // making its thousand cells one by one.
  function grid(p, batchFirst) {
    var outer = batchFirst ? p.N : p.L, inner = batchFirst ? p.L : p.N;
    var html = "<tr><th scope=\"col\">" + (batchFirst ? "sequence \\ t" : "t \\ sequence") + "</th>";
    for (var j = 0; j < inner; j++) html += "<th scope=\"col\">" + j + "</th>";
    $("packing-grid-head").innerHTML = html + "</tr>";
    html = "";
    for (var i = 0; i < outer; i++) {
      html += "<tr><th scope=\"row\">" + i + "</th>";
      for (j = 0; j < inner; j++) {
        var seq = batchFirst ? i : j, t = batchFirst ? j : i;
        var k = p.at[seq][t];
        html += k === undefined ? "<td class=\"packing-pad\">pad</td>" : "<td>" + k + "</td>";
      }
      html += "</tr>";
    }
    $("packing-grid-rows").innerHTML = html;
    $("packing-grid-caption").textContent = "padded, shape " +
      (batchFirst ? "(N, L, H_in) = (" + p.N + ", " + p.L : "(L, N, H_in) = (" + p.L + ", " + p.N) +
      ", H_in): the row of packed.data that holds each step, or pad";
  }

  // One row per step; a (sequence, t) pair never breaks across lines (a
  // no-break space inside it), the list breaks between pairs.
  function steps(p) {
    var html = "", k = 0;
    p.batchSizes.forEach(function (b, t) {
      var pairs = [];
      for (var j = 0; j < b; j++) pairs.push("(" + p.rows[k + j][0] + ",\u00a0" + t + ")");
      html += "<tr><th scope=\"row\">" + t + "</th><td>" + b + "</td><td>" +
        (b === 1 ? k : k + " to " + (k + b - 1)) + "</td><td>" + pairs.join(", ") + "</td></tr>";
      k += b;
    });
    $("packing-steps-rows").innerHTML = html;
  }

  function last(p) {
    var html = "";
    p.lengths.forEach(function (len, i) {
      html += "<tr><th scope=\"row\">" + i + "</th><td>" + len + "</td><td>" +
        (len - 1) + "</td><td>" + p.at[i][len - 1] + "</td></tr>";
    });
    $("packing-h_n-rows").innerHTML = html;
  }

  function read() {
    return { lengths: form.elements.lengths.value, batch_first: form.elements.batch_first.checked,
      enforce_sorted: form.elements.enforce_sorted.checked };
  }

  function write(s) {
    form.elements.lengths.value = s.lengths;
    FLAGS.forEach(function (k) { form.elements[k].checked = s[k]; });
  }

  function show(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  var unread = {};
  var lastDrawn = null;
  function update(fromUrl) {
    var s = read();
    if (!fromUrl) unread = {};
    var notice = Object.keys(unread).map(function (k) { return unread[k]; }).join(" ");
    show("packing-notice", notice);
    var field = form.elements.lengths;
    var r = check(s);
    if (!fromUrl) remember(s, r);
    if (Array.isArray(r)) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", "packing-error");
      show("packing-error", r[0]);
      $("packing-results").hidden = true;
      $("packing-status").textContent = (notice ? notice + " " : "") +
        "PyTorch cannot pack this: " + r[0];
      return;
    }
    field.removeAttribute("aria-invalid");
    field.setAttribute("aria-describedby", "packing-help");
    show("packing-error", "");
    var p = pack(r);
    // A click fires both input and change: the second finds nothing to redraw.
    var drawn = p.lengths.join(",") + "|" + p.order.join(",") + "|" + s.batch_first;
    if (drawn !== lastDrawn || $("packing-results").hidden) {
      grid(p, s.batch_first);
      steps(p);
      last(p);
      lastDrawn = drawn;
    }
    var sorted = s.enforce_sorted ? "None" : tensor(p.order);
    var unsorted = s.enforce_sorted ? "None" : tensor(p.unsorted);
    $("packing-call").textContent = "pack_padded_sequence(padded, lengths=[" +
      p.lengths.join(", ") + "], batch_first=" + (s.batch_first ? "True" : "False") +
      ", enforce_sorted=" + (s.enforce_sorted ? "True" : "False") + ")";
    $("packing-data-shape").textContent = "(" + p.rows.length + ", H_in)";
    $("packing-batch_sizes").textContent = tensor(p.batchSizes);
    $("packing-sorted_indices").textContent = sorted;
    $("packing-unsorted_indices").textContent = unsorted;
    $("packing-results").hidden = false;
    measure();
    $("packing-status").textContent = (notice ? notice + " " : "") + p.N + " sequence" +
      (p.N === 1 ? "" : "s") + " packed into " + p.rows.length + " rows of data; batch_sizes " +
      tensor(p.batchSizes) + "; sorted_indices " + sorted + "; unsorted_indices " + unsorted + ".";
  }

  // Each table scrolls in its own box when wider than the column; then, and
  // only then, a keyboard can reach the box and a line says so.
  function measure() {
    ["packing-grid", "packing-steps", "packing-h_n"].forEach(function (id) {
      var box = $(id);
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.toggleAttribute("data-scrolls", scrolls);
      if (scrolls) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }

  // Keep the settings in the address, written once typing pauses (the
  // browser throttles history.replaceState).
  var timer = null;
  function remember(s, r) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var lengths = Array.isArray(r) ? s.lengths : r.lengths.join(",");
      var query = "?lengths=" + encodeURIComponent(lengths).replace(/%2C/g, ",") +
        "&batch_first=" + s.batch_first + "&enforce_sorted=" + s.enforce_sorted;
      history.replaceState(null, "", query + location.hash);
    }, 150);
  }

  // The settings an address gives; a flag that is neither true nor false
  // leaves the default, and a notice that says so.
  function decode(query) {
    var q = new URLSearchParams(query), s = {};
    Object.keys(DEFAULTS).forEach(function (k) {
      var value = q.get(k), d = DEFAULTS[k];
      s[k] = d;
      if (value === null) return;
      if (k === "lengths") {
        // A text box of a million characters takes the browser itself a
        // long time to lay out, so such an address never reaches the box.
        if (value.length <= MAX_TEXT) s[k] = value;
        else {
          unread[k] = "The address gives lengths of " + value.length + " characters, more " +
            "than the " + MAX_TEXT + " the explorer reads: it uses its first batch, " + d + ".";
        }
        return;
      }
      var flag = value.toLowerCase();
      if (flag === "true" || flag === "1") s[k] = true;
      else if (flag === "false" || flag === "0") s[k] = false;
      else {
        unread[k] = "The address gives " + k + "=" + quote(value) + ", but " + k +
          " must be true or false: the explorer uses PyTorch's default, " + k + "=" +
          (d ? "True" : "False") + ".";
      }
    });
    return s;
  }

  write(decode(location.search));
  form.addEventListener("input", function () { update(false); });
  form.addEventListener("change", function () { update(false); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("resize", function () {
    if (!$("packing-results").hidden) measure();
  });
  update(true);
})();
