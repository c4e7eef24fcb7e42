"""What an id sent in a write names: the tables the API body test and the page forms test share."""

# What each id field names: the matrix world's kind of record.
KIND_OF_FIELD = {
    "org_unit": "unit",
    "covered_units": "village",
    "client": "person",
    "victim": "person",
    "head": "person",
    "person": "person",
    "lawyer": "volunteer",
    "volunteers": "volunteer",
    "partner_agency": "agency",
    "police_station": "agency",
    "agency": "agency",
    "partners": "agency",
    "source_petition": "petition",
    "legal_aid_case": "case",
    "campaign": "campaign",
    "programme": "programme",
    "household": "household",
    "handler": "worker",
    "users": "worker",
    "reception_day": "reception_day",
    "referral": "referral",
    "trainee": "trainee",
    "assessor": "assessor",
    "student": "person",
    "training_class": "class",
}
# Ids of rows that belong to no unit (reference tables), or that may name any unit on purpose.
NOT_SCOPED = {
    "category": "a category of the national list",
    "subcategory": "a category of the national list",
    "laws": "a law of the reference list",
    "to_unit": "a petition is forwarded to whichever unit should handle it (转送), in or out of her district",
}
