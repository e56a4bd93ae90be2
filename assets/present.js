/* Presentation mode: the page's charts as full-screen slides, one per slide.
 *
 * Opened by any `.js-present` button (the page toolbar, dashboard/components/exportkit.py).
 * Each slide redraws one of the page's already drawn Plotly graphs (its data and layout) in a
 * full-screen overlay, with the chart's title and `n = …`, and at the foot the filter sentence
 * and the data date from the page. No server requests: everything is on the page already.
 * Keys: → PageDown Space next, ← PageUp previous, Home/End first/last, Escape closes.
 * Styles in present.css. No inline scripts and no eval (the app's Content-Security-Policy).
 */
(function () {
  'use strict';

  var WORDS = {
    en: {label: 'Presentation', previous: 'Previous', next: 'Next', close: 'Close (Esc)', of: 'of'},
    ru: {label: 'Презентация', previous: 'Назад', next: 'Вперёд', close: 'Закрыть (Esc)', of: 'из'}
  };
  var state = null;

  function words() {
    var lang = new URLSearchParams(window.location.search).get('lang');
    return WORDS[lang] || WORDS.en;
  }

  /* Plotly titles may hold <br> or <b>; slides show them as plain text (never as HTML). */
  function plain(value) {
    return String(value || '').replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '').trim();
  }

  function textOf(selector) {
    var element = document.querySelector(selector);
    return element ? element.textContent.trim() : '';
  }

  function collect() {
    return Array.prototype.filter.call(document.querySelectorAll('.chart-card .js-plotly-plot'), function (gd) {
      return gd.data && gd.layout && gd.offsetParent !== null;
    }).map(function (gd) {
      var title = gd.layout.title || {};
      return {graph: gd, title: plain(title.text), n: plain(title.subtitle && title.subtitle.text)};
    });
  }

  function element(tag, className, parent) {
    var node = document.createElement(tag);
    node.className = className;
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function button(className, label, text, onClick, parent) {
    var node = element('button', 'btn btn-outline-secondary btn-sm ' + className, parent);
    node.type = 'button';
    node.setAttribute('aria-label', label);
    node.title = label;
    node.textContent = text;
    node.addEventListener('click', onClick);
    return node;
  }

  function build() {
    var w = words();
    var overlay = element('div', 'react-present');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', w.label);
    overlay.tabIndex = -1;
    var head = element('header', 'react-present-head', overlay);
    var parts = {overlay: overlay};
    parts.title = element('h2', 'react-present-title', head);
    parts.n = element('p', 'react-present-n', head);
    parts.plot = element('div', 'react-present-plot', overlay);
    var foot = element('footer', 'react-present-foot', overlay);
    parts.source = element('span', 'react-present-source', foot);
    var nav = element('span', 'react-present-nav', foot);
    parts.count = element('span', 'react-present-count', nav);
    button('react-present-prev', w.previous, '←', function () { show(state.index - 1); }, nav);
    button('react-present-next', w.next, '→', function () { show(state.index + 1); }, nav);
    button('react-present-close', w.close, '×', close, nav);
    return parts;
  }

  function show(index) {
    var slides = state.slides;
    index = Math.max(0, Math.min(slides.length - 1, index));
    state.index = index;
    var slide = slides[index];
    var w = words();
    state.title.textContent = slide.title;
    state.n.textContent = slide.n;
    state.count.textContent = (index + 1) + ' ' + w.of + ' ' + slides.length;
    state.overlay.setAttribute('data-slide', String(index + 1));
    var layout = JSON.parse(JSON.stringify(slide.graph.layout));
    layout.title = {text: ''};
    layout.margin = Object.assign({}, layout.margin, {t: 10});
    delete layout.height;
    delete layout.width;
    layout.autosize = true;
    var context = slide.graph._context || {};
    var config = {displayModeBar: false, responsive: true, locale: context.locale, locales: context.locales};
    window.Plotly.purge(state.plot);
    window.Plotly.newPlot(state.plot, JSON.parse(JSON.stringify(slide.graph.data)), layout, config);
  }

  function onKey(event) {
    if (!state) { return; }
    var moves = {ArrowRight: 1, PageDown: 1, ' ': 1, Spacebar: 1, ArrowLeft: -1, PageUp: -1};
    if (event.key === 'Escape') {
      close();
    } else if (event.key in moves) {
      show(state.index + moves[event.key]);
    } else if (event.key === 'Home' || event.key === 'End') {
      show(event.key === 'Home' ? 0 : state.slides.length - 1);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  function onFullscreenChange() {
    if (state && state.fullscreen && !document.fullscreenElement) { close(); }
    if (state && document.fullscreenElement === state.overlay) { state.fullscreen = true; }
  }

  function onResize() {
    if (state) { window.Plotly.Plots.resize(state.plot); }
  }

  function open(opener) {
    if (window.reactCharts) { window.reactCharts.drawAll(); }  /* slides for the charts not yet scrolled to */
    var slides = collect();
    if (state || !slides.length || !window.Plotly) { return; }
    state = build();
    state.slides = slides;
    state.opener = opener;
    state.source.textContent = [textOf('.filter-sentence'), textOf('#header-data-date')]
      .filter(Boolean).join(' · ');
    document.body.appendChild(state.overlay);
    document.body.classList.add('react-presenting');
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    window.addEventListener('resize', onResize);
    state.overlay.focus();
    show(0);
    if (state.overlay.requestFullscreen) {
      state.overlay.requestFullscreen().catch(function () { /* a window-sized overlay does as well */ });
    }
  }

  function close() {
    if (!state) { return; }
    var closing = state;
    state = null;
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('fullscreenchange', onFullscreenChange);
    window.removeEventListener('resize', onResize);
    if (document.fullscreenElement === closing.overlay && document.exitFullscreen) {
      document.exitFullscreen().catch(function () { /* already left */ });
    }
    window.Plotly.purge(closing.plot);
    closing.overlay.remove();
    document.body.classList.remove('react-presenting');
    if (closing.opener && closing.opener.focus) { closing.opener.focus(); }
  }

  document.addEventListener('click', function (event) {
    var opener = event.target.closest && event.target.closest('.js-present');
    if (opener) {
      event.preventDefault();
      open(opener);
    }
  });
}());
