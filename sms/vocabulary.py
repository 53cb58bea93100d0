"""The words the SMS parser knows, in Swahili and English, each with the language it shows.

Kept apart from the parser so the lists can grow (a native speaker's corrections, a new
spelling seen in the inbox) without touching the parsing rules.
"""

# Kind keywords: word -> (feedback kind, language it was written in).
KIND_WORDS = {
    "lalamiko": ("complaint", "sw"), "malalamiko": ("complaint", "sw"),
    "nalalamika": ("complaint", "sw"), "complaint": ("complaint", "en"),
    "complaints": ("complaint", "en"), "complain": ("complaint", "en"),
    "pendekezo": ("suggestion", "sw"), "mapendekezo": ("suggestion", "sw"),
    "ushauri": ("suggestion", "sw"), "suggestion": ("suggestion", "en"),
    "suggestions": ("suggestion", "en"), "suggest": ("suggestion", "en"),
    "swali": ("enquiry", "sw"), "maswali": ("enquiry", "sw"), "ulizo": ("enquiry", "sw"),
    "maulizo": ("enquiry", "sw"), "enquiry": ("enquiry", "en"), "inquiry": ("enquiry", "en"),
    "question": ("enquiry", "en"), "query": ("enquiry", "en"),
    "pongezi": ("compliment", "sw"), "hongera": ("compliment", "sw"),
    "compliment": ("compliment", "en"), "compliments": ("compliment", "en"),
    "congratulations": ("compliment", "en"),
}

# "HALI <ref>": the word asks for the status of a reference.
STATUS_WORDS = {"hali": "sw", "fuatilia": "sw", "angalia": "sw",
                "status": "en", "track": "en", "check": "en"}

# A message made only of these words asks for help; at least one must be a HELP_WORDS one.
HELP_WORDS = {"msaada": "sw", "nisaidie": "sw", "maelekezo": "sw", "maelezo": "sw",
              "menyu": "sw", "help": "en", "menu": "en", "info": "en"}
POLITE_WORDS = {"tafadhali": "sw", "naomba": "sw", "please": "en", "pls": "en"}

# Words that may stand before a rating digit: "ALAMA 5", "rate 4".
RATING_WORDS = {"alama": "sw", "nyota": "sw", "rate": "en", "rating": "en", "star": "en",
                "stars": "en"}

# Words that may stand before a reference: "REF 482 193 7750 ...".
REFERENCE_WORDS = ("kumbukumbu", "kumb", "namba", "jibu", "reference", "ref", "reply", "no")

# Question words that make a message without a keyword an enquiry.
QUESTION_WORDS = {"je", "lini", "vipi", "kwanini", "wapi", "ngapi",
                  "how", "when", "why", "what", "where"}

# Institution codes that are also everyday words or names: they are a command only when
# typed in capitals ("taa za barabarani" is street lights, not the airports authority TAA;
# Rita is a name; "osha" is "wash"). The router keeps its own list (mrejesho.router.lexicon).
AMBIGUOUS_WORDS = {"taa", "rita", "osha"}

# Frequent words of each language, to guess the language of text without keywords.
SWAHILI_HINTS = {
    "na", "ya", "wa", "za", "kwa", "ni", "la", "cha", "vya", "kwenye", "katika", "hakuna",
    "hapa", "sana", "leo", "jana", "tangu", "bado", "mimi", "sisi", "yetu", "wetu", "yangu",
    "wangu", "huu", "hii", "hizi", "kuna", "naomba", "tafadhali", "umeme", "maji", "mtaa",
    "kijiji", "wiki", "siku", "mwezi", "sijapata", "hatuna", "hatujapata", "kupata",
    "kwamba", "lakini", "pia", "au", "nini", "lini", "vipi", "je", "kama", "habari",
    "asante", "shida", "tatizo", "imekatika", "umekatika", "hospitali", "shule", "barabara",
}
ENGLISH_HINTS = {
    "the", "a", "an", "is", "are", "was", "were", "my", "our", "i", "we", "you", "it",
    "this", "that", "there", "no", "not", "have", "has", "had", "been", "since", "for",
    "of", "to", "in", "on", "at", "and", "but", "please", "why", "what", "when", "how",
    "water", "power", "electricity", "road", "school", "days", "week", "today",
    "yesterday", "still", "with", "from", "thank", "thanks", "hello", "problem",
}

# "SIRI" / "ANON" first: alone, the phone's default anonymity (toggled, or set by a word of
# ANONYMITY_SWITCH); before a message, that message is filed anonymously.
ANONYMITY_WORDS = {"siri": "sw", "anon": "en", "anonymous": "en"}
ANONYMITY_SWITCH = {"washa": "on", "ndiyo": "on", "ndio": "on", "on": "on", "yes": "on",
                    "zima": "off", "acha": "off", "hapana": "off", "off": "off", "no": "off",
                    "stop": "off"}

# "LUGHA EN" / "LANGUAGE SW": the language of the replies to this phone.
LANGUAGE_WORDS = {"lugha": "sw", "language": "en", "lang": "en"}
LANGUAGE_CHOICES = {**dict.fromkeys(("sw", "swa", "kiswahili", "swahili"), "sw"),
                    **dict.fromkeys(("en", "eng", "english", "kiingereza"), "en")}

# "MSAADA 2" / "HELP 2": the second help screen (the words above, then this page number).
HELP_PAGES = {"1": 1, "2": 2}

# "TAARIFA" / "MYDATA": how many feedback items are kept about this phone, and the link to
# see, download or erase them (mrejesho.rights). Only these whole messages (polite words
# aside), so that "Taarifa ya umeme..." stays feedback.
DATA_PHRASES = {"taarifa": "sw", "taarifa zangu": "sw", "data yangu": "sw",
                "mydata": "en", "my data": "en"}
