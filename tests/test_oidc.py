"""Sign-in through OpenID Connect against a real provider on loopback (oidc-provider-mock): the
app redirects to the provider, takes the code back, trades it for tokens over HTTP and signs the
person in; their entry in the users file (`users add EMAIL --oidc-only`) gives role and
countries; someone the provider knows but the users file does not gets nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from dashboard.auth.users import UserStore

FLOW = Path(__file__).with_name("oidc_flow.py")


def test_a_provider_sign_in_gives_the_users_role_and_countries_and_a_stranger_nothing(fixture_data_dir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder, ignore=shutil.ignore_patterns("audit.log", "users.json"))
    UserStore(folder / "users.json").add("alice@example.org", "viewer", None, ("TJ",))
    done = subprocess.run([sys.executable, str(FLOW), str(folder)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["anonymous_summary"] == 401 and result["anonymous_page"] == 302
    alice = result["alice"]
    assert alice["login"] == 302 and alice["to_provider"] == f"{result['issuer']}/oauth2/authorize"
    assert alice["provider"] == 302 and alice["callback"] == 302 and alice["callback_to"] == "/"
    assert result["alice_summary"] == 200 and result["alice_countries"] == ["TJ"]
    assert result["alice_data_desk"] == 403  # a viewer, whoever vouches for her
    assert result["alice_last_sign_in"] and result["audit"] == ["sign_in"]
    assert result["stranger"]["callback"] == 302 and result["stranger_summary"] in (401, 403)
