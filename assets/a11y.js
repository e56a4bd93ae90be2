/* Keyboard and screen-reader fixes for Dash 4's dcc.Dropdown (axe: aria-hidden-focus).
 *
 * The dropdown renders an aria-hidden <input> that takes the Tab stop and hands focus to its
 * button, which itself is out of the tab order: a screen reader lands on something it is told
 * to ignore. Here the button is the Tab stop and the hidden input is not; Enter, the arrow keys
 * and Escape work on the button as before (tests/test_front_end.py drives it by keyboard).
 * React leaves the attributes alone afterwards (their props never change); a MutationObserver
 * applies it to dropdowns that appear later (pages, the "More filters" panel).
 */
(function () {
  function fix(root) {
    root.querySelectorAll('.dash-dropdown-focus-target').forEach(function (input) {
      if (input.getAttribute('tabindex') === '-1') return;
      input.setAttribute('tabindex', '-1');
      var button = input.parentElement && input.parentElement.querySelector('button.dash-dropdown');
      if (button) button.setAttribute('tabindex', '0');
    });
  }
  new MutationObserver(function () { fix(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener('DOMContentLoaded', function () { fix(document); });
})();
