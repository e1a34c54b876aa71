/* htmx's settings, read before htmx starts (both scripts are deferred, this one after htmx):
   no inline <style> (the Content-Security-Policy allows none), no eval, no script tags
   from responses, and no copies of pages in the browser's storage (going back loads the page). */
(function () {
  "use strict";
  if (typeof htmx === "undefined") { return; }
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.historyCacheSize = 0;
  htmx.config.refreshOnHistoryMiss = true;
})();
