/* Keyboard and screen-reader fixes for Dash 4's dcc.Dropdown (axe: aria-hidden-focus).
 *
 * The dropdown renders an aria-hidden <input> that takes the Tab stop and hands focus to its
 * button, which itself is out of the tab order: a screen reader lands on something it is told
 * to ignore. Here the button is the Tab stop and the hidden input is not; Enter, the arrow keys
 * and Escape work on the button as before (tests/test_front_end.py drives it by keyboard).
 * A MutationObserver keeps it so: for dropdowns that appear later (pages, the "More filters"
 * panel), for a button React re-creates, and after the dropdown's own handlers reset a tabindex
 * (a race with those once let Tab skip every filter in CI).
 */
(function () {
  function fix(root) {
    root.querySelectorAll('.dash-dropdown-focus-target').forEach(function (input) {
      // Both are checked every time: React may re-create the button (tabIndex -1 again) while
      // the input keeps our -1, and the dropdown's own onBlur puts the input back to 0.
      if (input.getAttribute('tabindex') !== '-1') input.setAttribute('tabindex', '-1');
      var button = input.parentElement && input.parentElement.querySelector('button.dash-dropdown');
      if (button && !button.disabled && button.getAttribute('tabindex') !== '0') {
        button.setAttribute('tabindex', '0');
      }
    });
  }
  // Attribute changes too, not only new nodes: the tabindex is changed in place by React and
  // by the dropdown's handlers. fix() writes only what differs, so it cannot loop.
  new MutationObserver(function () { fix(document); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex', 'disabled']
  });
  document.addEventListener('DOMContentLoaded', function () { fix(document); });
})();
