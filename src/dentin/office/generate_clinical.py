"""The generated practice's medical histories: every patient has allergies, medications,
problems and a patient note (issue 15), drawn from short office-wide lists; some have a
patient field set and, among adults, missing teeth.

``generate.py`` calls ``setup`` once (the lists) and ``patient`` for each patient it writes;
rows are flat tuples in ``COLUMNS`` order, like the rest of the generator's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dentin.office.generate import _Practice


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PRIMARY_KEYS = {
    "allergydef": "allergydefnum",
    "allergy": "allergynum",
    "medication": "medicationnum",
    "medicationpat": "medicationpatnum",
    "diseasedef": "diseasedefnum",
    "disease": "diseasenum",
    "patfielddef": "patfielddefnum",
    "patfieldpickitem": "patfieldpickitemnum",
    "patfield": "patfieldnum",
    "toothinitial": "toothinitialnum",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "patfielddef": _words("patfielddefnum fieldname fieldtype picklist itemorder ishidden"),
    "patfieldpickitem": _words(
        "patfieldpickitemnum patfielddefnum name abbreviation ishidden itemorder"
    ),
    "patfield": _words(
        "patfieldnum patnum fieldname fieldvalue secusernumentry secdateentry secdatetedit"
    ),
    "toothinitial": _words(
        "toothinitialnum patnum toothnum initialtype movement drawingsegment colordraw "
        "secdatetentry secdatetedit drawtext"
    ),
    "allergydef": _words(
        "allergydefnum description ishidden datetstamp snomedtype medicationnum uniicode"
    ),
    "allergy": _words(
        "allergynum allergydefnum patnum reaction statusisactive datetstamp dateadversereaction "
        "snomedreaction"
    ),
    "medication": _words("medicationnum medname genericnum notes datetstamp rxcui ishidden"),
    "medicationpat": _words(
        "medicationpatnum patnum medicationnum patnote datetstamp datestart datestop provnum "
        "meddescript rxcui erxguid iscpoe"
    ),
    "diseasedef": _words(
        "diseasedefnum diseasename itemorder ishidden datetstamp icd9code snomedcode icd10code"
    ),
    "disease": _words(
        "diseasenum patnum diseasedefnum patnote datetstamp probstatus datestart datestop "
        "snomedproblemtype functionstatus"
    ),
    "patientnote": _words(
        "patnum famfinancial apptphone medical service medicalcomp treatment icename icephone "
        "orthomonthstreatoverride dateorthoplacementoverride secdatetentry secdatetedit consent "
        "usernumortholocked pronoun"
    ),
}

# (description, SnomedType, reactions)
ALLERGIES = (
    ("Penicillin", 2, ("Hives", "Rash", "Swelling")),
    ("Latex", 1, ("Contact dermatitis", "Itching")),
    ("Codeine", 3, ("Nausea", "Dizziness")),
    ("Sulfa drugs", 2, ("Rash",)),
    ("Aspirin", 3, ("Stomach upset",)),
    ("Peanuts", 4, ("Anaphylaxis", "Throat swelling")),
    ("Amoxicillin", 2, ("Hives",)),
    ("Lidocaine with epinephrine", 6, ("Racing heart",)),
    ("Seasonal pollen", 1, ("Sneezing",)),
)
# (brand or generic name, generic's index in this tuple or None, dose note)
MEDICATIONS: tuple[tuple[str, int | None, str], ...] = (
    ("Metformin", None, "500mg, taken twice a day."),
    ("Lisinopril", None, "10mg once daily."),
    ("Atorvastatin", None, "20mg at bedtime."),
    ("Levothyroxine", None, "50mcg each morning."),
    ("Albuterol", None, "Inhaler as needed."),
    ("Omeprazole", None, "20mg before breakfast."),
    ("Multivitamin", None, "Daily."),
    ("Glucophage", 0, "500mg twice a day with meals."),
    ("Lipitor", 2, "20mg daily."),
    ("Ibuprofen", None, "400mg as needed for pain."),
)
# (name, ICD-9, ICD-10, for children too)
PROBLEMS = (
    ("Diabetes", "250.00", "E11.9", False),
    ("Hypertension", "401.9", "I10", False),
    ("Asthma", "493.90", "J45.909", True),
    ("High cholesterol", "272.0", "E78.00", False),
    ("Hypothyroidism", "244.9", "E03.9", False),
    ("Acid reflux", "530.81", "K21.9", False),
    ("Heart murmur", "785.2", "R01.1", True),
    ("Seasonal allergies", "477.9", "J30.2", True),
    ("Anxiety", "300.00", "F41.9", True),
)
MEDICAL_NOTES = (
    "No changes to medical history since last visit.",
    "Premedication not required.",
    "Reviewed health history with patient.",
    "Patient reports good general health.",
)
# (FieldName, PatFieldType, pick list): Text 0, PickList 1, Checkbox 3, Currency 4.
PAT_FIELDS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Ins Verified", 0, ()),
    ("Ortho Status", 1, ("Consult", "In Progress", "Retainer", "Complete")),
    ("Over 18", 3, ()),
    ("Deposit", 4, ()),
)
MISSING_TEETH = ("1", "16", "17", "32", "2", "15", "18", "31", "3", "14", "19", "30")
CONTACT_NAMES = ("Carolyn Wright", "John White", "Maria Lopez", "Sam Patel", "Dana Kim")


def setup(p: _Practice, stamp: str) -> None:
    """The office's allergy, medication and problem lists."""
    p.allergy_defs = []
    for description, snomed, reactions in ALLERGIES:
        num = next(p.ids["allergydef"])
        p.emit("allergydef", (num, description, 0, stamp, snomed, 0, ""))
        p.allergy_defs.append((num, reactions))
    p.medications = []
    for name, generic, dose in MEDICATIONS:
        num = next(p.ids["medication"])
        generic_num = num if generic is None else p.medications[generic][0]
        p.emit("medication", (num, name, generic_num, "", stamp, 0, 0))
        p.medications.append((num, dose))
    p.problems = []
    for order, (name, icd9, icd10, kids) in enumerate(PROBLEMS):
        num = next(p.ids["diseasedef"])
        p.emit("diseasedef", (num, name, order, 0, stamp, icd9, "", icd10))
        p.problems.append((num, kids))
    for order, (name, kind, picks) in enumerate(PAT_FIELDS):
        num = next(p.ids["patfielddef"])
        p.emit("patfielddef", (num, name, kind, "", order, 0))
        for item, pick in enumerate(picks):
            p.emit("patfieldpickitem", (next(p.ids["patfieldpickitem"]), num, pick, "", 0, item))


def patient(p: _Practice, num: int, age: int, head: bool, phone: str, stamp: str) -> None:
    """One to three of each, a note (with the family's financial note on the guarantor's)."""
    rng = p.rng
    r = rng.random
    for def_num, reactions in rng.sample(p.allergy_defs, 1 + int(r() * 2)):
        reacted = p.d(p.today - 365 - int(r() * 3650)) if r() < 0.5 else None
        p.emit("allergy", (next(p.ids["allergy"]), def_num, num, rng.choice(reactions),
                           int(r() < 0.92), stamp, reacted, ""))  # fmt: skip
    for med_num, dose in rng.sample(p.medications, 1 + int(r() * 2)):
        start = p.d(p.today - 30 - int(r() * 2000)) if r() < 0.6 else None
        stop = p.d(p.today - int(r() * 25)) if start and r() < 0.2 else None
        p.emit("medicationpat", (next(p.ids["medicationpat"]), num, med_num, dose, stamp,
                                 start, stop, 0, "", 0, "", 0))  # fmt: skip
    choices = [d for d in p.problems if d[1] or age >= 18]
    for def_num, _kids in rng.sample(choices, 1 + int(r() * 2)):
        status = 0 if r() < 0.8 else (1, 2)[int(r() * 2)]
        start = p.d(p.today - 365 - int(r() * 5000)) if r() < 0.5 else None
        p.emit("disease", (next(p.ids["disease"]), num, def_num, "", stamp, status, start,
                           None, "", 0))  # fmt: skip
    day = stamp[:10]
    if r() < 0.4:
        name, kind, picks = PAT_FIELDS[int(r() * len(PAT_FIELDS))]
        if kind == 3 and age < 18:
            name, kind, picks = PAT_FIELDS[0]
        value = {0: "Yes", 3: "1", 4: f"{int(r() * 400) + 50}.00"}.get(kind) or rng.choice(picks)
        p.emit("patfield", (next(p.ids["patfield"]), num, name, value, 0, day, stamp))
    if age >= 18 and r() < 0.35:
        for tooth in rng.sample(MISSING_TEETH, 1 + int(r() * 3)):
            p.emit("toothinitial", (next(p.ids["toothinitial"]), num, tooth, 0, 0.0, "", 0,
                                    stamp, stamp, ""))  # fmt: skip
    family = "Pays at each visit." if head and r() < 0.5 else ""
    contact = rng.choice(CONTACT_NAMES)
    row: tuple[Any, ...] = (
        num, family, "", rng.choice(MEDICAL_NOTES), "", "", "", contact, phone, -1, None,
        stamp, stamp, 0, 0, 0,
    )  # fmt: skip
    p.emit("patientnote", row)
