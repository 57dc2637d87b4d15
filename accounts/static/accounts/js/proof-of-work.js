// Solves the suggestion form's proof-of-work challenge (see accounts/challenge.py): finds the
// number whose SHA-256 with the salt matches, then fills it in and hides the fallback question.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-challenge]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var salt = form.getAttribute("data-pow-salt");
  var target = form.getAttribute("data-pow-challenge");
  var max = parseInt(form.getAttribute("data-pow-max"), 10);
  var field = form.querySelector("input[name=pow_number]");
  var question = form.querySelector("[data-pow-fallback]");
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function attempt(n) {
    if (n >= max) { return Promise.resolve(null); }
    return window.crypto.subtle.digest("SHA-256", encoder.encode(salt + n)).then(function (d) {
      return hex(d) === target ? n : attempt(n + 1);
    });
  }

  attempt(0).then(function (n) {
    if (n === null) { return; }
    field.value = String(n);
    if (question) { question.hidden = true; }
  });
})();
