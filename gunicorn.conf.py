"""gunicorn settings read from the project folder (gunicorn loads ./gunicorn.conf.py itself).

The one rule enforced here: with no sign-in set up, refuse to bind anything but loopback.
Imports carry private names: gunicorn reads every public module-level name as a setting.
"""

from dashboard import config as _config
from dashboard.app import NoSignInError as _NoSignInError
from dashboard.app import check_listen_address as _check_listen_address


def on_starting(server):
    for address in server.cfg.bind:
        host = address.rsplit(":", 1)[0] if not address.startswith("unix:") else "127.0.0.1"
        try:
            _check_listen_address(host, _config.data_dir())
        except _NoSignInError as error:
            server.log.error(str(error))
            raise SystemExit(2) from None
