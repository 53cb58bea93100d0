"""The words of every SMS the citizen receives, in Swahili (the default) and English.

Plain GSM-7 characters only. Placeholders: {ref} reference, {inst} institution (a name
where it fits, else its code), {kind} kind word, {keyword} the SMS keyword for the kind,
{status} status word, {text} free text (an officer's reply or reason), which is shortened
to keep the message in one segment.
"""

KIND_WORDS = {
    "sw": {"complaint": "lalamiko", "suggestion": "pendekezo", "enquiry": "swali",
           "compliment": "pongezi"},
    "en": {"complaint": "complaint", "suggestion": "suggestion", "enquiry": "enquiry",
           "compliment": "compliment"},
}

# The command word a citizen types for each kind.
KEYWORDS = {
    "sw": {"complaint": "LALAMIKO", "suggestion": "PENDEKEZO", "enquiry": "SWALI",
           "compliment": "PONGEZI"},
    "en": {"complaint": "COMPLAINT", "suggestion": "SUGGESTION", "enquiry": "QUESTION",
           "compliment": "COMPLIMENT"},
}

STATUS_WORDS = {
    "sw": {"new": "mpya", "in_progress": "inashughulikiwa",
           "awaiting_citizen": "inasubiri taarifa zako", "resolved": "imetatuliwa",
           "closed": "imefungwa", "reopened": "imefunguliwa upya", "rejected": "imekataliwa"},
    "en": {"new": "new", "in_progress": "in progress",
           "awaiting_citizen": "awaiting your information", "resolved": "resolved",
           "closed": "closed", "reopened": "reopened", "rejected": "rejected"},
}

MESSAGES = {
    # --- events on a feedback (sent by mrejesho.feedback through notify.citizen) ---
    "received": {
        "sw": "e-Mrejesho: Mrejesho wako ({kind}) umepokelewa na {inst}. Namba ya "
              "kumbukumbu: {ref}. Kufuatilia tuma HALI {ref}",
        "en": "e-Mrejesho: Your {kind} was received by {inst}. Reference number: {ref}. "
              "To track it send STATUS {ref}",
    },
    "transferred": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umehamishiwa {inst}, ambayo sasa ndiyo "
              "inayohusika. {text}",
        "en": "e-Mrejesho {ref}: Your feedback was transferred to {inst}, which is now "
              "responsible. {text}",
    },
    "reply": {
        "sw": "e-Mrejesho {ref} ({inst}): {text}",
        "en": "e-Mrejesho {ref} ({inst}): {text}",
    },
    "awaiting_citizen": {
        "sw": "e-Mrejesho {ref}: {inst} inahitaji taarifa zaidi: {text} Jibu: {ref} "
              "ujumbe wako",
        "en": "e-Mrejesho {ref}: {inst} needs more information: {text} Reply: {ref} "
              "your message",
    },
    "resolved": {
        "sw": "e-Mrejesho {ref}: Imetatuliwa. {text} Toa alama 1-5 kwa huduma (5=bora). "
              "Kama haijatatuliwa jibu: {ref} sababu",
        "en": "e-Mrejesho {ref}: Resolved. {text} Rate 1-5 for the service (5=best). If "
              "it is not solved reply: {ref} reason",
    },
    "rejected": {
        "sw": "e-Mrejesho {ref}: Imekataliwa. Sababu: {text}",
        "en": "e-Mrejesho {ref}: Rejected. Reason: {text}",
    },
    "closed": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umefungwa. Asante kwa kutumia e-Mrejesho.",
        "en": "e-Mrejesho {ref}: Your feedback has been closed. Thank you for using "
              "e-Mrejesho.",
    },
    "reopened": {
        "sw": "e-Mrejesho {ref}: Mrejesho wako umefunguliwa upya na {inst} itaushughulikia.",
        "en": "e-Mrejesho {ref}: Your feedback was reopened and {inst} will work on it.",
    },
    "follow_up": {
        "sw": "e-Mrejesho {ref}: Tumepokea taarifa zako za ziada. Asante.",
        "en": "e-Mrejesho {ref}: We received your additional information. Thank you.",
    },
    "rated": {
        "sw": "e-Mrejesho {ref}: Asante kwa alama yako ({text}/5).",
        "en": "e-Mrejesho {ref}: Thank you for your rating ({text}/5).",
    },
    "status": {
        "sw": "e-Mrejesho {ref} ({inst}): Hali: {status}. {text}",
        "en": "e-Mrejesho {ref} ({inst}): Status: {status}. {text}",
    },
    # --- answers to SMS commands (sent by the sms channel through notify.tell) ---
    "help": {
        "sw": "e-Mrejesho: Tuma LALAMIKO, PENDEKEZO, SWALI au PONGEZI, jina la taasisi na "
              "ujumbe. Mf: LALAMIKO TANESCO umeme umekatika Sinza. Fuatilia: HALI namba",
        "en": "e-Mrejesho: Send COMPLAINT, SUGGESTION, QUESTION or COMPLIMENT, the "
              "institution and your message. E.g. COMPLAINT TANESCO no power in Sinza. "
              "Track: STATUS ref",
    },
    "empty_message": {
        "sw": "e-Mrejesho: Andika ujumbe wako baada ya {keyword}. Mf: {keyword} TANESCO "
              "ujumbe wako. Kwa msaada tuma MSAADA",
        "en": "e-Mrejesho: Write your message after {keyword}. E.g. {keyword} TANESCO your "
              "message. For help send HELP",
    },
    "not_found": {
        "sw": "e-Mrejesho: Hatukupata mrejesho wenye namba ya kumbukumbu {ref}. Iangalie "
              "na ujaribu tena.",
        "en": "e-Mrejesho: We found no feedback with reference number {ref}. Check it and "
              "try again.",
    },
    "not_yours": {
        "sw": "e-Mrejesho: Namba ya kumbukumbu {ref} haipo kwa namba yako ya simu. Tuma "
              "kutoka simu uliyotumia kuwasilisha mrejesho.",
        "en": "e-Mrejesho: Reference number {ref} is not registered to your phone number. "
              "Send from the phone you used to submit it.",
    },
    "bad_reference": {
        "sw": "e-Mrejesho: {ref} si namba sahihi ya kumbukumbu. Ina tarakimu 10; iangalie "
              "kwenye SMS uliyopokea.",
        "en": "e-Mrejesho: {ref} is not a valid reference number. It has 10 digits; check "
              "the SMS you received.",
    },
    "nothing_to_rate": {
        "sw": "e-Mrejesho: Hakuna mrejesho uliotatuliwa unaosubiri alama yako. Kutoa alama "
              "tuma namba ya kumbukumbu na alama 1-5.",
        "en": "e-Mrejesho: You have no resolved feedback waiting for a rating. To rate, send "
              "the reference number and a score 1-5.",
    },
    "refused": {
        "sw": "e-Mrejesho {ref}: {text}",
        "en": "e-Mrejesho {ref}: {text}",
    },
}
