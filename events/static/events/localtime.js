/* Adds the visitor's own time next to an event's times (shown in the event's zone), in the
   page's date style: "17 July 2019, 16:30–19:00 (CEST)" on English pages, as the server writes
   dates. Reads <time datetime="...Z"> inside [data-localtime]; the page is complete without it. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function formatters(locale) {
    return {
      day: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric" }),
      time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      zone: new Intl.DateTimeFormat(locale, { hour: "numeric", timeZoneName: "short" })
    };
  }

  function zoneName(format, moment) {
    var parts = format.formatToParts ? format.formatToParts(moment) : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === "timeZoneName") { return parts[i].value; }
    }
    return "";
  }

  function describe(f, start, end) {
    var text = f.day.format(start) + ", " + f.time.format(start);
    if (end) {
      var sameDay = f.day.format(start) === f.day.format(end);
      text += sameDay ? "–" + f.time.format(end) : " – " + f.day.format(end) + ", " + f.time.format(end);
    }
    var zone = zoneName(f.zone, start);
    return zone ? text + " (" + zone + ")" : text;
  }

  document.querySelectorAll("[data-localtime]").forEach(function (holder) {
    if (holder.getAttribute("data-event-zone") === visitorZone) { return; }
    var times = holder.querySelectorAll("time[datetime]");
    if (!times.length) { return; }
    var start = new Date(times[0].getAttribute("datetime"));
    var end = times.length > 1 ? new Date(times[times.length - 1].getAttribute("datetime")) : null;
    if (isNaN(start.getTime()) || (end && isNaN(end.getTime()))) { return; }
    var f;
    try {
      f = formatters(holder.getAttribute("data-locale") || document.documentElement.lang || undefined);
    } catch (error) { return; }
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = (holder.getAttribute("data-label") || "") + " " + describe(f, start, end);
    holder.insertAdjacentElement("afterend", note);
  });
})();
