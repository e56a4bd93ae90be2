"""The reaction-status definitions of the REAct statistics page (seed 002).

The status is first of all an indicator of the legal response to the incident; these texts sit
next to every reaction-status chart and on the methodology page. English here is the gettext
source; Russian lives in the catalog (dashboard/translations).
"""

from __future__ import annotations

from dashboard import i18n
from dashboard.i18n import N_

STATUS_INTRO = N_(
    "Case status (reaction status) is primarily an indicator of the LEGAL response to the incident: what the "
    "REActor and their NGO did to restore justice and hold the perpetrator to account, and with what result."
)

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


def status_intro(lang: str | None = None) -> str:
    """In `lang`, or in the language of the running request block when None."""
    return i18n.translate(STATUS_INTRO, lang) if lang else i18n._(STATUS_INTRO)


def definition(code: str, lang: str | None = None) -> str:
    message = STATUS_DEFINITIONS.get(code, "")
    if not message:
        return ""
    return i18n.translate(message, lang) if lang else i18n._(message)
