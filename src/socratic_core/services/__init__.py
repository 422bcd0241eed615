"""The service layer: business rules, authorization, audit and events over the data layer.

Each service method is one unit of work: its writes and its audit row commit together or not at
all. The building blocks here (password hashing, validation, redaction, the permission matrix,
phase rules, the audit hash chain, events, the response envelope) are plain code with no database.
"""
