"""Who may see what (privacy.md): every callback and route authorizes the request itself.

A data directory with users turns sign-in on. The matrix posts every callback of the app's
callback map without a session, as a user limited to Tajikistan asking for other countries,
with junk, and from a foreign Origin; each is refused or answered without data it must not
carry. Also: /_dash-layout holds no data, security headers, demo mode (sign-in limits: test_security.py).
"""

import json

import pytest

from dashboard.app import NoSignInError, check_listen_address
from tests.conftest import PASSWORD, sign_in
from tests.dashhttp import by_id, call, find_callback, first_output_id, output_specs, response_values

# Shell callbacks that anonymous visitors of public pages use; they must carry no case data.
ANONYMOUS_OK = {"footer", "nav", "demo-notice", "_pages_content"}
# Values from the fixture's UZ and KG cases that a Tajikistan-only user must never receive.
FOREIGN_MARKERS = ["Tashkent", "Bishkek", "Uzbekistan", "Kyrgyzstan", "\"UZ\"", "\"KG\""]






def _callbacks(client):
    """Every server-side callback (clientside ones run in the browser and have no endpoint)."""
    return [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]


def _post_all(client, search, headers=None):
    for dep in _callbacks(client):
        values = {"url.search": search, "url.pathname": "/", "_pages_location.pathname": "/",
                  "_pages_location.search": search}
        yield dep, call(client, first_output_id(dep), values, dep=dep, headers=headers)


def test_the_callback_map_is_covered(client_for, signed_data_dir):
    assert len(_callbacks(client_for(signed_data_dir))) >= 20


def test_no_session_gets_nothing(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    snapshot_id = (signed_data_dir / "CURRENT").read_text().strip()
    for dep, response in _post_all(client, "?country=TJ&period=2023H1"):
        name = first_output_id(dep)
        text = response.get_data(as_text=True)
        assert snapshot_id not in text and "Dushanbe" not in text, name
        if name not in ANONYMOUS_OK:
            assert response.status_code in (401, 403), (name, response.status_code)


def test_a_forged_public_pathname_does_not_open_a_data_callback(client_for, signed_data_dir):
    """dash-auth lets a callback through when a posted input named pathname is public; ours check anyway."""
    client = client_for(signed_data_dir)
    dep = find_callback(client, "kpi-cases")
    outputs = [{"id": cid, "property": prop} for cid, prop, _duplicate in output_specs(dep)]
    body = {"output": dep["output"], "outputs": outputs, "changedPropIds": [], "state": [],
            "inputs": [{"id": "url", "property": "search", "value": "?country=TJ"},
                       {"id": "url", "property": "pathname", "value": "/releases"}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (401, 403, 500)
    assert "kpi" not in response.get_data(as_text=True)


def test_a_restricted_user_sees_only_their_countries(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    sign_in(client, "tj_viewer")
    for search in ("?country=UZ&country=KG", "", "?region=Tashkent", "?country=UZ&key_group=plhiv"):
        for dep, response in _post_all(client, search):
            assert response.status_code in (200, 204), (first_output_id(dep), response.status_code)
            text = response.get_data(as_text=True)
            for marker in FOREIGN_MARKERS:
                if marker.strip('"') in search:  # a notice may echo what the request itself said
                    continue
                assert marker not in text, (first_output_id(dep), search, marker)
    values = response_values(call(client, "kpi-cases", {"url.search": "?country=UZ"}))
    tj_only = response_values(call(client, "kpi-cases", {"url.search": "?country=TJ"}))
    assert values["kpi-cases.children"] == tj_only["kpi-cases.children"] == "16"
    notice = response_values(call(client, "filter-notice", {"url.search": "?country=UZ"}))
    assert "not among the countries you may see" in json.dumps(notice)


def test_an_unrestricted_user_sees_everything(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    sign_in(client, "admin")
    assert response_values(call(client, "kpi-cases", {"url.search": ""}))["kpi-cases.children"] == "30"


@pytest.mark.parametrize("junk", ["?country=%00", "?period=" + "9" * 500, "?lang=xx&split=;drop", "?start=0001-01-01"])
def test_junk_from_a_signed_in_user_is_answered_not_crashed(client_for, signed_data_dir, junk):
    client = client_for(signed_data_dir)
    sign_in(client, "tj_viewer")
    for dep, response in _post_all(client, junk):
        assert response.status_code in (200, 204), (first_output_id(dep), response.status_code)


def test_a_foreign_origin_is_refused(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    sign_in(client, "admin")
    for dep, response in _post_all(client, "?country=TJ", headers={"Origin": "https://evil.example"}):
        assert response.status_code == 403, first_output_id(dep)
    response = call(client, "kpi-cases", {"url.search": ""}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    same = call(client, "kpi-cases", {"url.search": ""}, headers={"Origin": "http://localhost"})
    assert same.status_code == 200


def test_a_page_comes_filled_only_with_what_its_visitor_may_see(client_for, signed_data_dir):
    """The Pages router now sends each explorer page with its numbers in place: through the same
    door as the page's callback (scope_from_search), so a restricted user gets their countries
    only and no session gets nothing."""
    pages = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography", "/methodology"]
    snapshot_id = (signed_data_dir / "CURRENT").read_text().strip()

    def router(client, pathname, search):
        return call(client, "_pages_content", {"_pages_location.pathname": pathname,
                                               "_pages_location.search": search})

    anonymous = client_for(signed_data_dir)
    for pathname in pages:  # explorer pages need sign-in: the router itself refuses
        response = router(anonymous, pathname, "?country=TJ")
        text = response.get_data(as_text=True)
        assert response.status_code == 401 and snapshot_id not in text and "Dushanbe" not in text, pathname
    client = client_for(signed_data_dir)
    sign_in(client, "tj_viewer")
    for pathname in pages:
        for search in ("?country=UZ&country=KG", "", "?region=Tashkent"):
            response = router(client, pathname, search)
            assert response.status_code == 200, (pathname, search)
            text = response.get_data(as_text=True)
            # Country names also stand in fixed notes ("the hotline in Tajikistan and Uzbekistan").
            for marker in ("Tashkent", "Bishkek", '"UZ"', '"KG"'):
                if marker.strip('"') not in search:
                    assert marker not in text, (pathname, search, marker)
    overview = by_id(response_values(router(client, "/", "?country=UZ"))["_pages_content.children"])
    assert overview["kpi-cases"]["children"] == "16"  # Tajikistan's cases: UZ was asked for and refused


def test_dash_layout_holds_no_data(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    snapshot_id = (signed_data_dir / "CURRENT").read_text().strip()
    for signed_in in (False, True):
        if signed_in:
            sign_in(client, "admin")
        text = client.get("/_dash-layout").get_data(as_text=True)
        assert snapshot_id not in text
        for value in ("Dushanbe", "Khatlon", "SPIN Plus", "Tashkent"):
            assert value not in text


def test_pages_need_sign_in_and_public_routes_do_not(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    response = client.get("/response?country=TJ")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=%2Fresponse")
    assert client.get("/login").status_code == 200
    assert client.get("/api/v1/summary").status_code == 401


def test_sign_in_never_redirects_off_site(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        response = client.post("/login", data={"username": "admin", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/"


def test_summary_api_is_clamped_to_the_users_countries(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    sign_in(client, "tj_viewer")
    assert client.get("/api/v1/summary?country=UZ").status_code == 403
    document = client.get("/api/v1/summary?period=2023H1").get_json()
    assert document["filters"]["country"] == ["TJ"]
    assert document["totals"] == {"cases": 9, "clients": 7, "qualified_cases": 5}
    bad = client.get("/api/v1/summary?period=2023H7&gender=robot")
    assert bad.status_code == 400 and len(bad.get_json()["problems"]) == 2


def test_security_headers(client_for, signed_data_dir):
    client = client_for(signed_data_dir)
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" in client.get("/login", base_url="https://localhost").headers


def test_demo_mode_answers_loopback_only(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)  # no users: local demo mode
    assert client.get("/").status_code == 200
    assert client.get("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 403
    assert client.get("/api/v1/summary", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 403
    notice = call(client, "demo-notice", {"_pages_location.pathname": "/", "_pages_location.search": "?lang=ru"})
    assert "Локальный демо-режим" in json.dumps(notice.get_json(), ensure_ascii=False)


def test_listening_beyond_loopback_needssign_in(fixture_data_dir, signed_data_dir):
    check_listen_address("127.0.0.1", fixture_data_dir)
    with pytest.raises(NoSignInError):
        check_listen_address("0.0.0.0", fixture_data_dir)
    check_listen_address("0.0.0.0", signed_data_dir)
