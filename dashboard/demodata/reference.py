"""The Tajikistan January-June 2023 block that reproduces the published REAct report.

Owns the exact construction of the 522 cases behind `reference/tajikistan-2023-h1.json`. No
figure is left to chance: every published count is met by building integer lists of the
right length (clients per primary group, memberships per key group, perpetrator sets per
profile, statuses, decline-reason mentions, genders and age groups of clients) and only their
order is shuffled with the seed. Figures the page does not publish (violations, services,
intake channel, regions, incident dates) come from the ordinary rules in `features.py`.

How the published numbers are met (statistics.md units):
- 520 clients, 522 cases: two clients living with HIV have two cases each, on different days;
  for one of them the age group moves from 19-35 (age 35) to 36-55 (age 36) between cases,
  and only the latest case counts for gender and age group.
- key groups (distinct clients, multiple membership): each client has one primary group
  (plhiv 263 clients + 2 repeat = 265 cases, pwud 50, sex_worker 41, lgbtiq 34, no_kpg 46,
  undisclosed 3, 83 in the smaller groups); the remaining 256 memberships are added as
  secondary groups to clients of related primary groups. no_kpg and undisclosed stay alone.
- perpetrators per profile, as mentions: plhiv 267 over 265 cases, pwud 50, sex_worker 45 over
  41, lgbtiq 36 over 34 (4 LGBTIQ cases have no identified perpetrator).
- decline reasons: 115 mentions, 80 on the 23 client_declined cases and one on each of 35
  other cases, never the same reason twice on a case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import features as f
from .cases import RunState
from .model import (
    AGE_GROUP,
    AGE_GROUP_BOUNDS,
    COUNTRIES,
    GENDER,
    KEY_GROUPS,
    KG,
    PERP,
    REASON,
    STATUS,
    STATUSES,
    CaseBlock,
    bit,
    mask_of,
)
from .places import pick_sites, reactor_names
from .population import ClientOverrides, client_ids
from .timeline import ANCHOR_MONTHS, ANCHOR_YEAR, day_weights, month_days, tajikistan_plan

COUNTRY = COUNTRIES.index("TJ")
CASES, CLIENTS, QUALIFIED = 522, 520, 480
REPEAT_CLIENTS = 2  # plhiv clients with two cases each

PRIMARY_CLIENTS = {
    "plhiv": 265 - REPEAT_CLIENTS,
    "pwud": 50,
    "sex_worker": 41,
    "lgbtiq": 34,
    "no_kpg": 46,
    "undisclosed": 3,
    "tb": 15,
    "former_prisoner": 20,
    "hepc": 5,
    "migrant": 15,
    "alcohol": 6,
    "partner_pwid": 3,
    "other": 15,
    "disability": 2,
    "homeless": 2,
}
KEY_GROUP_CLIENTS = {
    "plhiv": 279,
    "tb": 56,
    "former_prisoner": 71,
    "pwud": 71,
    "hepc": 35,
    "sex_worker": 49,
    "lgbtiq": 49,
    "no_kpg": 46,
    "migrant": 38,
    "alcohol": 26,
    "partner_pwid": 14,
    "other": 25,
    "disability": 6,
    "homeless": 6,
    "prisoner": 2,
    "undisclosed": 3,
}
# Primary groups whose clients most plausibly also belong to the group (tried first).
SECONDARY_SOURCES = {
    "former_prisoner": ("pwud", "plhiv", "tb", "alcohol"),
    "tb": ("plhiv", "former_prisoner", "pwud", "migrant"),
    "hepc": ("pwud", "plhiv", "former_prisoner"),
    "migrant": ("plhiv", "other", "tb", "sex_worker"),
    "pwud": ("plhiv", "former_prisoner", "hepc", "sex_worker"),
    "alcohol": ("former_prisoner", "pwud", "plhiv", "homeless"),
    "plhiv": ("pwud", "sex_worker", "lgbtiq", "tb"),
    "lgbtiq": ("plhiv", "sex_worker"),
    "partner_pwid": ("plhiv", "hepc", "sex_worker"),
    "other": ("plhiv", "migrant"),
    "sex_worker": ("plhiv", "pwud", "migrant"),
    "disability": ("plhiv", "tb"),
    "homeless": ("pwud", "former_prisoner", "alcohol"),
    "prisoner": ("pwud", "plhiv"),
}
GENDER_CLIENTS = {"female": 272, "male": 243, "trans_female": 2, "trans_male": 2, "unknown": 1}
AGE_CLIENTS = {"a00_15": 3, "a16_18": 2, "a19_35": 268, "a36_55": 220, "a56_plus": 27}
# Likelihood ranks used to decide who is female / older (ties broken by seeded noise).
FEMALE_SCORE = {
    "sex_worker": 2.0,
    "partner_pwid": 2.0,
    "plhiv": 1.2,
    "no_kpg": 1.1,
    "other": 1.0,
    "disability": 0.9,
    "undisclosed": 0.9,
    "tb": 0.7,
    "hepc": 0.6,
    "homeless": 0.5,
    "migrant": 0.4,
    "alcohol": 0.3,
    "pwud": 0.3,
    "former_prisoner": 0.2,
    "prisoner": 0.2,
    "lgbtiq": 0.0,
}
OLDER_SCORE = {
    "alcohol": 1.4,
    "former_prisoner": 1.2,
    "tb": 1.1,
    "disability": 1.2,
    "homeless": 1.1,
    "hepc": 1.0,
    "pwud": 0.9,
    "plhiv": 0.8,
    "no_kpg": 0.8,
    "other": 0.7,
    "undisclosed": 0.7,
    "partner_pwid": 0.6,
    "migrant": 0.4,
    "prisoner": 0.6,
    "sex_worker": 0.4,
    "lgbtiq": 0.2,
}
CHILD_GROUPS = ("plhiv", "no_kpg")
TEEN_GROUPS = ("plhiv", "no_kpg", "other", "lgbtiq")

PROFILE_PERPETRATORS: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = {
    "plhiv": (
        (("individuals",), 225),
        (("individuals", "police"), 2),
        (("police",), 10),
        (("healthcare",), 24),
        (("state_services",), 4),
    ),
    "pwud": ((("individuals",), 32), (("police",), 17), (("healthcare",), 1)),
    "sex_worker": ((("individuals", "police"), 4), (("individuals",), 22), (("police",), 13), (("healthcare",), 2)),
    "lgbtiq": (
        (("police", "individuals"), 5),
        (("police", "healthcare"), 1),
        (("police",), 20),
        (("individuals",), 2),
        (("healthcare",), 2),
        ((), 4),
    ),
}
STATUS_CASES = {
    "in_progress": 73,
    "resolved_positive": 349,
    "resolved_negative": 11,
    "partially_resolved": 55,
    "no_help_provided": 6,
    "lost_contact": 2,
    "client_died": 0,
    "client_declined": 23,
    "no_resolution_required": 3,
}
DECLINE_MENTIONS = {
    "safety_fears": 13,
    "distrust_police": 9,
    "self_stigma": 33,
    "sogi_disclosure": 3,
    "hiv_disclosure": 15,
    "not_worth_effort": 18,
    "no_faith_in_outcome": 18,
    "other": 6,
}
DECLINED_CAPACITY = (4,) * 11 + (3,) * 12  # reasons on each of the 23 client_declined cases
OTHER_DECLINE_CASES = 35  # cases of other statuses recording one reason
REASON_GROUP = {"sogi_disclosure": "lgbtiq", "hiv_disclosure": "plhiv"}


class ConstructionError(RuntimeError):
    """The fixed targets above cannot be met (a bug in the constants, never in the seed)."""


@dataclass
class AnchorClients:
    """The 520 clients, in seeded order: primary group, key-group mask, gender, age."""

    primary: np.ndarray
    mask: np.ndarray
    gender: np.ndarray
    age: np.ndarray


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ConstructionError(f"Tajikistan 2023 H1 block: {what}")


def _primaries(rng: np.random.Generator) -> np.ndarray:
    listed = [KG[g] for g, n in PRIMARY_CLIENTS.items() for _ in range(n)]
    _require(len(listed) == CLIENTS, "primary groups do not add up to 520 clients")
    return rng.permutation(np.array(listed, dtype=np.int8))


def _add_secondary(rng: np.random.Generator, primary: np.ndarray, mask: np.ndarray) -> None:
    """Add each group's missing memberships to clients of related primary groups."""
    extra = np.zeros(len(primary), dtype=np.int64)
    eligible = ~np.isin(primary, [KG["no_kpg"], KG["undisclosed"]])
    for group, sources in SECONDARY_SOURCES.items():
        g = KG[group]
        need = KEY_GROUP_CLIENTS[group] - int((primary == g).sum())
        free = eligible & (mask >> g & 1 == 0)
        preferred = np.isin(primary, [KG[s] for s in sources])
        noise = rng.random(len(primary))
        rank = np.lexsort((noise, extra, ~preferred))  # preferred first, fewest extras first
        chosen = [i for i in rank if free[i]][:need]
        _require(len(chosen) == need, f"not enough clients for {group}")
        mask[chosen] |= np.uint32(1 << g)
        extra[chosen] += 1


def _take_top(score: np.ndarray, free: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n free entries with the highest score."""
    candidates = np.flatnonzero(free)
    _require(len(candidates) >= n, "not enough candidates")
    return candidates[np.argsort(-score[candidates], kind="stable")[:n]]


def _genders(rng: np.random.Generator, primary: np.ndarray, mask: np.ndarray) -> np.ndarray:
    n = len(primary)
    gender = np.full(n, -1, dtype=np.int8)
    noise = rng.random(n)
    for code, group in (("trans_female", "lgbtiq"), ("trans_male", "lgbtiq"), ("unknown", "undisclosed")):
        chosen = _take_top(noise, (gender < 0) & (primary == KG[group]), GENDER_CLIENTS[code])
        gender[chosen] = GENDER[code]
    score = np.array([FEMALE_SCORE[KEY_GROUPS[p]] for p in primary]) + noise
    score += 1.0 * ((mask >> KG["sex_worker"] & 1) | (mask >> KG["partner_pwid"] & 1))
    score -= 0.8 * (mask >> KG["lgbtiq"] & 1)
    female = _take_top(score, gender < 0, GENDER_CLIENTS["female"])
    gender[female] = GENDER["female"]
    gender[gender < 0] = GENDER["male"]
    _require(int((gender == GENDER["male"]).sum()) == GENDER_CLIENTS["male"], "gender counts")
    return gender


def _age_groups(rng: np.random.Generator, primary: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Exact clients per age group; minors only in a single plausible group."""
    n = len(primary)
    group = np.full(n, -1, dtype=np.int8)
    noise = rng.random(n)
    single = mask == (np.uint32(1) << primary.astype(np.uint32))
    for code, groups in (("a00_15", CHILD_GROUPS), ("a16_18", TEEN_GROUPS)):
        free = (group < 0) & single & np.isin(primary, [KG[g] for g in groups])
        group[_take_top(noise, free, AGE_CLIENTS[code])] = AGE_GROUP[code]
    score = np.array([OLDER_SCORE[KEY_GROUPS[p]] for p in primary]) + 1.5 * noise
    for code in ("a56_plus", "a36_55"):
        group[_take_top(score, group < 0, AGE_CLIENTS[code])] = AGE_GROUP[code]
    group[group < 0] = AGE_GROUP["a19_35"]
    _require(int((group == AGE_GROUP["a19_35"]).sum()) == AGE_CLIENTS["a19_35"], "age counts")
    return group


def _ages(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    low = np.array([max(b[0], 3) for b in AGE_GROUP_BOUNDS])[group]
    high = np.array([min(b[1], 72) for b in AGE_GROUP_BOUNDS])[group]
    return (low + np.floor(rng.random(len(group)) * (high - low + 1))).astype(np.int16)


def build_clients(rng: np.random.Generator) -> AnchorClients:
    primary = _primaries(rng)
    mask = (np.uint32(1) << primary.astype(np.uint32)).astype(np.uint32)
    _add_secondary(rng, primary, mask)
    gender = _genders(rng, primary, mask)
    age = _ages(rng, _age_groups(rng, primary, mask))
    return AnchorClients(primary, mask, gender, age)


def _repeat_clients(clients: AnchorClients) -> tuple[int, int]:
    """Two plhiv clients with a second case: the first turns 36 between its cases."""
    plhiv = clients.primary == KG["plhiv"]
    older = np.flatnonzero(plhiv & (clients.age >= 36) & (clients.age <= 55))
    adult = np.flatnonzero(plhiv & (clients.age >= 19) & (clients.age <= 55))
    first = int(older[0])
    second = int(next(i for i in adult if i != first))
    clients.age[first] = 36
    return first, second


def _slots(rng: np.random.Generator) -> np.ndarray:
    """The 522 registration days, month by month as in Tajikistan's plan, sorted."""
    plan = tajikistan_plan()
    days = [rng.choice(month_days(y, m), size=plan[(y, m)], p=day_weights(y, m)) for y, m in ANCHOR_MONTHS]
    slots = np.sort(np.concatenate(days)).astype(np.int32)
    _require(len(slots) == CASES, "the plan's January-June 2023 months do not hold 522 cases")
    return slots


def _dates(rng: np.random.Generator, case_client: np.ndarray, repeats: tuple[int, int]) -> np.ndarray:
    """A registration day per case; each repeat client's two cases on different days."""
    registered = rng.permutation(_slots(rng))
    for client in repeats:
        a, b = np.flatnonzero(case_client == client)
        if registered[a] == registered[b]:
            movable = ~np.isin(case_client, repeats) & (registered != registered[a])
            other = int(np.flatnonzero(movable)[0])
            registered[b], registered[other] = registered[other], registered[b]
    return registered


def _expand(mask_specs: tuple[tuple[tuple[str, ...], int], ...]) -> list[int]:
    return [mask_of([PERP[p] for p in combo]) for combo, n in mask_specs for _ in range(n)]


def _perpetrators(rng: np.random.Generator, primary: np.ndarray) -> np.ndarray:
    perps = f.perpetrators_for(rng, primary, np.zeros(len(primary), dtype=bool))
    for group, specs in PROFILE_PERPETRATORS.items():
        cases = np.flatnonzero(primary == KG[group])
        masks = _expand(specs)
        _require(len(masks) == len(cases), f"perpetrator sets for {group}")
        perps[cases] = rng.permutation(np.array(masks, dtype=np.uint32))
    return perps


def _statuses(rng: np.random.Generator, registered: np.ndarray) -> np.ndarray:
    """Exact status counts; cases still in progress lean to the latest registrations."""
    n = len(registered)
    status = np.full(n, -1, dtype=np.int8)
    lateness = registered.argsort().argsort() / n + 0.8 * rng.random(n)
    latest = _take_top(lateness, status < 0, STATUS_CASES["in_progress"])
    status[latest] = STATUS["in_progress"]
    rest = [STATUS[s] for s in STATUSES if s != "in_progress" for _ in range(STATUS_CASES[s])]
    free = np.flatnonzero(status < 0)
    _require(len(rest) == len(free), "status counts do not add up to 522")
    status[free] = rng.permutation(np.array(rest, dtype=np.int8))
    return status


def _qualified(rng: np.random.Generator, status: np.ndarray) -> np.ndarray:
    """480 qualified; the 'no resolution required' cases are among the 42 that are not."""
    first = np.flatnonzero(status == STATUS["no_resolution_required"])
    others = rng.permutation(np.flatnonzero(status != STATUS["no_resolution_required"]))
    not_qualified = np.concatenate([first, others[: CASES - QUALIFIED - len(first)]])
    qualified = np.ones(len(status), dtype=bool)
    qualified[not_qualified] = False
    return qualified


def _decline_capacity(rng: np.random.Generator, status: np.ndarray) -> np.ndarray:
    capacity = np.zeros(len(status), dtype=np.int64)
    declined = rng.permutation(np.flatnonzero(status == STATUS["client_declined"]))
    _require(len(declined) == len(DECLINED_CAPACITY), "client_declined case count")
    capacity[declined] = DECLINED_CAPACITY
    others = rng.permutation(np.flatnonzero(status != STATUS["client_declined"]))
    capacity[others[:OTHER_DECLINE_CASES]] = 1
    _require(capacity.sum() == sum(DECLINE_MENTIONS.values()), "decline mentions")
    return capacity


def _decline(rng: np.random.Generator, status: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Decline-reason masks meeting every reason's mention count, a reason once per case.

    Greedy in the Gale-Ryser order: reasons by count descending, each to the cases with the
    most room left, which always succeeds when a realization exists; among cases with equal
    room, those of the reason's related key group (if any) come first.
    """
    capacity = _decline_capacity(rng, status)
    mask = np.zeros(len(status), dtype=np.uint32)
    noise = rng.random(len(status))
    for reason in sorted(DECLINE_MENTIONS, key=lambda r: -DECLINE_MENTIONS[r]):
        related = REASON_GROUP.get(reason)
        unrelated = (groups >> KG[related] & 1) == 0 if related else np.zeros(len(groups), bool)
        order = np.lexsort((noise, unrelated, -capacity))
        chosen = [i for i in order if capacity[i] > 0][: DECLINE_MENTIONS[reason]]
        _require(len(chosen) == DECLINE_MENTIONS[reason], f"decline reason {reason}")
        mask[chosen] |= np.uint32(bit(REASON[reason]))
        capacity[chosen] -= 1
    _require(int(capacity.sum()) == 0, "decline capacity left over")
    return mask


def _case_ages(clients: AnchorClients, case_client: np.ndarray, registered: np.ndarray, changing: int) -> np.ndarray:
    """Each case's age: the client's age, 35 on the earlier case of the changing client."""
    ages = clients.age[case_client].copy()
    a, b = np.flatnonzero(case_client == changing)
    earlier = a if registered[a] < registered[b] else b
    ages[earlier] = 35
    return ages


def anchor_overrides(first: int, clients: AnchorClients) -> ClientOverrides:
    """The block's clients as the client model must see them on any later case."""
    return ClientOverrides(
        pool=COUNTRY,
        first=first,
        main=clients.primary.copy(),
        mask=clients.mask.copy(),
        gender=clients.gender.copy(),
        birth_year=(ANCHOR_YEAR - clients.age).astype(np.int16),
    )


def anchor_block(state: RunState) -> CaseBlock:
    """The 522 Tajikistan cases of January-June 2023, sorted by registration day."""
    rng = np.random.default_rng([state.seed, COUNTRY, ANCHOR_YEAR, 0, 2023])
    clients = build_clients(rng)
    repeats = _repeat_clients(clients)
    case_client = rng.permutation(np.concatenate([np.arange(CLIENTS), np.array(repeats)]))
    registered = _dates(rng, case_client, repeats)
    order = np.argsort(registered, kind="stable")
    case_client, registered = case_client[order], registered[order]
    first_number = int(state.new_clients(COUNTRY, CLIENTS)[0])
    state.population.overrides.append(anchor_overrides(first_number, clients))
    return _block(rng, state, clients, case_client, registered, repeats[0], first_number)


def _block(
    rng: np.random.Generator,
    state: RunState,
    clients: AnchorClients,
    case_client: np.ndarray,
    registered: np.ndarray,
    changing: int,
    first_number: int,
) -> CaseBlock:
    n = len(case_client)
    primary = clients.primary[case_client]
    groups = clients.mask[case_client]
    status = _statuses(rng, registered)
    perpetrators = _perpetrators(rng, primary)
    no_war = np.zeros(n, dtype=bool)
    age, age_group = f.age_fields(rng, _case_ages(clients, case_client, registered, changing))
    provided, referred, unavailable = f.services_for(rng, groups, status)
    variant, day_first = f.variants_for(rng, n)
    region, organization = pick_sites(rng, "TJ", ANCHOR_YEAR, ANCHOR_MONTHS[-1][1], n)
    return CaseBlock(
        case_id=state.case_ids(COUNTRY, ANCHOR_YEAR, n),
        client_id=client_ids(np.full(n, COUNTRY), case_client + first_number),
        country=np.full(n, COUNTRY, dtype=np.int8),
        region=region,
        organization=organization,
        registered=registered,
        incident=f.incident_for(rng, registered, no_war),
        channel=f.channel_for(rng, "TJ", registered, ANCHOR_YEAR),
        gender=clients.gender[case_client],
        age=age,
        age_group=age_group,
        key_groups=groups,
        primary=primary,
        primary_blank=rng.random(n) < 0.1,
        qualified=_qualified(rng, status),
        violations=f.violations_for(rng, perpetrators, no_war),
        perpetrators=perpetrators,
        status=status,
        decline=_decline(rng, status, groups),
        provided=provided,
        referred=referred,
        unavailable=unavailable,
        variant=variant,
        day_first=day_first,
        narrative=state.narratives(rng, n),
        reactor=reactor_names(rng, "TJ", n),
    )
