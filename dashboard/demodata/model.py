"""The demo generator's in-memory shape of a batch of cases, and the code lists it indexes.

Owns: the column order of the demo export, the code tuples every generator module indexes
into (they must equal the product vocabulary's codes; a test checks it), bit-mask helpers
for multi-valued fields, and `CaseBlock`, the numpy column arrays one batch of cases is
built in before it is turned into text. Nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

EXPORT_COLUMNS: tuple[str, ...] = (
    "case_id",
    "client_id",
    "country",
    "region",
    "organization",
    "registered_on",
    "incident_on",
    "intake_channel",
    "gender",
    "age",
    "age_group",
    "key_groups",
    "primary_key_group",
    "qualified_violation",
    "violations",
    "perpetrators",
    "reaction_status",
    "decline_reasons",
    "services_provided",
    "services_referred",
    "services_unavailable",
)
PRIVATE_COLUMNS: tuple[str, ...] = ("narrative", "reactor_name")
HEADER: tuple[str, ...] = EXPORT_COLUMNS + PRIVATE_COLUMNS

COUNTRIES = ("TJ", "UZ", "KG", "KZ", "UA", "MD", "GE")
KEY_GROUPS = (
    "plhiv",
    "tb",
    "former_prisoner",
    "pwud",
    "hepc",
    "sex_worker",
    "lgbtiq",
    "no_kpg",
    "migrant",
    "alcohol",
    "partner_pwid",
    "other",
    "disability",
    "homeless",
    "prisoner",
    "undisclosed",
)
GENDERS = ("female", "male", "trans_female", "trans_male", "unknown")
AGE_GROUPS = ("a00_15", "a16_18", "a19_35", "a36_55", "a56_plus")
AGE_GROUP_BOUNDS = ((0, 15), (16, 18), (19, 35), (36, 55), (56, 120))
PERPETRATORS = (
    "healthcare",
    "police",
    "state_services",
    "penitentiary",
    "employer",
    "education",
    "individuals",
    "close_surroundings",
    "unknown",
    "other",
)
VIOLATIONS = (
    "refusal_of_services",
    "discrimination",
    "physical_violence",
    "emotional_violence",
    "sexual_violence",
    "material_damage",
    "confidentiality_breach",
    "unlawful_detention",
    "extortion",
    "other",
)
STATUSES = (
    "in_progress",
    "resolved_positive",
    "resolved_negative",
    "partially_resolved",
    "no_help_provided",
    "lost_contact",
    "client_died",
    "client_declined",
    "no_resolution_required",
)
DECLINE_REASONS = (
    "safety_fears",
    "distrust_police",
    "self_stigma",
    "sogi_disclosure",
    "hiv_disclosure",
    "not_worth_effort",
    "no_faith_in_outcome",
    "other",
)
SERVICES = (
    "primary_legal",
    "secondary_legal",
    "psychosocial",
    "medical_social",
    "mediation",
    "shelter",
    "ost",
    "art",
    "tb_treatment",
    "hcv_treatment",
    "other",
)
CHANNELS = ("office", "outreach", "hotline", "online", "other")

# The vocabulary dimension each code tuple above mirrors.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "country": COUNTRIES,
    "key_group": KEY_GROUPS,
    "gender": GENDERS,
    "age_group": AGE_GROUPS,
    "perpetrator": PERPETRATORS,
    "violation": VIOLATIONS,
    "reaction_status": STATUSES,
    "decline_reason": DECLINE_REASONS,
    "service": SERVICES,
    "intake_channel": CHANNELS,
}

# Label variants a row is written in: codes, or (the 3-5 % "localized" rows) Russian
# labels, English labels, or the first / last alias of each entry.
VARIANT_CODE, VARIANT_RU, VARIANT_EN, VARIANT_ALIAS_FIRST, VARIANT_ALIAS_LAST = range(5)
VARIANT_COUNT = 5

KG = {code: i for i, code in enumerate(KEY_GROUPS)}
PERP = {code: i for i, code in enumerate(PERPETRATORS)}
STATUS = {code: i for i, code in enumerate(STATUSES)}
REASON = {code: i for i, code in enumerate(DECLINE_REASONS)}
SERVICE = {code: i for i, code in enumerate(SERVICES)}
CHANNEL = {code: i for i, code in enumerate(CHANNELS)}
GENDER = {code: i for i, code in enumerate(GENDERS)}
AGE_GROUP = {code: i for i, code in enumerate(AGE_GROUPS)}
EXCLUSIVE_GROUPS = (KG["no_kpg"], KG["undisclosed"])


def bit(index: int) -> int:
    return 1 << index


def mask_of(indices: list[int] | tuple[int, ...]) -> int:
    out = 0
    for index in indices:
        out |= 1 << index
    return out


def age_group_of(ages: np.ndarray) -> np.ndarray:
    """Age-group index for each age (bounds inclusive, as in the vocabulary)."""
    uppers = np.array([high for _, high in AGE_GROUP_BOUNDS[:-1]])
    return np.searchsorted(uppers, ages, side="left").astype(np.int8)


@dataclass
class CaseBlock:
    """One batch of cases as column arrays, all the same length.

    Label fields hold indices into the code tuples above (-1 = left empty); multi-valued
    fields hold bit masks; dates are days since 1970-01-01 (incident -1 = empty).
    """

    case_id: list[str]
    client_id: list[str]
    country: np.ndarray  # int8 index into COUNTRIES
    region: np.ndarray  # object: region as written
    organization: np.ndarray  # object
    registered: np.ndarray  # int32 days
    incident: np.ndarray  # int32 days, -1 = empty
    channel: np.ndarray  # int8, -1 = empty
    gender: np.ndarray  # int8
    age: np.ndarray  # int16, -1 = empty
    age_group: np.ndarray  # int8, -1 = empty
    key_groups: np.ndarray  # uint32 mask
    primary: np.ndarray  # int8, always set (written first in key_groups)
    primary_blank: np.ndarray  # bool: leave primary_key_group empty in the file
    qualified: np.ndarray  # bool
    violations: np.ndarray  # uint32 mask
    perpetrators: np.ndarray  # uint32 mask
    status: np.ndarray  # int8
    decline: np.ndarray  # uint32 mask
    provided: np.ndarray  # uint32 mask
    referred: np.ndarray  # uint32 mask
    unavailable: np.ndarray  # uint32 mask
    variant: np.ndarray  # int8, one of the VARIANT_* values
    day_first: np.ndarray  # bool: write dates as DD.MM.YYYY
    narrative: list[str]
    reactor: list[str]

    def __len__(self) -> int:
        return len(self.case_id)

    def check_lengths(self) -> None:
        n = len(self)
        for field in fields(self):
            if len(getattr(self, field.name)) != n:
                raise ValueError(f"CaseBlock.{field.name} has the wrong length")
