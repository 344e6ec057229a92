/* The shape explorer (docs/explorer.md): every shape of one call of nn.RNN,
   nn.LSTM or nn.GRU, with its formula, as rnn_guide.explain_shapes gives them.
   The formulas mirror rnn_guide/_shapes.py and rnn_guide/_parameters.py string
   for string; tests/browser/test_explorer.py drives this page through many
   random settings and compares every row with explain_shapes and the count
   with the real module's. Sizes are BigInt, so no count is ever rounded.
   Whatever the input, an update costs about the same: the table never grows
   with num_layers, and no BigInt of more than MAX_DIGITS digits is made. */
(function () {
  "use strict";
  var form = document.getElementById("explorer-form");
  if (!form) return;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var SIZES = ["input_size", "hidden_size", "num_layers", "proj_size", "L", "N"];
  var FLAGS = ["bias", "batch_first", "bidirectional"];
  var DEFAULTS = {
    mode: "RNN", input_size: "4", hidden_size: "8", num_layers: "2", proj_size: "0",
    L: "5", N: "3", bias: true, batch_first: false, bidirectional: false, batched: true
  };
  // The gate blocks stacked in each weight: one for RNN, (r, z, n) for GRU,
  // (i, f, g, o) for LSTM.
  var GATES = { RNN: 1n, GRU: 3n, LSTM: 4n };
  // Up to this many layers the table lists every one. Above it, layers 1 to
  // num_layers - 1, which all read the layer below and so have the same
  // shapes, are listed once, each row naming the range it stands for.
  var ALL_LAYERS = 4n;
  // PyTorch holds every size in a signed 64-bit integer, and refuses a tensor
  // whose storage in bytes does not fit one either (computeStorageNbytes in
  // ATen): at 4 bytes a float32 element, at most INT64_MAX / 4 elements.
  var INT64_MAX = 9223372036854775807n;
  var MAX_ELEMENTS = INT64_MAX / 4n;
  // A number longer than this is only known to be huge (reading a million
  // digits into a BigInt alone would block the page for a frame or more).
  var MAX_DIGITS = 1000;
  var HUGE = 10n ** BigInt(MAX_DIGITS);
  // Above this much memory the code builds on PyTorch's meta device, and
  // above this many layer directions it says that it runs slowly.
  var META_BYTES = 1000000000n;
  var SLOW_LAYERS = 10000n;

  function read() {
    var s = { mode: form.elements.mode.value, batched: form.elements.batched.value === "batched" };
    SIZES.forEach(function (k) {
      s[k] = form.elements[k].value;
    });
    FLAGS.forEach(function (k) {
      s[k] = form.elements[k].checked;
    });
    return s;
  }

  function write(s) {
    form.elements.mode.value = s.mode;
    form.elements.batched.value = s.batched ? "batched" : "unbatched";
    SIZES.forEach(function (k) {
      form.elements[k].value = s[k];
    });
    FLAGS.forEach(function (k) {
      form.elements[k].checked = s[k];
    });
  }

  // A whole number as typed: its value, exact unless it has more than
  // MAX_DIGITS digits, and how to quote it in a message.
  function number(text) {
    var digits = text.replace(/^-?0*/, "") || "0";
    var sign = text[0] === "-" && digits !== "0" ? -1n : 1n;
    var exact = digits.length <= MAX_DIGITS;
    var quoted = digits.length <= 40 ? String(sign * BigInt(digits))
      : "a " + (sign < 0n ? "negative " : "") + "number of " + digits.length + " digits";
    return { value: sign * (exact ? BigInt(digits) : HUGE), digits: digits, quoted: quoted };
  }

  // a < b for two positive numbers, exact whatever their length.
  function below(a, b) {
    if (a.value < HUGE && b.value < HUGE) return a.value < b.value;
    return a.digits.length < b.digits.length ||
      (a.digits.length === b.digits.length && a.digits < b.digits);
  }

  // PyTorch's own words for each refusal, as torch 2.13 raises them.
  function pytorch(kind, words) {
    return " (PyTorch raises " + kind + ": \"" + words + "\").";
  }

  // Check the settings in the order PyTorch does (nn.RNN, nn.LSTM and nn.GRU's
  // constructors, then each parameter as it is made, then the call); return
  // [field, message], or the sizes with their rows (v.r, from explain).
  function check(s) {
    var n = {}, v = {};
    for (var i = 0; i < SIZES.length; i++) {
      var k = SIZES[i];
      if (k === "N" && !s.batched) continue;
      var text = s[k].trim();
      if (!/^-?[0-9]+$/.test(text)) {
        var shown = text.length > 40 ? text.slice(0, 40) + "…" : text;
        return [k, k + " must be a whole number, such as " + DEFAULTS[k] +
          "; got " + (text ? JSON.stringify(shown) : "nothing") + "."];
      }
      n[k] = number(text);
      v[k] = n[k].value;
    }
    if (!s.batched) v.N = null;
    if (v.proj_size !== 0n && s.mode !== "LSTM") {
      return ["proj_size", "proj_size is an nn.LSTM argument only: nn." + s.mode +
        " has no projection. Set it to 0" +
        pytorch("ValueError", "proj_size argument is only supported for LSTM, not RNN or GRU")];
    }
    var positive = ["input_size", "hidden_size", "num_layers"];
    for (i = 0; i < positive.length; i++) {
      k = positive[i];
      if (v[k] < 1n) {
        return [k, k + " must be at least 1; got " + n[k].quoted +
          pytorch("ValueError", k + " must be greater than zero")];
      }
    }
    if (v.proj_size < 0n) {
      return ["proj_size", "proj_size must be at least 0; got " + n.proj_size.quoted +
        pytorch("ValueError", "proj_size should be a positive integer or zero to disable projections")];
    }
    if (!below(n.proj_size, n.hidden_size)) {
      return ["proj_size", "proj_size must be smaller than hidden_size: got proj_size = " +
        n.proj_size.quoted + " and hidden_size = " + n.hidden_size.quoted +
        pytorch("ValueError", "proj_size has to be smaller than hidden_size")];
    }
    var r = explain(s, v);
    var made = ["weight_ih_l0", "weight_hh_l0", "weight_hr_l0", "weight_ih_l1", "input"];
    for (i = 0; i < made.length; i++) {
      var row = find(r, made[i]);
      if (made[i] === "input") {
        var negative = ["L", "N"].filter(function (x) { return v[x] !== null && v[x] < 0n; })[0];
        if (negative) {
          return [negative, negative + " must be at least " + (negative === "L" ? 1 : 0) +
            "; got " + n[negative].quoted + pytorch("RuntimeError",
            "Trying to create tensor with negative dimension " + n[negative].quoted)];
        }
      }
      var refused = row && refuse(row, r, n, made[i] === "input" ? "input" : "layer");
      if (refused) return refused;
    }
    var call = ["h_0", "c_0", "output"];
    for (i = 0; i < call.length; i++) {
      if (call[i] === "output" && v.L < 1n) {
        return ["L", "L must be at least 1; got 0" +
          pytorch("RuntimeError", "Expected sequence length to be larger than 0 in RNN")];
      }
      row = find(r, call[i]);
      refused = row && refuse(row, r, n, "call");
      if (refused) return refused;
    }
    v.r = r;
    return v;
  }

  // The field behind each letter of a formula, and the letters of a formula.
  function fieldOf(letter, proj) {
    return { H_in: "input_size", H_cell: "hidden_size", H_out: proj ? "proj_size" : "hidden_size",
      D: "bidirectional", num_layers: "num_layers", L: "L", N: "N" }[letter];
  }
  function letters(formula) {
    return formula.match(/[A-Za-z_]+/g) || [];
  }

  // [field, message] if PyTorch cannot make this row's tensor, else null.
  function refuse(row, r, n, what) {
    var dims = row[1], parts = row[2].replace(/^\(|,?\)$/g, "").split(", ");
    var proj = r.symbols.some(function (x) { return x[0] === "H_cell"; });
    // The reader's field with the largest size among these letters.
    var blame = function (names) {
      var best = null;
      names.forEach(function (letter) {
        var f = fieldOf(letter, proj), size = f === "bidirectional" ? r.D : n[f].value;
        if (!best || size > best[1]) best = [f, size];
      });
      return best[0];
    };
    var where = function (names) {
      return names.filter(function (x, i) { return names.indexOf(x) === i; }).map(function (x) {
        var f = fieldOf(x, proj);
        return x + " = " + (f === "bidirectional" ? r.D : n[f].quoted);
      }).join(", ");
    };
    var start = "PyTorch refuses this " + what + ": " + row[0] + " would have shape " + row[2];
    for (var i = 0; i < dims.length; i++) {
      if (dims[i] > INT64_MAX) {
        var named = letters(parts[i]);
        var size = parts[i] === named[0] ? where(named) : parts[i] + " (" + where(named) + ")";
        return [blame(named), start + ", where " + size + " is larger than any " +
          "size PyTorch holds, a 64-bit integer of at most 9223372036854775807" +
          pytorch("TypeError", "Overflow when unpacking long long")];
      }
    }
    var numel = dims.reduce(function (a, b) { return a * b; }, 1n);
    if (numel > MAX_ELEMENTS) {
      return [blame(letters(row[2])), start + " = " + tuple(dims) + ": " + numel +
        " elements of 4 bytes (float32), " + 4n * numel + " bytes, more than a " +
        "tensor may hold: its size in bytes must fit a 64-bit integer, at most " +
        "9223372036854775807" + pytorch("RuntimeError",
        "Storage size calculation overflowed with sizes=[" + dims.join(", ") + "]")];
    }
    return null;
  }

  function tuple(values) {
    return "(" + values.join(", ") + (values.length === 1 ? ",)" : ")");
  }

  // Every row of explain_shapes(module, input): [name, shape, formula]. With
  // more than ALL_LAYERS layers, the rows of layers 1 to num_layers - 1 come
  // once, named "weight_ih_l1 to weight_ih_l<num_layers - 1>".
  function explain(s, v) {
    var G = GATES[s.mode];
    var g = G > 1n ? G + " * " : "";
    var D = s.bidirectional ? 2n : 1n;
    var proj = v.proj_size > 0n;
    var H_in = v.input_size, H_cell = v.hidden_size;
    var H_out = proj ? v.proj_size : v.hidden_size;
    // The gates' width: H_cell with a projection, else H_out (the same number).
    var Hg = proj ? "H_cell" : "H_out";
    var rows = [];
    var grouped = v.num_layers > ALL_LAYERS;
    var listed = grouped ? 2n : v.num_layers;
    for (var layer = 0n; layer < listed; layer++) {
      ["", "_reverse"].slice(0, Number(D)).forEach(function (suffix) {
        var at = function (name) {
          var last = grouped && layer === 1n ? " to " + name + "_l" + (v.num_layers - 1n) + suffix : "";
          return name + "_l" + layer + suffix + last;
        };
        rows.push(layer === 0n
          ? [at("weight_ih"), [G * H_cell, H_in], "(" + g + Hg + ", H_in)"]
          : [at("weight_ih"), [G * H_cell, D * H_out], "(" + g + Hg + ", D * H_out)"]);
        rows.push([at("weight_hh"), [G * H_cell, H_out], "(" + g + Hg + ", H_out)"]);
        if (s.bias) {
          rows.push([at("bias_ih"), [G * H_cell], "(" + g + Hg + ",)"]);
          rows.push([at("bias_hh"), [G * H_cell], "(" + g + Hg + ",)"]);
        }
        if (proj) rows.push([at("weight_hr"), [H_out, H_cell], "(H_out, H_cell)"]);
      });
    }
    var L = v.L, N = v.N;
    var io = !s.batched ? [[L], ["L"]] : s.batch_first ? [[N, L], ["N", "L"]] : [[L, N], ["L", "N"]];
    var lead = s.batched ? [[D * v.num_layers, N], ["D * num_layers", "N"]] : [[D * v.num_layers], ["D * num_layers"]];
    function row(name, base, last, letter) {
      return [name, base[0].concat([last]), "(" + base[1].concat([letter]).join(", ") + ")"];
    }
    var lstm = s.mode === "LSTM";
    rows.push(row("input", io, H_in, "H_in"));
    rows.push(row("h_0", lead, H_out, "H_out"));
    if (lstm) rows.push(row("c_0", lead, H_cell, Hg));
    rows.push(row("output", io, D * H_out, "D * H_out"));
    rows.push(row("h_n", lead, H_out, "H_out"));
    if (lstm) rows.push(row("c_n", lead, H_cell, Hg));
    var symbols = [["L", L]];
    if (s.batched) symbols.push(["N", N]);
    symbols.push(["H_in", H_in], ["H_out", H_out]);
    if (proj) symbols.push(["H_cell", H_cell]);
    symbols.push(["D", D], ["num_layers", v.num_layers]);
    // parameter_count: per layer and direction, the gate blocks read the layer's
    // input and the previous hidden state, plus two biases; a projection adds
    // weight_hr.
    var b = s.bias ? 2n : 0n, extra = s.bias ? " + 2" : "";
    var first = G * H_cell * (H_in + H_out + b);
    var upper = G * H_cell * (D * H_out + H_out + b);
    var reads = function (x) {
      return " * (" + x + " + H_out" + extra + ")";
    };
    var formula;
    if (proj) {
      first += H_out * H_cell;
      upper += H_out * H_cell;
      formula = "D * (" + g + "H_cell" + reads("H_in") + " + H_out * H_cell) + " +
        "(num_layers - 1) * D * (" + g + "H_cell" + reads("D * H_out") + " + H_out * H_cell)";
    } else {
      formula = g + "D * H_out" + reads("H_in") + " + (num_layers - 1) * " + g +
        "D * H_out" + reads("D * H_out");
    }
    var count = D * first + (v.num_layers - 1n) * D * upper;
    return { rows: rows, symbols: symbols, count: count, formula: formula, D: D,
      grouped: grouped };
  }

  // The row of a tensor, or of the parameter of that name (layer 1's stands
  // for a range when the layers are grouped).
  function find(r, name) {
    return r.rows.filter(function (x) { return x[0].split(" ")[0] === name; })[0];
  }

  // The bytes of the parameters and of the call's tensors, in float32.
  function bytes(r) {
    var numel = r.count;
    ["input", "h_0", "c_0", "output", "h_n", "c_n"].forEach(function (name) {
      var row = find(r, name);
      if (row) numel += row[1].reduce(function (a, b) { return a * b; }, 1n);
    });
    return 4n * numel;
  }

  function amount(b) {
    var units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
    var digits = String(b).length;
    if (digits > 21) return "more than 10^" + (digits - 1) + " bytes";
    var x = Number(b), i = 0;
    while (x >= 1000 && i < units.length - 1) {
      x /= 1000;
      i++;
    }
    return "about " + (x < 10 ? x.toFixed(1) : Math.round(x)) + " " + units[i];
  }

  // The code that builds this layer and input and checks the shapes; when
  // they would take more than META_BYTES it builds them on the meta device.
  function python(s, v, r, meta) {
    var name = s.mode.toLowerCase();
    var args = ["input_size=" + v.input_size, "hidden_size=" + v.hidden_size,
      "num_layers=" + v.num_layers, "bias=" + (s.bias ? "True" : "False"),
      "batch_first=" + (s.batch_first ? "True" : "False"),
      "bidirectional=" + (s.bidirectional ? "True" : "False")];
    if (s.mode === "LSTM") args.push("proj_size=" + v.proj_size);
    var shape = function (n) { return find(r, n); };
    var dims = function (n) { return shape(n)[1].join(", "); };
    var comment = function (n) { return "  # " + shape(n)[2]; };
    var built = [name + " = nn." + s.mode + "(", "    " + args.join(",\n    ") + ",", ")",
      "input = torch.randn(" + dims("input") + ")" + comment("input"),
      "h_0 = torch.zeros(" + dims("h_0") + ")" + comment("h_0")];
    if (s.mode === "LSTM") built.push("c_0 = torch.zeros(" + dims("c_0") + ")" + comment("c_0"));
    var lines = ["import torch", "from torch import nn", "", "torch.manual_seed(0)"];
    if (meta) {
      lines.push("# As float32 these would take " + amount(bytes(r)) + ".",
        'with torch.device("meta"):  # shapes only, no memory');
      built = built.join("\n").split("\n").map(function (line) { return "    " + line; });
    }
    lines = lines.concat(built);
    lines.push(s.mode === "LSTM" ? "output, (h_n, c_n) = " + name + "(input, (h_0, c_0))"
      : "output, h_n = " + name + "(input, h_0)",
      "assert output.shape == " + tuple(shape("output")[1]) + comment("output"),
      "assert h_n.shape == h_0.shape");
    if (s.mode === "LSTM") lines.push("assert c_n.shape == c_0.shape");
    lines.push("count = sum(p.numel() for p in " + name + ".parameters())",
      "assert count == " + r.count);
    return lines.join("\n") + "\n";
  }

  function cell(tag, text, scope) {
    var c = document.createElement(tag);
    c.textContent = text;
    if (scope) c.scope = scope;
    return c;
  }

  function show(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  // The settings the address gave that are no setting, shown until the
  // reader changes anything: {name: message}.
  var unread = {};
  var lastError = null;
  function update(fromUrl) {
    var s = read();
    if (lastError) {
      lastError.removeAttribute("aria-invalid");
      lastError.removeAttribute("aria-describedby");
      lastError = null;
    }
    if (!fromUrl) unread = {};
    var notice = Object.keys(unread).map(function (k) { return unread[k]; }).join(" ");
    show("explorer-notice", notice);
    form.elements.N.disabled = !s.batched;
    $("explorer-copied").textContent = "";
    if (!fromUrl) remember(s);
    var v = check(s);
    var error = $("explorer-error"), results = $("explorer-results");
    if (Array.isArray(v)) {
      lastError = form.elements[v[0]];
      lastError.setAttribute("aria-invalid", "true");
      lastError.setAttribute("aria-describedby", "explorer-error");
      error.textContent = v[1];
      error.hidden = false;
      results.hidden = true;
      $("explorer-status").textContent = (notice ? notice + " " : "") +
        "Impossible setting: " + v[1];
      return;
    }
    error.hidden = true;
    results.hidden = false;
    var r = v.r;
    var body = $("explorer-rows");
    body.textContent = "";
    r.rows.forEach(function (x) {
      var tr = document.createElement("tr");
      var name = cell("th", "", "row");
      // A range of names may wrap after "to", on a phone; a name never breaks.
      x[0].split(" to ").forEach(function (part, i) {
        if (i) name.append(" to ");
        name.append(cell("span", part));
      });
      tr.append(name, cell("td", tuple(x[1])), cell("td", x[2]));
      body.append(tr);
    });
    var input = find(r, "input");
    $("explorer-caption").textContent = "Every shape of nn." + s.mode + " on input of shape " +
      tuple(input[1]) + (s.batched ? "" : ", unbatched");
    show("explorer-grouped", r.grouped ? "Layers 1 to " + (v.num_layers - 1n) +
      " all read the output of the layer below, so they all have the same shapes: " +
      "each of their parameters is listed once, with the range of its names." : "");
    // One unbreakable "letter = value" each, so that none splits across lines.
    var where = $("explorer-where");
    where.textContent = "";
    r.symbols.forEach(function (x, i) {
      if (i) where.append(", ");
      var pair = document.createElement("span");
      pair.className = "explorer-pair";
      pair.textContent = x[0] + " = " + x[1];
      where.append(pair);
    });
    $("explorer-count").textContent = String(r.count);
    $("explorer-formula").textContent = r.formula;
    var meta = bytes(r) > META_BYTES;
    var notes = [];
    if (meta) {
      notes.push("As float32 the parameters and the tensors of this call would take " +
        amount(bytes(r)) + ", so the code builds them on PyTorch's meta device, where " +
        "a tensor has a shape and no memory (the block under with torch.device(\"meta\")); " +
        "build them outside that block to make them for real.");
    }
    if (r.D * v.num_layers >= SLOW_LAYERS) {
      notes.push("This code runs for a long time: PyTorch builds the " + v.num_layers + " layers" +
        (r.D > 1n ? ", both directions of each," : "") + " one at a time in a Python " +
        "loop, and the call runs through them one at a time" +
        (meta ? ", on the meta device too." : "."));
    }
    show("explorer-code-note", notes.join(" "));
    $("explorer-python").textContent = python(s, v, r, meta);
    var out = find(r, "output");
    $("explorer-status").textContent = (notice ? notice + " " : "") + "nn." + s.mode + ": " +
      r.rows.length + " rows" + (r.grouped ? " (layers 1 to " + (v.num_layers - 1n) +
      " listed once)" : "") + "; output " + tuple(out[1]) + "; " + r.count + " parameters.";
    measure();
  }

  // The table scrolls in its own box when it is wider than the column: then,
  // and only then, a keyboard can reach the box and a line says so
  // (data-scrolls, explorer.css), as for the site's other tables.
  function measure() {
    var box = $("explorer-table");
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.toggleAttribute("data-scrolls", scrolls);
    if (scrolls) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  }

  // Keep the settings in the address, so that a link restores them. Written
  // once typing pauses: the browser throttles history.replaceState.
  var timer = null;
  function remember(s) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      history.replaceState(null, "", "?" + encode(s) + location.hash);
    }, 150);
  }

  function encode(s) {
    var q = new URLSearchParams();
    q.set("mode", s.mode);
    SIZES.forEach(function (k) { q.set(k, s[k]); });
    FLAGS.forEach(function (k) { q.set(k, s[k] ? "1" : "0"); });
    q.set("batched", s.batched ? "1" : "0");
    return q.toString();
  }

  // The settings an address gives. A value that is no setting (bias=maybe,
  // mode=foo) leaves the default, and a notice that says so.
  function decode(query) {
    var q = new URLSearchParams(query), s = {};
    var said = function (k, value, expected, used) {
      var shown = value.length > 40 ? value.slice(0, 40) + "…" : value;
      unread[k] = "The address gives " + k + "=" + JSON.stringify(shown) + ", but " + k +
        " must be " + expected + ": the explorer uses the default, " + used + ".";
    };
    Object.keys(DEFAULTS).forEach(function (k) {
      var value = q.get(k), d = DEFAULTS[k];
      s[k] = d;
      if (value === null) return;
      if (k === "mode") {
        var mode = value.toUpperCase();
        if (Object.prototype.hasOwnProperty.call(GATES, mode)) s.mode = mode;
        else said(k, value, "RNN, LSTM or GRU", "nn." + d);
      } else if (typeof d === "boolean") {
        var flag = value.toLowerCase();
        if (flag === "1" || flag === "true") s[k] = true;
        else if (flag === "0" || flag === "false") s[k] = false;
        else if (k === "batched") said(k, value, "1 or 0", "a batch of sequences");
        else said(k, value, "1 or 0", k + (d ? " on" : " off"));
      } else {
        s[k] = value;
      }
    });
    return s;
  }

  write(decode(location.search));
  form.addEventListener("input", function () { update(false); });
  form.addEventListener("change", function () { update(false); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("resize", function () {
    if (!$("explorer-results").hidden) measure();
  });
  $("explorer-copy").addEventListener("click", function () {
    var text = $("explorer-python").textContent;
    var said = $("explorer-copied");
    var done = function () { said.textContent = "Copied."; };
    var failed = function () {
      var range = document.createRange();
      range.selectNodeContents($("explorer-python"));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      said.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  });
  update(true);
})();
