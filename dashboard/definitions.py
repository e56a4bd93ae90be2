"""The reaction-status definitions of the REAct statistics page (seed 002), in English and Russian.

The status is first of all an indicator of the legal response to the incident; these texts sit
next to every reaction-status chart and on the methodology page.
"""

from __future__ import annotations

STATUS_INTRO = {
    "en": "Case status (reaction status) is primarily an indicator of the LEGAL response to the incident: what the "
          "REActor and their NGO did to restore justice and hold the perpetrator to account, and with what result.",
    "ru": "Статус случая (статус реагирования) — прежде всего показатель ПРАВОВОГО реагирования на инцидент: что "
          "сделали реактор и его НКО, чтобы восстановить справедливость и наказать нарушителя, и каков результат.",
}

STATUS_DEFINITIONS = {
    "in_progress": {
        "en": "The case is documented and the REActor plans to further assist the client by providing services.",
        "ru": "Случай задокументирован, и реактор планирует и дальше помогать клиенту, оказывая услуги.",
    },
    "resolved_positive": {
        "en": "The REActor or a partner organization provided legal services to resolve the case and everything "
              "ended well.",
        "ru": "Реактор или партнёрская организация оказали клиенту правовые услуги для решения случая, и всё "
              "закончилось хорошо.",
    },
    "resolved_negative": {
        "en": "The REActor or a partner organization did everything possible, but the outcome was unfavourable "
              "for the client.",
        "ru": "Реактор или партнёрская организация сделали всё возможное, но исход оказался неблагоприятным для "
              "клиента.",
    },
    "partially_resolved": {
        "en": "Part of the needed services was provided and part was not, because the client stopped contacting "
              "the providers, passed away, or for other reasons.",
        "ru": "Часть нужных услуг оказана, а часть нет — клиент перестал обращаться, умер или по другим "
              "причинам.",
    },
    "no_help_provided": {
        "en": "Nobody responded to the case, although assistance was needed and the client was ready to receive it.",
        "ru": "На случай никто не отреагировал, хотя помощь была нужна и клиент был готов её получить.",
    },
    "lost_contact": {
        "en": "No services were provided because right after reporting the case the client disappeared and does "
              "not get in touch.",
        "ru": "Услуги не оказаны, так как сразу после сообщения о случае клиент пропал и не выходит на связь.",
    },
    "client_died": {
        "en": "The client died before receiving services, and the death resulted from the violation described in "
              "the case.",
        "ru": "Клиент умер до получения услуг, и смерть стала результатом описанного нарушения его прав.",
    },
    "client_declined": {
        "en": "Right after reporting the case the client refused any legal action (a complaint, an application, "
              "a lawyer…), although it was offered.",
        "ru": "Сразу после сообщения о случае клиент отказался от любых правовых действий (жалоба, заявление, "
              "адвокат…), хотя их предлагали.",
    },
    "no_resolution_required": {
        "en": "The case is old and no legal services can be provided any more, the victim is unknown (cases from "
              "the media), the client solved the problem alone, or the case was not qualified as a violation.",
        "ru": "Случай давний и правовая помощь уже невозможна, пострадавший неизвестен (случаи из СМИ), клиент "
              "решил проблему сам, или случай не квалифицирован как нарушение.",
    },
}


def definition(code: str, lang: str = "en") -> str:
    entry = STATUS_DEFINITIONS.get(code, {})
    return entry.get(lang) or entry.get("en", "")
