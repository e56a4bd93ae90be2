"""Signing in through a real OpenID Connect provider on loopback (oidc-provider-mock), run as its
own process by tests/test_oidc.py: Dash keeps one app per process, and this one is in OIDC mode.

    python tests/oidc_flow.py DATA_DIR     prints one JSON object of what each step answered
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import oidc_provider_mock
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def sign_in(client, subject: str) -> dict:
    """The whole dance: the app sends us to the provider, we authorize as `subject`, the provider
    sends us back with a code, the app trades it for tokens over HTTP and signs us in."""
    start = client.get("/oidc/idp/login")
    authorize = start.headers["Location"]
    answer = requests.post(authorize, data={"sub": subject}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    finish = client.get(f"{back.path}?{back.query}")
    return {"login": start.status_code, "to_provider": authorize.split("?")[0], "provider": answer.status_code,
            "callback": finish.status_code, "callback_to": finish.headers.get("Location")}


def main() -> None:
    data_dir = Path(sys.argv[1])
    with oidc_provider_mock.run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        os.environ.update({"REACT_OIDC_METADATA_URL": f"{issuer}/.well-known/openid-configuration",
                           "REACT_OIDC_CLIENT_ID": "react-dashboard", "REACT_OIDC_CLIENT_SECRET": "a-secret",
                           "REACT_OIDC_FORCE_HTTPS": "0", "REACT_WARM_CACHE": "0"})
        from dashboard.app import create_app
        from dashboard.auth.users import UserStore

        app = create_app(data_dir)
        result = {"issuer": issuer}
        anonymous = app.server.test_client()
        result["anonymous_summary"] = anonymous.get("/api/v1/summary").status_code
        result["anonymous_page"] = anonymous.get("/data").status_code
        alice = app.server.test_client()
        result["alice"] = sign_in(alice, "alice@example.org")
        summary = alice.get("/api/v1/summary?period=2023H1")
        result["alice_summary"] = summary.status_code
        result["alice_countries"] = (summary.get_json() or {}).get("filters", {}).get("country")
        result["alice_data_desk"] = alice.get("/data").status_code
        result["alice_last_sign_in"] = bool(UserStore(data_dir / "users.json").load()["alice@example.org"].last_sign_in)
        result["audit"] = [json.loads(line)["event"] for line in (data_dir / "audit.log").read_text().splitlines()]
        stranger = app.server.test_client()
        result["stranger"] = sign_in(stranger, "stranger@example.org")
        result["stranger_summary"] = stranger.get("/api/v1/summary").status_code
    print(json.dumps(result))


if __name__ == "__main__":
    main()
