// Articles meant for an audience (Audience: in their front matter) are left out of the listings of everyone
// else. A classic script in <head>, so the rule is in place before the first paint: the directory facts the
// API last gave (this tab only, cleared at logout) pick which `.card[data-for]` stay. Until they are known,
// targeted cards wait hidden; session.js hands over the facts with the first /api/me.
(function () {
  var KEY = "torget:last:audience";
  var sheet = null;
  function apply(tokens) {
    var mine = (tokens || []).map(function (token) { return '[data-for~="' + CSS.escape(token) + '"]'; }).join(",");
    var next = new CSSStyleSheet();
    next.replaceSync(mine ? ".card[data-for]:not(" + mine + ") { display: none; }" : ".card[data-for] { display: none; }");
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (s) { return s !== sheet; }).concat([next]);
    sheet = next;
  }
  window.torgetAudience = function (tokens) {
    try { sessionStorage.setItem(KEY, JSON.stringify(tokens)); } catch (e) { /* storage off: this page only */ }
    apply(tokens);
  };
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { /* none kept */ }
  apply(saved);
})();
