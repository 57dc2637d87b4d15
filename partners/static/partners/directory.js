/* Partner directory, enhanced: filters apply as they change, the results update in place, the
   address stays shareable and screen readers hear the new count. Without this file the form
   is a plain GET form with a submit button. */
(function () {
  "use strict";

  var form = document.getElementById("directory-filters");
  var status = document.getElementById("directory-status");
  if (!form || !status || !window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }
  var REGIONS = ["directory-errors", "directory-facets", "directory-results", "filters-summary"];
  var disclosure = form.closest("details");
  var pending = null;

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") {
        params.append(key, value);
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  // Focus stays on the same control (by id, or by name and value) after parts are redrawn.
  function focusedControl() {
    var active = document.activeElement;
    if (!active || active === document.body || !active.name) {
      return null;
    }
    return { id: active.id, name: active.name, value: active.value, type: active.type };
  }

  function restoreFocus(control) {
    if (!control) {
      return;
    }
    var element = control.type === "checkbox" ? null : document.getElementById(control.id);
    if (!element) {
      var candidates = form.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < candidates.length; i += 1) {
        if (candidates[i].name === control.name && candidates[i].value === control.value) {
          element = candidates[i];
          break;
        }
      }
    }
    if (!element) {
      // The option disappeared (no partner left behind it): continue from the filters heading.
      element = document.getElementById("filters-heading");
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function load(url, push, fromLink) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    form.setAttribute("aria-busy", "true");
    var control = focusedControl();
    fetch(url, { signal: pending.signal, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        REGIONS.forEach(function (id) {
          var current = document.getElementById(id);
          var fresh = page.getElementById(id);
          if (current && fresh) {
            current.innerHTML = fresh.innerHTML;
          }
        });
        var search = page.getElementById("directory-q");
        var ownSearch = document.getElementById("directory-q");
        if (search && ownSearch && document.activeElement !== ownSearch) {
          ownSearch.value = search.value;
        }
        var freshStatus = page.getElementById("directory-status");
        if (freshStatus) {
          status.textContent = freshStatus.textContent.trim();
        }
        if (push) {
          window.history.pushState({ directory: true }, "", url);
        }
        shown = window.location.pathname + window.location.search;
        document.title = page.title;
        if (fromLink) {
          // The link that was followed is gone: continue reading from the new count.
          status.setAttribute("tabindex", "-1");
          status.focus();
        } else {
          restoreFocus(control);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url);  // let the server answer (404 page, error page…)
        }
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  }

  // On small screens the filters are folded under a "Filters" button above the results: ticking
  // boxes there must not redraw the list under the finger, so they apply on "Show partners",
  // which folds the filters again and moves on to the new count.
  function folded() {
    var summary = disclosure && disclosure.querySelector("summary");
    return Boolean(summary) && window.getComputedStyle(summary).display !== "none";
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox" && !folded()) {
      load(formUrl(), true);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var wasFolded = folded();
    load(formUrl(), true, wasFolded);
    if (wasFolded) {
      disclosure.open = false;
    }
  });

  var results = document.getElementById("directory-results");

  // The sort form (inside the results): applies as soon as another order is chosen.
  function sortUrl(sortForm) {
    var params = new URLSearchParams(new FormData(sortForm));
    return sortForm.getAttribute("action") + "?" + params.toString();
  }

  results.addEventListener("change", function (event) {
    if (event.target.id === "directory-sort") {
      load(sortUrl(event.target.form), true);
    }
  });

  results.addEventListener("submit", function (event) {
    if (event.target.classList.contains("sort-form")) {
      event.preventDefault();
      load(sortUrl(event.target), true);
    }
  });

  // Chips, pagination and chart links: same page, other filters.
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.button !== 0) {
      return;
    }
    var target = new URL(link.href, window.location.href);
    if (target.origin !== window.location.origin || target.pathname !== window.location.pathname) {
      return;
    }
    event.preventDefault();
    load(target.pathname + target.search, true, true);
  });

  // Following an in-page link ("Skip to results") also fires popstate: only a change of the
  // query asks for other results (redrawing them would drop the keyboard user's focus).
  var shown = window.location.pathname + window.location.search;
  window.addEventListener("popstate", function () {
    var wanted = window.location.pathname + window.location.search;
    if (wanted !== shown) {
      load(wanted, false);
    }
  });
}());
