"""The office: one practice's database and the Open Dental-shaped API over it."""
