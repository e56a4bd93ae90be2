"""gunicorn settings read from the project folder (gunicorn loads ./gunicorn.conf.py itself).

The one rule enforced here: with no sign-in set up, refuse to bind anything but loopback.
"""

from dashboard import config
from dashboard.app import NoSignInError, check_listen_address


def on_starting(server):
    for address in server.cfg.bind:
        host = address.rsplit(":", 1)[0] if not address.startswith("unix:") else "127.0.0.1"
        try:
            check_listen_address(host, config.data_dir())
        except NoSignInError as error:
            server.log.error(str(error))
            raise SystemExit(2) from None
