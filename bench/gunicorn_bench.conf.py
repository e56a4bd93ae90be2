"""gunicorn settings for the benchmarks (bench/servers.py passes this file with -c).

The same rule as the project's gunicorn.conf.py: with no sign-in set up, refuse any bind but
loopback. Module-level names that are gunicorn settings would be read as settings, so the
imports are kept under private names (`config` is a gunicorn setting).
"""

from dashboard import config as _react_config
from dashboard.app import NoSignInError as _NoSignInError
from dashboard.app import check_listen_address as _check_listen_address


def on_starting(server):
    for address in server.cfg.bind:
        host = address.rsplit(":", 1)[0] if not address.startswith("unix:") else "127.0.0.1"
        try:
            _check_listen_address(host, _react_config.data_dir())
        except _NoSignInError as error:
            server.log.error(str(error))
            raise SystemExit(2) from None
