/* Charts that fit a phone (issue 16). Two things plotly does not do by itself:
 *
 * 1. A phone layout. A figure may carry `layout.meta.narrow`: a layout patch for charts
 *    narrower than `below` px and `wide` to go back, and optionally `traces` (one trace's
 *    attributes, both ways). Small multiples go to one column (two panels side by side overlapped
 *    each other's labels at 390 px); the map's labels become counts alone.
 *
 * 2. Titles and subtitles that fit: on a phone they were cut at the right edge
 *    ("Cases by region of Tajikistan, on the", "n = 3 357 cases with status …").
 *
 * Plotly draws a title on one line, however narrow the chart. After each draw this wraps the
 * title and the `n = …` subtitle at word boundaries to the chart's width (measured with the
 * font plotly used), then gives the top margin the height the texts take as drawn. The
 * figure's own texts are kept and wrapping always starts from them, so a redraw at another width
 * (a phone turned, the window resized) wraps afresh; a new figure from the server replaces them.
 * Images, slides and PDFs are made on the server from the figure, with their own sizes.
 */
(function () {
  var canvas = document.createElement('canvas').getContext('2d');
  // Whenever fit.js moves a margin the title is pinned to the top: plotly centres an 'auto' title
  // in the margin, which would move it down as the margin grows (and the margin after it).
  var PINNED = {'title.yref': 'container', 'title.y': 1, 'title.yanchor': 'top', 'title.pad.t': 20};

  function plainWord(word) {
    var box = document.createElement('span');
    box.innerHTML = word.replace(/<[^>]*>/g, '');
    return box.textContent;
  }

  function lines(text, font, width) {
    if (!text) return [];
    canvas.font = font;
    var out = [];
    var current = '';
    String(text).replace(/<br\s*\/?>/gi, ' ').split(/\s+/).filter(Boolean).forEach(function (word) {
      var tried = current ? current + ' ' + word : word;
      if (current && canvas.measureText(plainWord(tried)).width > width) {
        out.push(current);
        current = word;
      } else {
        current = tried;
      }
    });
    if (current) out.push(current);
    return out;
  }

  function fontOf(node, fallbackSize) {
    var style = node ? window.getComputedStyle(node) : null;
    var size = style ? parseFloat(style.fontSize) : fallbackSize;
    return {css: (style ? style.fontWeight + ' ' : '') + size + 'px ' + (style ? style.fontFamily : 'sans-serif'),
            size: size};
  }

  function arrange(gd) {
    // The state lives on the figure's meta object: a new figure from the server starts afresh.
    var meta = (gd.layout || {}).meta || {};
    var narrow = meta.narrow;
    if (!narrow || !gd._fullLayout) return false;
    var wanted = gd._fullLayout.width < narrow.below ? 'narrow' : 'wide';
    if ((meta.__arranged || 'wide') === wanted) return false;
    meta.__arranged = wanted;
    var layout = wanted === 'narrow' ? narrow.layout : narrow.wide;
    var traces = narrow.traces;  // a map's labels: trace attributes, not layout
    // Plotly.update only where a trace changes: the small multiples' one-column layout did not take
    // through update(gd, {}, layout) (tests/test_front_end.py caught it).
    if (traces) window.Plotly.update(gd, traces[wanted], layout, [traces.index]);
    else window.Plotly.relayout(gd, layout);
    return true;
  }

  function fit(gd) {
    var layout = gd.layout || {};
    var full = gd._fullLayout;
    var title = layout.title || {};
    if (!full || !window.Plotly) return;
    if (arrange(gd)) return fitted(gd, false);
    if (!title.text) return fitted(gd, true);
    // The originals are kept on the layout object: a new figure from the server is a new layout
    // (Plotly.react), and its texts are the originals, even when its title is the same as before
    // (a new drill-down keeps the title and changes the subtitle).
    var subtitleNow = title.subtitle && title.subtitle.text;
    var saved = layout.__reactTitles;
    if (!saved || saved.setTitle !== title.text || saved.setSubtitle !== subtitleNow) {
      saved = layout.__reactTitles = {
        title: title.text, subtitle: subtitleNow,
        top: (layout.margin && layout.margin.t) || full.margin.t, setTitle: title.text, setSubtitle: subtitleNow
      };
    }
    var width = full.width - 24;
    var titleFont = fontOf(gd.querySelector('.gtitle'), 18);
    var subFont = fontOf(gd.querySelector('.gtitle-subtitle, .subtitle'), 13);
    var titleLines = lines(saved.title, titleFont.css, width);
    var subLines = lines(saved.subtitle, subFont.css, width);
    var wrappedTitle = titleLines.join('<br>');
    var wrappedSub = subLines.join('<br>');
    if (wrappedTitle !== title.text || (saved.subtitle && wrappedSub !== title.subtitle.text)) {
      saved.setTitle = wrappedTitle;
      saved.setSubtitle = saved.subtitle ? wrappedSub : subtitleNow;
      var update = Object.assign({'title.text': wrappedTitle}, PINNED);
      if (saved.subtitle) update['title.subtitle.text'] = wrappedSub;
      window.Plotly.relayout(gd, update);  // draws again: the margin is fitted on that draw
      return fitted(gd, false);
    }
    // The texts are right: give the top margin what they take, measured as drawn (never less
    // than the figure's own margin). A margin that already fits returns here, so there is no loop.
    var top = gd.getBoundingClientRect().top;
    var bottom = 0;
    gd.querySelectorAll('.gtitle, .gtitle-subtitle, .subtitle').forEach(function (node) {
      bottom = Math.max(bottom, node.getBoundingClientRect().bottom - top);
    });
    var wanted = Math.max(saved.top, Math.ceil(bottom + 12));
    if (Math.abs(wanted - full.margin.t) > 2) {
      window.Plotly.relayout(gd, Object.assign({'margin.t': wanted}, PINNED));
      return fitted(gd, false);
    }
    fitted(gd, true);
  }

  // data-fitted="true" once a draw needed no change: what tests (and anything reading the drawn
  // chart's position, like a click) wait for.
  function fitted(gd, done) {
    gd.setAttribute('data-fitted', done ? 'true' : 'false');
  }

  function watch(gd) {
    if (gd.__reactTitlesWatched || typeof gd.on !== 'function') return;
    gd.__reactTitlesWatched = true;
    gd.on('plotly_afterplot', function () { fit(gd); });
    fit(gd);
  }

  new MutationObserver(function () {
    document.querySelectorAll('.js-plotly-plot').forEach(watch);
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
