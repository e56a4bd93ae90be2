/* Download links and printing for the explorer pages (see dashboard/components/exportkit.py).
 *
 * `react_exports.hrefs` is the clientside callback that writes the page's current query string
 * into every download link (a file shows what the screen shows). The Print button prints; just
 * before printing, each chart is redrawn at the paper's width, and back afterwards.
 * No inline scripts and no eval: the Content-Security-Policy allows only files from the app.
 */
(function () {
  'use strict';

  var PRINT_WIDTH_PX = 700;  /* A4 or Letter, portrait, at the browser's default print margins */

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.react_exports = {
    hrefs: function (search, ids) {
      var query = search || '';
      return (ids || []).map(function (id) {
        var page = encodeURIComponent(id.page);
        var path = id.chart ? '/export/' + page + '/' + encodeURIComponent(id.chart) : '/export/' + page;
        return path + '.' + encodeURIComponent(id.fmt) + query;
      });
    }
  };

  function graphs() {
    return Array.prototype.filter.call(document.querySelectorAll('.chart-card .js-plotly-plot'), function (gd) {
      return gd.data && gd.layout;
    });
  }

  var sizes = new WeakMap();  /* each graph's own width and height, while it is drawn for paper */

  /* An explicit width and height: with only a width, a responsive graph takes its parent's
   * height, which is zero while the print layout is made. */
  function drawForPaper() {
    if (!window.Plotly) { return; }
    if (window.reactCharts) { window.reactCharts.drawAll(); }  /* paper shows the charts not yet scrolled to */
    graphs().forEach(function (gd) {
      try {
        sizes.set(gd, {width: gd.layout.width, height: gd.layout.height});
        window.Plotly.relayout(gd, {width: PRINT_WIDTH_PX, height: gd._fullLayout.height});
      } catch (err) {
        /* a graph that cannot be redrawn prints at its screen size: the browser shrinks the page */
      }
    });
  }

  function drawForScreen() {
    if (!window.Plotly) { return; }
    graphs().forEach(function (gd) {
      var size = sizes.get(gd);
      if (!size) { return; }
      sizes.delete(gd);
      try {
        window.Plotly.relayout(gd, {width: size.width === undefined ? null : size.width,
                                    height: size.height === undefined ? null : size.height});
        window.Plotly.Plots.resize(gd);
      } catch (err) {
        /* left at the paper's width until the next redraw */
      }
    });
  }

  window.addEventListener('beforeprint', drawForPaper);
  window.addEventListener('afterprint', drawForScreen);

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.js-print');
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
}());
