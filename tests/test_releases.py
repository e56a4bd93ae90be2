"""Publishing protected releases: the frozen file, suppression on the published Tajikistan numbers,
the audit of nested periods, withdrawal, and the command line's exit codes and one-line messages."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest

from dashboard import cli
from dashboard.releases.document import iter_cells
from dashboard.releases.model import PROFILE, ReleaseRefused
from dashboard.releases.publish import make_scope, publish
from dashboard.releases.store import ReleaseStore
from tests.factories import make_snapshot, releases_dir

TJ_H1 = make_scope(["TJ"], False, "2023H1")
PARTITIONS = ("totals", "gender", "age_group", PROFILE, "reaction_status", "intake_channel", "region", "trend")


@pytest.fixture
def demo_copy(demo_data_dir, tmp_path):
    """The demo snapshot (shared, read-only) under a data directory of the test's own, for its releases."""
    folder = releases_dir(demo_data_dir, tmp_path / "data")
    return folder


def case(i: int, day: date, **fields) -> dict:
    """One valid case of the snapshot schema; `fields` override the plain defaults."""
    base = {
        "case_id": f"K{i:04d}", "client_id": f"C{i:04d}", "country": "TJ", "region": "North",
        "organization": "NGO A", "registered_on": day, "incident_on": None, "intake_channel": "office",
        "gender": "female", "age": None, "age_group": "a19_35", "key_groups": ["plhiv"],
        "primary_key_group": "plhiv", "qualified_violation": True, "violations": ["discrimination"],
        "perpetrators": ["police"], "reaction_status": "resolved_positive", "decline_reasons": [],
        "services_provided": ["primary_legal"], "services_referred": [], "services_unavailable": [],
    }
    return {**base, **fields}


def cells_of(document: dict, table: str) -> dict:
    return {key[1:]: cell for key, cell, _ in iter_cells(document["tables"]) if key[0] == table}


def tables_with_cells(document: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for key, cell, _ in iter_cells(document["tables"]):
        out.setdefault(key[0] if key[0] != "service" else f"service/{key[2]}", []).append(cell)
    return out


def test_tajikistan_2023h1_is_published_protected_and_frozen(demo_copy):
    document = publish(demo_copy, TJ_H1)
    path = demo_copy / "releases" / f"{document['release_id']}.json"
    assert path.is_file() and not os.stat(path).st_mode & 0o222  # read-only on disk
    totals = {code: cell["value"] for (code, _), cell in cells_of(document, "totals").items()}
    assert totals == {"cases": 522, "clients": 520, "qualified_cases": 480}
    groups = cells_of(document, "key_group")
    for hidden in ("prisoner", "undisclosed"):
        assert groups[(hidden, "clients")] == {"value": None, "suppressed": True, "hidden_as": "<11", "share": None}
    assert groups[("plhiv", "clients")]["value"] == 279
    # A table whose cells add up to a shown total never hides exactly one cell (privacy.md). Mention
    # tables do not add up to anything printed, so one hidden cell there is safe when the audit says so.
    for table, cells in tables_with_cells(document).items():
        hidden = [c for c in cells if c["suppressed"]]
        if table in PARTITIONS:
            assert len(hidden) != 1, f"{table} hides exactly one cell"
    assert document["note"] == {
        "en": "Numbers from 1 to 10 are hidden to protect the people who reported these cases.",
        "ru": "Числа от 1 до 10 скрыты, чтобы защитить людей, сообщивших об этих случаях.",
    }
    assert document["threshold"] == 11 and document["scope"]["period"] == "2023H1"


def test_hidden_rows_come_last_so_their_place_says_nothing(demo_copy):
    document = publish(demo_copy, TJ_H1)
    rows = document["tables"]["key_group"]["rows"]
    states = [r["cells"]["clients"]["suppressed"] for r in rows]
    assert states == sorted(states)  # shown first, then hidden
    hidden = [r["code"] for r in rows if r["cells"]["clients"]["suppressed"]]
    assert hidden == sorted(hidden)


def test_a_profile_with_hidden_cases_shows_no_perpetrators(demo_copy):
    document = publish(demo_copy, TJ_H1)
    profiles = {r["code"]: r for r in document["tables"][PROFILE]["rows"]}
    assert profiles["homeless"]["cells"]["cases"]["suppressed"] and profiles["homeless"]["breakdown"] is None
    assert profiles["plhiv"]["cells"]["cases"]["value"] == 265
    assert profiles["plhiv"]["breakdown"]["rows"][0]["cells"]["cases"]["value"] == 227


def test_shares_only_with_a_shown_count_and_a_denominator_of_30(demo_copy):
    document = publish(demo_copy, TJ_H1)
    shares = [cell for _key, cell, _table in iter_cells(document["tables"]) if cell["share"] is not None]
    assert shares
    for cell in shares:
        assert not cell["suppressed"] and cell["value"] / cell["share"] >= 30 - 1e-9
    gender = cells_of(document, "gender")
    assert gender[("female", "clients")]["share"] == pytest.approx(272 / 520)


def test_a_second_publish_makes_a_new_release_and_leaves_the_first_untouched(demo_copy):
    first = publish(demo_copy, TJ_H1)
    path = demo_copy / "releases" / f"{first['release_id']}.json"
    before = path.read_bytes()
    second = publish(demo_copy, TJ_H1)
    assert second["release_id"] != first["release_id"]
    assert path.read_bytes() == before
    assert second["tables"] == first["tables"]


def test_a_lower_threshold_hides_less(demo_copy):
    document = publish(demo_copy, TJ_H1, threshold=5)
    groups = cells_of(document, "key_group")
    assert groups[("prisoner", "clients")]["hidden_as"] == "<5"
    assert groups[("disability", "clients")]["value"] == 6
    assert document["note"]["en"] == "Numbers from 1 to 4 are hidden to protect the people who reported these cases."


def test_the_year_after_its_half_is_audited_and_hides_what_the_difference_would_show(demo_copy):
    half = publish(demo_copy, TJ_H1)
    year = publish(demo_copy, make_scope(["TJ"], False, "2023"))
    half_cells, year_cells = dict(_flat(half)), dict(_flat(year))
    differences = [year_cells[k]["value"] - half_cells[k]["value"] for k in half_cells.keys() & year_cells.keys()
                   if not half_cells[k]["suppressed"] and not year_cells[k]["suppressed"]]
    assert differences and not [d for d in differences if 0 < abs(d) < 11]
    # 2023 H2 has 9 cases of "safety fears" (year 22, half 13): shown alone, the year would give them away.
    assert half_cells[("decline_reason", "safety_fears", "cases")]["value"] == 13
    assert year_cells[("decline_reason", "safety_fears", "cases")]["hidden_as"] == "≥11"


def _flat(document):
    return [(key, cell) for key, cell, _ in iter_cells(document["tables"])]


def _small_country(data_dir, first_half: int, second_half: int):
    """Tajikistan with `first_half` cases in 2023 H1 and `second_half` in 2023 H2, one per client."""
    cases = [case(i, date(2023, 1, 1) + timedelta(days=i % 150)) for i in range(first_half)]
    cases += [case(first_half + i, date(2023, 7, 1) + timedelta(days=i % 150)) for i in range(second_half)]
    return make_snapshot(data_dir, cases)


def test_the_audit_refuses_when_the_totals_would_differ_by_less_than_the_threshold(tmp_path):
    _small_country(tmp_path, 40, 5)
    publish(tmp_path, TJ_H1)
    with pytest.raises(ReleaseRefused, match=r"totals / cases differs by 5 from release tj-2023h1-"):
        publish(tmp_path, make_scope(["TJ"], False, "2023"))
    assert len(ReleaseStore(tmp_path).documents()) == 1


def test_the_audit_passes_when_the_difference_is_large_enough(tmp_path):
    _small_country(tmp_path, 40, 30)
    publish(tmp_path, TJ_H1)
    year = publish(tmp_path, make_scope(["TJ"], False, "2023"))
    assert cells_of(year, "totals")[("cases", "count")]["value"] == 70


def test_a_withdrawn_release_still_counts_in_the_audit(tmp_path):
    """Whoever downloaded it keeps it: the year would still give away the 5 cases of H2."""
    _small_country(tmp_path, 40, 5)
    half = publish(tmp_path, TJ_H1)
    ReleaseStore(tmp_path).withdraw(half["release_id"], datetime(2024, 1, 1))
    with pytest.raises(ReleaseRefused, match=r"totals / cases differs by 5 from release tj-2023h1-"):
        publish(tmp_path, make_scope(["TJ"], False, "2023"))


def test_tables_that_would_be_empty_are_refused(tmp_path):
    _small_country(tmp_path, 6, 0)
    with pytest.raises(ReleaseRefused, match="protected tables would be empty: 6 cases"):
        publish(tmp_path, TJ_H1)


def test_withdrawal_hides_a_release_but_keeps_its_file(demo_copy):
    document = publish(demo_copy, TJ_H1)
    store = ReleaseStore(demo_copy)
    store.withdraw(document["release_id"], datetime(2024, 1, 1), "typo in a label")
    assert store.documents() == [] and store.read(document["release_id"]) is None
    assert (demo_copy / "releases" / f"{document['release_id']}.json").is_file()
    assert store.read(document["release_id"], include_withdrawn=True)["release_id"] == document["release_id"]
    assert store.withdrawn()[document["release_id"]]["reason"] == "typo in a label"


def test_command_line_publish_list_withdraw(demo_copy, capsys):
    assert cli.main(["publish", "--country", "TJ", "--period", "2023H1", "--data-dir", str(demo_copy)]) == 0
    release_id = capsys.readouterr().out.strip()
    assert (demo_copy / "releases" / f"{release_id}.json").is_file()
    assert cli.main(["releases", "--data-dir", str(demo_copy)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 1 and listing[0].startswith(release_id + "\tTJ\t2023H1\t")
    assert cli.main(["withdraw", release_id, "--data-dir", str(demo_copy)]) == 0
    capsys.readouterr()
    assert cli.main(["releases", "--data-dir", str(demo_copy)]) == 0
    assert capsys.readouterr().out == ""
    assert cli.main(["releases", "--all", "--data-dir", str(demo_copy)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\twithdrawn")


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["publish", "--country", "XX", "--period", "2023H1"], 2, "publish: country 'XX' is not a known country"),
    (["publish", "--country", "TJ", "--period", "2023H7"], 2, "publish: period '2023H7' is not one of"),
    (["publish", "--country", "TJ"], 2, "publish: give a period such as 2023H1"),
    (["publish", "--period", "2023"], 2, "publish: give at least one --country, or --region-wide"),
    (["publish", "--country", "TJ", "--period", "2023", "--threshold", "1"], 2, "publish: threshold 1"),
    (["publish", "--country", "TJ", "--period", "2033"], 1, "refused: protected tables would be empty: 0 cases"),
    (["publish", "--country", "TJ", "--period", "2023", "--snapshot", "../x"], 2, "publish: snapshot id"),
    (["withdraw", "no-such-release"], 2, "withdraw: no release 'no-such-release'"),
    (["withdraw", "../../etc/passwd"], 2, "withdraw: no release"),
])
def test_command_line_mistakes_and_refusals_are_one_line(demo_copy, capsys, argv, code, message):
    assert cli.main([*argv, "--data-dir", str(demo_copy)]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message) and captured.err.count("\n") == 1


def test_command_line_refuses_an_audit_in_one_line(tmp_path, capsys):
    _small_country(tmp_path, 40, 5)
    assert cli.main(["publish", "--country", "TJ", "--period", "2023H1", "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert cli.main(["publish", "--country", "TJ", "--period", "2023", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refused: audit: totals / cases differs by 5 from release tj-2023h1-")
    assert err.count("\n") == 1


def test_regions_with_fewer_than_50_cases_are_grouped(demo_copy):
    document = publish(demo_copy, TJ_H1)
    regions = {(row["code"], row["label"]["en"]): row["cells"]["cases"]["value"]
               for row in document["tables"]["region"]["rows"]}
    assert regions == {("TJ|Dushanbe", "Dushanbe"): 180, ("TJ|Sughd (Khujand)", "Sughd (Khujand)"): 105,
                       ("TJ|Khatlon (Kulyab)", "Khatlon (Kulyab)"): 74, ("TJ|GBAO (Khorog)", "GBAO (Khorog)"): 52,
                       ("TJ|*", "Other regions"): 42 + 39 + 30}
    assert "country" not in document["tables"]


def test_a_region_wide_release_has_the_country_table(demo_copy):
    document = publish(demo_copy, make_scope([], True, "2023H1"))
    assert document["scope"]["region_wide"] and document["label"]["en"] == "All countries · 2023 H1"
    countries = cells_of(document, "country")
    assert countries[("TJ", "cases")]["value"] == 522
    regions = {row["code"]: row for row in document["tables"]["region"]["rows"]}
    assert {row["country"] for row in regions.values()} >= {"TJ", "UZ"}
    assert regions["TJ|*"]["label"] == {"en": "Other regions (Tajikistan)", "ru": "Другие регионы (Таджикистан)"}


def test_an_explicit_date_range_is_a_period_too(demo_copy, capsys):
    argv = ["publish", "--country", "TJ", "--start", "2023-01-01", "--end", "2023-06-30", "--threshold", "5",
            "--data-dir", str(demo_copy)]
    assert cli.main(argv) == 0
    release_id = capsys.readouterr().out.strip()
    assert release_id.startswith("tj-2023h1-")  # the range is exactly 2023 H1
    assert cli.main([*argv[:3], "--start", "2023-06-30", "--end", "2023-01-01", "--data-dir", str(demo_copy)]) == 2
    assert capsys.readouterr().err.startswith("publish: give a period such as 2023H1")


def test_qualified_cases_are_hidden_when_few_cases_are_not_qualified(tmp_path):
    """Cases minus qualified is a count too: 3 cases not qualified must not be worked out from the tiles."""
    make_snapshot(tmp_path, [case(i, date(2023, 1, 1) + timedelta(days=i), qualified_violation=i >= 3)
                             for i in range(40)])
    totals = cells_of(publish(tmp_path, TJ_H1), "totals")
    assert totals[("cases", "count")]["value"] == 40
    assert totals[("qualified_cases", "count")] == {"value": None, "suppressed": True, "hidden_as": "≥11",
                                                     "share": None}


def test_command_line_says_what_was_hidden_and_dry_run_writes_nothing(demo_copy, capsys):
    argv = ["publish", "--country", "TJ", "--period", "2023H1", "--data-dir", str(demo_copy)]
    assert cli.main([*argv, "--dry-run"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["information_loss"]["secondary"] == 0 and record["audited_against"] == []
    assert not (demo_copy / "releases").exists() or ReleaseStore(demo_copy).documents() == []
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    primary = record["information_loss"]["primary"]
    assert captured.err.startswith(f"hidden: {primary} small and 0 covering cells, ")
    release_id = captured.out.strip()
    private = demo_copy / "releases" / "records" / f"{release_id}.json"
    assert private.is_file() and oct(private.stat().st_mode & 0o777) == "0o600"
    assert json.loads(private.read_text())["information_loss"] == record["information_loss"]
