/* The shape explorer (docs/explorer.md): every shape of one call of nn.RNN,
   nn.LSTM or nn.GRU, with its formula, as rnn_guide.explain_shapes gives them.
   The formulas mirror rnn_guide/_shapes.py and rnn_guide/_parameters.py string
   for string; tests/browser/test_explorer.py drives this page through many
   random settings and compares every row with explain_shapes and the count
   with the real module's. Sizes are BigInt, so no count is ever rounded. */
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

  // Check the settings as PyTorch does; return [field, message] or the sizes.
  function check(s) {
    var v = {};
    for (var i = 0; i < SIZES.length; i++) {
      var k = SIZES[i];
      if (k === "N" && !s.batched) continue;
      var text = s[k].trim();
      // A batch may be empty (PyTorch returns empty tensors); a layer may not.
      var least = k === "proj_size" || k === "N" ? 0n : 1n;
      if (!/^[0-9]+$/.test(text)) {
        return [k, k + " must be a whole number, such as " + DEFAULTS[k] +
          "; got " + (text ? JSON.stringify(text) : "nothing") + "."];
      }
      v[k] = BigInt(text);
      if (v[k] < least) {
        return [k, k + " must be at least " + least + "; got " + v[k] + "."];
      }
    }
    if (v.proj_size > 0n && s.mode !== "LSTM") {
      return ["proj_size", "proj_size is an nn.LSTM argument only: nn." + s.mode +
        " has no projection (PyTorch raises a ValueError). Set it to 0."];
    }
    if (v.proj_size >= v.hidden_size) {
      return ["proj_size", "proj_size must be smaller than hidden_size: got proj_size = " +
        v.proj_size + " and hidden_size = " + v.hidden_size + "."];
    }
    return v;
  }

  function tuple(values) {
    return "(" + values.join(", ") + (values.length === 1 ? ",)" : ")");
  }

  // Every row of explain_shapes(module, input): [name, shape, formula].
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
    for (var layer = 0n; layer < v.num_layers; layer++) {
      ["", "_reverse"].slice(0, Number(D)).forEach(function (suffix) {
        var at = "_l" + layer + suffix;
        rows.push(layer === 0n
          ? ["weight_ih" + at, [G * H_cell, H_in], "(" + g + Hg + ", H_in)"]
          : ["weight_ih" + at, [G * H_cell, D * H_out], "(" + g + Hg + ", D * H_out)"]);
        rows.push(["weight_hh" + at, [G * H_cell, H_out], "(" + g + Hg + ", H_out)"]);
        if (s.bias) {
          rows.push(["bias_ih" + at, [G * H_cell], "(" + g + Hg + ",)"]);
          rows.push(["bias_hh" + at, [G * H_cell], "(" + g + Hg + ",)"]);
        }
        if (proj) rows.push(["weight_hr" + at, [H_out, H_cell], "(H_out, H_cell)"]);
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
    return { rows: rows, symbols: symbols, count: count, formula: formula, D: D, H_out: H_out };
  }

  function find(r, name) {
    return r.rows.filter(function (x) { return x[0] === name; })[0];
  }

  function python(s, v, r) {
    var name = s.mode.toLowerCase();
    var args = ["input_size=" + v.input_size, "hidden_size=" + v.hidden_size,
      "num_layers=" + v.num_layers, "bias=" + (s.bias ? "True" : "False"),
      "batch_first=" + (s.batch_first ? "True" : "False"),
      "bidirectional=" + (s.bidirectional ? "True" : "False")];
    if (s.mode === "LSTM") args.push("proj_size=" + v.proj_size);
    var shape = function (n) { return find(r, n); };
    var dims = function (n) { return shape(n)[1].join(", "); };
    var comment = function (n) { return "  # " + shape(n)[2]; };
    var lines = ["import torch", "from torch import nn", "",
      "torch.manual_seed(0)",
      name + " = nn." + s.mode + "(", "    " + args.join(",\n    ") + ",", ")",
      "input = torch.randn(" + dims("input") + ")" + comment("input"),
      "h_0 = torch.zeros(" + dims("h_0") + ")" + comment("h_0")];
    var call;
    if (s.mode === "LSTM") {
      lines.push("c_0 = torch.zeros(" + dims("c_0") + ")" + comment("c_0"));
      call = "output, (h_n, c_n) = " + name + "(input, (h_0, c_0))";
    } else {
      call = "output, h_n = " + name + "(input, h_0)";
    }
    lines.push(call,
      "assert output.shape == " + tuple(shape("output")[1]) + comment("output"),
      "assert h_n.shape == h_0.shape");
    if (s.mode === "LSTM") lines.push("assert c_n.shape == c_0.shape");
    lines.push("assert sum(p.numel() for p in " + name + ".parameters()) == " + r.count);
    return lines.join("\n") + "\n";
  }

  function cell(tag, text, scope) {
    var c = document.createElement(tag);
    c.textContent = text;
    if (scope) c.scope = scope;
    return c;
  }

  var lastError = null;
  function update(fromUrl) {
    var s = read();
    if (lastError) {
      lastError.removeAttribute("aria-invalid");
      lastError.removeAttribute("aria-describedby");
      lastError = null;
    }
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
      $("explorer-status").textContent = "Impossible setting: " + v[1];
      return;
    }
    error.hidden = true;
    results.hidden = false;
    var r = explain(s, v);
    var body = $("explorer-rows");
    body.textContent = "";
    r.rows.forEach(function (x) {
      var tr = document.createElement("tr");
      tr.append(cell("th", x[0], "row"), cell("td", tuple(x[1])), cell("td", x[2]));
      body.append(tr);
    });
    var input = find(r, "input");
    $("explorer-caption").textContent = "Every shape of nn." + s.mode + " on input of shape " +
      tuple(input[1]) + (s.batched ? "" : ", unbatched");
    $("explorer-where").textContent = r.symbols.map(function (x) {
      return x[0] + " = " + x[1];
    }).join(", ");
    $("explorer-count").textContent = String(r.count);
    $("explorer-formula").textContent = r.formula;
    $("explorer-python").textContent = python(s, v, r);
    var out = find(r, "output");
    $("explorer-status").textContent = "nn." + s.mode + ": " + r.rows.length + " rows; output " +
      tuple(out[1]) + "; " + r.count + " parameters.";
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

  function decode(query) {
    var q = new URLSearchParams(query), s = {};
    Object.keys(DEFAULTS).forEach(function (k) {
      var value = q.get(k), d = DEFAULTS[k];
      if (value === null) s[k] = d;
      else if (typeof d === "boolean") s[k] = value === "1" || value === "true";
      else s[k] = value;
    });
    s.mode = s.mode.toUpperCase();
    if (!(s.mode in GATES)) s.mode = DEFAULTS.mode;
    return s;
  }

  write(decode(location.search));
  form.addEventListener("input", function () { update(false); });
  form.addEventListener("change", function () { update(false); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
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
