/* Charts are first drawn when they come near the screen, one chart per task (issue 16).
 *
 * Why: opening a page, plotly drew every chart of it in one main-thread task (380–490 ms for
 * three charts; the key-group profiles alone are 16 panels, 2,400 px below the first screen),
 * and nothing on the page could answer a click or a key meanwhile. Grafana draws its panels the
 * same way, when they are scrolled to.
 *
 * How: dcc.Graph draws with `Plotly.react(gd, figure)`. A first draw of a graph that is not near
 * the screen waits (the promise dcc.Graph chains on resolves when it is drawn) until the graph is
 * within AHEAD of the screen; graphs that come into view together are drawn one per task, so the
 * browser can paint and answer input in between. A graph already drawn is redrawn at once (new
 * filters), so what has been seen is never stale.
 *
 * `window.reactCharts.drawAll()` draws everything still waiting, at once: printing (exports.js)
 * and presentation (present.js) call it, since they show every chart.
 * Until it is drawn, a chart's frame keeps the figure's height (explorer.css), so nothing moves.
 */
(function () {
  'use strict';

  var AHEAD = '100px 0px';  /* a little before it scrolls in; more would draw most of a page at once */
  var waiting = new Map();  /* graph div → {args, resolve, reject, frame} */
  var queue = [];           /* graphs in view, to be drawn one per task */
  var observer = null;
  var drawOriginal = null;

  function frameOf(gd) {
    return gd.closest('.chart-frame') || gd.parentElement || gd;
  }

  function draw(gd) {
    var job = waiting.get(gd);
    if (!job) { return; }
    waiting.delete(gd);
    observer.unobserve(job.frame);
    gd.removeAttribute('data-draw');
    if (!gd.isConnected) { job.resolve(); return; }  /* its page was left before it was seen */
    try {
      drawOriginal.apply(window.Plotly, job.args).then(job.resolve, job.reject);
    } catch (err) {
      job.reject(err);
    }
  }

  function drawNext() {
    var gd = queue.shift();
    draw(gd);
    if (queue.length) { setTimeout(drawNext, 0); }
  }

  function seen(entries) {
    var wasIdle = queue.length === 0;
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      waiting.forEach(function (job, gd) {
        if (job.frame === entry.target && queue.indexOf(gd) < 0) { queue.push(gd); }
      });
    });
    if (wasIdle && queue.length) { setTimeout(drawNext, 0); }
  }

  function drawAll() {
    queue = [];
    Array.from(waiting.keys()).forEach(draw);
  }

  function forget(gd) {  /* graphs of a page that was left: nothing will draw them */
    if (!gd.isConnected) {
      var job = waiting.get(gd);
      waiting.delete(gd);
      observer.unobserve(job.frame);
      job.resolve();
    }
  }

  /* The frame keeps the height the chart will have: the server sets the figure's height, but a
   * chart narrower than its phone layout's `below` (fit.js) is drawn at that layout's height; in a
   * half-width column on a laptop, too. */
  function reserve(frame, figure) {
    var layout = (figure && figure.layout) || {};
    var narrow = (layout.meta || {}).narrow;
    var height = narrow && narrow.layout && narrow.layout.height;
    if (height && frame.classList.contains('chart-frame') && frame.clientWidth < narrow.below) {
      frame.style.minHeight = height + 'px';
    }
  }

  function react(gd, figure) {
    var args = arguments;
    if (!(gd instanceof Element) || gd._fullLayout) {
      return drawOriginal.apply(this, args);
    }
    var frame = frameOf(gd);
    reserve(frame, figure);
    if (!observer) { return drawOriginal.apply(this, args); }
    Array.from(waiting.keys()).forEach(forget);
    var earlier = waiting.get(gd);  /* new filters before it was seen: draw only the latest figure */
    return new Promise(function (resolve, reject) {
      var settle = earlier ? function (how, value) { earlier[how](value); } : function () {};
      waiting.set(gd, {
        args: args, frame: frame,
        resolve: function (value) { settle('resolve', value); resolve(value); },
        reject: function (err) { settle('reject', err); reject(err); }
      });
      gd.setAttribute('data-draw', 'when-seen');  /* for the frame's look (explorer.css) and for tests */
      observer.observe(frame);
    });
  }

  function install(plotly) {
    if (!plotly || drawOriginal || typeof plotly.react !== 'function') { return; }
    drawOriginal = plotly.react;
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver(seen, {rootMargin: AHEAD});
    }
    plotly.react = react;
  }

  window.reactCharts = {
    drawAll: drawAll,
    waiting: function () { return waiting.size; }
  };

  /* The assets folder's scripts run before plotly.js (assets/vendor/ comes after them): take
   * plotly.react as soon as plotly.js defines window.Plotly. */
  if (window.Plotly) {
    install(window.Plotly);
  } else {
    var plotly;
    Object.defineProperty(window, 'Plotly', {
      configurable: true,
      get: function () { return plotly; },
      set: function (value) { plotly = value; install(value); }
    });
  }
}());
