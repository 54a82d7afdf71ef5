"""The wire contracts between the guide's processes: typed payloads, their enums, and the error base class."""
