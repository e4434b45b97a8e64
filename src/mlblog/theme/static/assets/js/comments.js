// site.yaml's comments (giscus or utterances): the service's script tag, kept in a
// <template> by _comments.html, is added when the reader nears the comments, in the
// page's light or dark; the frame follows the theme toggle. Under `mlblog serve` a note
// stands in for it: trying a page out must not open discussions or issues.
(function () {
  "use strict";
  var root = document.documentElement;
  // What each service calls the theme to open in, and how its frame is told of a change.
  var SERVICES = {
    giscus: {
      origin: "https://giscus.app",
      attribute: "data-theme",
      names: { dark: "dark", light: "light", auto: "preferred_color_scheme" },
      message: function (theme) { return { giscus: { setConfig: { theme: theme } } }; },
    },
    utterances: {
      origin: "https://utteranc.es",
      attribute: "theme",
      names: { dark: "github-dark", light: "github-light", auto: "preferred-color-scheme" },
      message: function (theme) { return { type: "set-theme", theme: theme }; },
    },
  };
  // site.js decides light or dark (data-color-scheme) and says when it changes; without
  // it (a site's base.html that leaves it out) the service follows the system itself.
  function themeName(service) {
    return service.names[root.dataset.colorScheme || "auto"];
  }
  function underServe() {
    return document.querySelector('script[src*="/__mlblog/live.js"]') !== null;
  }
  function load(section, service) {
    var kept = section.querySelector("template.comments-embed");
    var given = kept && kept.content.querySelector("script");
    if (!given) return;
    // A new element: a script cloned from a template's content would not run.
    var script = document.createElement("script");
    Array.prototype.forEach.call(given.attributes, function (a) { script.setAttribute(a.name, a.value); });
    script.setAttribute(service.attribute, themeName(service));
    kept.replaceWith(script);
    document.addEventListener("mlblog:theme", function () {
      // The service's script, still on its way, opens the frame in the theme it says.
      script.setAttribute(service.attribute, themeName(service));
      var frame = section.querySelector("iframe");
      if (frame && frame.contentWindow) {
        frame.contentWindow.postMessage(service.message(themeName(service)), service.origin);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.comments").forEach(function (section) {
      var service = SERVICES[section.dataset.service];
      if (!service) return;
      if (underServe()) {
        section.querySelector(".comments-note").hidden = false;
        return;
      }
      if (!("IntersectionObserver" in window)) { load(section, service); return; }
      var watch = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        watch.disconnect();
        load(section, service);
      }, { rootMargin: "600px 0px" });
      watch.observe(section);
    });
  });
})();
