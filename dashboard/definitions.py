"""What the numbers mean, in words: the units, each measure, the REAct page's notes (seed 002) and
the reaction-status definitions, read by the explorer's and the public methodology pages and by
the release pages.

The status is first of all an indicator of the legal response to the incident; these texts sit
next to every reaction-status chart and on the methodology pages. Texts with `**` are Markdown. English is the gettext
source; Russian lives in the catalog (dashboard/translations).
"""

from __future__ import annotations

from dashboard import i18n
from dashboard.i18n import N_

STATUS_INTRO = N_(
    "Case status (reaction status) is primarily an indicator of the LEGAL response to the incident: what the "
    "REActor and their NGO did to restore justice and hold the perpetrator to account, and with what result."
)

# The status the Response page drills into first: "the client did not want to resolve the case".
DEFAULT_DRILL = "client_declined"

STATUS_DEFINITIONS = {
    "in_progress": N_("The case is documented and the REActor plans to further assist the client by providing "
                      "services."),
    "resolved_positive": N_("The REActor or a partner organization provided legal services to resolve the case and "
                            "everything ended well."),
    "resolved_negative": N_("The REActor or a partner organization did everything possible, but the outcome was "
                            "unfavourable for the client."),
    "partially_resolved": N_("Part of the needed services was provided and part was not, because the client stopped "
                             "contacting the providers, passed away, or for other reasons."),
    "no_help_provided": N_("Nobody responded to the case, although assistance was needed and the client was ready "
                           "to receive it."),
    "lost_contact": N_("No services were provided because right after reporting the case the client disappeared "
                       "and does not get in touch."),
    "client_died": N_("The client died before receiving services, and the death resulted from the violation "
                      "described in the case."),
    "client_declined": N_("Right after reporting the case the client refused any legal action (a complaint, an "
                          "application, a lawyer…), although it was offered."),
    "no_resolution_required": N_("The case is old and no legal services can be provided any more, the victim is "
                                 "unknown (cases from the media), the client solved the problem alone, or the case "
                                 "was not qualified as a violation."),
}


UNITS = [
    N_("**Case**: one documented case, one row of the REAct export. The main unit."),
    N_("**Client**: one person (a distinct pseudonymous client code). A client can have several cases."),
    N_("**Mention**: one (case, value) pair of a field that can hold several values: perpetrators, violations, key groups, decline reasons, services. A value listed twice in one case is one mention. Mentions add up to more than the number of cases, and charts of mentions say so."),
]
SCOPE = N_("A case is counted when every active filter holds for it. Within one filter the chosen values combine with *or* (Tajikistan or Uzbekistan); different filters combine with *and*. The period filter uses the day the case was **registered** (documented), inclusive of both ends.")
MEASURES = [
    (N_("Cases"), N_("cases in the selection")),
    (N_("Clients"), N_("distinct clients among those cases")),
    (N_("Qualified"), N_("cases the REActor qualified as a human-rights violation")),
    (N_("Key groups"), N_("distinct clients who have that group on any of their selected cases. A client in two groups counts in both, so the bars add up to more than the clients")),
    (N_("Profiles by primary key group"), N_("cases whose primary group (the group most relevant to the violation) is that group. These add up to the cases")),
    (N_("Gender, age group"), N_("distinct clients, by the value on each client's **latest** selected case")),
    (N_("Perpetrators, violations"), N_("cases that name each value; shares of mentions and of cases")),
    (N_("Reaction status, intake channel"), N_("cases with each value; share of cases")),
    (N_("Decline reasons"), N_("cases that record each reason, whatever their status; share of mentions. The drill-down from a status adds that status to the selection")),
    (N_("Services"), N_("for each service, the cases where it was provided, referred elsewhere, and needed but unavailable")),
    (N_("Trends"), N_("cases (and clients) per month, quarter, half year or year of registration")),
]
SHARES = N_("Shares are computed from exact counts and shown rounded to one decimal. A share whose denominator is 0 is not shown.")
PRIVACY = N_("The dashboard stores no narratives, names, phone numbers or other private columns of the export: the import drops them. Screens show aggregates only. Public releases hide numbers from 1 to 10.")


PROTECTION_NOTE = N_("Numbers from 1 to 10 are hidden to protect the people who reported these cases.")
MULTIPLE_COUNTING = N_(
    "In one case several perpetrators and several types of violations may be recorded (for example, the victim "
    "suffers domestic violence by an intimate partner and at the same time gets no adequate protection from the "
    "police), so the violations and perpetrators add up to more than the number of cases.")
PRIMARY_GROUP = N_(
    "A client sometimes belongs to several key groups at once. Such a case is counted in the statistics of the key "
    "group most relevant to the violation described in it.")
SERVICES = N_(
    "REAct is aimed not only at documenting human rights violations but also at bringing efforts and resources "
    "together for a legal response (holding the perpetrator to account) and a medical and social response "
    "(assistance to the victim): services provided directly by REActors and their NGOs, or by referral to other "
    "NGOs or government agencies. Services that were needed but not available are recorded too; this helps plan "
    "programs and interventions in the country.")
PROTECTION_RULES = [
    N_("A number from 1 to 10 is not shown: it reads “<11” and is drawn as a short grey hatched bar, never as 0."),
    N_("Where a total is shown, either no number of the table is hidden or at least two are, so that no hidden "
       "number can be worked out by subtraction. A larger number hidden for that reason reads “≥11” and is "
       "drawn dotted."),
    N_("A percentage is shown only when its number is shown and it is a share of at least 30."),
    N_("Every release is checked together with every release published before it, so that no hidden number "
       "can be worked out by combining them. Its numbers never change after it is published."),
    N_("Regions with fewer than 50 cases in the period are grouped as “Other regions”."),
]


def status_intro(lang: str | None = None) -> str:
    """In `lang`, or in the language of the running request block when None."""
    return i18n.translate(STATUS_INTRO, lang) if lang else i18n._(STATUS_INTRO)


def definition(code: str, lang: str | None = None) -> str:
    message = STATUS_DEFINITIONS.get(code, "")
    if not message:
        return ""
    return i18n.translate(message, lang) if lang else i18n._(message)
